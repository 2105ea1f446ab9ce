import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { singleton } from '~/lib/singleton.server'
import { ContentError, getContentLibrary, type ContentLibrary } from '~/lib/content/compile.server'
import { orgFields, type OrgField, type Site } from '~/lib/content/content-schema'
import { brokenLinkReason } from '~/lib/content/internal-links'
import { LEGAL_PROCESS_GUIDE_PATH, LEGAL_PROCESS_GUIDE_SLUG } from '~/lib/content/legal-process-guide-path'
import {
  legalProcessGuideSchema,
  type GuideNote,
  type GuideQuestion,
  type GuideResult,
  type LegalProcessGuide,
  type SectionLink,
} from './legal-process-guide-schema'

export const defaultGuideFile = path.resolve('content/legal-process-guide/en.yaml')

/**
 * The guide's text may name the organisation's facts as `{org.<field>}` (the fields `<Org>`
 * knows), so that an address changed in site.yml changes here too.
 */
function fillOrgFields(guide: LegalProcessGuide, site: Site, file: string): LegalProcessGuide {
  const fill = (text: string) =>
    text.replace(/\{org\.([A-Za-z]+)\}/g, (_, field: string) => {
      if (!(orgFields as readonly string[]).includes(field))
        throw new ContentError(file, `{org.${field}} names no field of site.yml (${orgFields.join(', ')}).`)
      return String(site[field as OrgField])
    })
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return fill(value)
    if (Array.isArray(value)) return value.map(walk)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]))
    return value
  }
  return walk(guide) as LegalProcessGuide
}

/** Every link of the guide: the results' sections to read and the notes' links. */
function guideLinks(guide: LegalProcessGuide): SectionLink[] {
  return [
    ...guide.results.flatMap((result) => result.read),
    ...guide.questions.flatMap((question) => question.answers.flatMap((answer) => answer.note?.read ?? [])),
  ]
}

/**
 * Reads and checks the guide against the compiled content: valid YAML and tree (see the
 * schema), known `{org.…}` fields, and every link to an existing guideline and heading. Fails
 * with a ContentError naming the file, as the rest of the content build does.
 */
export function loadLegalProcessGuide(library: ContentLibrary, file = defaultGuideFile): LegalProcessGuide {
  let source: string
  try {
    source = readFileSync(file, 'utf8')
  } catch {
    throw new ContentError(file, 'is missing: the legal-process guide is content/legal-process-guide/en.yaml.')
  }
  let raw: unknown
  try {
    raw = parseYaml(source)
  } catch (error) {
    throw new ContentError(file, `is not valid YAML: ${(error as Error).message}`)
  }
  const parsed = legalProcessGuideSchema.safeParse(raw)
  if (!parsed.success) throw new ContentError(file, parsed.error.issues.map((issue) => `${issue.path.join('.') || '(guide)'}: ${issue.message}`).join('; '))
  if (library.guidelines.has(LEGAL_PROCESS_GUIDE_SLUG)) {
    throw new ContentError(
      file,
      `a guideline named "${LEGAL_PROCESS_GUIDE_SLUG}" would be hidden by the guide's page at ${LEGAL_PROCESS_GUIDE_PATH}: rename the guideline's folder.`,
    )
  }
  const broken = guideLinks(parsed.data).flatMap((link) => {
    const reason = brokenLinkReason(library, link.href, 'en')
    return reason ? [`${link.href} (${reason})`] : []
  })
  if (broken.length) throw new ContentError(file, `broken internal ${broken.length === 1 ? 'link' : 'links'}: ${broken.join('; ')}.`)
  return fillOrgFields(parsed.data, library.site, file)
}

const cache = singleton('legal-process-guide', () => ({ promise: undefined as Promise<LegalProcessGuide> | undefined }))

/** The guide, read and checked once (the content build has already checked it). */
export function getLegalProcessGuide(): Promise<LegalProcessGuide> {
  cache.promise ??= getContentLibrary()
    .then((library) => loadLegalProcessGuide(library))
    .catch((error) => {
      cache.promise = undefined
      throw error
    })
  return cache.promise
}

/** One answer given on the way, with the link that goes back to change it. */
export type GivenAnswer = { question: string; answer: string; changeHref: string }
type AnswerLink = { id: string; label: string; hint: string | null; href: string }

export type GuideStep =
  | {
      kind: 'question'
      question: Pick<GuideQuestion, 'id' | 'text'> & { help: string | null; answers: AnswerLink[] }
      given: GivenAnswer[]
      backHref: string | null
    }
  | { kind: 'result'; result: GuideResult; notes: GuideNote[]; given: GivenAnswer[]; backHref: string }
  | { kind: 'invalid'; message: string }

function hrefOf(answers: [string, string][]) {
  const query = new URLSearchParams(answers).toString()
  return query ? `${LEGAL_PROCESS_GUIDE_PATH}?${query}` : LEGAL_PROCESS_GUIDE_PATH
}

/**
 * Where the answers in the query string lead. Each answer is a parameter named for its question
 * (`?emergency=no&child-safety=no&region=us`), in the order asked, so every step is a plain link
 * that works without JavaScript. Parameters that name no question (`lang`, say) are ignored;
 * an unknown answer, a question answered twice, or an answer to a question not on the path is
 * invalid: the page says so and offers a fresh start.
 */
export function walkGuide(guide: LegalProcessGuide, params: URLSearchParams): GuideStep {
  const questions = new Map(guide.questions.map((question) => [question.id, question]))
  const results = new Map(guide.results.map((result) => [result.id, result]))
  for (const name of new Set(params.keys())) {
    if (questions.has(name) && params.getAll(name).length > 1)
      return { kind: 'invalid', message: `The question "${questions.get(name)!.text}" is answered more than once in this address.` }
  }
  const path: [string, string][] = []
  const given: GivenAnswer[] = []
  const notes: GuideNote[] = []
  let question = questions.get(guide.start)!
  for (;;) {
    const value = params.get(question.id)
    if (value === null) break
    const answer = question.answers.find((item) => item.id === value)
    if (!answer)
      return { kind: 'invalid', message: `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}" is not an answer to the question "${question.text}".` }
    given.push({ question: question.text, answer: answer.label, changeHref: hrefOf(path) })
    path.push([question.id, answer.id])
    if (answer.note) notes.push(answer.note)
    const next = questions.get(answer.next)
    if (!next) break
    question = next
  }
  const answered = new Set(path.map(([questionId]) => questionId))
  const stray = [...new Set(params.keys())].filter((name) => questions.has(name) && !answered.has(name))
  if (stray.length) {
    return {
      kind: 'invalid',
      message: `This address answers ${stray.map((name) => `"${questions.get(name)!.text}"`).join(', ')} out of turn: the answers do not follow one path through the guide.`,
    }
  }
  const last = path.at(-1)
  const lastAnswer = last ? questions.get(last[0])!.answers.find((item) => item.id === last[1])! : undefined
  const result = lastAnswer ? results.get(lastAnswer.next) : undefined
  if (result) return { kind: 'result', result, notes, given, backHref: hrefOf(path.slice(0, -1)) }
  return {
    kind: 'question',
    question: {
      id: question.id,
      text: question.text,
      help: question.help ?? null,
      answers: question.answers.map((answer) => ({
        id: answer.id,
        label: answer.label,
        hint: answer.hint ?? null,
        href: hrefOf([...path, [question.id, answer.id]]),
      })),
    },
    given,
    backHref: path.length ? hrefOf(path.slice(0, -1)) : null,
  }
}
