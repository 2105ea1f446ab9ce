// Its own file: the root imports only this string, not the zone list of time-zone.ts.

/** The cookie in which the browser tells the server its zone (set by a script in the root). */
export const BROWSER_TIME_ZONE_COOKIE = 'tz'

/**
 * The script the root runs on every page: it writes the browser's zone into the cookie when the
 * cookie is missing or out of date (the laptop travelled). Inline so that it runs before any
 * navigation, and small enough to read.
 */
export const browserTimeZoneScript = `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(!z)return;var c=document.cookie.match(/(?:^|; )${BROWSER_TIME_ZONE_COOKIE}=([^;]*)/);if(c&&decodeURIComponent(c[1])===z)return;document.cookie='${BROWSER_TIME_ZONE_COOKIE}='+encodeURIComponent(z)+'; Path=/; Max-Age=31536000; SameSite=Lax'+(location.protocol==='https:'?'; Secure':'')}catch(e){}})()`
