import { z } from 'zod'
import { optionalFilter, optionalText, pageFilter, personName, searchFilter, typedString, uuidFilter, uuidOrNull, versionField } from '~/lib/forms/fields'

export const contactFormSchema = z.object({
  agencyId: uuidOrNull.refine((value) => value !== null, 'Choose the agency.'),
  fullName: personName({ missing: 'Enter the full name.', max: 160, min: 1 }),
  title: optionalText(120, 'Title or rank'),
  unit: optionalText(160, 'Unit'),
  email: typedString()
    .trim()
    .max(254, 'That email address is too long.')
    .optional()
    .transform((value) => (value ? value.toLowerCase() : null))
    .refine((value) => value === null || z.email().safeParse(value).success, 'Enter a valid email address.'),
  phone: optionalText(40, 'Phone'),
  preferredLanguage: optionalText(40, 'Preferred language'),
  isPrimary: z
    .string()
    .optional()
    .transform((value) => value === 'on' || value === 'true'),
  notes: optionalText(5000, 'Notes'),
  /** Set when the user saw the duplicate warning and chose to save anyway. */
  confirmDuplicate: z
    .string()
    .optional()
    .transform((value) => value === 'yes'),
})
export type ContactInput = z.infer<typeof contactFormSchema>

export const contactEditSchema = contactFormSchema.extend({ version: versionField })

export const contactListFilters = z.object({
  q: searchFilter(200),
  agency: uuidFilter,
  archived: optionalFilter(z.literal('1')),
  page: pageFilter,
})
export type ContactListFilters = z.infer<typeof contactListFilters>
