import { z } from 'zod'

/** Languages content can be written in (client-safe). */
export const contentLocales = ['en', 'es', 'pt'] as const
export type ContentLocale = (typeof contentLocales)[number]

export const localeNames: Record<ContentLocale, string> = { en: 'English', es: 'Español', pt: 'Português' }

/**
 * The language setting of an account: one of the languages, or none (the empty option), which
 * means "follow the browser" (its Accept-Language), so that nobody is held to English because
 * they never opened the settings page.
 */
export const localePreferenceOptions = [{ value: '', label: 'Browser language' }, ...contentLocales.map((locale) => ({ value: locale, label: localeNames[locale] }))]

// Conform submits the empty option as no value at all.
export const localePreferenceField = z
  .enum(contentLocales, { error: 'Choose a language.' })
  .optional()
  .transform((locale) => locale ?? null)
