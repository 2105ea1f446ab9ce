import { z } from 'zod'
import { topics } from '#db/schema/crm'
import { optionalText, optionalUrl, requiredText, uuidOrNull, versionField } from '~/lib/forms/fields'
import { optionalCount } from '~/modules/conferences/conferences-schema'

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Choose from the list.')

const utcDateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/

/** "2026-08-12T14:30" read as UTC; null when it is not a real moment. */
export function parseUtcDateTime(value: string): Date | null {
  if (!utcDateTimePattern.test(value)) return null
  const [datePart, timePart] = value.split('T')
  const [year, month, day] = datePart.split('-').map(Number)
  const [hour, minute, second = 0] = timePart.split(':').map(Number)
  if (year < 1900 || year > 2200 || hour > 23 || minute > 59 || second > 59) return null
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null
}

/** The stored instant as the value of a `datetime-local` input, on the UTC clock. */
export function toUtcDateTimeInput(instant: Date | string) {
  return new Date(instant).toISOString().slice(0, 16)
}

/** One schema for the create and edit forms, on the client and the server. */
export const presentationFormSchema = z.object({
  title: requiredText(300, 'Give the presentation a title.'),
  conferenceId: uuidOrNull,
  presentedAt: z.string({ error: 'Enter when it was given.' }).trim().refine((value) => parseUtcDateTime(value) !== null, 'Enter a real date and time.'),
  presenterIds: z.array(uuid).max(20, 'At most 20 presenters.').default([]),
  audienceSize: optionalCount(1_000_000, 'Audience size'),
  topics: z.array(z.enum(topics, { error: 'Choose listed topics.' })).max(topics.length).default([]),
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
