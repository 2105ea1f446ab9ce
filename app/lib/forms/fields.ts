import { z } from 'zod'

/**
 * Small zod building blocks shared by the CRM forms. Blank inputs become undefined (Conform
 * sends nothing for an empty field), and every text has an upper bound.
 */
export const optionalText = (max: number, label = 'This field') =>
  z
    .string()
    .trim()
    .max(max, `${label} is at most ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : null))

export const requiredText = (max: number, message: string) =>
  z.string({ error: message }).trim().min(1, message).max(max, `Use at most ${max} characters.`)

export const optionalUrl = z
  .string()
  .trim()
  .max(500, 'Use at most 500 characters.')
  .optional()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || /^https?:\/\/[^\s]+\.[^\s]+/.test(value), 'Enter a full web address starting with https://')

/** "a, b; c" → ['a', 'b', 'c'] (trimmed, lower-cased when asked, without duplicates). */
export const separatedList = (options: { lowerCase?: boolean; maxItems?: number; itemMax?: number; label: string }) =>
  z
    .string()
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
    .refine((items) => items.every((item) => item.length <= (options.itemMax ?? 60)), `Each of the ${options.label} is at most ${options.itemMax ?? 60} characters.`)

export const uuidOrNull = z
  .string()
  .optional()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || /^[0-9a-f-]{36}$/i.test(value), 'Choose from the list.')

export const versionField = z.coerce.number({ error: 'The form is out of date; reload the page.' }).int().min(1)

/** Values accepted in list filters: anything malformed is simply ignored. */
export const optionalFilter = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined)
export const pageFilter = z.coerce.number().int().min(1).max(100_000).default(1).catch(1)
export const isoDateFilter = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)
