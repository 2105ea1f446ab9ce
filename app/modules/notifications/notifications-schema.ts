import { z } from 'zod'
import { emailCategories, type EmailCategory } from '#db/schema/vocabulary'

const checkbox = z
  .literal('on')
  .optional()
  .transform((value) => value === 'on')

/** The email choices form of /settings: one checkbox per category (an unticked box is absent). */
export const emailPreferencesSchema = z.object({
  reminders: checkbox,
  digests: checkbox,
  training: checkbox,
  guidelines: checkbox,
} satisfies Record<EmailCategory, typeof checkbox>)

/** The categories in the order the settings list them. */
export const emailCategoryOrder: readonly EmailCategory[] = emailCategories
