import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { compileAllContent, compileStats, ContentError } from './compile.server'
import { guidelineFrontmatterSchema, quizSchema } from './content-schema'

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
    const root = contentFolder({ 'guidelines/hash-check/index.mdx': `${frontmatter()}\n## Hello\n\n<Org /> says hello ${Date.now()}.\n` })
    await compileAllContent(root)
    const before = compileStats.bundleCalls
    const library = await compileAllContent(root)
    expect(compileStats.bundleCalls).toBe(before)
    expect(library.guidelines.get('hash-check')!.get('en')!.html).toContain('says hello')
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
})
