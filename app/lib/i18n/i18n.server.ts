import type { Locale, Role } from '#db/schema/vocabulary'
import { resolveInterfaceLocale } from '~/lib/content/locale.server'
import { i18nFor, type Translation } from './i18n'
import es from './messages/es'
import fr from './messages/fr'
import pt from './messages/pt'

const translations: Record<Exclude<Locale, 'en'>, Translation> = { es, pt, fr }

/** What the root loader passes to the page: the translation of its language (none for English). */
export function messagesFor(locale: Locale): Translation | null {
  return locale === 'en' ? null : translations[locale]
}

/** The translate function of a language, for server code: emails, toasts, page titles. */
export function translator(locale: Locale) {
  return i18nFor(locale, messagesFor(locale)).t
}

/** The translate function of the screens a request is answered in (see resolveInterfaceLocale). */
export function requestTranslator(request: Request, user: { locale: string | null; role: Role } | null = null) {
  return translator(resolveInterfaceLocale(request, user))
}
