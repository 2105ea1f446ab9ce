import { z } from 'zod'
import { localeNames, locales } from '#db/schema/vocabulary'

/**
 * The language setting of an account: one of the languages, or none (the empty option), which
 * means "follow the browser" (its Accept-Language), so that nobody is held to English because
 * they never opened the settings page.
 */
export const localePreferenceOptions = [{ value: '', label: 'Browser language' }, ...locales.map((locale) => ({ value: locale, label: localeNames[locale] }))]

// Conform submits the empty option as no value at all.
export const localePreferenceField = z
  .enum(locales, { error: 'Choose a language.' })
  .optional()
  .transform((locale) => locale ?? null)
