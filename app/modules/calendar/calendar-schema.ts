import { addDays, endOfMonth, endOfWeek, format, startOfMonth, startOfWeek } from 'date-fns'
import { z } from 'zod'
import { regionCodes } from '#db/schema/vocabulary'
import { calendarDateField, isoDateFilter, optionalFilter, uuidField, uuidFilter, versionField } from '~/lib/forms/fields'

export const calendarViews = ['month', 'week', 'day', 'agenda'] as const
export type CalendarView = (typeof calendarViews)[number]

/** What the calendar shows; conference days and their deadlines are both "conference". */
export const calendarEventKinds = ['engagement', 'conference', 'presentation', 'training'] as const
export type CalendarEventKind = (typeof calendarEventKinds)[number]

export const calendarEventKindLabels: Record<CalendarEventKind, string> = {
  engagement: 'Engagements',
  conference: 'Conferences and deadlines',
  presentation: 'Presentations',
  training: 'Training due dates',
}

/** The calendar's address: view, day and filters (a bad value falls back to the default). */
export const calendarSearchSchema = z.object({
  view: optionalFilter(z.enum(calendarViews)),
  date: isoDateFilter,
  region: optionalFilter(z.enum(regionCodes)),
  kind: optionalFilter(z.enum(calendarEventKinds)),
  owner: uuidFilter,
  mine: optionalFilter(z.literal('1')),
})
export type CalendarSearch = z.infer<typeof calendarSearchSchema>

/** Moving an engagement (by drag and drop or the "Move…" dialog): the new start on the user's clock. */
export const moveEngagementSchema = z.object({
  intent: z.literal('move'),
  engagementId: uuidField(),
  version: versionField,
  date: calendarDateField('Enter the new date.'),
  time: z
    .string({ error: 'Enter the new time.' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time such as 14:30.'),
  /** The calendar's address, to come back to. */
  returnTo: z.string().optional(),
})
export type MoveEngagementInput = z.infer<typeof moveEngagementSchema>

/** Weeks start on Monday, here and in the calendar's localizer. */
export const WEEK_STARTS_ON = 1

/** Agenda view length in days (react-big-calendar's default). */
export const AGENDA_DAYS = 30

function dayOf(isoDay: string) {
  const [year, month, day] = isoDay.split('-').map(Number)
  // Noon: no zone moves its clocks at noon, so the day never slips.
  return new Date(year, month - 1, day, 12)
}

const isoDay = (date: Date) => format(date, 'yyyy-MM-dd')

/** The first and last day (inclusive, ISO) that a view of a day shows: what the loader fetches. */
export function visibleDays(view: CalendarView, date: string): { from: string; to: string } {
  const day = dayOf(date)
  const week = { weekStartsOn: WEEK_STARTS_ON } as const
  switch (view) {
    case 'month':
      return { from: isoDay(startOfWeek(startOfMonth(day), week)), to: isoDay(endOfWeek(endOfMonth(day), week)) }
    case 'week':
      return { from: isoDay(startOfWeek(day, week)), to: isoDay(endOfWeek(day, week)) }
    case 'day':
      return { from: date, to: date }
    case 'agenda':
      return { from: date, to: isoDay(addDays(day, AGENDA_DAYS - 1)) }
  }
}

/** The ISO day after this one. */
export function nextDay(date: string) {
  return isoDay(addDays(dayOf(date), 1))
}

/** "2027-03-24T04:00" → a Date with that wall clock in the browser (what react-big-calendar draws). */
export function wallClockDate(local: string) {
  const [datePart, timePart = '00:00'] = local.split('T')
  const [year, month, day] = datePart.split('-').map(Number)
  const [hour, minute] = timePart.split(':').map(Number)
  return new Date(year, month - 1, day, hour, minute)
}

/** The wall clock of a Date in the browser, as "YYYY-MM-DDTHH:mm" (what a move posts). */
export function wallClockText(date: Date) {
  return format(date, "yyyy-MM-dd'T'HH:mm")
}
