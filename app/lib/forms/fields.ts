import { z } from 'zod'
import { uuidPattern } from '~/lib/uuid'
import { isCalendarDate, isLocalDateTime } from './dates'
import { toPersonName, toStorableText } from './text'

/**
 * Small zod building blocks shared by the CRM forms and list filters. Blank inputs become
 * undefined (Conform sends nothing for an empty field), every text has an upper bound and loses
 * the characters PostgreSQL refuses, and every id, date and number is one the database accepts:
 * bad input is a field error (or an ignored filter), never a 500.
 */

/** A string as typed, without NUL and the other invisible control characters (see text.ts). */
export const typedString = (params?: Parameters<typeof z.string>[0]) => z.string(params).overwrite(toStorableText)

export const optionalText = (max: number, label = 'This field') =>
  typedString()
    .trim()
    .max(max, `${label} is at most ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : null))

export const requiredText = (max: number, message: string) => typedString({ error: message }).trim().min(1, message).max(max, `Use at most ${max} characters.`)

export const optionalUrl = typedString()
  .trim()
  .max(500, 'Use at most 500 characters.')
  .optional()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || /^https?:\/\/[^\s]+\.[^\s]+/.test(value), 'Enter a full web address starting with https://')

/** "a, b; c" → ['a', 'b', 'c'] (trimmed, lower-cased when asked, without duplicates). */
export const separatedList = (options: { lowerCase?: boolean; maxItems?: number; itemMax?: number; label: string }) =>
  typedString()
    .optional()
    .transform((value) => {
      const items = (value ?? '')
        .split(/[,;\n]/)
        .map((item) => item.trim())
        .filter(Boolean)
        .map((item) => (options.lowerCase ? item.toLowerCase() : item))
      return [...new Set(items)]
    })
    .refine((items) => items.length <= (options.maxItems ?? 20), `List at most ${options.maxItems ?? 20} ${options.label}.`)
    .refine(
      (items) => items.every((item) => item.length <= (options.itemMax ?? 60)),
      `Each of the ${options.label} is at most ${options.itemMax ?? 60} characters.`,
    )

/** An id chosen from a list (the canonical uuid spelling, the only one a uuid column takes quietly). */
export const uuidField = (message = 'Choose from the list.') => z.string({ error: message }).regex(uuidPattern, message)

export const uuidOrNull = z
  .string()
  .optional()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || uuidPattern.test(value), 'Choose from the list.')

/** The largest value of a PostgreSQL `integer` column (record versions, counts). */
export const MAX_INTEGER = 2_147_483_647

export const versionField = z.coerce
  .number({ error: 'The form is out of date; reload the page.' })
  .int('The form is out of date; reload the page.')
  .min(1, 'The form is out of date; reload the page.')
  .max(MAX_INTEGER, 'The form is out of date; reload the page.')

/** A calendar day typed as YYYY-MM-DD (a date input), real and within 1900–2200. */
export const calendarDateField = (missing: string, invalid = 'Enter a real date.') =>
  z.string({ error: missing }).trim().min(1, missing).refine(isCalendarDate, invalid)

/** The same, blank meaning "none". */
export const optionalCalendarDate = (invalid = 'Enter a real date.') => z.string().trim().refine(isCalendarDate, invalid).optional()

/** A wall-clock date and time typed as YYYY-MM-DDTHH:mm (a datetime-local input), real and within 1900–2200. */
export const localDateTimeField = (missing: string, invalid = 'Enter a real date and time.') =>
  z.string({ error: missing }).trim().min(1, missing).refine(isLocalDateTime, invalid)

export const optionalLocalDateTime = (invalid = 'Enter a real date and time.') => z.string().trim().refine(isLocalDateTime, invalid).optional()

/** Values accepted in list filters: anything malformed is simply ignored. */
export const optionalFilter = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined)
export const pageFilter = z.coerce.number().int().min(1).max(100_000).default(1).catch(1)
export const isoDateFilter = optionalFilter(z.string().refine(isCalendarDate))
export const uuidFilter = optionalFilter(z.string().regex(uuidPattern))

/** A list's search box (`?q=`): storable text, trimmed; longer than `max` is ignored. */
export const searchFilter = (max = 200) => optionalFilter(typedString().trim().max(max))

/** A type-ahead's query as a module search function takes it: storable, trimmed, at most `max` long. */
export function parseSearchQuery(value: unknown, max = 100): string {
  if (typeof value !== 'string') return ''
  return toStorableText(value.trim().slice(0, max)).trim()
}

/**
 * A person's name, in every form that takes one (accounts, officers, contacts): without the
 * invisible characters that could disguise it, such as a right-to-left override (see
 * `toPersonName`), trimmed, and between `min` and `max` characters.
 */
export const personName = ({ missing, max = 120, min = 2 }: { missing: string; max?: number; min?: number }) =>
  z.string({ error: missing }).overwrite(toPersonName).min(min, missing).max(max, `Use at most ${max} characters.`)
