import { TZDate } from '@date-fns/tz'

/** "2026-11-20T14:00" in "America/Chicago" → the UTC instant. */
export function zonedLocalToUtc(local: string, timeZone: string): Date {
  const [datePart, timePart] = local.split('T')
  const [year, month, day] = datePart.split('-').map(Number)
  const [hour, minute] = timePart.split(':').map(Number)
  return new Date(new TZDate(year, month - 1, day, hour, minute, 0, timeZone).getTime())
}

/** The UTC instant as "YYYY-MM-DDTHH:mm" on the wall clock of the time zone (for form inputs). */
export function utcToZonedLocal(instant: Date | string, timeZone: string): string {
  const zoned = new TZDate(new Date(instant).getTime(), timeZone)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${zoned.getFullYear()}-${pad(zoned.getMonth() + 1)}-${pad(zoned.getDate())}T${pad(zoned.getHours())}:${pad(zoned.getMinutes())}`
}

// Building a formatter costs far more than using one, and a page formats dozens of dates in a
// handful of zones: keep one per locale and zone (there are a few hundred zones at most).
const zonedFormatters = new Map<string, Intl.DateTimeFormat>()

/** A readable date and time on the engagement's own clock, with its zone. */
export function formatInZone(instant: Date | string, timeZone: string, locale = 'en-GB') {
  const key = `${locale} ${timeZone}`
  let formatter = zonedFormatters.get(key)
  if (!formatter) {
    // dateStyle/timeStyle cannot be combined with timeZoneName in browsers, so spell the parts out.
    formatter = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    })
    zonedFormatters.set(key, formatter)
  }
  return formatter.format(new Date(instant))
}
