import { desc, eq } from 'drizzle-orm'
import { agencies, guidelineAcknowledgements } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { getContentLibrary, type CompiledGuideline } from '~/lib/content/compile.server'
import type { GuidelineFrontmatter } from '~/lib/content/content-schema'
import { locales, type Locale, type RegionCode } from '#db/schema/vocabulary'
import { db } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'

type Viewer = (Pick<CurrentUser, 'id' | 'role'> & { agencyId?: string | null }) | null

/** The region of an officer's agency (null for staff, visitors and an officer without one). */
async function officerRegion(viewer: Viewer): Promise<RegionCode | null> {
  if (viewer?.role !== 'officer' || !viewer.agencyId) return null
  const [row] = await db.select({ regionCode: agencies.regionCode }).from(agencies).where(eq(agencies.id, viewer.agencyId))
  return (row?.regionCode as RegionCode | undefined) ?? null
}

/**
 * A guideline asks for an acknowledgement of the officers whose agency is in one of the regions it
 * concerns: a Colombian officer is not asked to acknowledge how US legal process works.
 */
function asksAcknowledgement(frontmatter: GuidelineFrontmatter, region: RegionCode | null) {
  return frontmatter.requiresAcknowledgement && (region === null || frontmatter.regions.includes(region))
}

/** Drafts are for the people who approve content: admins and the global head. */
export function canSeeDrafts(viewer: Viewer) {
  return viewer?.role === 'admin' || viewer?.role === 'global_head'
}

/**
 * The translations a reader may be given: those of the English version (a translation that lags
 * behind, or runs ahead, says something else than the version being acknowledged), and not a
 * translation that is itself still a draft, unless the reader approves drafts.
 */
function servedLocales(versions: Map<Locale, CompiledGuideline>, viewer: Viewer) {
  const english = versions.get('en')!
  return locales.filter((locale) => {
    const translation = versions.get(locale)
    if (!translation) return false
    if (locale === 'en') return true
    return translation.frontmatter.version === english.frontmatter.version && (translation.frontmatter.status === 'published' || canSeeDrafts(viewer))
  })
}

/** The guideline in the reader's language when it may be served, else the English. */
function pick(versions: Map<Locale, CompiledGuideline>, locale: Locale, viewer: Viewer) {
  return servedLocales(versions, viewer).includes(locale) ? versions.get(locale)! : versions.get('en')!
}

/**
 * The change notes newer than the version a reader acknowledged, newest first (a single note
 * belongs to the current version).
 */
export function changesSince(changes: GuidelineFrontmatter['changes'], currentVersion: number, acknowledgedVersion: number | null) {
  if (!changes) return []
  const notes =
    typeof changes === 'string'
      ? [{ version: currentVersion, text: changes }]
      : Object.entries(changes).map(([version, text]) => ({ version: Number(version), text }))
  return notes
    .filter((note) => note.version <= currentVersion && (acknowledgedVersion === null || note.version > acknowledgedVersion))
    .sort((a, b) => b.version - a.version)
}

/** Draft when the English is, or when the text shown (a draft translation, for an approver) is. */
function shownStatus(english: CompiledGuideline, shown: CompiledGuideline) {
  return english.frontmatter.status === 'draft' || shown.frontmatter.status === 'draft' ? ('draft' as const) : ('published' as const)
}

export async function listGuidelines({ viewer, locale }: { viewer: Viewer; locale: Locale }) {
  const library = await getContentLibrary()
  const [acknowledged, region] = await Promise.all([viewer ? acknowledgedVersions(viewer.id) : new Map<string, number>(), officerRegion(viewer)])
  return [...library.guidelines.values()]
    .map((versions) => {
      const guideline = pick(versions, locale, viewer)
      const english = versions.get('en')!
      return {
        slug: guideline.slug,
        locale: guideline.locale,
        title: guideline.frontmatter.title,
        summary: guideline.frontmatter.summary,
        version: english.frontmatter.version,
        updated: english.frontmatter.updated,
        // Whether the guideline is published at all is the English's say; the badge is the text's.
        published: english.frontmatter.status === 'published',
        status: shownStatus(english, guideline),
        topics: english.frontmatter.topics,
        requiresAcknowledgement: asksAcknowledgement(english.frontmatter, region),
        acknowledgedVersion: acknowledged.get(guideline.slug) ?? null,
      }
    })
    .filter((guideline) => guideline.published || canSeeDrafts(viewer))
    .sort((a, b) => a.title.localeCompare(b.title))
}

async function acknowledgedVersions(userId: string) {
  const rows = await db
    .select({ slug: guidelineAcknowledgements.guidelineSlug, version: guidelineAcknowledgements.version })
    .from(guidelineAcknowledgements)
    .where(eq(guidelineAcknowledgements.userId, userId))
    .orderBy(desc(guidelineAcknowledgements.version))
  const latest = new Map<string, number>()
  for (const row of rows) if (!latest.has(row.slug)) latest.set(row.slug, row.version)
  return latest
}

/**
 * One guideline in the reader's language (English when there is no translation), with the
 * reader's acknowledgement state. Drafts are not found for those who may not see them.
 */
export async function getGuideline({ viewer, slug, locale }: { viewer: Viewer; slug: string; locale: Locale }) {
  const library = await getContentLibrary()
  const versions = library.guidelines.get(slug)
  if (!versions) return null
  const english = versions.get('en')!
  if (english.frontmatter.status === 'draft' && !canSeeDrafts(viewer)) return null
  const guideline = pick(versions, locale, viewer)
  const [acknowledged, region] = await Promise.all([viewer ? acknowledgedVersions(viewer.id) : null, officerRegion(viewer)])
  const acknowledgedVersion = acknowledged?.get(slug) ?? null
  const currentVersion = english.frontmatter.version
  return {
    slug,
    locale: guideline.locale,
    availableLocales: servedLocales(versions, viewer),
    title: guideline.frontmatter.title,
    summary: guideline.frontmatter.summary,
    version: currentVersion,
    updated: english.frontmatter.updated,
    status: shownStatus(english, guideline),
    regions: english.frontmatter.regions,
    /** What changed since the version the reader acknowledged (every note when they never did). */
    changes: changesSince(guideline.frontmatter.changes, currentVersion, acknowledgedVersion),
    html: guideline.html,
    toc: guideline.toc,
    acknowledgement: {
      required: asksAcknowledgement(english.frontmatter, region),
      /** Asked of officers in the guideline's regions, and this reader's agency is elsewhere. */
      otherRegions: english.frontmatter.requiresAcknowledgement && !asksAcknowledgement(english.frontmatter, region),
      acknowledgedVersion,
      /** True when the reader acknowledged an earlier version and must do so again. */
      outdated: acknowledgedVersion !== null && acknowledgedVersion < currentVersion,
      current: acknowledgedVersion === currentVersion,
    },
  }
}
export type GuidelineView = NonNullable<Awaited<ReturnType<typeof getGuideline>>>

/** Records that an officer read and accepts the current version of a guideline. */
export async function acknowledgeGuideline({ actor, slug, version, meta }: { actor: CurrentUser; slug: string; version: number; meta: RequestMeta }) {
  const guideline = await getGuideline({ viewer: actor, slug, locale: 'en' })
  if (!guideline || !guideline.acknowledgement.required) return { ok: false as const, reason: 'not_found' as const }
  // Acknowledging a version the officer did not see (the page changed meanwhile) is refused.
  if (version !== guideline.version) return { ok: false as const, reason: 'outdated' as const }
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(guidelineAcknowledgements)
      .values({ userId: actor.id, guidelineSlug: slug, version, acknowledgedAt: now() })
      .onConflictDoNothing()
      .returning({ version: guidelineAcknowledgements.version })
    if (inserted.length) {
      await logActivity(tx, {
        name: 'guideline.acknowledged',
        actor,
        ip: meta.ip,
        targetName: guideline.title,
        userId: actor.id,
        properties: { slug, version },
      })
    }
  })
  return { ok: true as const }
}

/**
 * Guidelines that ask an officer for an acknowledgement: never given, or given for an earlier
 * version. Only officers acknowledge (the guideline page offers it to them alone).
 */
export async function listPendingAcknowledgements({ viewer, locale }: { viewer: NonNullable<Viewer>; locale: Locale }) {
  if (viewer.role !== 'officer') return []
  const guidelines = await listGuidelines({ viewer, locale })
  return guidelines
    .filter((guideline) => guideline.requiresAcknowledgement && guideline.published && guideline.acknowledgedVersion !== guideline.version)
    .map(({ slug, locale: shownLocale, title, version, acknowledgedVersion }) => ({ slug, locale: shownLocale, title, version, acknowledgedVersion }))
}
