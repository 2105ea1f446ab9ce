import { TZDate } from '@date-fns/tz'
import type { Locale } from '#db/schema/vocabulary'
import { intlLocales } from '~/lib/i18n/i18n'

const pad = (value: number) => String(value).padStart(2, '0')

/** The recipient's calendar day (ISO), hour and weekday (0 = Sunday) at a moment, in their zone. */
export function localMoment(at: Date, zone: string) {
  const local = new TZDate(at.getTime(), zone)
  return { day: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`, hour: local.getHours(), weekday: local.getDay() }
}

/** True from `hour` on in the zone (NOTIFY_LOCAL_HOUR, 07:00 by default): the moment a day's notifications may go. */
export function isSendingHour(at: Date, zone: string, hour: number) {
  return localMoment(at, zone).hour >= hour
}

/** An ISO day moved by whole days. */
export function addDays(day: string, days: number) {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** An ISO day as people read it ("12 March 2026"), in a language. */
export function formatDay(day: string, locale: Locale) {
  return new Intl.DateTimeFormat(intlLocales[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`))
}

/** A moment as the recipient reads it in their zone ("Tuesday 10:00 CET"). */
export function formatMomentIn(at: Date, zone: string, locale: Locale) {
  return new Intl.DateTimeFormat(intlLocales[locale], { weekday: 'long', hour: 'numeric', minute: '2-digit', timeZone: zone, timeZoneName: 'short' }).format(at)
}
