import type { Route } from './+types/calendar[.]ics'
import { notFound } from '~/lib/auth/guards.server'
import { releaseAttempts, takeAttempt, throttledResponse } from '~/lib/auth/throttle.server'
import { requestMeta } from '~/lib/request-meta.server'
import { listFeedEvents } from '~/modules/calendar/calendar-events.server'
import { authenticateCalendarFeed } from '~/modules/calendar/calendar-feed.server'
import { buildCalendar, calendarResponse } from '~/modules/calendar/ics.server'

/**
 * /calendar.ics?token=…: the personal feed calendar apps subscribe to, no session needed. A
 * missing, wrong, rotated or revoked token is a bare 404; misses are counted per IP
 * (`calendar_feed`) and past the limit every request is a 429 until the oldest miss leaves the
 * window. A token that works gives its attempt back.
 */
export async function loader({ request, context, url }: Route.LoaderArgs) {
  const attempt = await takeAttempt('calendar_feed', { ip: requestMeta(request, context).ip })
  if (attempt.wait > 0) throw throttledResponse(attempt.wait)
  const viewer = await authenticateCalendarFeed(url.searchParams.get('token') ?? '')
  if (!viewer) throw notFound()
  await releaseAttempts(attempt.ids)
  const body = buildCalendar(await listFeedEvents(viewer), { name: `Liaison · ${viewer.name}` })
  return calendarResponse(body, { filename: 'liaison.ics', disposition: 'inline' })
}
