import { locales, type Locale } from '#db/schema/vocabulary'

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
 * The language to show content in: an explicit `?lang=` choice, then the language the user
 * chose in their settings, then the browser's Accept-Language, then English. A user whose
 * setting is empty (null: "browser language") has made no choice, so the browser decides.
 */
export function resolveContentLocale(request: Request, user: { locale: string | null } | null): Locale {
  const chosen = new URL(request.url).searchParams.get('lang')
  if (isLocale(chosen)) return chosen
  if (user && isLocale(user.locale)) return user.locale
  return acceptedLocale(request) ?? 'en'
}
