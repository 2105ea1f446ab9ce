import { and, asc, eq, exists, gte, isNull, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { ICalEventData } from 'ical-generator'
import { conferences, countries, engagements, presentationPresenters, presentations } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { isStaff } from '~/lib/auth/permissions'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now, today } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import { isUuid, timestamptz } from '~/lib/sql'
import { engagementInScope } from '~/modules/engagements/engagements.server'
import { listMyModules } from '~/modules/training/training.server'
import { translator } from '~/lib/i18n/i18n.server'
import { conferenceDeadlineEvents, conferenceEvent, engagementEvent, presentationEvent, trainingDueEvent, type TrainingDueWords } from './ics.server'

/*
 * What a calendar holds for a user, the same for the feed and the one-event downloads:
 *
 * - staff: engagements, conferences and presentations of their regions (every region for admins
 *   and the global head). An engagement is theirs when one of its agencies is (the engagement
 *   pages' rule); a conference and the talks given at it by the conference's region; a talk
 *   given at no conference when they present it (or they see every region).
 * - officers: the due dates of the modules assigned to them that they have not completed.
 *
 * The feed is bounded: from FEED_DAYS_BACK days ago to FEED_DAYS_AHEAD days ahead, and at most
 * FEED_LIMIT events of each kind, the nearest to today first (an admin's feed at benchmark scale
 * would otherwise hold a quarter of a million meetings).
 */

export type CalendarViewer = Omit<CurrentUser, 'sessionId'>

export const FEED_DAYS_BACK = 90
export const FEED_DAYS_AHEAD = 365
export const FEED_LIMIT = 1000

const DAY = 24 * 60 * 60_000

type Window = { from: Date; to: Date }
/** Either the feed's window or one record. */
type Selection = { window: Window } | { id: string }

export function feedWindow(at: Date = now()): Window {
  return { from: new Date(at.getTime() - FEED_DAYS_BACK * DAY), to: new Date(at.getTime() + FEED_DAYS_AHEAD * DAY) }
}

/** Nearest to now first, so that a capped feed drops the far past and the far future. */
function nearestFirst(column: SQL | AnyColumn) {
  return sql`abs(extract(epoch from (${column} - ${timestamptz(now())})))`
}

async function engagementRows(viewer: CalendarViewer, selection: Selection) {
  const which =
    'id' in selection ? eq(engagements.id, selection.id) : and(gte(engagements.startsAt, selection.window.from), lte(engagements.startsAt, selection.window.to))
  return db
    .select({
      id: engagements.id,
      kind: engagements.kind,
      title: engagements.title,
      startsAt: engagements.startsAt,
      endsAt: engagements.endsAt,
      timeZone: engagements.timeZone,
      location: engagements.location,
      version: engagements.version,
      updatedAt: engagements.updatedAt,
    })
    .from(engagements)
    .where(and(which, engagementInScope(viewer)))
    .orderBy(nearestFirst(engagements.startsAt), asc(engagements.id))
    .limit(FEED_LIMIT)
}

async function conferenceRows(viewer: CalendarViewer, selection: Selection) {
  let which: SQL | undefined
  if ('id' in selection) which = eq(conferences.id, selection.id)
  else {
    const [from, to] = [today(selection.window.from), today(selection.window.to)]
    // Its days, or one of its deadlines, fall in the window.
    which = and(
      or(
        and(gte(conferences.endsOn, from), lte(conferences.startsOn, to)),
        and(gte(conferences.registrationDeadline, from), lte(conferences.registrationDeadline, to)),
        and(gte(conferences.callForPapersDeadline, from), lte(conferences.callForPapersDeadline, to)),
      ),
      regionScope(viewer, conferences.regionCode),
    )
  }
  return db
    .select({
      id: conferences.id,
      name: conferences.name,
      startsOn: conferences.startsOn,
      endsOn: conferences.endsOn,
      city: conferences.city,
      countryName: countries.name,
      status: conferences.status,
      website: conferences.website,
      registrationDeadline: conferences.registrationDeadline,
      callForPapersDeadline: conferences.callForPapersDeadline,
      version: conferences.version,
      updatedAt: conferences.updatedAt,
    })
    .from(conferences)
    .innerJoin(countries, eq(countries.code, conferences.countryCode))
    .where(which)
    .orderBy(nearestFirst(sql`${conferences.startsOn}::timestamptz`), asc(conferences.id))
    .limit(FEED_LIMIT)
}

async function presentationRows(viewer: CalendarViewer, selection: Selection) {
  let which: SQL | undefined
  if ('id' in selection) which = eq(presentations.id, selection.id)
  else {
    const scope = regionScope(viewer, conferences.regionCode)
    const presenting = exists(
      db
        .select({ one: sql`1` })
        .from(presentationPresenters)
        .where(and(eq(presentationPresenters.presentationId, presentations.id), eq(presentationPresenters.userId, viewer.id))),
    )
    which = and(
      gte(presentations.presentedAt, selection.window.from),
      lte(presentations.presentedAt, selection.window.to),
      scope ? or(scope, and(isNull(presentations.conferenceId), presenting)) : undefined,
    )
  }
  const rows = await db
    .select({
      id: presentations.id,
      title: presentations.title,
      presentedAt: presentations.presentedAt,
      version: presentations.version,
      updatedAt: presentations.updatedAt,
      conferenceName: conferences.name,
      conferenceTimeZone: conferences.timeZone,
      conferenceCity: conferences.city,
      conferenceCountryName: countries.name,
    })
    .from(presentations)
    .leftJoin(conferences, eq(conferences.id, presentations.conferenceId))
    .leftJoin(countries, eq(countries.code, conferences.countryCode))
    .where(which)
    .orderBy(nearestFirst(presentations.presentedAt), asc(presentations.id))
    .limit(FEED_LIMIT)
  return rows.map(({ conferenceName, conferenceTimeZone, conferenceCity, conferenceCountryName, ...row }) => ({
    ...row,
    conference:
      conferenceName !== null && conferenceTimeZone !== null
        ? { name: conferenceName, timeZone: conferenceTimeZone, city: conferenceCity, countryName: conferenceCountryName ?? '' }
        : null,
  }))
}

/** The modules assigned to the user with a due date, not yet completed (as /training groups them). */
async function trainingDueRows(viewer: CalendarViewer) {
  const modules = await listMyModules({ user: viewer, locale: viewer.locale ?? 'en' })
  return [...modules.assigned, ...modules.inProgress].flatMap((card) =>
    card.dueOn && card.assignedAt ? [{ userId: viewer.id, slug: card.slug, title: card.title, dueOn: card.dueOn, assignedAt: card.assignedAt }] : [],
  )
}

/** The words of a due date in the user's language (a feed has no browser to ask: their chosen one, else English). */
function dueWordsFor(viewer: CalendarViewer): TrainingDueWords {
  const t = translator(viewer.locale ?? 'en')
  return { summary: t('calendarFeed.dueSummary'), details: t('calendarFeed.dueDetails'), open: (url) => t('calendarFeed.openInLiaison', { url }) }
}

/** Every event of the user's feed (see the bounds above). */
export async function listFeedEvents(viewer: CalendarViewer): Promise<ICalEventData[]> {
  if (!isStaff(viewer.role)) {
    const window = feedWindow()
    const dues = await trainingDueRows(viewer)
    const words = dueWordsFor(viewer)
    return dues.filter((due) => due.dueOn >= today(window.from) && due.dueOn <= today(window.to)).map((due) => trainingDueEvent(due, words))
  }
  const selection = { window: feedWindow() }
  const [engagementList, conferenceList, presentationList] = await Promise.all([
    engagementRows(viewer, selection),
    conferenceRows(viewer, selection),
    presentationRows(viewer, selection),
  ])
  return [
    ...engagementList.map(engagementEvent),
    ...conferenceList.flatMap((conference) => [conferenceEvent(conference), ...conferenceDeadlineEvents(conference)]),
    ...presentationList.map(presentationEvent),
  ]
}

/*
 * One record's event, for its page's "Add to calendar". The routes guard as the record pages do
 * (staff only); the engagement is looked up in the viewer's regions as its page does. Conferences
 * and presentations are read by every staff member. Null: not found.
 */

export async function findEngagementEvent(viewer: CalendarViewer, engagementId: string) {
  if (!isUuid(engagementId)) return null
  const [row] = await engagementRows(viewer, { id: engagementId })
  return row ? { title: row.title, event: engagementEvent(row) } : null
}

export async function findConferenceEvent(viewer: CalendarViewer, conferenceId: string) {
  if (!isUuid(conferenceId)) return null
  const [row] = await conferenceRows(viewer, { id: conferenceId })
  return row ? { title: row.name, events: [conferenceEvent(row), ...conferenceDeadlineEvents(row)] } : null
}

export async function findPresentationEvent(viewer: CalendarViewer, presentationId: string) {
  if (!isUuid(presentationId)) return null
  const [row] = await presentationRows(viewer, { id: presentationId })
  return row ? { title: row.title, event: presentationEvent(row) } : null
}

/** The due date of a module assigned to the viewer and not yet completed, or null. */
export async function findTrainingDueEvent(viewer: CalendarViewer, slug: string) {
  const due = (await trainingDueRows(viewer)).find((row) => row.slug === slug)
  return due ? { title: due.title, event: trainingDueEvent(due, dueWordsFor(viewer)) } : null
}
