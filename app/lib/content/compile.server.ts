import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { bundleMDX } from 'mdx-bundler'
import { getMDXComponent } from 'mdx-bundler/client/index.js'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import rehypeSlug from 'rehype-slug'
import remarkGfm from 'remark-gfm'
import { parse as parseYaml } from 'yaml'
import { singleton } from '../singleton.server'
import { guidelineFrontmatterSchema, moduleFrontmatterSchema, quizSchema, siteSchema, type ContentLocale, type GuidelineFrontmatter, type ModuleFrontmatter, type Quiz, type Site } from './content-schema'
import { mdxComponents } from './mdx-components'

/**
 * The content pipeline (ARCHITECTURE.md, "Content"): every MDX file is compiled once per
 * content hash, at start or build, rendered to HTML on the server and kept. Requests only
 * read the result; `bundleMDX` never runs on the request path.
 */
const defaultContentRoot = path.resolve('content')
const cacheRoot = path.resolve('data/content-cache')
// Part of every hash: a new compiler, or a change to the author components, invalidates the cache.
const PIPELINE_VERSION = `mdx-bundler@10.1.1;esbuild@${esbuildVersion()};components@${componentsHash()};liaison-content@1`

function componentsHash() {
  try {
    return createHash('sha256').update(readFileSync(path.resolve('app/lib/content/mdx-components.tsx'))).digest('hex').slice(0, 16)
  } catch {
    return 'unknown'
  }
}

function esbuildVersion() {
  try {
    return JSON.parse(readFileSync(path.resolve('node_modules/esbuild/package.json'), 'utf8')).version as string
  } catch {
    return 'unknown'
  }
}

export const compileStats = { bundleCalls: 0 }

export class ContentError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${path.relative(process.cwd(), file)}: ${message}`)
    this.name = 'ContentError'
  }
}

export type TocEntry = { id: string; title: string }
export type RenderedSection = { id: string; title: string; html: string }

type CompiledBase = { slug: string; locale: ContentLocale; hash: string; html: string; toc: TocEntry[]; path: string }
export type CompiledGuideline = CompiledBase & { kind: 'guideline'; frontmatter: GuidelineFrontmatter }
export type CompiledModule = CompiledBase & { kind: 'module'; frontmatter: ModuleFrontmatter; sections: RenderedSection[]; quiz: Quiz }

export type ContentLibrary = {
  site: Site
  guidelines: Map<string, Map<ContentLocale, CompiledGuideline>>
  modules: Map<string, Map<ContentLocale, CompiledModule>>
}

function sha256(...parts: string[]) {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}

function decodeEntities(text: string) {
  return text.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'")
}

/** The table of contents: every level-2 heading that has an id. */
function tableOfContents(html: string): TocEntry[] {
  return [...html.matchAll(/<h2 id="([^"]+)">(.*?)<\/h2>/g)].map((match) => ({ id: match[1], title: decodeEntities(match[2]) }))
}

/** Training modules are a sequence of top-level <Section>s; each becomes its own page. */
function splitSections(html: string, file: string): RenderedSection[] {
  const sections = [...html.matchAll(/<section data-training-section="([^"]+)" data-title="([^"]*)" id="[^"]+">([\s\S]*?)<\/section>/g)].map((match) => ({
    id: match[1],
    title: decodeEntities(match[2]),
    html: match[3],
  }))
  if (sections.length === 0) throw new ContentError(file, 'A training module needs at least one <Section id="…" title="…">.')
  const ids = sections.map((section) => section.id)
  if (new Set(ids).size !== ids.length) throw new ContentError(file, 'Two sections share an id.')
  return sections
}

type Rendered = { frontmatter: Record<string, unknown>; html: string }

async function compileAndRender(file: string, source: string, site: Site, hash: string): Promise<Rendered> {
  const cacheFile = path.join(cacheRoot, `${hash}.json`)
  if (existsSync(cacheFile)) {
    try {
      return JSON.parse(readFileSync(cacheFile, 'utf8')) as Rendered
    } catch {
      // a damaged cache entry is simply compiled again
    }
  }
  compileStats.bundleCalls += 1
  let code: string
  let frontmatter: Record<string, unknown>
  try {
    const result = await bundleMDX({
      source,
      cwd: path.dirname(file),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm]
        options.rehypePlugins = [...(options.rehypePlugins ?? []), rehypeSlug]
        return options
      },
    })
    code = result.code
    frontmatter = result.frontmatter
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors
    const detail = errors?.length ? errors.map((item) => `${item.text}${item.location ? ` (line ${item.location.line}, column ${item.location.column})` : ''}`).join('; ') : (error as Error).message
    throw new ContentError(file, detail)
  }
  let html: string
  try {
    html = renderToStaticMarkup(createElement(getMDXComponent(code), { components: mdxComponents(site) }))
  } catch (error) {
    throw new ContentError(file, `renders with an error: ${(error as Error).message}`)
  }
  const rendered = { frontmatter, html }
  mkdirSync(cacheRoot, { recursive: true })
  writeFileSync(cacheFile, JSON.stringify(rendered))
  return rendered
}

function readSite(contentRoot: string): { site: Site; source: string } {
  const file = path.join(contentRoot, 'site.yml')
  const source = readFileSync(file, 'utf8')
  const parsed = siteSchema.safeParse(parseYaml(source))
  if (!parsed.success) throw new ContentError(file, parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '))
  return { site: parsed.data, source }
}

function validate<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, file: string, what: string): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new ContentError(file, `${what}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`)
}

function localeOf(fileName: string): ContentLocale | null {
  const match = fileName.match(/^index(?:\.([a-z]{2}))?\.mdx$/)
  if (!match) return null
  const locale = (match[1] ?? 'en') as ContentLocale
  return ['en', 'es', 'pt'].includes(locale) ? locale : null
}

async function compileCollection(contentRoot: string, kind: 'guideline' | 'module', site: Site, siteSource: string) {
  const folder = path.join(contentRoot, kind === 'guideline' ? 'guidelines' : 'training')
  const collection = new Map<string, Map<ContentLocale, CompiledGuideline | CompiledModule>>()
  if (!existsSync(folder)) return collection
  for (const slug of readdirSync(folder).sort()) {
    const directory = path.join(folder, slug)
    if (!/^[a-z0-9-]+$/.test(slug)) continue
    const files = readdirSync(directory).sort()
    const siblings = files.map((name) => `${name}:${sha256(readFileSync(path.join(directory, name), 'utf8'))}`).join(',')
    const versions = new Map<ContentLocale, CompiledGuideline | CompiledModule>()
    for (const name of files) {
      const locale = localeOf(name)
      if (!locale) continue
      const file = path.join(directory, name)
      const source = readFileSync(file, 'utf8')
      const hash = sha256(PIPELINE_VERSION, source, siblings, siteSource)
      const rendered = await compileAndRender(file, source, site, hash)
      const base = { slug, locale, hash, html: rendered.html, toc: tableOfContents(rendered.html), path: file }
      if (kind === 'guideline') {
        versions.set(locale, { ...base, kind, frontmatter: validate(guidelineFrontmatterSchema, rendered.frontmatter, file, 'frontmatter') })
      } else {
        const quizFile = path.join(directory, locale === 'en' ? 'quiz.yml' : `quiz.${locale}.yml`)
        if (!existsSync(quizFile)) throw new ContentError(file, `needs ${path.basename(quizFile)} beside it.`)
        const quiz = validate(quizSchema, parseYaml(readFileSync(quizFile, 'utf8')), quizFile, 'quiz')
        const sections = splitSections(rendered.html, file)
        versions.set(locale, { ...base, kind, frontmatter: validate(moduleFrontmatterSchema, rendered.frontmatter, file, 'frontmatter'), sections, toc: sections.map(({ id, title }) => ({ id, title })), quiz })
      }
    }
    if (!versions.has('en')) throw new ContentError(directory, 'has no index.mdx (English is required).')
    collection.set(slug, versions)
  }
  return collection
}

/** Compiles (or reads from the hash cache) every guideline and module. */
export async function compileAllContent(contentRoot = defaultContentRoot): Promise<ContentLibrary> {
  const { site, source } = readSite(contentRoot)
  const [guidelines, modules] = await Promise.all([compileCollection(contentRoot, 'guideline', site, source), compileCollection(contentRoot, 'module', site, source)])
  return { site, guidelines: guidelines as ContentLibrary['guidelines'], modules: modules as ContentLibrary['modules'] }
}

const library = singleton('content-library', () => ({ promise: undefined as Promise<ContentLibrary> | undefined }))

/** The compiled content, compiled on first use (server start) and then only read. */
export function getContentLibrary(): Promise<ContentLibrary> {
  library.promise ??= compileAllContent().catch((error) => {
    library.promise = undefined
    throw error
  })
  return library.promise
}
