import { z } from 'zod'
import { topics } from '#db/schema/vocabulary'
import { readLocalDateTime } from '~/lib/forms/dates'
import { optionalText, optionalUrl, requiredText, uuidField, uuidOrNull, versionField } from '~/lib/forms/fields'
import { optionalCount } from '~/modules/conferences/conferences-schema'

const uuid = uuidField()

/** "2026-08-12T14:30" read as UTC; null when it is not a real moment (or outside 1900–2200). */
export function parseUtcDateTime(value: string): Date | null {
  const parts = readLocalDateTime(value)
  return parts ? new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second)) : null
}

/** The stored instant as the value of a `datetime-local` input, on the UTC clock. */
export function toUtcDateTimeInput(instant: Date | string) {
  return new Date(instant).toISOString().slice(0, 16)
}

/** One schema for the create and edit forms, on the client and the server. */
export const presentationFormSchema = z.object({
  title: requiredText(300, 'Give the presentation a title.'),
  conferenceId: uuidOrNull,
  presentedAt: z
    .string({ error: 'Enter when it was given.' })
    .trim()
    .refine((value) => parseUtcDateTime(value) !== null, 'Enter a real date and time.'),
  presenterIds: z.array(uuid).max(20, 'At most 20 presenters.').default([]),
  /** Agencies in the audience, picked like an engagement's agencies (the actor's regions only). */
  agencyIds: z.array(uuid).max(50, 'At most 50 agencies.').default([]),
  audienceSize: optionalCount(1_000_000, 'Audience size'),
  topics: z
    .array(z.enum(topics, { error: 'Choose listed topics.' }))
    .max(topics.length)
    .default([]),
  materialsUrl: optionalUrl,
  feedbackScore: z
    .string()
    .optional()
    .refine((value) => !value || /^[1-5]$/.test(value), 'Choose a score from 1 to 5.')
    .transform((value) => (value ? Number(value) : null)),
  notes: optionalText(5000, 'Notes'),
})
export type PresentationInput = z.infer<typeof presentationFormSchema>

export const presentationEditSchema = presentationFormSchema.extend({ version: versionField })

export const feedbackScoreLabels: Record<string, string> = {
  '1': '1 — poor',
  '2': '2 — fair',
  '3': '3 — good',
  '4': '4 — very good',
  '5': '5 — excellent',
}
