import { format, getDay, parse, startOfWeek } from 'date-fns'
import { enGB } from 'date-fns/locale'
import { useEffect, useMemo, useRef } from 'react'
import { Calendar, dateFnsLocalizer, type View } from 'react-big-calendar'
import withDragAndDrop from 'react-big-calendar/lib/addons/dragAndDrop'
import { wallClockDate, type CalendarView } from './calendar-schema'
import type { CalendarEvent } from './calendar.server'

// en-GB: weeks start on Monday (WEEK_STARTS_ON, which the loader's range uses) and times are 24-hour.
const localizer = dateFnsLocalizer({ format, parse, startOfWeek, getDay, locales: { 'en-GB': enGB } })

type DrawnEvent = CalendarEvent & { startDate: Date; endDate: Date }

const DragAndDropCalendar = withDragAndDrop<DrawnEvent>(Calendar)

/**
 * react-big-calendar, in the browser only (it draws in the process's own zone, and its month view
 * draws no events on the server). The events come as wall clocks in the user's zone and are
 * drawn as those wall clocks, whatever zone the browser is in; a drop is posted the same way.
 */
export default function BigCalendar({
  events,
  view,
  date,
  onNavigate,
  onOpen,
  onDrop,
  onSelectSlot,
}: {
  events: CalendarEvent[]
  view: CalendarView
  date: string
  onNavigate: (date: Date, view: CalendarView) => void
  onOpen: (event: CalendarEvent) => void
  onDrop: (event: CalendarEvent, start: Date) => void
  onSelectSlot: (start: Date) => void
}) {
  const drawn = useMemo(() => events.map((event) => ({ ...event, startDate: wallClockDate(event.start), endDate: wallClockDate(event.end) })), [events])
  const current = useMemo(() => wallClockDate(`${date}T12:00`), [date])
  const container = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const root = container.current
    if (!root) return
    // The week and day views reuse the month's table roles (rowgroup, row, columnheader) outside
    // any table, which screen readers and axe reject: there they are plain boxes. The month view's
    // roles are whole and stay.
    const stripTableRoles = () => {
      for (const element of root.querySelectorAll('.rbc-time-view [role=rowgroup], .rbc-time-view [role=row], .rbc-time-view [role=columnheader]')) {
        element.removeAttribute('role')
        element.removeAttribute('aria-sort')
      }
    }
    stripTableRoles()
    const observer = new MutationObserver(stripTableRoles)
    observer.observe(root, { childList: true, subtree: true })
    return () => observer.disconnect()
  }, [])
  return (
    <div ref={container} className="liaison-calendar card p-2" style={{ height: view === 'agenda' ? 'auto' : 720 }}>
      <DragAndDropCalendar
        localizer={localizer}
        culture="en-GB"
        events={drawn}
        startAccessor="startDate"
        endAccessor="endDate"
        allDayAccessor="allDay"
        titleAccessor="title"
        tooltipAccessor="title"
        view={view}
        views={['month', 'week', 'day', 'agenda']}
        date={current}
        onView={(next: View) => onNavigate(current, next as CalendarView)}
        // The view given here is the one shown (the view is controlled): Today, Back and Next keep it.
        onNavigate={(next: Date) => onNavigate(next, view)}
        // A day's number in the month or week opens that day, in one navigation.
        onDrillDown={(day: Date, next: View) => onNavigate(day, next as CalendarView)}
        onSelectEvent={(event) => onOpen(event)}
        onKeyPressEvent={(event, keyEvent) => {
          if ((keyEvent.nativeEvent as globalThis.KeyboardEvent).key === 'Enter') onOpen(event)
        }}
        selectable
        onSelectSlot={(slot) => onSelectSlot(slot.start)}
        draggableAccessor={(event) => Boolean(event.move)}
        resizable={false}
        onEventDrop={({ event, start }) => onDrop(event, new Date(start))}
        eventPropGetter={(event) => ({ className: `calendar-event-${event.kind}` })}
        scrollToTime={wallClockDate(`${date}T08:00`)}
        popup
      />
    </div>
  )
}
