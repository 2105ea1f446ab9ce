import { z } from 'zod'
import { conferenceAudiences, conferenceStatuses, regionCodes } from '#db/schema/vocabulary'
import { EARLIEST_YEAR, LATEST_YEAR } from '~/lib/forms/dates'
import { isValidTimeZone } from '~/lib/time-zone'
import {
  calendarDateField,
  optionalCalendarDate,
  optionalFilter,
  optionalText,
  optionalUrl,
  pageFilter,
  requiredText,
  typedString,
  versionField,
} from '~/lib/forms/fields'

/** A real calendar day in a plausible range: Postgres would refuse 2025-02-30 with an error. */
export { isCalendarDate } from '~/lib/forms/dates'

export type ConferenceAudience = (typeof conferenceAudiences)[number]
export type ConferenceStatus = (typeof conferenceStatuses)[number]

export const conferenceAudienceLabels: Record<ConferenceAudience, string> = {
  law_enforcement_only: 'Law enforcement only',
  mixed: 'Mixed audience',
}

export const conferenceStatusLabels: Record<ConferenceStatus, string> = {
  considering: 'Considering',
  registered: 'Registered',
  attended: 'Attended',
  cancelled: 'Cancelled',
}

/** Badge colours of each status (the `badge` utility supplies the shape). */
export const conferenceStatusStyles: Record<ConferenceStatus, string> = {
  considering: 'bg-canvas text-muted',
  registered: 'bg-accent-soft text-accent-strong ring-accent/20',
  attended: 'bg-success-soft text-success ring-success/20',
  cancelled: 'bg-danger-soft text-danger ring-danger/20',
}

/** A whole number typed in a form, blank meaning "not known". */
export const optionalCount = (max: number, label: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || /^\d{1,9}$/.test(value), `${label} is a whole number, 0 or more.`)
    .transform((value) => (value ? Number(value) : null))
    .refine((value) => value === null || value <= max, `${label} is at most ${max.toLocaleString('en')}.`)

/** A deadline day, blank for none (stored as null, so that clearing it clears it). */
const optionalDeadline = optionalCalendarDate().transform((value) => value ?? null)

/** One schema for the create and edit forms, on the client and the server. */
export const conferenceFormSchema = z
  .object({
    name: requiredText(200, 'Enter the conference name.'),
    organiser: optionalText(200, 'Organiser'),
    startsOn: calendarDateField('Enter the first day.'),
    endsOn: calendarDateField('Enter the last day.'),
    city: optionalText(120, 'City'),
    countryCode: z.string({ error: 'Choose a country.' }).regex(/^[A-Z]{2}$/, 'Choose a country.'),
    website: optionalUrl,
    audience: z.enum(conferenceAudiences, { error: 'Choose the audience.' }).default('mixed'),
    status: z.enum(conferenceStatuses, { error: 'Choose a status.' }).default('considering'),
    expectedAttendance: optionalCount(1_000_000, 'Expected attendance'),
    notes: optionalText(5000, 'Notes'),
    /** The venue's zone: presentation times are entered and shown in it. */
    timeZone: z.string({ error: 'Choose the venue’s time zone.' }).trim().refine(isValidTimeZone, 'Choose a time zone from the list.').default('UTC'),
    registrationDeadline: optionalDeadline,
    callForPapersDeadline: optionalDeadline,
  })
  .refine((value) => !value.startsOn || !value.endsOn || value.endsOn >= value.startsOn, { message: 'The last day is before the first day.', path: ['endsOn'] })
  .refine((value) => !value.registrationDeadline || value.registrationDeadline <= value.startsOn, {
    message: 'Registration must close on or before the first day.',
    path: ['registrationDeadline'],
  })
  .refine((value) => !value.callForPapersDeadline || value.callForPapersDeadline <= value.startsOn, {
    message: 'The call for papers must close on or before the first day.',
    path: ['callForPapersDeadline'],
  })
export type ConferenceInput = z.infer<typeof conferenceFormSchema>

export const conferenceEditSchema = conferenceFormSchema.safeExtend({ version: versionField })

/** `upcoming`: conferences not yet over, soonest first, then past ones, latest first. */
export const conferenceSorts = ['upcoming', 'startsOn', '-startsOn', 'name', '-name'] as const
export type ConferenceSort = (typeof conferenceSorts)[number]

/** Filters of the conference list, all kept in the URL. Malformed values are ignored, never a 500. */
export const conferenceListFilters = z.object({
  q: optionalFilter(typedString().trim().min(1).max(200)),
  region: optionalFilter(z.enum(regionCodes)),
  status: optionalFilter(z.enum(conferenceStatuses)),
  audience: optionalFilter(z.enum(conferenceAudiences)),
  year: optionalFilter(z.coerce.number().int().min(EARLIEST_YEAR).max(LATEST_YEAR)),
  sort: z.enum(conferenceSorts).catch('upcoming').default('upcoming'),
  page: pageFilter,
})
export type ConferenceListFilters = z.infer<typeof conferenceListFilters>

export function parseConferenceFilters(searchParams: URLSearchParams): ConferenceListFilters {
  return conferenceListFilters.parse(Object.fromEntries(searchParams))
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec']

/**
 * "12–15 Aug 2026" style, from the stored ISO days (calendar days, no time zone). Written out by
 * hand rather than with Intl's formatRange: Node's ICU and the browser's put different spaces
 * around the dash, and a page whose text differs from the server's does not hydrate. Month names
 * as Intl's en-GB dates elsewhere in the app.
 */
export function formatConferenceDates(startsOn: string, endsOn: string) {
  const [start, end] = [startsOn, endsOn].map((day) => {
    const [year, month, date] = day.split('-').map(Number)
    return { year, month: monthNames[month - 1], date }
  })
  const full = (day: typeof start) => `${day.date} ${day.month} ${day.year}`
  if (startsOn === endsOn) return full(start)
  if (start.year === end.year && start.month === end.month) return `${start.date}–${full(end)}`
  if (start.year === end.year) return `${start.date} ${start.month} – ${full(end)}`
  return `${full(start)} – ${full(end)}`
}
