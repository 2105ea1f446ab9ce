import { format } from 'date-fns'
import { Link } from 'react-router'
import { EmptyState } from '~/components/page-header'
import { wallClockDate } from './calendar-schema'
import type { CalendarEvent } from './calendar.server'

const kindNames: Record<CalendarEvent['kind'], string> = {
  engagement: 'Engagement',
  conference: 'Conference',
  presentation: 'Presentation',
  training: 'Training due',
}

function timeOf(event: CalendarEvent) {
  if (event.allDay) return 'All day'
  return `${event.start.slice(11)}–${event.end.slice(11)}`
}

/**
 * The events in view as a table by day: the page's first paint, what a browser without
 * JavaScript shows, and the keyboard's and screen reader's way to every event and its "Move…".
 * Times are the wall clocks the server worked out in the user's zone, so the server's render and
 * the browser's are the same.
 */
export function CalendarAgenda({
  events,
  timeZone,
  interactive,
  onMove,
}: {
  events: CalendarEvent[]
  timeZone: string
  /** After hydration: "Move…" opens the dialog; before, it is a link to the edit form. */
  interactive: boolean
  onMove: (event: CalendarEvent) => void
}) {
  if (events.length === 0)
    return (
      <EmptyState title="Nothing in these days">
        Pick other days or filters, or <Link to="/engagements/new">log an engagement</Link>.
      </EmptyState>
    )
  const days = new Map<string, CalendarEvent[]>()
  for (const event of events) {
    const day = event.start.slice(0, 10)
    days.set(day, [...(days.get(day) ?? []), event])
  }
  return (
    <div className="card overflow-x-auto p-0">
      <table className="calendar-agenda w-full text-sm">
        <caption className="sr-only">Events in view, times in {timeZone}</caption>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            <th scope="col" className="px-3 py-2">
              Day
            </th>
            <th scope="col" className="px-3 py-2">
              Time ({timeZone})
            </th>
            <th scope="col" className="px-3 py-2">
              What
            </th>
            <th scope="col" className="px-3 py-2">
              Kind
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {[...days].map(([day, dayEvents]) =>
            dayEvents.map((event, index) => (
              <tr key={event.id}>
                {index === 0 ? (
                  <th scope="rowgroup" rowSpan={dayEvents.length}>
                    {format(wallClockDate(day), 'EEE d MMM yyyy')}
                  </th>
                ) : null}
                <td className="calendar-agenda-time">{timeOf(event)}</td>
                <td>
                  <Link to={event.href}>{event.title}</Link>
                </td>
                <td className="text-muted">{kindNames[event.kind]}</td>
                <td className="text-right">
                  {event.move ? (
                    interactive ? (
                      <button type="button" className="btn-secondary" onClick={() => onMove(event)} aria-label={`Move ${event.title}…`}>
                        Move…
                      </button>
                    ) : (
                      // Only before hydration or without JavaScript: a plain link (a router Link costs
                      // its render on every row of a busy month).
                      <a href={`${event.href}/edit`} className="btn-secondary" aria-label={`Move ${event.title}…`}>
                        Move…
                      </a>
                    )
                  ) : null}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  )
}
