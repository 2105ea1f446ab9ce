import { and, asc, desc, eq, exists, gte, isNull, lt, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
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
 * 1,000 events of each kind: of engagements and presentations the next FEED_LIMIT_AHEAD and the
 * last FEED_LIMIT_BEHIND, each read along the time index (an admin's feed at benchmark scale would
 * otherwise hold tens of thousands of meetings); of conferences the FEED_LIMIT nearest to today.
 */

export type CalendarViewer = Omit<CurrentUser, 'sessionId'>

export const FEED_DAYS_BACK = 90
export const FEED_DAYS_AHEAD = 365
export const FEED_LIMIT = 1000
export const FEED_LIMIT_AHEAD = 750
export const FEED_LIMIT_BEHIND = FEED_LIMIT - FEED_LIMIT_AHEAD

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

/**
 * The window's rows split at now: the next FEED_LIMIT_AHEAD in time order and the last
 * FEED_LIMIT_BEHIND in reverse, so that each read walks the time index and stops at its limit.
 */
async function aroundNow<Row>(column: AnyColumn, read: (condition: SQL | undefined, order: SQL, limit: number) => PromiseLike<Row[]>, window: Window) {
  const at = now()
  const [ahead, behind] = await Promise.all([
    read(and(gte(column, at), lte(column, window.to)), asc(column), FEED_LIMIT_AHEAD),
    read(and(gte(column, window.from), lt(column, at)), desc(column), FEED_LIMIT_BEHIND),
  ])
  return [...behind.reverse(), ...ahead]
}

async function engagementRows(viewer: CalendarViewer, selection: Selection) {
  const read = (condition: SQL | undefined, order: SQL, limit: number) =>
    db
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
      .where(and(condition, engagementInScope(viewer)))
      .orderBy(order)
      .limit(limit)
  return 'id' in selection ? read(eq(engagements.id, selection.id), asc(engagements.startsAt), 1) : aroundNow(engagements.startsAt, read, selection.window)
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
  const scope = regionScope(viewer, conferences.regionCode)
  const presenting = exists(
    db
      .select({ one: sql`1` })
      .from(presentationPresenters)
      .where(and(eq(presentationPresenters.presentationId, presentations.id), eq(presentationPresenters.userId, viewer.id))),
  )
  // Talks at the viewer's regions' conferences, and those at no conference that they give.
  const inFeed = scope ? or(scope, and(isNull(presentations.conferenceId), presenting)) : undefined
  const read = (condition: SQL | undefined, order: SQL, limit: number) =>
    db
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
      .where(condition)
      .orderBy(order)
      .limit(limit)
  const rows =
    'id' in selection
      ? await read(eq(presentations.id, selection.id), asc(presentations.presentedAt), 1)
      : await aroundNow(presentations.presentedAt, (condition, order, limit) => read(and(condition, inFeed), order, limit), selection.window)
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
