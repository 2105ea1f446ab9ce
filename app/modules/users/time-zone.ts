/**
 * The one reading of a user's time zone: the IANA zone they chose or their browser reported, or
 * UTC while they have none (or one this runtime does not know). Every local time the app
 * computes for a person (a reminder's hour, "the day before", "Monday") goes through it.
 */
export function zoneOf(user: { timeZone: string | null }): string {
  const zone = user.timeZone
  if (!zone) return 'UTC'
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone
  } catch {
    return 'UTC'
  }
}
