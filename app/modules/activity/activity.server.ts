import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { activity, agencies, engagementAgencies, engagementContacts } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { db, type Executor } from '~/lib/db.server'
import { isCalendarDate } from '~/lib/forms/dates'
import { containsPattern } from '~/lib/sql'
import type { ActivityEventName, ActivityEvents, EventProperties } from './activity-events'
import { isLinkChange, type LinkChange, type LinkedName } from './describe-activity'

export type Actor = { id: string; name: string } | null

/** One event to log: its name, its properties as the event map types them, and the records it is about. */
export type ActivityEntry<Name extends ActivityEventName = ActivityEventName> = {
  name: Name
  actor: Actor
  ip?: string | null
  targetName?: string | null
  userId?: string | null
  agencyId?: string | null
  contactId?: string | null
  engagementId?: string | null
  conferenceId?: string | null
  presentationId?: string | null
} & EventProperties<Name>

/** Writes one activity row; call it with the transaction of the change it records. */
export async function logActivity<Name extends ActivityEventName>(executor: Executor, entry: ActivityEntry<Name>) {
  await executor.insert(activity).values({
    name: entry.name,
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.name ?? null,
    ip: entry.ip ?? null,
    targetName: entry.targetName ?? null,
    properties: entry.properties ?? {},
    userId: entry.userId ?? null,
    agencyId: entry.agencyId ?? null,
    contactId: entry.contactId ?? null,
    engagementId: entry.engagementId ?? null,
    conferenceId: entry.conferenceId ?? null,
    presentationId: entry.presentationId ?? null,
  })
}

/** One of many rows written by `logActivities`: about one agency, and maybe one of its contacts. */
export type BatchEntry = {
  [Name in ActivityEventName]: { name: Name; targetName: string; agencyId: string; contactId?: string; properties: ActivityEvents[Name] }
}[ActivityEventName]

/**
 * Writes many activity rows by one actor in one statement (an import's thousands of records), in
 * the caller's transaction. The rows go as one JSON parameter: thousands of rows of bind
 * parameters cost far more to send.
 */
export async function logActivities(executor: Executor, { actor, ip }: { actor: Pick<CurrentUser, 'id' | 'name'>; ip?: string | null }, entries: BatchEntry[]) {
  if (entries.length === 0) return
  const rows = entries.map((entry) => ({
    name: entry.name,
    target_name: entry.targetName,
    properties: entry.properties,
    agency_id: entry.agencyId,
    contact_id: entry.contactId ?? null,
  }))
  await executor.execute(sql`
    insert into ${activity} (name, actor_id, actor_name, ip, target_name, properties, agency_id, contact_id)
    select record.name, ${actor.id}::uuid, ${actor.name}, ${ip ?? null}, record.target_name, record.properties, record.agency_id, record.contact_id
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as record (name text, target_name text, properties jsonb, agency_id uuid, contact_id uuid)`)
}

const PAGE_SIZE = 50

/** The audit log for admins: newest first, keyset-paginated by id. */
export async function listActivity(options: { before?: number; name?: string; query?: string } = {}) {
  const conditions: (SQL | undefined)[] = []
  if (options.before) conditions.push(lt(activity.id, options.before))
  if (options.name) conditions.push(eq(activity.name, options.name))
  if (options.query) {
    const pattern = containsPattern(options.query)
    conditions.push(or(ilike(activity.actorName, pattern), ilike(activity.targetName, pattern), ilike(activity.name, pattern)))
  }
  const rows = await db
    .select()
    .from(activity)
    .where(and(...conditions))
    .orderBy(desc(activity.id))
    .limit(PAGE_SIZE + 1)
  return { rows: rows.slice(0, PAGE_SIZE), nextBefore: rows.length > PAGE_SIZE ? rows[PAGE_SIZE - 1].id : null }
}

/** The timeline of one user's account, newest first. */
export function listUserActivity(userId: string, limit = 30) {
  return listTimeline({ userId }, limit)
}

/** The names a verified officer took after `since` (their verification), oldest first. */
export function listOfficerNameChanges(userId: string, since: Date) {
  return db
    .select({ from: sql<string>`${activity.properties} ->> 'from'`, to: sql<string>`${activity.properties} ->> 'to'`, happenedAt: activity.happenedAt })
    .from(activity)
    .where(and(eq(activity.userId, userId), eq(activity.name, 'officer.name_changed'), gte(activity.happenedAt, since)))
    .orderBy(asc(activity.happenedAt), asc(activity.id))
}

export type TimelineTarget =
  { userId: string } | { agencyId: string } | { contactId: string } | { engagementId: string } | { conferenceId: string } | { presentationId: string }

export const TIMELINE_PAGE_SIZE = 50

const timelineColumns = {
  id: activity.id,
  name: activity.name,
  actorName: activity.actorName,
  targetName: activity.targetName,
  properties: activity.properties,
  happenedAt: activity.happenedAt,
  // The moment to the microsecond, as fixed-width UTC text: a JS Date keeps milliseconds only,
  // and a cursor rounded to them would skip the rows of that millisecond.
  position: sql<string>`to_char(${activity.happenedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
}
type TimelineRow = {
  id: number
  name: string
  actorName: string | null
  targetName: string | null
  properties: Record<string, unknown>
  happenedAt: Date
  position: string
}
export type TimelineEntry = Omit<TimelineRow, 'position'>

/** Where an older page of a timeline starts: just after the last entry shown, by (happened at, id). */
export type TimelineCursor = { at: string; id: number }
/** A page of a timeline, newest first; `older` is the `?before=` of the next page, if there is one. */
export type TimelinePage = { entries: TimelineEntry[]; older: string | null }
/** Who reads a timeline: events about agencies outside their regions are left out or counted. */
export type TimelineViewer = Pick<CurrentUser, 'allRegions' | 'regions'>

const cursorPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_(\d{1,15})$/

export function parseTimelineCursor(value: string | null | undefined): TimelineCursor | null {
  const match = value ? cursorPattern.exec(value) : null
  // Date.parse takes 30 February and year 0, which PostgreSQL refuses: the moment must read back.
  if (!match || !isCalendarDate(match[1].slice(0, 10)) || Number.isNaN(Date.parse(match[1]))) return null
  return { at: match[1], id: Number(match[2]) }
}

/** The `?before=` of a record page's URL (anything unreadable shows the newest entries). */
export function timelineCursorOf(url: string | URL) {
  return parseTimelineCursor(new URL(url).searchParams.get('before'))
}

function formatCursor(row: TimelineRow) {
  return `${row.position}_${row.id}`
}

/**
 * Entries older than the cursor. The plain `happened_at <=` bound is what the
 * (target, happened_at) indexes seek to; the rest breaks ties within one moment by id.
 */
export function olderThan(cursor: TimelineCursor | null | undefined) {
  if (!cursor) return undefined
  const at = sql`${cursor.at}::timestamptz`
  return sql`(${activity.happenedAt} <= ${at} and (${activity.happenedAt} < ${at} or ${activity.id} < ${cursor.id}))`
}

/** Leaves out events about an agency the viewer may not see (a task of another region's agency on a shared engagement). */
function aboutVisibleAgency(viewer: TimelineViewer) {
  const scope = regionScope(viewer, agencies.regionCode)
  if (!scope) return undefined
  return sql`(${activity.agencyId} is null or exists (select 1 from ${agencies} where ${agencies.id} = ${activity.agencyId} and ${scope}))`
}

const newestFirst = [desc(activity.happenedAt), desc(activity.id)]

function timelineQuery(where: SQL | undefined, limit: number) {
  return db
    .select(timelineColumns)
    .from(activity)
    .where(where)
    .orderBy(...newestFirst)
    .limit(limit)
}

/**
 * Names of agencies and contacts of another region, in the link changes of an engagement's
 * timeline, become a count: a lead reads that someone was added, never who.
 */
function withinViewerRegions(properties: Record<string, unknown>, viewer: TimelineViewer): Record<string, unknown> {
  const changes = properties.changes as Record<string, unknown> | undefined
  if (viewer.allRegions || !changes || typeof changes !== 'object') return properties
  const visible = (item: LinkedName) => !item.region || (viewer.regions as string[]).includes(item.region)
  let scoped: Record<string, unknown> | null = null
  for (const [field, change] of Object.entries(changes)) {
    if (!isLinkChange(change)) continue
    const added = change.added.filter(visible)
    const removed = change.removed.filter(visible)
    scoped ??= { ...changes }
    scoped[field] = {
      added,
      removed,
      addedElsewhere: (change.addedElsewhere ?? 0) + change.added.length - added.length,
      removedElsewhere: (change.removedElsewhere ?? 0) + change.removed.length - removed.length,
    } satisfies LinkChange
  }
  return scoped ? { ...properties, changes: scoped } : properties
}

/**
 * Runs the index-driven queries of one timeline (each asks for one row more than a page), merges
 * them newest first, and says where the next, older page starts.
 */
async function mergedPage(queries: ((limit: number) => Promise<TimelineRow[]>)[], viewer: TimelineViewer, limit: number): Promise<TimelinePage> {
  const results = await Promise.all(queries.map((query) => query(limit + 1)))
  const rows = [...new Map(results.flat().map((row) => [row.id, row])).values()].sort((a, b) =>
    a.position === b.position ? b.id - a.id : a.position < b.position ? 1 : -1,
  )
  const shown = rows.slice(0, limit)
  return {
    entries: shown.map(({ position: _position, ...entry }) => ({ ...entry, properties: withinViewerRegions(entry.properties, viewer) })),
    older: rows.length > limit ? formatCursor(shown[shown.length - 1]) : null,
  }
}

function targetColumn(target: TimelineTarget) {
  const [[key, id]] = Object.entries(target) as [[keyof TimelineTarget & string, string]]
  return { column: activity[key as 'userId'], id }
}

/**
 * A page of the timeline of one record, newest first. The caller has already checked that the
 * viewer may see the record.
 */
export function timelinePage({
  target,
  viewer,
  before,
  limit = TIMELINE_PAGE_SIZE,
}: {
  target: TimelineTarget
  viewer: TimelineViewer
  before?: TimelineCursor | null
  limit?: number
}) {
  const { column, id } = targetColumn(target)
  return mergedPage([(size) => timelineQuery(and(eq(column, id), olderThan(before), aboutVisibleAgency(viewer)), size)], viewer, limit)
}

/** The newest entries of one record's timeline (pages without a "Show older"). */
export async function listTimeline(target: TimelineTarget, limit = TIMELINE_PAGE_SIZE): Promise<TimelineEntry[]> {
  const { column, id } = targetColumn(target)
  const rows = await timelineQuery(eq(column, id), limit)
  return rows.map(({ position: _position, ...entry }) => entry)
}

type PageOptions = { viewer: TimelineViewer; before?: TimelineCursor | null; limit?: number }

/**
 * A page of a record's story: its own events and those of the engagements it took part in. Two
 * index scans merged here: one OR across both would scan the whole log.
 */
function withEngagementsPage(
  own: typeof activity.agencyId | typeof activity.contactId,
  id: string,
  engagementIds: ReturnType<typeof engagementsOf>,
  { viewer, before, limit = TIMELINE_PAGE_SIZE }: PageOptions,
) {
  return mergedPage(
    [
      (size) => timelineQuery(and(eq(own, id), olderThan(before)), size),
      (size) =>
        timelineQuery(
          and(inArray(activity.engagementId, engagementIds), sql`${own} is distinct from ${id}`, olderThan(before), aboutVisibleAgency(viewer)),
          size,
        ),
    ],
    viewer,
    limit,
  )
}

function engagementsOf(
  link: typeof engagementAgencies | typeof engagementContacts,
  column: typeof engagementAgencies.agencyId | typeof engagementContacts.contactId,
  id: string,
) {
  return db.select({ id: link.engagementId }).from(link).where(eq(column, id))
}

/** A page of an agency's story: its own events and those of the engagements it took part in. */
export function agencyTimelinePage({ agencyId, ...options }: PageOptions & { agencyId: string }) {
  return withEngagementsPage(activity.agencyId, agencyId, engagementsOf(engagementAgencies, engagementAgencies.agencyId, agencyId), options)
}

/** A page of a contact's story: their own events and those of the engagements they attended. */
export function contactTimelinePage({ contactId, ...options }: PageOptions & { contactId: string }) {
  return withEngagementsPage(activity.contactId, contactId, engagementsOf(engagementContacts, engagementContacts.contactId, contactId), options)
}
