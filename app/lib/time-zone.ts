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

let choices: string[] | null = null

/** Every IANA zone the runtime supports, UTC first (for the settings select). */
export function timeZoneChoices(): string[] {
  choices ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]
  return choices
}

/** The cookie in which the browser tells the server its zone (set by a script in the root). */
export const BROWSER_TIME_ZONE_COOKIE = 'tz'

/**
 * The script the root runs on every page: it writes the browser's zone into the cookie when the
 * cookie is missing or out of date (the laptop travelled). Inline so that it runs before any
 * navigation, and small enough to read.
 */
export const browserTimeZoneScript = `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(!z)return;var c=document.cookie.match(/(?:^|; )${BROWSER_TIME_ZONE_COOKIE}=([^;]*)/);if(c&&decodeURIComponent(c[1])===z)return;document.cookie='${BROWSER_TIME_ZONE_COOKIE}='+encodeURIComponent(z)+'; Path=/; Max-Age=31536000; SameSite=Lax'+(location.protocol==='https:'?'; Secure':'')}catch(e){}})()`
