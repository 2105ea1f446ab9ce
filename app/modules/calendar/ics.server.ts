import { TZDate } from '@date-fns/tz'
import { getVtimezoneComponent } from '@touch4it/ical-timezones'
import ical, { ICalEventStatus, type ICalEventData } from 'ical-generator'
import type { ConferenceStatus, EngagementKind } from '#db/schema/vocabulary'
import { env } from '~/lib/env.server'
import { conferenceStatusLabels } from '~/modules/conferences/conferences-schema'
import { engagementKindLabels } from '~/modules/engagements/engagements-schema'

/*
 * iCalendar (RFC 5545) for the feed and the "Add to calendar" downloads: one function per kind
 * of event turns a record into ical-generator's event data; `buildCalendar` writes the file.
 *
 * - UIDs are `<kind>-<id>@<host of APP_ORIGIN>`, the same on every fetch, and SEQUENCE is the
 *   record's version, so a client updates an event in place after an edit.
 * - Timed events carry their IANA zone (TZID) with a VTIMEZONE block from @touch4it/ical-timezones;
 *   UTC times are written as UTC. Dates (conferences, due dates) are all-day DATE values, which
 *   carry no zone by definition.
 * - Every event links back to its page (URL, and in the description for clients that hide URL).
 */

const origin = env.APP_ORIGIN
const uidHost = new URL(origin).hostname

export type CalendarEventKind = 'engagement' | 'conference' | 'registration-deadline' | 'call-for-papers-deadline' | 'presentation' | 'training'

export function eventUid(kind: CalendarEventKind, id: string) {
  return `${kind}-${id}@${uidHost}`
}

const zoneIds = new Map<string, string | null>()

/**
 * The TZID a zone is written under: its own name, or the canonical one an alias's VTIMEZONE
 * carries (Node names some zones by their old ids: Asia/Calcutta is Asia/Kolkata's block). Null
 * for UTC and for a zone no VTIMEZONE describes: those times are written in UTC.
 */
function tzidFor(zone: string): string | null {
  if (!zoneIds.has(zone)) {
    const block = zone === 'UTC' || zone === 'Etc/UTC' ? null : getVtimezoneComponent(zone)
    zoneIds.set(zone, block?.match(/^TZID:(.+)$/m)?.[1]?.trim() ?? null)
  }
  return zoneIds.get(zone) ?? null
}

/** A moment in its zone: local time and TZID when the zone can be described, else UTC. */
function inZone(at: Date, zone: string): { value: Date; timezone: string | null } {
  const tzid = tzidFor(zone)
  return tzid ? { value: new TZDate(at.getTime(), zone), timezone: tzid } : { value: at, timezone: null }
}

/** An all-day DATE value: ical-generator writes a zone-less date from the UTC fields. */
function calendarDay(day: string) {
  return new Date(`${day}T00:00:00Z`)
}

function nextDay(day: string) {
  return new Date(calendarDay(day).getTime() + 24 * 60 * 60_000)
}

function describe(lines: (string | null | undefined)[], link: string, openLine = `Open in Liaison: ${link}`) {
  return [...lines.filter(Boolean), openLine].join('\n\n')
}

export type EngagementForCalendar = {
  id: string
  kind: EngagementKind
  title: string
  startsAt: Date
  endsAt: Date | null
  timeZone: string
  location: string | null
  version: number
  updatedAt: Date
}

export function engagementEvent(engagement: EngagementForCalendar): ICalEventData {
  const link = `${origin}/engagements/${engagement.id}`
  const start = inZone(engagement.startsAt, engagement.timeZone)
  return {
    id: eventUid('engagement', engagement.id),
    sequence: engagement.version,
    stamp: engagement.updatedAt,
    lastModified: engagement.updatedAt,
    start: start.value,
    end: engagement.endsAt ? inZone(engagement.endsAt, engagement.timeZone).value : null,
    timezone: start.timezone,
    summary: engagement.title,
    location: engagement.location,
    description: describe([engagementKindLabels[engagement.kind]], link),
    url: link,
  }
}

export type ConferenceForCalendar = {
  id: string
  name: string
  startsOn: string
  endsOn: string
  city: string | null
  countryName: string
  status: ConferenceStatus
  website: string | null
  registrationDeadline: string | null
  callForPapersDeadline: string | null
  version: number
  updatedAt: Date
}

const conferenceStatuses: Record<ConferenceStatus, ICalEventStatus> = {
  considering: ICalEventStatus.TENTATIVE,
  registered: ICalEventStatus.CONFIRMED,
  attended: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
}

export function conferenceEvent(conference: ConferenceForCalendar): ICalEventData {
  const link = `${origin}/conferences/${conference.id}`
  return {
    id: eventUid('conference', conference.id),
    sequence: conference.version,
    stamp: conference.updatedAt,
    lastModified: conference.updatedAt,
    allDay: true,
    start: calendarDay(conference.startsOn),
    // DTEND of an all-day event is the day after the last one (RFC 5545, 3.6.1).
    end: nextDay(conference.endsOn),
    summary: conference.name,
    location: [conference.city, conference.countryName].filter(Boolean).join(', '),
    status: conferenceStatuses[conference.status],
    description: describe([`Conference · ${conferenceStatusLabels[conference.status]}`, conference.website], link),
    url: link,
  }
}

/** The conference's registration and call-for-papers deadlines, each an all-day event of its own. */
export function conferenceDeadlineEvents(conference: ConferenceForCalendar): ICalEventData[] {
  const link = `${origin}/conferences/${conference.id}`
  const deadlines = [
    { kind: 'registration-deadline' as const, day: conference.registrationDeadline, label: 'Registration deadline' },
    { kind: 'call-for-papers-deadline' as const, day: conference.callForPapersDeadline, label: 'Call for papers closes' },
  ]
  return deadlines.flatMap(({ kind, day, label }) =>
    day
      ? [
          {
            id: eventUid(kind, conference.id),
            sequence: conference.version,
            stamp: conference.updatedAt,
            lastModified: conference.updatedAt,
            allDay: true,
            start: calendarDay(day),
            end: nextDay(day),
            summary: `${label}: ${conference.name}`,
            description: describe([`${label} for ${conference.name}`], link),
            url: link,
          },
        ]
      : [],
  )
}

export type PresentationForCalendar = {
  id: string
  title: string
  presentedAt: Date
  version: number
  updatedAt: Date
  /** The conference it is given at, whose venue's zone it is shown in (UTC without one). */
  conference: { name: string; timeZone: string; city: string | null; countryName: string } | null
}

export function presentationEvent(presentation: PresentationForCalendar): ICalEventData {
  const link = `${origin}/presentations/${presentation.id}`
  const start = inZone(presentation.presentedAt, presentation.conference?.timeZone ?? 'UTC')
  const conference = presentation.conference
  return {
    id: eventUid('presentation', presentation.id),
    sequence: presentation.version,
    stamp: presentation.updatedAt,
    lastModified: presentation.updatedAt,
    start: start.value,
    timezone: start.timezone,
    summary: conference ? `${presentation.title} (${conference.name})` : presentation.title,
    location: conference ? [conference.city, conference.countryName].filter(Boolean).join(', ') : null,
    description: describe([conference ? `Presentation at ${conference.name}` : 'Presentation'], link),
    url: link,
  }
}

export type TrainingDueForCalendar = { userId: string; slug: string; title: string; dueOn: string; assignedAt: Date }

/** An officer's words for a due date, in their language (the officers' screens are translated). */
export type TrainingDueWords = { summary: string; details: string; open: (link: string) => string }

const englishDueWords: TrainingDueWords = {
  summary: 'Training due',
  details: 'Complete the module by this day.',
  open: (link) => `Open in Liaison: ${link}`,
}

export function trainingDueEvent(due: TrainingDueForCalendar, words: TrainingDueWords = englishDueWords): ICalEventData {
  const link = `${origin}/training/${due.slug}`
  return {
    id: eventUid('training', `${due.slug}-${due.userId}`),
    // An assignment has no version; assigning it again (a new due date) moves assignedAt on.
    // Minutes since 1970 rise with it and stay within a 32-bit integer for millennia.
    sequence: Math.floor(due.assignedAt.getTime() / 60_000),
    stamp: due.assignedAt,
    lastModified: due.assignedAt,
    allDay: true,
    start: calendarDay(due.dueOn),
    end: nextDay(due.dueOn),
    summary: `${words.summary}: ${due.title}`,
    description: describe([due.title, words.details], link, words.open(link)),
    url: link,
  }
}

/** The iCalendar text of these events; each zone they name gets one VTIMEZONE block. */
export function buildCalendar(events: ICalEventData[], { name }: { name: string }) {
  const calendar = ical({
    name,
    prodId: { company: 'Liaison', product: 'Liaison', language: 'EN' },
    // No calendar-wide zone: each timed event names its own, dates stay dates.
    timezone: { name: null, generator: getVtimezoneComponent },
    // Subscribed clients may look again after an hour (most poll less often anyway).
    ttl: 60 * 60,
  })
  for (const event of events) calendar.createEvent(event)
  return calendar.toString()
}

/** A calendar file for a download (`attachment`) or a subscription (`inline`). */
export function calendarResponse(body: string, { filename, disposition }: { filename: string; disposition: 'attachment' | 'inline' }) {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `${disposition}; filename="${filename.replace(/[^\w.-]+/g, '-')}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
