import type { Locale } from '#db/schema/vocabulary'
import { LEGAL_PROCESS_GUIDE_SLUG } from './legal-process-guide-path'

/**
 * Links between content pages: `/guidelines/<slug>` and `/training/<slug>`, with or without a
 * `#heading` anchor (and, for a module, a `?section=` to open). The content build checks every
 * such link in every page, and in the legal-process guide, against the compiled pages, so that
 * a renamed heading or page fails the build instead of sending readers to nowhere.
 */

/** What a link needs to know of a compiled page: its version, its HTML and, for a module, its sections. */
export type LinkTargetPage = { frontmatter: { version: number }; html: string; sections?: { id: string }[] }
export type LinkTargets<Page extends LinkTargetPage = LinkTargetPage> = {
  guidelines: Map<string, Map<Locale, Page>>
  modules: Map<string, Map<Locale, Page>>
}

const internalLink = /^\/(guidelines|training)\/([^/?#]*)\/?(\?[^#]*)?(#.*)?$/

/** The `href` of every link in some HTML, entities decoded. */
export function linksIn(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*?\bhref="([^"]*)"/g)].map((match) => decodeHref(match[1]))
}

function decodeHref(href: string) {
  return href.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'")
}

/**
 * The ids of the headings of a page. They come from the compiled HTML, so they are exactly the
 * ids rehype-slug gave the headings (a repeated heading gets `-1`, `-2`…).
 */
export function headingIds(html: string): Set<string> {
  return new Set([...html.matchAll(/<h[1-6]\b[^>]*?\bid="([^"]*)"/g)].map((match) => decodeHref(match[1])))
}

/**
 * The version of a page a reader of `locale` is given: its translation when there is one of the
 * current English version, else the English (as the guideline and training pages choose).
 */
function shownVersion(versions: Map<Locale, LinkTargetPage>, locale: Locale) {
  const english = versions.get('en')
  const translation = versions.get(locale)
  if (translation && english && translation.frontmatter.version === english.frontmatter.version) return translation
  return english ?? translation
}

/** True for a link this check is about: one to a guideline or training page of the site. */
export function isInternalContentLink(href: string) {
  return internalLink.test(href)
}

/**
 * Why an internal link is broken, or null when it leads somewhere (or is not a link to a
 * guideline or module at all). `locale` is the language of the page that holds the link: a
 * Spanish page's anchor must exist in the Spanish version its reader will be shown.
 */
export function brokenLinkReason(targets: LinkTargets, href: string, locale: Locale): string | null {
  const match = href.match(internalLink)
  if (!match) return null
  const [, kind, slug, query, fragment] = match
  const collection = kind === 'guidelines' ? targets.guidelines : targets.modules
  const noun = kind === 'guidelines' ? 'guideline' : 'training module'
  if (!slug) return null // the list page
  // A page of its own under /guidelines (its route wins over a guideline's), with no headings to link to.
  if (kind === 'guidelines' && slug === LEGAL_PROCESS_GUIDE_SLUG) return fragment && fragment.length > 1 ? `the legal-process guide has no anchor "${fragment.slice(1)}"` : null
  const versions = collection.get(slug)
  if (!versions) return `there is no ${noun} "${slug}"`
  const page = shownVersion(versions, locale)
  if (!page) return `there is no ${noun} "${slug}"`
  if (kind === 'training' && query) {
    const section = new URLSearchParams(query).get('section')
    if (section !== null && !page.sections?.some((item) => item.id === section)) return `the ${noun} "${slug}" has no section "${section}"`
  }
  if (fragment && fragment.length > 1) {
    let anchor: string
    try {
      anchor = decodeURIComponent(fragment.slice(1))
    } catch {
      return `the anchor "${fragment}" is not valid`
    }
    if (!headingIds(page.html).has(anchor)) return `the ${noun} "${slug}"${locale === 'en' ? '' : ` (as shown in "${locale}")`} has no heading with the id "${anchor}"`
  }
  return null
}

export type BrokenLink = { path: string; href: string; reason: string }

/** Every broken internal link in every compiled page, in every language. */
export function findBrokenLinks(targets: LinkTargets<LinkTargetPage & { path: string }>): BrokenLink[] {
  const broken: BrokenLink[] = []
  for (const collection of [targets.guidelines, targets.modules]) {
    for (const versions of collection.values()) {
      for (const [locale, page] of versions) {
        for (const href of linksIn(page.html)) {
          const reason = brokenLinkReason(targets, href, locale)
          if (reason) broken.push({ path: page.path, href, reason })
        }
      }
    }
  }
  return broken
}
