import { BROWSER_TIME_ZONE_COOKIE, isValidTimeZone } from './time-zone'

const cookiePattern = new RegExp(`(?:^|;\\s*)${BROWSER_TIME_ZONE_COOKIE}=([^;]*)`)

/** The zone the browser reported in its cookie, when it is a real one. */
export function browserTimeZone(request: Request): string | null {
  const match = cookiePattern.exec(request.headers.get('Cookie') ?? '')
  if (!match) return null
  let zone: string
  try {
    zone = decodeURIComponent(match[1])
  } catch {
    return null
  }
  return isValidTimeZone(zone) ? zone : null
}

/**
 * The one rule for the zone a user sees times in: the zone chosen in the settings, else the one
 * the browser reported, else UTC.
 */
export function resolveTimeZone(chosen: string | null | undefined, request: Request): string {
  if (chosen && isValidTimeZone(chosen)) return chosen
  return browserTimeZone(request) ?? 'UTC'
}
