import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { bundleMDX } from 'mdx-bundler'
import { getMDXComponent } from 'mdx-bundler/client/index.js'
import { createElement, type ComponentProps, type ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import rehypeSlug from 'rehype-slug'
import remarkGfm from 'remark-gfm'
import { parse as parseYaml } from 'yaml'
import { singleton } from '../singleton.server'
import type { Locale } from '#db/schema/vocabulary'
import { guidelineFrontmatterSchema, moduleFrontmatterSchema, quizSchema, siteSchema, translationLocales, type GuidelineFrontmatter, type ModuleFrontmatter, type Quiz, type Site } from './content-schema'
import { findBrokenLinks } from './internal-links'
import { mdxComponents, SectionContent } from './mdx-components'
import { remarkTrainingSections, type TrainingOutline } from './training-sections'

/**
 * The content pipeline (docs/architecture.md, "Content"): every MDX file is compiled once per
 * content hash, at start or build, rendered to HTML on the server and kept. Requests only
 * read the result; `bundleMDX` never runs on the request path.
 */
const defaultContentRoot = path.resolve('content')
const cacheRoot = path.resolve('data/content-cache')

/**
 * Part of every hash: the installed compiler and its plugins (read from their package.json, so
 * that an upgrade by `npm install` invalidates the cache without anyone remembering to), the
 * author components, and this file's own rendering rules (`liaison-content@N`).
 */
export function pipelineVersion() {
  const packages = ['mdx-bundler', 'esbuild', 'remark-gfm', 'rehype-slug'].map((name) => `${name}@${installedVersion(name)}`)
  return [...packages, `components@${componentsHash()}`, 'liaison-content@3'].join(';')
}
const PIPELINE_VERSION = pipelineVersion()

function componentsHash() {
  return createHash('sha256').update(readFileSync(path.resolve('app/lib/content/mdx-components.tsx'))).digest('hex').slice(0, 16)
}

/** The version npm installed. These packages are imported above, so their package.json exists. */
function installedVersion(name: string) {
  const manifest = JSON.parse(readFileSync(path.resolve('node_modules', name, 'package.json'), 'utf8')) as { version?: unknown }
  if (typeof manifest.version !== 'string') throw new Error(`node_modules/${name}/package.json has no version.`)
  return manifest.version
}

export const compileStats = { bundleCalls: 0 }

export class ContentError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${path.relative(process.cwd(), file)}${line ? `:${line}` : ''}: ${message}`)
    this.name = 'ContentError'
  }
}

export type TocEntry = { id: string; title: string }
export type RenderedSection = { id: string; title: string; html: string }

type CompiledBase = { slug: string; locale: Locale; hash: string; html: string; toc: TocEntry[]; path: string }
export type CompiledGuideline = CompiledBase & { kind: 'guideline'; frontmatter: GuidelineFrontmatter }
export type CompiledModule = CompiledBase & { kind: 'module'; frontmatter: ModuleFrontmatter; sections: RenderedSection[]; quiz: Quiz }

export type ContentLibrary = {
  site: Site
  guidelines: Map<string, Map<Locale, CompiledGuideline>>
  modules: Map<string, Map<Locale, CompiledModule>>
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

type Rendered = { frontmatter: Record<string, unknown>; html: string; sections?: RenderedSection[] }

async function compileAndRender(file: string, source: string, site: Site, locale: Locale, hash: string, kind: 'guideline' | 'module'): Promise<Rendered> {
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
  // A training module's sections are read from its MDX tree while it compiles.
  const outline: TrainingOutline = { sections: [] }
  try {
    const result = await bundleMDX({
      source,
      cwd: path.dirname(file),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, ...(kind === 'module' ? [remarkTrainingSections(outline)] : [])]
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
  if (outline.problem) throw new ContentError(file, outline.problem.message, outline.problem.line)
  const rendered: Rendered = { frontmatter, html: '' }
  try {
    const Content = getMDXComponent(code)
    const components = mdxComponents(site, locale)
    rendered.html = renderToStaticMarkup(createElement(Content, { components }))
    if (kind === 'module') {
      // Each section is rendered on its own: every other <Section> renders nothing, and the
      // plugin has made sure that nothing but whitespace lies outside them.
      rendered.sections = outline.sections.map(({ id, title }) => {
        const Section = (props: ComponentProps<typeof components.Section>): ReactNode => (props.id === id ? createElement(SectionContent, props) : null)
        return { id, title, html: renderToStaticMarkup(createElement(Content, { components: { ...components, Section } })).trim() }
      })
    }
  } catch (error) {
    throw new ContentError(file, `renders with an error: ${(error as Error).message}`)
  }
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

const folderName = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

type ContentFile = { role: 'page' | 'quiz'; locale: Locale }

/**
 * What a file in a content folder is. Anything else is an error rather than skipped: a
 * translation named for a language the site does not offer (`index.fr.mdx`), or a typo
 * (`index.es.md`, `quiz.yaml`), would otherwise vanish from the site without a word.
 */
function classify(file: string, kind: 'guideline' | 'module'): ContentFile {
  const name = path.basename(file)
  const match = name.match(/^(index|quiz)(?:\.([^.]+))?\.(mdx|yml)$/)
  const role = match?.[1] === 'index' && match[3] === 'mdx' ? 'page' : match?.[1] === 'quiz' && match[3] === 'yml' ? 'quiz' : null
  const expected = kind === 'guideline' ? 'index.mdx and its translations index.<locale>.mdx' : 'index.mdx and quiz.yml, and their translations index.<locale>.mdx and quiz.<locale>.yml'
  if (!match || !role) throw new ContentError(file, `is not a content file. A ${kind} folder holds only ${expected}.`)
  if (role === 'quiz' && kind === 'guideline') throw new ContentError(file, 'guidelines have no quiz: only training modules do.')
  const tag = match[2]
  if (tag === undefined) return { role, locale: 'en' }
  if (tag === 'en') throw new ContentError(file, `English is the file without a language: rename it ${role === 'page' ? 'index.mdx' : 'quiz.yml'}.`)
  if (!(translationLocales as readonly string[]).includes(tag)) throw new ContentError(file, `"${tag}" is not a language the site offers (${translationLocales.join(', ')}).`)
  return { role, locale: tag as Locale }
}

/** The parts of a quiz that grading depends on: question ids and kinds, option ids and which are correct. */
function answerKey(quiz: Quiz) {
  return quiz.questions.map((question) => ({ id: question.id, kind: question.kind, options: question.options.map((option) => `${option.id}${option.correct ? ' (correct)' : ''}`).join(', ') }))
}

/**
 * A translated quiz is graded with its own file, so it must have the English quiz's questions,
 * kinds and answer key: otherwise a learner's result would depend on the language they read.
 */
function checkQuizTranslation(english: Quiz, translated: Quiz, file: string) {
  const base = answerKey(english)
  const other = answerKey(translated)
  const problems: string[] = []
  if (base.map((question) => question.id).join(',') !== other.map((question) => question.id).join(',')) {
    problems.push(`its questions are [${other.map((question) => question.id).join(', ')}], quiz.yml has [${base.map((question) => question.id).join(', ')}] (same ids, same order)`)
  } else {
    base.forEach((question, index) => {
      const translatedQuestion = other[index]
      if (question.kind !== translatedQuestion.kind) problems.push(`question "${question.id}" is ${translatedQuestion.kind}-choice, in quiz.yml ${question.kind}-choice`)
      if (question.options !== translatedQuestion.options) problems.push(`question "${question.id}" has options ${translatedQuestion.options}, in quiz.yml ${question.options}`)
    })
  }
  if (problems.length) throw new ContentError(file, `does not match quiz.yml: ${problems.join('; ')}.`)
}

async function compileCollection(contentRoot: string, kind: 'guideline' | 'module', site: Site, siteSource: string) {
  const folder = path.join(contentRoot, kind === 'guideline' ? 'guidelines' : 'training')
  const collection = new Map<string, Map<Locale, CompiledGuideline | CompiledModule>>()
  if (!existsSync(folder)) return collection
  // Dot files (.DS_Store, editor swap files) are not content.
  const visible = (directory: string) => readdirSync(directory).filter((name) => !name.startsWith('.')).sort()
  for (const slug of visible(folder)) {
    const directory = path.join(folder, slug)
    if (!statSync(directory).isDirectory()) throw new ContentError(directory, `is not a folder: each ${kind} is a folder <slug>/ holding index.mdx.`)
    // The folder name is the page's address: a name the site would never route to is a mistake.
    if (!folderName.test(slug)) throw new ContentError(directory, 'folder names are lower-case letters, digits and single hyphens (the name is the address of the page).')
    const files = visible(directory)
    const classified = files.map((name) => ({ name, ...classify(path.join(directory, name), kind) }))
    const siblings = files.map((name) => `${name}:${sha256(readFileSync(path.join(directory, name), 'utf8'))}`).join(',')
    const versions = new Map<Locale, CompiledGuideline | CompiledModule>()
    for (const { name, role, locale } of classified) {
      const file = path.join(directory, name)
      if (role === 'quiz') {
        if (!classified.some((other) => other.role === 'page' && other.locale === locale)) throw new ContentError(file, `has no ${locale === 'en' ? 'index.mdx' : `index.${locale}.mdx`} beside it.`)
        continue
      }
      const source = readFileSync(file, 'utf8')
      const hash = sha256(PIPELINE_VERSION, locale, source, siblings, siteSource)
      const rendered = await compileAndRender(file, source, site, locale, hash, kind)
      const base = { slug, locale, hash, html: rendered.html, toc: tableOfContents(rendered.html), path: file }
      if (kind === 'guideline') {
        versions.set(locale, { ...base, kind, frontmatter: validate(guidelineFrontmatterSchema, rendered.frontmatter, file, 'frontmatter') })
      } else {
        const quizFile = path.join(directory, locale === 'en' ? 'quiz.yml' : `quiz.${locale}.yml`)
        if (!existsSync(quizFile)) throw new ContentError(file, `needs ${path.basename(quizFile)} beside it.`)
        const quiz = validate(quizSchema, parseYaml(readFileSync(quizFile, 'utf8')), quizFile, 'quiz')
        const sections = rendered.sections ?? []
        versions.set(locale, { ...base, kind, frontmatter: validate(moduleFrontmatterSchema, rendered.frontmatter, file, 'frontmatter'), sections, toc: sections.map(({ id, title }) => ({ id, title })), quiz })
      }
    }
    const english = versions.get('en')
    if (!english) throw new ContentError(directory, 'has no index.mdx (English is required).')
    if (english.kind === 'module') {
      for (const [locale, translated] of versions) {
        // A translation of another version is never served (the reader gets the English), so
        // only one that claims the current version must match its quiz.
        if (locale === 'en' || translated.kind !== 'module' || translated.frontmatter.version !== english.frontmatter.version) continue
        checkQuizTranslation(english.quiz, translated.quiz, path.join(directory, `quiz.${locale}.yml`))
      }
    }
    collection.set(slug, versions)
  }
  return collection
}

/** Compiles (or reads from the hash cache) every guideline and module. */
export async function compileAllContent(contentRoot = defaultContentRoot): Promise<ContentLibrary> {
  const { site, source } = readSite(contentRoot)
  const [guidelines, modules] = await Promise.all([compileCollection(contentRoot, 'guideline', site, source), compileCollection(contentRoot, 'module', site, source)])
  const library = { site, guidelines: guidelines as ContentLibrary['guidelines'], modules: modules as ContentLibrary['modules'] }
  checkInternalLinks(library)
  return library
}

/**
 * Fails on the first page (in any language) that links to a guideline or module, or to a
 * heading of one, that does not exist, naming every broken link of that page and how many other
 * pages have some. Checked on every compile, cached or not: a page can break by another's change.
 */
function checkInternalLinks(library: ContentLibrary) {
  const broken = findBrokenLinks(library)
  if (!broken.length) return
  const file = broken[0].path
  const here = broken.filter((link) => link.path === file)
  const elsewhere = new Set(broken.filter((link) => link.path !== file).map((link) => path.relative(process.cwd(), link.path)))
  const others = elsewhere.size ? ` Other pages with broken links: ${[...elsewhere].join(', ')}.` : ''
  throw new ContentError(file, `broken internal ${here.length === 1 ? 'link' : 'links'}: ${here.map((link) => `${link.href} (${link.reason})`).join('; ')}.${others}`)
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
