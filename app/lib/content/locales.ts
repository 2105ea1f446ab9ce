/** Languages content can be written in (client-safe). */
export const contentLocales = ['en', 'es', 'pt'] as const
export type ContentLocale = (typeof contentLocales)[number]

export const localeNames: Record<ContentLocale, string> = { en: 'English', es: 'Español', pt: 'Português' }
