import type { CurrentUser } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { listConferenceDatesBetween } from '~/modules/conferences/conferences.server'
import { listEngagementsOfDays } from '~/modules/engagements/engagements.server'
import { utcToZonedLocal, zonedLocalToUtc } from '~/modules/engagements/local-time'
import { listPresentationsBetween } from '~/modules/presentations/presentations.server'
import { listTrainingDueDatesBetween } from '~/modules/training/training.server'
import { nextDay, visibleDays, type CalendarEventKind, type CalendarSearch, type CalendarView } from './calendar-schema'

/**
 * One thing on the calendar. `start` and `end` are wall clocks ("YYYY-MM-DDTHH:mm") in the
 * viewer's zone, worked out here: the browser draws them as they are, whatever its own zone.
 * All-day items end on the day after their last day.
 */
export type CalendarEvent = {
  id: string
  kind: CalendarEventKind
  title: string
  start: string
  end: string
  allDay: boolean
  href: string
  /** Engagements only: what a move needs. */
  move?: { engagementId: string; version: number }
}

/** How many engagements a day shows in each view; the rest are counted and linked to the list. */
export const ENGAGEMENTS_PER_DAY: Record<CalendarView, number> = { month: 4, week: 12, day: 60, agenda: 8 }

const PRESENTATION_MINUTES = 60
const DEFAULT_MEETING_MINUTES = 60

function daysBetween(from: string, to: string) {
  const days: string[] = []
  for (let day = from; day <= to; day = nextDay(day)) days.push(day)
  return days
}

/** Today on the viewer's clock. */
export function todayIn(timeZone: string) {
  return utcToZonedLocal(now(), timeZone).slice(0, 10)
}

/**
 * Everything the actor may see in the days the view shows, in their zone: engagements,
 * conference days and deadlines, presentations and officers' training due dates. Leads see their
 * regions; `mine` or `owner` keep the engagements and presentations of one person (conferences
 * and training dates belong to nobody and are left out then).
 */
export async function listCalendarEvents({ actor, search, timeZone }: { actor: CurrentUser; search: CalendarSearch; timeZone: string }) {
  const view = search.view ?? 'month'
  const date = search.date ?? todayIn(timeZone)
  const { from, to } = visibleDays(view, date)
  const fromInstant = zonedLocalToUtc(`${from}T00:00`, timeZone)
  const toInstant = zonedLocalToUtc(`${nextDay(to)}T00:00`, timeZone)
  const personId = search.mine ? actor.id : search.owner
  const wants = (kind: CalendarEventKind) => !search.kind || search.kind === kind
  const region = search.region
  const local = (instant: Date) => utcToZonedLocal(instant, timeZone)
  const none = Promise.resolve([])

  const [engagementRows, conferenceRows, presentationRows, trainingRows] = await Promise.all([
    wants('engagement')
      ? listEngagementsOfDays({ actor, days: daysBetween(from, to), timeZone, perDay: ENGAGEMENTS_PER_DAY[view], region, ownerId: personId })
      : none,
    wants('conference') && !personId ? listConferenceDatesBetween({ actor, from, to, region }) : none,
    wants('presentation') ? listPresentationsBetween({ actor, from: fromInstant, to: toInstant, region, presenterId: personId }) : none,
    wants('training') && !personId ? listTrainingDueDatesBetween({ actor, from, to, region }) : none,
  ])

  const events: CalendarEvent[] = []
  const shownByDay = new Map<string, number>()
  const busyDays: string[] = []
  for (const row of engagementRows) {
    const shown = (shownByDay.get(row.day) ?? 0) + 1
    shownByDay.set(row.day, shown)
    // The one past the day's share only says that there are more.
    if (shown > ENGAGEMENTS_PER_DAY[view]) {
      busyDays.push(row.day)
      continue
    }
    const ends = row.endsAt ?? new Date(row.startsAt.getTime() + DEFAULT_MEETING_MINUTES * 60_000)
    events.push({
      id: `engagement:${row.id}`,
      kind: 'engagement',
      title: row.title,
      start: local(row.startsAt),
      end: local(ends),
      allDay: false,
      href: `/engagements/${row.id}`,
      move: { engagementId: row.id, version: row.version },
    })
  }
  const allDay = (first: string, last: string) => ({ start: `${first}T00:00`, end: `${nextDay(last)}T00:00`, allDay: true })
  for (const day of busyDays) {
    const list = new URLSearchParams({ from: day, to: day, ...(search.mine ? { mine: '1' } : {}), ...(region ? { region } : {}) })
    events.push({
      id: `more:${day}`,
      kind: 'engagement',
      title: 'More engagements: see the list',
      href: `/engagements?${list}`,
      ...allDay(day, day),
    })
  }
  const inView = (day: string | null): day is string => day !== null && day >= from && day <= to
  for (const row of conferenceRows) {
    const href = `/conferences/${row.id}`
    if (row.startsOn <= to && row.endsOn >= from)
      events.push({ id: `conference:${row.id}`, kind: 'conference', title: row.name, href, ...allDay(row.startsOn, row.endsOn) })
    if (inView(row.registrationDeadline))
      events.push({
        id: `registration:${row.id}`,
        kind: 'conference',
        title: `Registration closes: ${row.name}`,
        href,
        ...allDay(row.registrationDeadline, row.registrationDeadline),
      })
    if (inView(row.callForPapersDeadline))
      events.push({
        id: `call-for-papers:${row.id}`,
        kind: 'conference',
        title: `Call for papers closes: ${row.name}`,
        href,
        ...allDay(row.callForPapersDeadline, row.callForPapersDeadline),
      })
  }
  for (const row of presentationRows) {
    events.push({
      id: `presentation:${row.id}`,
      kind: 'presentation',
      title: row.title,
      start: local(row.presentedAt),
      end: local(new Date(row.presentedAt.getTime() + PRESENTATION_MINUTES * 60_000)),
      allDay: false,
      href: `/presentations/${row.id}`,
    })
  }
  for (const row of trainingRows) {
    events.push({
      id: `training:${row.dueOn}:${row.agencyId}`,
      kind: 'training',
      title: `Training due: ${row.officers} ${row.officers === 1 ? 'officer' : 'officers'} of ${row.agencyName}`,
      href: `/agencies/${row.agencyId}`,
      ...allDay(row.dueOn, row.dueOn),
    })
  }
  events.sort((a, b) => (a.start === b.start ? a.title.localeCompare(b.title) : a.start < b.start ? -1 : 1))
  return { view, date, from, to, events }
}
