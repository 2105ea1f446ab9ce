import type { Route } from './+types/engagements.$engagementId[.]ics'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { findEngagementEvent } from '~/modules/calendar/calendar-events.server'
import { buildCalendar, calendarResponse } from '~/modules/calendar/ics.server'

/** "Add to calendar": the engagement as an .ics file, for those who may open its page. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const found = await findEngagementEvent(actor, params.engagementId)
  if (!found) throw notFound()
  return calendarResponse(buildCalendar([found.event], { name: found.title }), { filename: `${found.title}.ics`, disposition: 'attachment' })
}
