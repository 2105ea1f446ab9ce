import { z } from 'zod'
import { locales, regionCodes, topics } from '#db/schema/vocabulary'

/** Frontmatter and quiz rules for the MDX content (client-safe types, validated at compile). */
// YAML reads an unquoted date as a Date; the compile cache stores it as an ISO string.
export const isoDate = z.union([
  z.date().transform((date) => date.toISOString().slice(0, 10)),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'Use YYYY-MM-DD.')
    .transform((value) => value.slice(0, 10)),
])

const commonFrontmatter = {
  title: z.string().min(3).max(160),
  summary: z.string().min(10).max(500),
  version: z.number().int().positive(),
  updated: isoDate,
  status: z.enum(['draft', 'published']),
  topics: z.array(z.enum(topics)).default([]),
  regions: z.array(z.enum(regionCodes)).min(1),
}

export const guidelineFrontmatterSchema = z.strictObject({
  ...commonFrontmatter,
  requiresAcknowledgement: z.boolean().default(false),
  /**
   * What changed, shown to officers asked to acknowledge again: one note for this version, or
   * one note per version (`changes: { 3: "…", 2: "…" }`), so that an officer who acknowledged
   * version 1 reads every change since.
   */
  changes: z.union([z.string().max(1000), z.record(z.string().regex(/^[1-9]\d*$/, 'Key each change by its version number.'), z.string().max(1000))]).optional(),
})
export type GuidelineFrontmatter = z.infer<typeof guidelineFrontmatterSchema>

export const moduleFrontmatterSchema = z.strictObject({
  ...commonFrontmatter,
  estimatedMinutes: z.number().int().min(1).max(600),
  passMark: z.number().int().min(1).max(100),
  certificateValidityMonths: z.number().int().min(1).max(120),
  guidelines: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
  changes: z.string().max(1000).optional(),
})
export type ModuleFrontmatter = z.infer<typeof moduleFrontmatterSchema>

const kebab = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Use kebab-case ids.')

export const quizSchema = z.strictObject({
  questions: z
    .array(
      z
        .strictObject({
          id: kebab,
          prompt: z.string().min(5),
          kind: z.enum(['single', 'multiple']),
          options: z.array(z.strictObject({ id: kebab, text: z.string().min(1), correct: z.boolean().optional() })).min(2).max(8),
          explanation: z.string().min(5),
        })
        .superRefine((question, context) => {
          const correct = question.options.filter((option) => option.correct).length
          if (correct === 0) context.addIssue({ code: 'custom', message: `Question "${question.id}" has no correct option.` })
          if (question.kind === 'single' && correct !== 1) context.addIssue({ code: 'custom', message: `Single-choice question "${question.id}" must have exactly one correct option.` })
          const ids = question.options.map((option) => option.id)
          if (new Set(ids).size !== ids.length) context.addIssue({ code: 'custom', message: `Question "${question.id}" repeats an option id.` })
        }),
    )
    .min(8, 'A quiz has at least 8 questions.')
    .refine((questions) => new Set(questions.map((question) => question.id)).size === questions.length, 'Question ids must be unique.'),
})
export type Quiz = z.infer<typeof quizSchema>

/** The organisation facts `<Org field="…">` can name: each is one line of text. */
export const orgFields = [
  'name',
  'legalEntity',
  'lawEnforcementPortalUrl',
  'lawEnforcementEmail',
  'emergencyEmail',
  'childSafetyEmail',
  'outreachEmail',
  'serviceOfProcessAddress',
  'euLegalRepresentative',
  'responseHours',
] as const
export type OrgField = (typeof orgFields)[number]

/** The languages content is translated into: every locale but English, which is the source. */
const translationLocale = z.enum(locales).exclude(['en'])
export const translationLocales = translationLocale.options

/** Facts written as sentences or addresses, which a translated page shows in its own language. */
const translatableText = z.strictObject({
  serviceOfProcessAddress: z.string().min(1).optional(),
  euLegalRepresentative: z.string().min(1).optional(),
  responseHours: z.string().min(1).optional(),
})

/** One line of the platform's retention schedule (`<RetentionSchedule />`, `<RetentionPeriod record="…" />`). */
const retentionEntry = z.strictObject({
  id: kebab,
  record: z.string().min(3),
  period: z.string().min(3),
})

export const siteSchema = z.strictObject({
  name: z.string().min(1),
  legalEntity: z.string().min(1),
  lawEnforcementPortalUrl: z.url(),
  lawEnforcementEmail: z.email(),
  emergencyEmail: z.email(),
  childSafetyEmail: z.email(),
  outreachEmail: z.email(),
  serviceOfProcessAddress: z.string().min(1),
  euLegalRepresentative: z.string().min(1),
  responseHours: z.string().min(1),
  translations: z.partialRecord(translationLocale, translatableText).default({}),
  retention: z
    .array(retentionEntry)
    .min(1)
    .refine((entries) => new Set(entries.map((entry) => entry.id)).size === entries.length, 'Retention ids must be unique.'),
})
export type Site = z.infer<typeof siteSchema>
