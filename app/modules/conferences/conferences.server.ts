import { and, asc, count, desc, eq, gte, lte, or, sql, type SQL } from 'drizzle-orm'
import { conferences, countries, presentationPresenters, presentations } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { canWriteInRegion } from '~/lib/auth/region-access'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now, today } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import { placeInRegion } from '~/modules/regions/regions.server'
import type { ConferenceInput, ConferenceListFilters } from './conferences-schema'
import { containsPattern, isUuid, qualified } from '~/lib/sql'

/*
 * Conferences are shared knowledge: every staff member reads all of them. Writing follows the
 * conference's country: admins and the global head anywhere, a lead only in their regions.
 */

export const CONFERENCES_PAGE_SIZE = 50

type FieldErrors = Record<string, string[]>

/** May the actor change this conference (and the presentations given at it)? */
export function canEditConference(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, conference: { regionCode: string }) {
  return canWriteInRegion(actor, conference.regionCode)
}

const searchDocument = sql`concat_ws(' ', ${conferences.name}, ${conferences.organiser}, ${conferences.city}, ${countries.name})`

function filterConditions(filters: ConferenceListFilters) {
  const conditions: (SQL | undefined)[] = []
  if (filters.q) {
    // Every word must appear in the name, organiser, city or country ("dallas children").
    const words = filters.q.split(/\s+/).filter(Boolean).slice(0, 8)
    for (const word of words) conditions.push(sql`${searchDocument} ilike ${containsPattern(word)}`)
  }
  if (filters.region) conditions.push(eq(conferences.regionCode, filters.region))
  if (filters.status) conditions.push(eq(conferences.status, filters.status))
  if (filters.audience) conditions.push(eq(conferences.audience, filters.audience))
  if (filters.year) {
    conditions.push(gte(conferences.startsOn, `${filters.year}-01-01`))
    conditions.push(lte(conferences.startsOn, `${filters.year}-12-31`))
  }
  return and(...conditions)
}

function orderFor(sort: ConferenceListFilters['sort'], day: string) {
  switch (sort) {
    case 'startsOn':
      return [asc(conferences.startsOn), asc(conferences.name), asc(conferences.id)]
    case '-startsOn':
      return [desc(conferences.startsOn), asc(conferences.name), asc(conferences.id)]
    case 'name':
      return [asc(conferences.name), asc(conferences.id)]
    case '-name':
      return [desc(conferences.name), asc(conferences.id)]
    default:
      return [
        sql`(${conferences.endsOn} < ${day}::date) asc`,
        sql`case when ${conferences.endsOn} >= ${day}::date then ${conferences.startsOn} end asc`,
        desc(conferences.startsOn),
        asc(conferences.name),
        asc(conferences.id),
      ]
  }
}

/** How many presentations each conference has (joined to the page of conferences). */
const presentationCounts = db
  .select({ conferenceId: presentations.conferenceId, total: count().as('presentation_total') })
  .from(presentations)
  .groupBy(presentations.conferenceId)
  .as('presentation_counts')

const listColumns = {
  id: conferences.id,
  name: conferences.name,
  organiser: conferences.organiser,
  startsOn: conferences.startsOn,
  endsOn: conferences.endsOn,
  city: conferences.city,
  countryCode: conferences.countryCode,
  countryName: countries.name,
  regionCode: conferences.regionCode,
  website: conferences.website,
  audience: conferences.audience,
  status: conferences.status,
  expectedAttendance: conferences.expectedAttendance,
  timeZone: conferences.timeZone,
  registrationDeadline: conferences.registrationDeadline,
  callForPapersDeadline: conferences.callForPapersDeadline,
}

/** A page of conferences, filtered and sorted, with the total and the day "upcoming" is measured from. */
export async function listConferences({ filters }: { filters: ConferenceListFilters }) {
  // A conference is upcoming until its last day has passed.
  const day = today()
  const where = filterConditions(filters)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ ...listColumns, presentations: sql<number>`coalesce(${presentationCounts.total}, 0)`.mapWith(Number) })
      .from(conferences)
      .innerJoin(countries, eq(countries.code, conferences.countryCode))
      .leftJoin(presentationCounts, eq(presentationCounts.conferenceId, conferences.id))
      .where(where)
      .orderBy(...orderFor(filters.sort, day))
      .limit(CONFERENCES_PAGE_SIZE)
      .offset((filters.page - 1) * CONFERENCES_PAGE_SIZE),
    db.select({ total: count() }).from(conferences).innerJoin(countries, eq(countries.code, conferences.countryCode)).where(where),
  ])
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / CONFERENCES_PAGE_SIZE)), today: day }
}

/** The years that have conferences, latest first (for the year filter). */
export async function listConferenceYears() {
  const rows = await db
    .selectDistinct({ year: sql<number>`extract(year from ${conferences.startsOn})::int`.mapWith(Number) })
    .from(conferences)
    .orderBy(desc(sql`extract(year from ${conferences.startsOn})::int`))
  return rows.map((row) => row.year)
}

/** One conference (every staff member may read it), or null for a malformed or unknown id. */
export async function getConference({ conferenceId }: { conferenceId: string }) {
  if (!isUuid(conferenceId)) return null
  const [row] = await db
    .select({ ...listColumns, notes: conferences.notes, version: conferences.version, createdAt: conferences.createdAt, updatedAt: conferences.updatedAt })
    .from(conferences)
    .innerJoin(countries, eq(countries.code, conferences.countryCode))
    .where(eq(conferences.id, conferenceId))
  return row ?? null
}
export type ConferenceDetail = NonNullable<Awaited<ReturnType<typeof getConference>>>

/** The conference, only if the actor may change it: otherwise it is not found for editing. */
export async function getConferenceForEdit({ actor, conferenceId }: { actor: CurrentUser; conferenceId: string }) {
  const conference = await getConference({ conferenceId })
  return conference && canEditConference(actor, conference) ? conference : null
}

/** Conferences the actor may attach a presentation to, latest first. */
export function listConferenceOptions({ actor, limit = 300 }: { actor: CurrentUser; limit?: number }) {
  return db
    .select({
      id: conferences.id,
      name: conferences.name,
      startsOn: conferences.startsOn,
      endsOn: conferences.endsOn,
      city: conferences.city,
      regionCode: conferences.regionCode,
    })
    .from(conferences)
    .where(regionScope(actor, conferences.regionCode))
    .orderBy(desc(conferences.startsOn), asc(conferences.name))
    .limit(limit)
}

export async function createConference({ actor, input, meta }: { actor: CurrentUser; input: ConferenceInput; meta: RequestMeta }) {
  const placement = await placeInRegion(actor, input.countryCode, 'conferences')
  if ('fieldErrors' in placement) return { ok: false as const, fieldErrors: placement.fieldErrors }
  const conference = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(conferences)
      .values({ ...input, regionCode: placement.regionCode, createdById: actor.id, createdAt: now(), updatedAt: now() })
      .returning({ id: conferences.id, name: conferences.name })
    await logActivity(tx, { name: 'conference.created', actor, ip: meta.ip, targetName: created.name, conferenceId: created.id })
    return created
  })
  return { ok: true as const, conference }
}

const trackedFields = [
  'name',
  'organiser',
  'startsOn',
  'endsOn',
  'city',
  'countryCode',
  'website',
  'audience',
  'status',
  'expectedAttendance',
  'notes',
  'timeZone',
  'registrationDeadline',
  'callForPapersDeadline',
] as const

function sameValue(a: unknown, b: unknown) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

export type ConferenceUpdateResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'conflict'; current: ConferenceDetail }

/**
 * Saves an edit made on `version`. If someone saved in between, nothing is written and the
 * caller gets the current record to show (optimistic concurrency). A conference outside the
 * actor's regions is not found for editing, though they may read it.
 */
export async function updateConference({
  actor,
  conferenceId,
  input,
  meta,
}: {
  actor: CurrentUser
  conferenceId: string
  input: ConferenceInput & { version: number }
  meta: RequestMeta
}): Promise<ConferenceUpdateResult> {
  const current = await getConferenceForEdit({ actor, conferenceId })
  if (!current) return { ok: false, reason: 'not_found' }
  if (current.version !== input.version) return { ok: false, reason: 'conflict', current }
  const placement = await placeInRegion(actor, input.countryCode, 'conferences')
  if ('fieldErrors' in placement) return { ok: false, reason: 'invalid', fieldErrors: placement.fieldErrors }
  const { version, ...values } = input
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const field of trackedFields) {
    if (!sameValue(current[field], values[field])) changes[field] = { from: current[field], to: values[field] }
  }
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(conferences)
      .set({ ...values, regionCode: placement.regionCode, version: sql`${conferences.version} + 1`, updatedAt: now() })
      .where(and(eq(conferences.id, conferenceId), eq(conferences.version, version)))
      .returning({ id: conferences.id })
    if (!row) return false
    if (Object.keys(changes).length) {
      await logActivity(tx, { name: 'conference.updated', actor, ip: meta.ip, targetName: values.name, conferenceId, properties: { changes } })
    }
    return true
  })
  if (!saved) {
    // Someone saved first; if their change took the record out of the actor's reach, it is gone.
    const latest = await getConference({ conferenceId })
    return latest ? { ok: false, reason: 'conflict', current: latest } : { ok: false, reason: 'not_found' }
  }
  return { ok: true }
}

/**
 * The conferences ahead that the team attends in the actor's regions, and any where the actor
 * presents (wherever it is), flagged so that /home can say so.
 */
export function listUpcomingConferences({ actor, limit = 5 }: { actor: CurrentUser; limit?: number }) {
  const presenting = sql<boolean>`exists (select 1 from ${presentations} inner join ${presentationPresenters} on ${presentationPresenters.presentationId} = ${presentations.id} where ${presentations.conferenceId} = ${qualified(conferences.id)} and ${presentationPresenters.userId} = ${actor.id})`
  const inScope = regionScope(actor, conferences.regionCode)
  return db
    .select({
      id: conferences.id,
      name: conferences.name,
      startsOn: conferences.startsOn,
      endsOn: conferences.endsOn,
      city: conferences.city,
      status: conferences.status,
      presenting,
    })
    .from(conferences)
    .where(and(gte(conferences.endsOn, today()), sql`${conferences.status} in ('registered', 'considering')`, inScope ? or(inScope, presenting) : undefined))
    .orderBy(asc(conferences.startsOn))
    .limit(limit)
}

/**
 * Conferences with a day or a deadline in [from, to] (ISO days), in the actor's regions, for the
 * calendar. There are a few hundred conferences: the OR of date ranges reads them all cheaply.
 */
export function listConferenceDatesBetween({ actor, from, to, region }: { actor: CurrentUser; from: string; to: string; region?: string }) {
  const within = (column: typeof conferences.registrationDeadline | typeof conferences.callForPapersDeadline) => and(gte(column, from), lte(column, to))
  return db
    .select({
      id: conferences.id,
      name: conferences.name,
      startsOn: conferences.startsOn,
      endsOn: conferences.endsOn,
      regionCode: conferences.regionCode,
      registrationDeadline: conferences.registrationDeadline,
      callForPapersDeadline: conferences.callForPapersDeadline,
    })
    .from(conferences)
    .where(
      and(
        or(
          and(lte(conferences.startsOn, to), gte(conferences.endsOn, from)),
          within(conferences.registrationDeadline),
          within(conferences.callForPapersDeadline),
        ),
        regionScope(actor, conferences.regionCode),
        region ? eq(conferences.regionCode, region) : undefined,
      ),
    )
    .orderBy(asc(conferences.startsOn))
    .limit(300)
}
