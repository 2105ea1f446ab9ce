import { z } from 'zod'
import { isoDate } from '~/lib/content/content-schema'

/**
 * "Which legal process do I need?": a decision tree written as content
 * (content/legal-process-guide/en.yaml). Each question's answers lead to another question or to
 * a result; a result names the process, what it compels, what to send and the guideline
 * sections to read. The rules below make a tree every officer can walk to a result: every
 * answer leads somewhere that exists, no path comes back on itself, nothing is unreachable.
 */

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use kebab-case ids.')

/** A link to one section of a guideline; the content build checks that the section exists. */
const sectionLink = z.strictObject({
  label: z.string().min(3),
  href: z.string().regex(/^\/guidelines\/[a-z0-9-]+#[^#\s]+$/, 'Link to a section of a guideline: /guidelines/<slug>#<heading-id>.'),
})
export type SectionLink = z.infer<typeof sectionLink>

/** Something an answer adds to the result, whatever the result is (a child-safety case, for example). */
const note = z.strictObject({
  title: z.string().min(3),
  text: z.string().min(10),
  read: z.array(sectionLink).default([]),
})
export type GuideNote = z.infer<typeof note>

const answer = z.strictObject({
  id,
  label: z.string().min(2),
  hint: z.string().min(3).optional(),
  /** The id of the next question, or of a result. */
  next: id,
  note: note.optional(),
})

const question = z.strictObject({
  id,
  text: z.string().min(5),
  help: z.string().min(5).optional(),
  answers: z.array(answer).min(2),
})
export type GuideQuestion = z.infer<typeof question>

const result = z.strictObject({
  id,
  /** The process to use, in a few words: the heading of the result. */
  title: z.string().min(3),
  process: z.string().min(10),
  compels: z.string().min(10),
  caution: z.string().min(10).optional(),
  send: z.array(z.string().min(5)).min(1),
  read: z.array(sectionLink).min(1, 'Every result links to at least one guideline section.'),
})
export type GuideResult = z.infer<typeof result>

export const legalProcessGuideSchema = z
  .strictObject({
    title: z.string().min(3),
    summary: z.string().min(10).max(500),
    version: z.number().int().positive(),
    updated: isoDate,
    start: id,
    questions: z.array(question).min(1),
    results: z.array(result).min(1),
  })
  .superRefine((guide, context) => {
    for (const problem of treeProblems(guide)) context.addIssue({ code: 'custom', message: problem })
  })
export type LegalProcessGuide = z.infer<typeof legalProcessGuideSchema>

type Tree = { start: string; questions: { id: string; answers: { id: string; next: string }[] }[]; results: { id: string }[] }

/**
 * What keeps a tree from leading every officer to a result: repeated ids, answers leading to
 * nothing, a path that comes back to a question already answered (the query string names each
 * answer by its question, so a question can be answered once per path), and questions or
 * results no path reaches. With none of these, every path ends at a result.
 */
export function treeProblems(tree: Tree): string[] {
  const problems: string[] = []
  const ids = [...tree.questions.map((item) => item.id), ...tree.results.map((item) => item.id)]
  const seen = new Set<string>()
  for (const item of ids) {
    if (seen.has(item)) problems.push(`The id "${item}" is used twice (questions and results share one set of ids).`)
    seen.add(item)
  }
  const questions = new Map(tree.questions.map((item) => [item.id, item]))
  const results = new Set(tree.results.map((item) => item.id))
  if (!questions.has(tree.start)) problems.push(`start: "${tree.start}" is not a question.`)
  for (const item of tree.questions) {
    const answerIds = item.answers.map((entry) => entry.id)
    if (new Set(answerIds).size !== answerIds.length) problems.push(`Question "${item.id}" repeats an answer id.`)
    for (const entry of item.answers) {
      if (!questions.has(entry.next) && !results.has(entry.next))
        problems.push(`Answer "${entry.id}" of question "${item.id}" leads to "${entry.next}", which is neither a question nor a result.`)
    }
  }
  if (problems.length) return problems

  // Depth-first from the start: a question met again on the path it leads to is a cycle.
  const reached = new Set<string>()
  const onPath: string[] = []
  const visit = (nodeId: string) => {
    if (onPath.includes(nodeId)) {
      problems.push(`The path ${[...onPath.slice(onPath.indexOf(nodeId)), nodeId].join(' → ')} comes back to a question already answered.`)
      return
    }
    if (reached.has(nodeId)) return
    reached.add(nodeId)
    const node = questions.get(nodeId)
    if (!node) return
    onPath.push(nodeId)
    for (const entry of node.answers) visit(entry.next)
    onPath.pop()
  }
  visit(tree.start)
  for (const item of ids) if (!reached.has(item)) problems.push(`"${item}" cannot be reached from the start.`)
  return problems
}
