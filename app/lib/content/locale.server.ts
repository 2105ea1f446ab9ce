import { isStaff } from '~/lib/auth/permissions'
import { env } from '~/lib/env.server'
import { locales, type Locale, type Role } from '#db/schema/vocabulary'

function isLocale(value: string | null | undefined): value is Locale {
  return !!value && (locales as readonly string[]).includes(value)
}

/** The browser's preferred language that content is written in, by quality, or null. */
function acceptedLocale(request: Request): Locale | null {
  const header = request.headers.get('Accept-Language') ?? ''
  const preferences = header
    .split(',')
    .map((part) => {
      const [tag, quality] = part.trim().split(';q=')
      return { language: tag.slice(0, 2).toLowerCase(), quality: quality ? Number(quality) : 1 }
    })
    .filter((entry) => entry.language && !Number.isNaN(entry.quality) && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality)
  return preferences.map((entry) => entry.language).find(isLocale) ?? null
}

/**
 * The language switch on a page (`?lang=`) is remembered in this cookie for the pages that
 * follow, signed in or not; saving a language in the settings forgets it.
 */
const LANGUAGE_COOKIE = 'liaison_lang'
const languageCookiePattern = new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=([a-z]{2})(?:;|$)`)

function switchedLocale(request: Request): Locale | null {
  const match = languageCookiePattern.exec(request.headers.get('Cookie') ?? '')
  return match && isLocale(match[1]) ? match[1] : null
}

function languageCookie(value: string, maxAge: number) {
  return `${LANGUAGE_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Lax; HttpOnly${env.APP_ORIGIN.startsWith('https:') ? '; Secure' : ''}`
}

/** The Set-Cookie that remembers a `?lang=` choice, or null when the URL makes none (or the same). */
export function rememberLanguageHeader(request: Request): string | null {
  const chosen = new URL(request.url).searchParams.get('lang')
  if (!isLocale(chosen) || chosen === switchedLocale(request)) return null
  return languageCookie(chosen, 60 * 60 * 24 * 365)
}

/** The Set-Cookie that forgets the switch, so that a language saved in the settings applies. */
export function forgetLanguageHeader(): string {
  return languageCookie('', 0)
}

/**
 * The language to show content in: an explicit `?lang=` choice, then the last one made with the
 * switch, then the language the user chose in their settings, then the browser's
 * Accept-Language, then English. A user whose setting is empty (null: "browser language") has
 * made no choice, so the browser decides.
 */
export function resolveContentLocale(request: Request, user: { locale: string | null } | null): Locale {
  const chosen = new URL(request.url).searchParams.get('lang')
  if (isLocale(chosen)) return chosen
  const switched = switchedLocale(request)
  if (switched) return switched
  if (user && isLocale(user.locale)) return user.locale
  return acceptedLocale(request) ?? 'en'
}

/**
 * The language of the screens: the content's for visitors and officers; English for the staff,
 * whose CRM is written in English only (the guidelines they read still follow their language).
 */
export function resolveInterfaceLocale(request: Request, user: { locale: string | null; role: Role } | null): Locale {
  return user && isStaff(user.role) ? 'en' : resolveContentLocale(request, user)
}
