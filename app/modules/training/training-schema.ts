import { z } from 'zod'
import { locales } from '#db/schema/vocabulary'

/** Client-safe rules for the training pages: URL parameters, progress intents, quiz answers. */

const contentId = z
  .string()
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/)

/** `?section=` picks a section, `?quiz` opens the quiz, `?attempt=` shows a graded attempt. */
export const moduleViewParams = z.object({
  section: contentId.optional(),
  quiz: z.string().max(10).optional(),
  attempt: z.uuid().optional(),
  lang: z.string().max(10).optional(),
})
export type ModuleViewParams = z.infer<typeof moduleViewParams>

/** The small actions around the content: visiting a section, completing it. */
export const progressIntentSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('visit'), sectionId: contentId }),
  // `continue` is sent by the plain (no-JavaScript) form: the answer is then a redirect.
  z.object({ intent: z.literal('complete'), sectionId: contentId, continue: z.literal('1').optional() }),
])
export type ProgressIntent = z.infer<typeof progressIntentSchema>

export type QuizQuestionShape = { id: string; kind: 'single' | 'multiple'; options: { id: string }[] }

const asList = (value: unknown) => (typeof value === 'string' ? [value] : value)

/**
 * The quiz form, built from the questions shown (ids and option ids only): one answer for a
 * single-choice question, at least one for a multiple-choice one, and nothing that is not an
 * option of the question.
 */
export function quizSubmissionSchema(questions: QuizQuestionShape[]) {
  const shape: Record<string, z.ZodType<string[]>> = {}
  for (const question of questions) {
    const optionIds = question.options.map((option) => option.id) as [string, ...string[]]
    const option = z.enum(optionIds, { error: 'Choose from the options shown.' })
    shape[question.id] =
      question.kind === 'single'
        ? z.preprocess(asList, z.array(option, { error: 'Choose an answer.' }).length(1, 'Choose one answer.'))
        : z.preprocess(
            asList,
            z
              .array(option, { error: 'Choose at least one answer.' })
              .min(1, 'Choose at least one answer.')
              .max(optionIds.length)
              .transform((ids) => [...new Set(ids)]),
          )
  }
  return z.object({
    intent: z.literal('submit-quiz'),
    locale: z.enum(locales).optional(),
    // Nothing answered at all is one error per question, not one for the form.
    answers: z.object(shape).prefault({}),
  })
}
