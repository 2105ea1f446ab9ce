import type { Route } from './+types/presentations.$presentationId[.]ics'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { findPresentationEvent } from '~/modules/calendar/calendar-events.server'
import { buildCalendar, calendarResponse } from '~/modules/calendar/ics.server'

/** "Add to calendar": the presentation, in its conference's zone, as an .ics file. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const found = await findPresentationEvent(actor, params.presentationId)
  if (!found) throw notFound()
  return calendarResponse(buildCalendar([found.event], { name: found.title }), { filename: `${found.title}.ics`, disposition: 'attachment' })
}
