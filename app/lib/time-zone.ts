/**
 * Time zones (client-safe). A zone is an IANA name the runtime's Intl knows; the list offered
 * in forms is the runtime's own, with UTC first.
 */
export function isValidTimeZone(zone: string) {
  if (!zone || zone.length > 100) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/**
 * The zone a user's local times are computed in when no browser is asking (a reminder's hour,
 * "the day before", "Monday"): the zone stored for them, or UTC while they have none (or one this
 * runtime does not know). A page uses the request's zone (`resolveTimeZone`) instead.
 */
export function zoneOf(user: { timeZone: string | null }): string {
  return user.timeZone && isValidTimeZone(user.timeZone) ? user.timeZone : 'UTC'
}

let choices: string[] | null = null

/** Every IANA zone the runtime supports, UTC first (for the settings select). */
export function timeZoneChoices(): string[] {
  choices ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]
  return choices
}

export { BROWSER_TIME_ZONE_COOKIE } from './browser-time-zone-script'
