import type { Route } from './+types/training.$slug.due[.]ics'
import { notFound, requireUser } from '~/lib/auth/guards.server'
import { findTrainingDueEvent } from '~/modules/calendar/calendar-events.server'
import { buildCalendar, calendarResponse } from '~/modules/calendar/ics.server'

/** "Add to calendar": the due date of a module assigned to me and not yet completed; 404 otherwise. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const found = await findTrainingDueEvent(user, params.slug)
  if (!found) throw notFound()
  return calendarResponse(buildCalendar([found.event], { name: found.title }), { filename: `${params.slug}-due.ics`, disposition: 'attachment' })
}
