import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stringify as toYaml } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { locales, regionCodes } from '#db/schema/vocabulary'
import { compileAllContent, compileStats, ContentError, pipelineVersion } from './compile.server'
import { guidelineFrontmatterSchema, moduleFrontmatterSchema, quizSchema, siteSchema, type Quiz } from './content-schema'

const scratch: string[] = []
afterEach(() => {
  for (const folder of scratch.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** A copy of the site facts plus the files given, in a temporary content folder. */
function contentFolder(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'liaison-content-'))
  scratch.push(root)
  cpSync(path.resolve('content/site.yml'), path.join(root, 'site.yml'))
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name)
    cpSync(path.resolve('content/site.yml'), file, { force: true }) // creates the folders
    writeFileSync(file, text)
  }
  return root
}

const frontmatter = (extra = '') => `---\ntitle: Test guideline\nsummary: A guideline used by the tests of the pipeline.\nversion: 1\nupdated: 2026-05-01\nstatus: published\nregions: [US]\n${extra}---\n`

describe('the content pipeline', () => {
  it('compiles every shipped guideline and module, with valid frontmatter and quizzes', async () => {
    const library = await compileAllContent()
    expect(library.guidelines.size).toBeGreaterThanOrEqual(6)
    expect(library.modules.size).toBeGreaterThanOrEqual(4)
    for (const [slug, versions] of library.modules) {
      const module = versions.get('en')!
      expect(module.quiz.questions.length, slug).toBeGreaterThanOrEqual(8)
      expect(module.sections.length, slug).toBeGreaterThanOrEqual(2)
    }
    expect([...library.guidelines.values()].some((versions) => versions.has('es'))).toBe(true)
    expect([...library.modules.values()].some((versions) => versions.has('es'))).toBe(true)
    const guideline = library.guidelines.get('emergency-disclosure-requests')!.get('en')!
    expect(guideline.toc.length).toBeGreaterThan(2)
    expect(guideline.html).toContain(library.site.name)
    expect(guideline.html).not.toContain('<Org')
  })

  it('compiles a file once per content hash: the second pass calls bundleMDX zero times', async () => {
    const root = contentFolder({ 'guidelines/hash-check/index.mdx': `${frontmatter()}\n## Hello\n\n<Org /> says hello ${Date.now()}.\n`, ...trainingModule('hash-check') })
    const first = await compileAllContent(root)
    const before = compileStats.bundleCalls
    const library = await compileAllContent(root)
    expect(compileStats.bundleCalls).toBe(before)
    expect(library.guidelines.get('hash-check')!.get('en')!.html).toContain('says hello')
    // A module's sections come from the cache as they were compiled.
    expect(library.modules.get('hash-check')!.get('en')!.sections).toEqual(first.modules.get('hash-check')!.get('en')!.sections)
    expect(library.modules.get('hash-check')!.get('en')!.sections.map((section) => section.id)).toEqual(['one', 'two'])
  })

  it('names the file and the problem when MDX is broken', async () => {
    const root = contentFolder({ 'guidelines/broken/index.mdx': `${frontmatter()}\n## Oops\n\n<Callout type="note">never closed\n` })
    await expect(compileAllContent(root)).rejects.toThrow(ContentError)
    await expect(compileAllContent(root)).rejects.toThrow(/guidelines\/broken\/index\.mdx/)
  })

  it('names the file and the field when frontmatter is wrong', async () => {
    const root = contentFolder({ 'guidelines/bad-frontmatter/index.mdx': `---\ntitle: T\nversion: one\nstatus: live\nregions: []\n---\n\nText ${Date.now()}\n` })
    await expect(compileAllContent(root)).rejects.toThrow(/bad-frontmatter\/index\.mdx: frontmatter: .*summary/)
  })

  it('validates frontmatter and quizzes with zod', () => {
    expect(guidelineFrontmatterSchema.safeParse({ title: 'Good title', summary: 'A long enough summary.', version: 1, updated: '2026-01-01', status: 'published', regions: ['US'], extra: 1 }).success).toBe(false)
    const question = (id: string, correct: number, kind = 'single') => ({ id, prompt: 'Which one?', kind, explanation: 'Because.', options: [{ id: 'a', text: 'A', correct: correct > 0 }, { id: 'b', text: 'B', correct: correct > 1 }] })
    const eight = Array.from({ length: 8 }, (_, index) => question(`q${index}`, 1))
    expect(quizSchema.safeParse({ questions: eight }).success).toBe(true)
    expect(quizSchema.safeParse({ questions: eight.slice(0, 7) }).success).toBe(false)
    expect(quizSchema.safeParse({ questions: [...eight.slice(1), question('q9', 2)] }).success).toBe(false)
    expect(quizSchema.safeParse({ questions: [...eight.slice(1), question('q9', 0, 'multiple')] }).success).toBe(false)
  })

  it('takes its regions and languages from the vocabulary: translations in any known language but English, the source', () => {
    const regions = (codes: string[]) =>
      guidelineFrontmatterSchema.safeParse({ title: 'Good title', summary: 'A long enough summary.', version: 1, updated: '2026-01-01', status: 'published', regions: codes }).success
    expect(regions([...regionCodes])).toBe(true)
    expect(regions(['EU'])).toBe(false)
    const translations = siteSchema.shape.translations
    for (const locale of locales) expect(translations.safeParse({ [locale]: { responseHours: 'Always' } }).success, locale).toBe(locale !== 'en')
    expect(translations.safeParse({ de: { responseHours: 'Immer' } }).success).toBe(false)
  })

  it('rejects module frontmatter with an impossible duration, pass mark or validity', () => {
    const module = { title: 'Test module', summary: 'A module used by the tests of the pipeline.', version: 1, updated: '2026-05-01', status: 'published', regions: ['US'], estimatedMinutes: 30, passMark: 80, certificateValidityMonths: 24 }
    expect(moduleFrontmatterSchema.safeParse(module).success).toBe(true)
    const bad: Record<string, unknown[]> = {
      estimatedMinutes: [0, -5, 601, 12.5, '30', undefined],
      passMark: [0, 101, 79.5, '80', undefined],
      certificateValidityMonths: [0, 121, 1.5, '24', undefined],
    }
    for (const [field, values] of Object.entries(bad)) {
      for (const value of values) {
        const parsed = moduleFrontmatterSchema.safeParse({ ...module, [field]: value })
        expect(parsed.success, `${field}: ${String(value)}`).toBe(false)
        expect(parsed.error?.issues[0].path, `${field}: ${String(value)}`).toEqual([field])
      }
    }
  })

  it('names the module file and the field when its frontmatter is out of range', async () => {
    const root = contentFolder(trainingModule('bad-pass-mark', { passMark: 0 }))
    await expect(compileAllContent(root)).rejects.toThrow(/training\/bad-pass-mark\/index\.mdx: frontmatter: passMark/)
  })
})

describe('training sections', () => {
  /** A module whose index.mdx has the given body under its frontmatter; the line of `marker` in it. */
  function moduleWithBody(slug: string, body: string, marker?: string) {
    const files = trainingModule(slug)
    const file = `training/${slug}/index.mdx`
    files[file] = files[file].replace(/\n<Section[\s\S]*$/, `\n${body}`)
    const line = marker ? files[file].split('\n').findIndex((text) => text.includes(marker)) + 1 : 0
    return { root: contentFolder(files), line }
  }
  const section = (id: string, text: string) => `<Section id="${id}" title="Title ${id}">\n\n${text}\n\n</Section>\n`

  it('fails with the file and line when text lies before, between or after the sections', async () => {
    const cases: [string, string, string][] = [
      ['before', `Read this first ${Date.now()}.\n\n${section('one', 'One.')}`, 'Read this first'],
      ['between', `${section('one', 'One.')}\n## A stray heading\n\n${section('two', 'Two.')}`, 'A stray heading'],
      ['after', `${section('one', 'One.')}\n<Callout>Forgotten</Callout>\n`, 'Forgotten'],
    ]
    for (const [name, body, marker] of cases) {
      const { root, line } = moduleWithBody(`outside-${name}`, body, marker)
      expect(line, name).toBeGreaterThan(10)
      await expect(compileAllContent(root), name).rejects.toThrow(ContentError)
      await expect(compileAllContent(root), name).rejects.toThrow(new RegExp(`training/outside-${name}/index\\.mdx:${line}: .* outside every <Section>`))
    }
  })

  it('fails with the file and line on a Section inside another, a repeated id or a missing title', async () => {
    const nested = moduleWithBody('nested', `<Section id="outer" title="Outer">\n\nOuter text.\n\n<Callout>\n\n<Section id="inner" title="Inner">\n\nInner text.\n\n</Section>\n\n</Callout>\n\n</Section>\n`, 'id="inner"')
    await expect(compileAllContent(nested.root)).rejects.toThrow(new RegExp(`training/nested/index\\.mdx:${nested.line}: a <Section> inside the <Section> of line ${nested.line - 6}`))
    const twice = moduleWithBody('twice', `${section('one', 'One.')}\n${section('one', 'Again.')}`)
    await expect(compileAllContent(twice.root)).rejects.toThrow(/training\/twice\/index\.mdx:\d+: a second section with the id "one"/)
    const untitled = moduleWithBody('untitled', '<Section id="one">\n\nText.\n\n</Section>\n')
    await expect(compileAllContent(untitled.root)).rejects.toThrow(/training\/untitled\/index\.mdx:\d+: a <Section> needs an id and a title/)
    const empty = moduleWithBody('empty', '')
    await expect(compileAllContent(empty.root)).rejects.toThrow(/training\/empty\/index\.mdx:1: a training module needs at least one <Section/)
  })

  it("keeps every word of a module's source in its sections, in order", async () => {
    const body = [
      section('one', `## Heading in one\n\nA paragraph with **bold** words ${Date.now()}.\n\n- first item\n- second item`),
      // A plain <section> element inside a Section once cut the Section short.
      section('two', '<Callout title="Careful">\n\nInside a callout.\n\n</Callout>\n\n<section>\n\nInside a section element.\n\n</section>\n\nAfter the callout.'),
      section('three', 'The last words.'),
    ].join('\n')
    const { root } = moduleWithBody('every-word', body)
    const module = (await compileAllContent(root)).modules.get('every-word')!.get('en')!
    expect(module.sections.map((item) => item.id)).toEqual(['one', 'two', 'three'])
    const sourceText = body
      .replace(/<Section id="[^"]*" title="([^"]*)">/g, '$1')
      .replace(/<Callout title="([^"]*)">/g, '$1')
      .replace(/<\/?\w+>|\*\*|^#+ |^- /gm, '')
    expect(words(module.sections.map((item) => item.html).join(' '))).toEqual(words(sourceText))
  })

  it('gives every shipped module the whole of its text, section by section', async () => {
    const library = await compileAllContent()
    for (const [slug, versions] of library.modules) {
      for (const [locale, module] of versions) {
        expect(words(module.sections.map((item) => item.html).join(' ')), `${slug} (${locale})`).toEqual(words(module.html))
        expect(module.sections.every((item) => item.html.startsWith(`<h2>`)), `${slug} (${locale})`).toBe(true)
      }
    }
  })
})

/** The words a reader sees in some HTML. */
function words(html: string) {
  const text = html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'")
  return text.split(/\s+/).filter(Boolean)
}

describe('translations', () => {
  it('accepts a translated quiz with the same questions, kinds and answer key', async () => {
    const root = contentFolder({ ...trainingModule('translated'), ...trainingModule('translated', {}, 'es') })
    const library = await compileAllContent(root)
    expect([...library.modules.get('translated')!.keys()].sort()).toEqual(['en', 'es'])
  })

  it('fails, naming quiz.<locale>.yml, when a translated quiz differs in ids, kinds or correct answers', async () => {
    const cases: [string, (quiz: Quiz) => void, RegExp][] = [
      ['renamed', (quiz) => (quiz.questions[2].id = 'other-id'), /questions are \[.*other-id/],
      ['reordered', (quiz) => quiz.questions.reverse(), /same ids, same order/],
      ['kind', (quiz) => (quiz.questions[0].kind = 'multiple'), /"q0" is multiple-choice, in quiz\.yml single-choice/],
      ['answer', (quiz) => quiz.questions[1].options.forEach((option) => (option.correct = option.id === 'b' ? true : undefined)), /"q1" has options a, b \(correct\)/],
    ]
    for (const [name, change, message] of cases) {
      const slug = `quiz-${name}`
      const root = contentFolder({ ...trainingModule(slug), ...trainingModule(slug, {}, 'es', change) })
      await expect(compileAllContent(root), name).rejects.toThrow(new RegExp(`training/${slug}/quiz\\.es\\.yml: does not match quiz\\.yml`))
      await expect(compileAllContent(root), name).rejects.toThrow(message)
    }
  })

  it('leaves a translation of an earlier version alone: it is not served, so its quiz may differ', async () => {
    const root = contentFolder({ ...trainingModule('lagging', { version: 2 }), ...trainingModule('lagging', { version: 1 }, 'es', (quiz) => (quiz.questions[0].id = 'retired')) })
    const library = await compileAllContent(root)
    expect(library.modules.get('lagging')!.get('es')!.frontmatter.version).toBe(1)
  })

  it('fails with the path on a language the site does not offer, a stray file or a bad folder name', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'guidelines/german/index.mdx': guideline('German'), 'guidelines/german/index.de.mdx': guideline('Deutsch') }, /guidelines\/german\/index\.de\.mdx: "de" is not a language the site offers/],
      [{ 'guidelines/english/index.mdx': guideline('English'), 'guidelines/english/index.en.mdx': guideline('English') }, /guidelines\/english\/index\.en\.mdx: English is the file without a language/],
      [{ 'guidelines/typo/index.mdx': guideline('Typo'), 'guidelines/typo/index.es.md': guideline('Errata') }, /guidelines\/typo\/index\.es\.md: is not a content file/],
      [{ 'guidelines/with-quiz/index.mdx': guideline('Quiz'), 'guidelines/with-quiz/quiz.yml': toYaml(quizOf()) }, /guidelines\/with-quiz\/quiz\.yml: guidelines have no quiz/],
      [{ ...trainingModule('orphan-quiz'), 'training/orphan-quiz/quiz.pt.yml': toYaml(quizOf()) }, /training\/orphan-quiz\/quiz\.pt\.yml: has no index\.pt\.mdx beside it/],
      [{ 'guidelines/Bad_Name/index.mdx': guideline('Bad name') }, /guidelines\/Bad_Name: folder names are lower-case/],
      [{ 'guidelines/loose.mdx': guideline('Loose') }, /guidelines\/loose\.mdx: is not a folder/],
    ]
    for (const [files, message] of cases) {
      const root = contentFolder(files)
      await expect(compileAllContent(root), String(message)).rejects.toThrow(ContentError)
      await expect(compileAllContent(root), String(message)).rejects.toThrow(message)
    }
  })

  it('ignores dot files such as .DS_Store', async () => {
    const root = contentFolder({ 'guidelines/tidy/index.mdx': guideline('Tidy'), 'guidelines/tidy/.DS_Store': 'binary', 'guidelines/.DS_Store': 'binary' })
    expect((await compileAllContent(root)).guidelines.has('tidy')).toBe(true)
  })
})

describe('the author components', () => {
  it('fails the file when <Org field> names no field of site.yml', async () => {
    const root = contentFolder({ 'guidelines/org-typo/index.mdx': `${frontmatter()}\n## Contact\n\nWrite to <Org field="lawEnforcmentEmail" /> ${Date.now()}.\n` })
    await expect(compileAllContent(root)).rejects.toThrow(/guidelines\/org-typo\/index\.mdx: renders with an error: <Org field="lawEnforcmentEmail"> names no field of site\.yml/)
  })

  it('gives a translated page the translated sentence from site.yml, and English pages the English one', async () => {
    const text = (locale: string) => `${frontmatter()}\n## Hours\n\n<Org field="responseHours" /> (${locale} ${Date.now()})\n`
    const root = contentFolder({ 'guidelines/hours/index.mdx': text('en'), 'guidelines/hours/index.es.mdx': text('es') })
    const library = await compileAllContent(root)
    expect(library.guidelines.get('hours')!.get('en')!.html).toContain(library.site.responseHours)
    expect(library.guidelines.get('hours')!.get('es')!.html).toContain(library.site.translations.es!.responseHours!)
  })

  it('labels the legal-process table and the retention schedule in the page’s language', async () => {
    const text = (locale: string) =>
      `${frontmatter()}\n## Tables\n\n<LegalProcessTable rows={[{ process: 'Subpoena', authority: '§ 2703(c)(2)', standard: 'Relevance', compels: 'Subscriber records' }]} />\n\n<RetentionSchedule />\n\n(${locale} ${Date.now()})\n`
    const root = contentFolder({ 'guidelines/tables/index.mdx': text('en'), 'guidelines/tables/index.fr.mdx': text('fr'), 'guidelines/tables/index.pt.mdx': text('pt') })
    const library = await compileAllContent(root)
    const html = (locale: 'en' | 'fr' | 'pt') => library.guidelines.get('tables')!.get(locale)!.html
    expect(html('en')).toContain('What it can compel')
    expect(html('fr')).toContain('Ce qu’elle permet d’obtenir')
    expect(html('fr')).toContain(`Calendrier de conservation de ${library.site.name}`)
    expect(html('fr')).not.toContain('What it can compel')
    expect(html('pt')).toContain('O que permite exigir')
    expect(html('pt')).not.toContain('Retention schedule')
  })

  it('renders the retention schedule and single periods from site.yml, and fails on an unknown record', async () => {
    const root = contentFolder({ 'guidelines/retention/index.mdx': `${frontmatter()}\n## Kept\n\n<RetentionSchedule />\n\nLogins: <RetentionPeriod record="login-records" /> ${Date.now()}\n` })
    const library = await compileAllContent(root)
    const html = library.guidelines.get('retention')!.get('en')!.html
    expect(html).toContain(`Retention schedule of ${library.site.name} (platform policy)`)
    for (const entry of library.site.retention) expect(html).toContain(entry.record)
    expect(html).toContain(`<strong class="retention-period">${library.site.retention.find((entry) => entry.id === 'login-records')!.period}</strong>`)
    const broken = contentFolder({ 'guidelines/retention-typo/index.mdx': `${frontmatter()}\n## Kept\n\n<RetentionPeriod record="logins" /> ${Date.now()}\n` })
    await expect(compileAllContent(broken)).rejects.toThrow(/retention-typo\/index\.mdx: renders with an error: <RetentionPeriod record="logins">/)
  })

  it('states concrete retention periods in the shipped "what data we hold" guideline', async () => {
    const library = await compileAllContent()
    const html = library.guidelines.get('data-we-hold')!.get('en')!.html
    expect(html).toContain('(platform policy)')
    for (const id of ['subscriber', 'login-records', 'activity-logs', 'message-headers', 'content']) {
      const period = library.site.retention.find((entry) => entry.id === id)!.period
      expect(period, id).toMatch(/\d+ (days|months|years?)/)
      expect(html, id).toContain(period)
    }
    // The Spanish emergency guideline takes its hours from site.yml, in Spanish.
    expect(library.guidelines.get('emergency-disclosure-requests')!.get('es')!.html).toContain(library.site.translations.es!.responseHours!)
  })
})

describe('internal links', () => {
  const linking = (body: string) => `${frontmatter()}\n## Links here\n\n${body} ${Date.now()} ${Math.random()}\n`
  const target = `${frontmatter()}\n## First heading\n\nText.\n\n## Second heading: the details\n\nMore ${Date.now()}.\n\n## First heading\n\nAgain.\n`

  it('accepts links to existing guidelines, modules, headings (as rehype-slug names them) and sections', async () => {
    const root = contentFolder({
      'guidelines/target/index.mdx': target,
      'guidelines/source/index.mdx': linking(
        '[a](/guidelines/target) [b](/guidelines/target#first-heading) [c](/guidelines/target#second-heading-the-details) [d](/guidelines/target#first-heading-1) [e](/training/linked?section=two) [f](/guidelines) [g](https://example.org/guidelines/nothing) [h](/guidelines/legal-process-guide?emergency=no)',
      ),
      ...trainingModule('linked'),
    })
    const library = await compileAllContent(root)
    expect(library.guidelines.get('source')!.get('en')!.html).toContain('href="/guidelines/target#second-heading-the-details"')
  })

  it('fails the build, naming the file and each broken link, on a missing page, heading or section', async () => {
    const cases: [string, RegExp][] = [
      ['[x](/guidelines/no-such-page)', /\/guidelines\/no-such-page \(there is no guideline "no-such-page"\)/],
      ['[x](/guidelines/target#no-such-heading)', /\/guidelines\/target#no-such-heading \(the guideline "target" has no heading with the id "no-such-heading"\)/],
      ['[x](/guidelines/target#first-heading-2)', /has no heading with the id "first-heading-2"/],
      ['[x](/training/missing-module#one)', /there is no training module "missing-module"/],
      ['[x](/training/linked?section=three)', /the training module "linked" has no section "three"/],
      ['<a href="/guidelines/target#First-Heading">jsx link</a>', /has no heading with the id "First-Heading"/],
      ['[x](/guidelines/legal-process-guide#results)', /the legal-process guide has no anchor "results"/],
    ]
    for (const [body, message] of cases) {
      const root = contentFolder({ 'guidelines/target/index.mdx': target, 'guidelines/source/index.mdx': linking(body), ...trainingModule('linked') })
      await expect(compileAllContent(root), body).rejects.toThrow(ContentError)
      await expect(compileAllContent(root), body).rejects.toThrow(/guidelines\/source\/index\.mdx: broken internal link: /)
      await expect(compileAllContent(root), body).rejects.toThrow(message)
    }
  })

  it('checks the links of training modules and translations too, each against the version its reader is shown', async () => {
    const module = trainingModule('teaching')
    module['training/teaching/index.mdx'] = module['training/teaching/index.mdx'].replace('Second.', 'Second, see [the target](/guidelines/target#missing).')
    const inModule = contentFolder({ 'guidelines/target/index.mdx': target, ...module })
    await expect(compileAllContent(inModule)).rejects.toThrow(/training\/teaching\/index\.mdx: broken internal link: \/guidelines\/target#missing/)

    // The Spanish page links to an English heading id, but a Spanish reader gets the Spanish target.
    const spanishTarget = target.replace(/## First heading/g, '## Primer título')
    const translated = contentFolder({
      'guidelines/target/index.mdx': target,
      'guidelines/target/index.es.mdx': spanishTarget,
      'guidelines/source/index.mdx': linking('[x](/guidelines/target#first-heading)'),
      'guidelines/source/index.es.mdx': linking('[x](/guidelines/target#first-heading)'),
    })
    await expect(compileAllContent(translated)).rejects.toThrow(/guidelines\/source\/index\.es\.mdx: broken internal link: .*as shown in "es"/)
    const fixed = contentFolder({
      'guidelines/target/index.mdx': target,
      'guidelines/target/index.es.mdx': spanishTarget,
      'guidelines/source/index.mdx': linking('[x](/guidelines/target#first-heading)'),
      'guidelines/source/index.es.mdx': linking('[x](/guidelines/target#primer-título)'),
    })
    expect((await compileAllContent(fixed)).guidelines.get('source')!.size).toBe(2)
  })

  it('finds no broken link in the shipped content', async () => {
    await expect(compileAllContent()).resolves.toBeDefined()
  })

  it('links the shipped guidelines to the related ones, and to the legal-process guide, where the text turns to them', async () => {
    const library = await compileAllContent()
    const crossReferences: Record<string, string[]> = {
      'us-legal-process': ['request-handling', 'records-in-court', 'verifying-legal-process', 'international-requests', 'user-notice', 'emergency-disclosure-requests', 'legal-process-guide'],
      'emergency-disclosure-requests': ['verifying-legal-process', 'user-notice', 'request-handling'],
      'international-requests': ['canada-requests', 'latin-america-and-asia-pacific', 'child-safety-abroad', 'emergency-disclosure-requests', 'legal-process-guide'],
      'child-safety-reporting': ['child-safety-abroad', 'emergency-disclosure-requests', 'user-notice'],
      'data-we-hold': ['encrypted-services', 'request-handling', 'preservation-requests', 'us-legal-process', 'legal-process-guide'],
      'preservation-requests': ['account-actions', 'us-legal-process', 'user-notice', 'child-safety-reporting', 'international-requests', 'emergency-disclosure-requests'],
      'user-notice': ['consent-based-disclosure'],
    }
    for (const [source, targets] of Object.entries(crossReferences)) {
      const html = library.guidelines.get(source)!.get('en')!.html
      for (const target of targets) expect(html, `${source} → ${target}`).toMatch(new RegExp(`href="/guidelines/${target}(#[^"]*)?"`))
    }
    // Prose names other guidelines by a link, not as "the guideline on …".
    for (const [slug, versions] of library.guidelines) expect(versions.get('en')!.html, slug).not.toMatch(/the guideline on [a-zA-Z-]+ /)
  })
})

describe('the cache key', () => {
  it('carries the installed versions of the compiler and its plugins', () => {
    const version = pipelineVersion()
    for (const name of ['mdx-bundler', 'esbuild', 'remark-gfm', 'rehype-slug']) {
      const installed = (JSON.parse(readFileSync(path.resolve('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
      expect(version).toContain(`${name}@${installed};`)
    }
    expect(version).not.toContain('unknown')
  })
})

/** A guideline's source with the given title. */
function guideline(title: string) {
  return `---\ntitle: ${title}\nsummary: A guideline used by the tests of the pipeline.\nversion: 1\nupdated: 2026-05-01\nstatus: published\nregions: [US]\n---\n\n## ${title}\n\nText ${Date.now()} ${Math.random()}.\n`
}

/** Eight single-choice questions q0…q7, option "a" right. */
function quizOf(): Quiz {
  return {
    questions: Array.from({ length: 8 }, (_, index) => ({
      id: `q${index}`,
      prompt: `Question number ${index}?`,
      kind: 'single' as const,
      explanation: 'Because a is right.',
      options: [
        { id: 'a', text: 'A', correct: true },
        { id: 'b', text: 'B' },
      ],
    })),
  }
}

/** The files of a small training module (or of its translation), with frontmatter and quiz changes. */
function trainingModule(slug: string, changes: Record<string, unknown> = {}, locale: 'en' | 'es' = 'en', changeQuiz: (quiz: Quiz) => void = () => {}) {
  const fields = { title: `Module ${slug}`, summary: 'A module used by the tests of the pipeline.', version: 1, updated: '2026-05-01', status: 'published', regions: ['US'], estimatedMinutes: 20, passMark: 80, certificateValidityMonths: 12, ...changes }
  const quiz = quizOf()
  changeQuiz(quiz)
  const suffix = locale === 'en' ? '' : `.${locale}`
  return {
    [`training/${slug}/index${suffix}.mdx`]: `---\n${toYaml(fields)}---\n\n<Section id="one" title="One">\n\nFirst ${locale} ${Date.now()}.\n\n</Section>\n\n<Section id="two" title="Two">\n\nSecond.\n\n</Section>\n`,
    [`training/${slug}/quiz${suffix}.yml`]: toYaml(quiz),
  }
}
