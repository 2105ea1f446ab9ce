import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse as parseYaml, stringify as toYaml } from 'yaml'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ContentError, getContentLibrary, type ContentLibrary } from '~/lib/content/compile.server'
import { headingIds } from '~/lib/content/internal-links'
import { LEGAL_PROCESS_GUIDE_PATH } from '~/lib/content/legal-process-guide-path'
import { treeProblems, type LegalProcessGuide } from './legal-process-guide-schema'
import { defaultGuideFile, loadLegalProcessGuide, walkGuide, type GuideStep } from './legal-process-guide.server'

const scratch: string[] = []
afterEach(() => {
  for (const folder of scratch.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** The shipped guide's YAML, changed by `change`, in a temporary file. */
function guideFile(
  change: (guide: Record<string, unknown> & { questions: { id: string; answers: Record<string, unknown>[] }[]; results: Record<string, unknown>[] }) => void,
) {
  const guide = parseYaml(readFileSync(defaultGuideFile, 'utf8')) as Parameters<typeof change>[0]
  change(guide)
  const folder = mkdtempSync(path.join(tmpdir(), 'liaison-guide-'))
  scratch.push(folder)
  const file = path.join(folder, 'en.yaml')
  writeFileSync(file, toYaml(guide))
  return file
}

const paramsOf = (href: string) => new URL(href, 'http://localhost').searchParams

/** Every path through the guide, followed as a reader would: by the links each step offers. */
function allPaths(guide: LegalProcessGuide) {
  const ends: { href: string; step: GuideStep }[] = []
  const follow = (href: string, depth: number) => {
    expect(depth, `${href} is too deep: a cycle?`).toBeLessThan(guide.questions.length + 1)
    const step = walkGuide(guide, paramsOf(href))
    if (step.kind === 'question') for (const answer of step.question.answers) follow(answer.href, depth + 1)
    else ends.push({ href, step })
  }
  follow(LEGAL_PROCESS_GUIDE_PATH, 0)
  return ends
}

describe('the shipped legal-process guide', () => {
  let library: ContentLibrary
  let guide: LegalProcessGuide
  beforeAll(async () => {
    library = await getContentLibrary()
    guide = loadLegalProcessGuide(library)
  })

  it('loads, with the facts of site.yml in place of every {org.…}', () => {
    expect(guide.version).toBeGreaterThanOrEqual(1)
    expect(guide.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const text = JSON.stringify(guide)
    expect(text).not.toContain('{org.')
    expect(text).toContain(library.site.lawEnforcementPortalUrl)
    expect(text).toContain(library.site.emergencyEmail)
  })

  it('ends every path at a result (no dead ends, no cycles) and reaches every result', () => {
    const ends = allPaths(guide)
    for (const end of ends) expect(end.step.kind, end.href).toBe('result')
    const reached = new Set(ends.map((end) => (end.step.kind === 'result' ? end.step.result.id : '')))
    expect([...reached].sort()).toEqual(guide.results.map((result) => result.id).sort())
    expect(ends.length).toBeGreaterThanOrEqual(20)
  })

  it('covers the regions, data, emergencies and child safety it promises', () => {
    const resultOf = (query: string) => {
      const step = walkGuide(guide, new URLSearchParams(query))
      return step.kind === 'result' ? step : null
    }
    expect(resultOf('emergency=yes&emergency-agency=us')?.result.id).toBe('us-emergency')
    expect(resultOf('emergency=yes&emergency-agency=outside-us')?.result.compels).toMatch(/generally cannot give the content/)
    expect(resultOf('emergency=no&child-safety=no&region=us&data-us=subscriber')?.result.title).toBe('Subpoena')
    expect(resultOf('emergency=no&child-safety=no&region=us&data-us=records')?.result.process).toMatch(/§ 2703\(d\)/)
    expect(resultOf('emergency=no&child-safety=no&region=us&data-us=content')?.result.title).toBe('Search warrant')
    expect(resultOf('emergency=no&child-safety=no&region=us&data-us=location')?.result.title).toBe('Search warrant')
    expect(resultOf('emergency=no&child-safety=no&region=canada&data-canada=content')?.result.id).toBe('canada-treaty-request')
    expect(resultOf('emergency=no&child-safety=no&region=eu&data-eu=records')?.result.id).toBe('eu-production-order')
    expect(resultOf('emergency=no&child-safety=no&region=eu&data-eu=content')?.result.compels).toMatch(/Article 17/)
    expect(resultOf('emergency=no&child-safety=no&region=uk')?.result.id).toBe('uk-overseas-production-order')
    expect(resultOf('emergency=no&child-safety=no&region=brazil&data-brazil=content')?.result.id).toBe('brazil-treaty-request')
    expect(resultOf('emergency=no&child-safety=no&region=other')?.result.id).toBe('other-country')
    // A child-safety case adds its note to whatever result it reaches.
    const child = resultOf('emergency=no&child-safety=yes&region=us&data-us=content')!
    expect(child.result.id).toBe('us-search-warrant')
    expect(child.notes.map((note) => note.read.map((link) => link.href)).flat()).toContain('/guidelines/child-safety-reporting#what-we-preserve')
    expect(resultOf('emergency=no&child-safety=no&region=us&data-us=content')!.notes).toEqual([])
  })

  it('links every result to guideline sections, and every link to an existing guideline and heading id', () => {
    const links = [
      ...guide.results.flatMap((result) => result.read),
      ...guide.questions.flatMap((question) => question.answers.flatMap((answer) => answer.note?.read ?? [])),
    ]
    for (const result of guide.results) expect(result.read.length, result.id).toBeGreaterThan(0)
    expect(links.length).toBeGreaterThan(30)
    for (const link of links) {
      const [, slug, anchor] = link.href.match(/^\/guidelines\/([^#]+)#(.+)$/)!
      const guideline = library.guidelines.get(slug)?.get('en')
      expect(guideline, link.href).toBeDefined()
      // The ids rehype-slug gave the headings when the MDX was compiled.
      expect([...headingIds(guideline!.html)], link.href).toContain(anchor)
    }
  })
})

describe('the guide check', () => {
  it('fails, naming the file, on a link to a missing guideline or heading', async () => {
    const library = await getContentLibrary()
    const missingHeading = guideFile((guide) => {
      ;(guide.results[0].read as { href: string }[])[0].href = '/guidelines/us-legal-process#no-such-heading'
    })
    expect(() => loadLegalProcessGuide(library, missingHeading)).toThrow(ContentError)
    expect(() => loadLegalProcessGuide(library, missingHeading)).toThrow(
      /en\.yaml: broken internal link: \/guidelines\/us-legal-process#no-such-heading \(the guideline "us-legal-process" has no heading/,
    )
    const missingPage = guideFile((guide) => {
      ;(guide.questions[2].answers[0].note as { read: { href: string }[] }).read[0].href = '/guidelines/no-such-guideline#intro'
    })
    expect(() => loadLegalProcessGuide(library, missingPage)).toThrow(/there is no guideline "no-such-guideline"/)
  })

  it('fails on a link without a section, a result without links, an unknown {org.…} field, and a guideline that takes the guide’s address', async () => {
    const library = await getContentLibrary()
    const noAnchor = guideFile((guide) => {
      ;(guide.results[0].read as { href: string }[])[0].href = '/guidelines/us-legal-process'
    })
    expect(() => loadLegalProcessGuide(library, noAnchor)).toThrow(/results\.0\.read\.0\.href: Link to a section of a guideline/)
    const noLinks = guideFile((guide) => {
      guide.results[1].read = []
    })
    expect(() => loadLegalProcessGuide(library, noLinks)).toThrow(/results\.1\.read: Every result links to at least one guideline section/)
    const unknownField = guideFile((guide) => {
      guide.results[0].process = 'Write to {org.lawEnforcmentEmail} at once.'
    })
    expect(() => loadLegalProcessGuide(library, unknownField)).toThrow(/\{org\.lawEnforcmentEmail\} names no field of site\.yml/)
    const shadowed = { ...library, guidelines: new Map([...library.guidelines, ['legal-process-guide', library.guidelines.get('us-legal-process')!]]) }
    expect(() => loadLegalProcessGuide(shadowed)).toThrow(/a guideline named "legal-process-guide" would be hidden/)
  })

  it('fails on an answer that leads nowhere and on a path that comes back to a question', async () => {
    const library = await getContentLibrary()
    const deadEnd = guideFile((guide) => {
      guide.questions[0].answers[1].next = 'no-such-step'
    })
    expect(() => loadLegalProcessGuide(library, deadEnd)).toThrow(
      /Answer "no" of question "emergency" leads to "no-such-step", which is neither a question nor a result/,
    )
    const cycle = guideFile((guide) => {
      guide.questions.find((question) => question.id === 'region')!.answers[0].next = 'child-safety'
    })
    expect(() => loadLegalProcessGuide(library, cycle)).toThrow(/child-safety → region → child-safety comes back to a question already answered/)
  })

  it('finds repeated ids, unreachable steps and a start that is not a question', () => {
    const tree = (start: string, questions: [string, string[]][], results: string[]) => ({
      start,
      questions: questions.map(([id, nexts]) => ({ id, answers: nexts.map((next, index) => ({ id: `a${index}`, next })) })),
      results: results.map((id) => ({ id })),
    })
    expect(
      treeProblems(
        tree(
          'q1',
          [
            ['q1', ['r1', 'q2']],
            ['q2', ['r1', 'r2']],
          ],
          ['r1', 'r2'],
        ),
      ),
    ).toEqual([])
    expect(treeProblems(tree('q1', [['q1', ['r1', 'r1']]], ['r1', 'r1']))).toEqual(['The id "r1" is used twice (questions and results share one set of ids).'])
    expect(
      treeProblems(
        tree(
          'q1',
          [
            ['q1', ['r1', 'r1']],
            ['q2', ['r1', 'r2']],
          ],
          ['r1', 'r2'],
        ),
      ),
    ).toEqual(['"q2" cannot be reached from the start.', '"r2" cannot be reached from the start.'])
    expect(treeProblems(tree('r1', [['q1', ['r1', 'r1']]], ['r1']))).toContain('start: "r1" is not a question.')
    expect(
      treeProblems(
        tree(
          'q1',
          [
            ['q1', ['q2', 'r1']],
            ['q2', ['q3', 'r1']],
            ['q3', ['q1', 'r1']],
          ],
          ['r1'],
        ),
      ),
    ).toEqual(['The path q1 → q2 → q3 → q1 comes back to a question already answered.'])
  })
})

describe('walking the guide', () => {
  const load = async () => loadLegalProcessGuide(await getContentLibrary())

  it('starts with the first question, links each answer, and goes back one answer at a time', async () => {
    const guide = await load()
    const first = walkGuide(guide, new URLSearchParams())
    expect(first.kind).toBe('question')
    if (first.kind !== 'question') return
    expect(first.question.id).toBe('emergency')
    expect(first.backHref).toBeNull()
    expect(first.question.answers.map((answer) => answer.href)).toEqual([
      `${LEGAL_PROCESS_GUIDE_PATH}?emergency=yes`,
      `${LEGAL_PROCESS_GUIDE_PATH}?emergency=no`,
    ])
    const third = walkGuide(guide, new URLSearchParams('emergency=no&child-safety=yes'))
    expect(third.kind === 'question' && third.question.id).toBe('region')
    if (third.kind !== 'question') return
    expect(third.backHref).toBe(`${LEGAL_PROCESS_GUIDE_PATH}?emergency=no`)
    expect(third.given.map((item) => item.changeHref)).toEqual([LEGAL_PROCESS_GUIDE_PATH, `${LEGAL_PROCESS_GUIDE_PATH}?emergency=no`])
    expect(third.question.answers[0].href).toBe(`${LEGAL_PROCESS_GUIDE_PATH}?emergency=no&child-safety=yes&region=us`)
  })

  it('ignores parameters that name no question', async () => {
    const step = walkGuide(await load(), new URLSearchParams('lang=es&utm_source=mail&emergency=yes&emergency-agency=us'))
    expect(step.kind === 'result' && step.result.id).toBe('us-emergency')
  })

  it('calls unknown answers, repeated answers and answers out of turn invalid, never a result', async () => {
    const guide = await load()
    const cases: [string, RegExp][] = [
      ['emergency=maybe', /"maybe" is not an answer to the question "Is someone in danger/],
      ['emergency=no&child-safety=no&region=mars', /"mars" is not an answer to the question "Where is your agency\?"/],
      ['emergency=no&emergency=yes', /answered more than once/],
      ['region=us', /out of turn/],
      ['emergency=yes&emergency-agency=us&region=us', /out of turn/],
      ['emergency=no&child-safety=no&region=us&data-us=content&data-eu=content', /out of turn/],
      ['emergency=', /"" is not an answer/],
    ]
    for (const [query, message] of cases) {
      const step = walkGuide(guide, new URLSearchParams(query))
      expect(step.kind, query).toBe('invalid')
      expect(step.kind === 'invalid' && step.message, query).toMatch(message)
    }
  })
})
