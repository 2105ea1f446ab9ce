import type { Route } from './+types/conferences.$conferenceId[.]ics'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { findConferenceEvent } from '~/modules/calendar/calendar-events.server'
import { buildCalendar, calendarResponse } from '~/modules/calendar/ics.server'

/** "Add to calendar": the conference's days and deadlines as an .ics file (every staff member reads conferences). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const found = await findConferenceEvent(actor, params.conferenceId)
  if (!found) throw notFound()
  return calendarResponse(buildCalendar(found.events, { name: found.title }), { filename: `${found.title}.ics`, disposition: 'attachment' })
}
