import type { PgSelect } from 'drizzle-orm/pg-core'
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import { agencies, contacts, countries, users } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now } from '~/lib/clock.server'
import { db, type Executor } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import { placeInRegion } from '~/modules/regions/regions.server'
import { STALE_AFTER_DAYS, type AgencyInput, type AgencyListFilters } from './agencies-schema'
import { containsPattern, isUuid, timestamptz } from '~/lib/sql'

export const AGENCIES_PAGE_SIZE = 50
const DAY = 24 * 60 * 60_000

/**
 * When an agency was last engaged. The stored date is kept by the engagements module; a
 * scheduled engagement whose start has passed counts from that moment, before any job runs.
 */
export function lastEngagedExpression(at: Date = now()) {
  return sql<Date | null>`greatest(${agencies.lastEngagedAt}, case when ${agencies.nextEngagementAt} <= ${timestamptz(at)} then ${agencies.nextEngagementAt} end)`.mapWith(
    agencies.lastEngagedAt,
  )
}

/**
 * Stale (DOMAIN.md): filed STALE_AFTER_DAYS ago or more, and no engagement for as long (never
 * engaged counts); a younger agency is new, not stale. Uses the stored dates and their indexes.
 */
export function staleCondition(at: Date = now()) {
  const cutoff = new Date(at.getTime() - STALE_AFTER_DAYS * DAY)
  return and(
    lte(agencies.createdAt, cutoff),
    or(isNull(agencies.lastEngagedAt), lt(agencies.lastEngagedAt, cutoff)),
    or(isNull(agencies.nextEngagementAt), gt(agencies.nextEngagementAt, at), lt(agencies.nextEngagementAt, cutoff)),
  )
}

/**
 * How a search matches. `words`: the agency has the query's words (full text over name, place,
 * tags and contacts' names). `close`: also close spellings of them (trigrams), for a misspelt
 * query. The list looks for close spellings only when no agency has the words: an exact match
 * exists for most searches, and the trigram match costs the database ten times as much.
 */
export type SearchMatch = 'words' | 'close'

export function agencySearchCondition(query: string, match: SearchMatch) {
  const words = sql`to_tsvector('simple', ${agencies.searchDocument}) @@ websearch_to_tsquery('simple', ${query})`
  return match === 'words' ? words : sql`(${words} or ${query} <% ${agencies.searchDocument})`
}

function agencySearchRank(query: string, match: SearchMatch) {
  const words = sql`ts_rank(to_tsvector('simple', ${agencies.searchDocument}), websearch_to_tsquery('simple', ${query})) + word_similarity(${query}, ${agencies.name}) * 2`
  return match === 'words' ? sql`(${words})` : sql`(${words} + word_similarity(${query}, ${agencies.searchDocument}))`
}

export function agencyFilterConditions(actor: CurrentUser, filters: Omit<AgencyListFilters, 'page' | 'sort'>, at: Date, match: SearchMatch) {
  const conditions: (SQL | undefined)[] = [regionScope(actor, agencies.regionCode)]
  conditions.push(filters.archived ? isNotNull(agencies.archivedAt) : isNull(agencies.archivedAt))
  if (filters.q) conditions.push(agencySearchCondition(filters.q, match))
  if (filters.region) conditions.push(eq(agencies.regionCode, filters.region))
  if (filters.country) conditions.push(eq(agencies.countryCode, filters.country))
  if (filters.kind) conditions.push(eq(agencies.kind, filters.kind))
  if (filters.status) conditions.push(eq(agencies.status, filters.status))
  if (filters.priority) conditions.push(eq(agencies.priority, Number(filters.priority)))
  if (filters.owner) conditions.push(filters.owner === 'none' ? isNull(agencies.ownerId) : eq(agencies.ownerId, filters.owner))
  // Tags keep the case they were typed in; the filter ignores it ("icac" finds "ICAC").
  if (filters.tag) conditions.push(sql`lower_tags(${agencies.tags}) @> array[lower(${filters.tag})]::text[]`)
  const lastEngaged = lastEngagedExpression(at)
  if (filters.engagedAfter) conditions.push(sql`${lastEngaged} >= ${timestamptz(new Date(`${filters.engagedAfter}T00:00:00Z`))}`)
  if (filters.engagedBefore) conditions.push(sql`${lastEngaged} < ${timestamptz(new Date(`${filters.engagedBefore}T00:00:00Z`))}`)
  if (filters.never) conditions.push(and(isNull(agencies.lastEngagedAt), or(isNull(agencies.nextEngagementAt), gt(agencies.nextEngagementAt, at))))
  if (filters.stale) conditions.push(staleCondition(at))
  return and(...conditions)
}

/** The list's order (also the CSV export's). */
export function agencyOrder(filters: AgencyListFilters, at: Date, match: SearchMatch) {
  const lastEngaged = lastEngagedExpression(at)
  switch (filters.sort) {
    case '-name':
      return [desc(agencies.name), asc(agencies.id)]
    case 'lastEngaged':
      return [sql`${lastEngaged} asc nulls first`, asc(agencies.name)]
    case '-lastEngaged':
      return [sql`${lastEngaged} desc nulls last`, asc(agencies.name)]
    case 'priority':
      return [asc(agencies.priority), asc(agencies.name)]
    case 'updated':
      return [desc(agencies.updatedAt), asc(agencies.id)]
    default:
      // With a search, the best match comes first unless the user sorted otherwise.
      return filters.q ? [sql`${agencySearchRank(filters.q, match)} desc`, asc(agencies.name)] : [asc(agencies.name), asc(agencies.id)]
  }
}

export const agencyListColumns = (at: Date) => ({
  id: agencies.id,
  name: agencies.name,
  kind: agencies.kind,
  status: agencies.status,
  priority: agencies.priority,
  countryCode: agencies.countryCode,
  countryName: countries.name,
  regionCode: agencies.regionCode,
  city: agencies.city,
  subdivision: agencies.subdivision,
  tags: agencies.tags,
  website: agencies.website,
  emailDomains: agencies.emailDomains,
  phone: agencies.phone,
  ownerId: agencies.ownerId,
  ownerName: users.name,
  lastEngagedAt: lastEngagedExpression(at),
  stale: sql<boolean>`${staleCondition(at)}`,
  archivedAt: agencies.archivedAt,
  updatedAt: agencies.updatedAt,
})

/** A page of agencies the actor may see, filtered, sorted, with the total. */
export async function listAgencies({ actor, filters }: { actor: CurrentUser; filters: AgencyListFilters }) {
  const at = now()
  const joined = <T extends PgSelect>(query: T) =>
    query.innerJoin(countries, eq(countries.code, agencies.countryCode)).leftJoin(users, eq(users.id, agencies.ownerId))
  const columns = agencyListColumns(at)
  const countAll = async (match: SearchMatch) =>
    (
      await db
        .select({ total: count() })
        .from(agencies)
        .where(agencyFilterConditions(actor, filters, at, match))
    )[0].total
  const result = <Row>(rows: Row[], total: number, match: SearchMatch) => ({
    rows,
    total,
    match,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(total / AGENCIES_PAGE_SIZE)),
  })
  const onePage = <T extends PgSelect>(query: T, match: SearchMatch) =>
    query
      .where(agencyFilterConditions(actor, filters, at, match))
      .orderBy(...agencyOrder(filters, at, match))
      .limit(AGENCIES_PAGE_SIZE)
      .offset((filters.page - 1) * AGENCIES_PAGE_SIZE)
  if (!filters.q) {
    // Without a search an index gives the first rows in order: counting apart is cheaper.
    const [rows, total] = await Promise.all([onePage(joined(db.select(columns).from(agencies).$dynamic()), 'words'), countAll('words')])
    return result(rows, total, 'words')
  }
  // A search ranks every match before the first row, so the total comes with the page (a window
  // over those matches) rather than from a second search; only a page past the end counts apart.
  const search = async (match: SearchMatch) => {
    const page = await onePage(
      joined(
        db
          .select({ ...columns, total: sql<number>`count(*) over ()`.mapWith(Number) })
          .from(agencies)
          .$dynamic(),
      ),
      match,
    )
    const total = page[0]?.total ?? (filters.page > 1 ? await countAll(match) : 0)
    return result(
      page.map(({ total: _total, ...row }) => row),
      total,
      match,
    )
  }
  const byWords = await search('words')
  return byWords.total > 0 ? byWords : search('close')
}

/**
 * How the list matches a search for these filters (the CSV export must give the same rows): by
 * the words, or by close spellings when no agency has them.
 */
export async function agencySearchMatch(actor: CurrentUser, filters: Omit<AgencyListFilters, 'page' | 'sort'>, at: Date): Promise<SearchMatch> {
  if (!filters.q) return 'words'
  const [found] = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(agencyFilterConditions(actor, filters, at, 'words'))
    .limit(1)
  return found ? 'words' : 'close'
}

/** One agency the actor may see (archived included), or null: out of scope is not found. */
export async function getAgency({ actor, agencyId }: { actor: CurrentUser; agencyId: string }) {
  if (!isUuid(agencyId)) return null
  const at = now()
  const [row] = await db
    .select({
      ...agencyListColumns(at),
      notes: agencies.notes,
      version: agencies.version,
      createdAt: agencies.createdAt,
      nextEngagementAt: agencies.nextEngagementAt,
    })
    .from(agencies)
    .innerJoin(countries, eq(countries.code, agencies.countryCode))
    .leftJoin(users, eq(users.id, agencies.ownerId))
    .where(and(eq(agencies.id, agencyId), regionScope(actor, agencies.regionCode)))
  return row ?? null
}
export type AgencyDetail = NonNullable<Awaited<ReturnType<typeof getAgency>>>

/** Active staff who can own agencies. */
export function listOwnerOptions() {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.status, 'active'), inArray(users.role, ['admin', 'global_head', 'outreach_lead'])))
    .orderBy(asc(users.name))
}

/** Rebuilds what the search looks in: name, place, tags and active contacts' names. */
export async function refreshAgencySearch(executor: Executor, agencyIds: string[]) {
  if (agencyIds.length === 0) return
  await executor
    .update(agencies)
    .set({
      searchDocument: sql`concat_ws(' ', ${agencies.name}, ${agencies.city}, ${agencies.subdivision}, array_to_string(${agencies.tags}, ' '), (select string_agg(${contacts.fullName}, ' ') from ${contacts} where ${contacts.agencyId} = ${agencies.id} and ${contacts.archivedAt} is null))`,
    })
    .where(inArray(agencies.id, agencyIds))
}

type FieldErrors = Record<string, string[]>

async function checkPlacement(actor: CurrentUser, input: AgencyInput): Promise<{ regionCode: string } | { fieldErrors: FieldErrors }> {
  const placement = await placeInRegion(actor, input.countryCode, 'agencies')
  if ('fieldErrors' in placement) return placement
  if (input.ownerId) {
    const [owner] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.ownerId), eq(users.status, 'active'), inArray(users.role, ['admin', 'global_head', 'outreach_lead'])))
    if (!owner) return { fieldErrors: { ownerId: ['Choose an owner from the list.'] } }
  }
  return placement
}

export async function createAgency({ actor, input, meta }: { actor: CurrentUser; input: AgencyInput; meta: RequestMeta }) {
  const placement = await checkPlacement(actor, input)
  if ('fieldErrors' in placement) return { ok: false as const, fieldErrors: placement.fieldErrors }
  const agency = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(agencies)
      .values({ ...input, regionCode: placement.regionCode, createdById: actor.id, createdAt: now(), updatedAt: now() })
      .returning({ id: agencies.id, name: agencies.name })
    await refreshAgencySearch(tx, [created.id])
    await logActivity(tx, { name: 'agency.created', actor, ip: meta.ip, targetName: created.name, agencyId: created.id })
    return created
  })
  return { ok: true as const, agency }
}

const trackedFields = [
  'name',
  'kind',
  'countryCode',
  'subdivision',
  'city',
  'website',
  'emailDomains',
  'phone',
  'status',
  'priority',
  'ownerId',
  'tags',
  'notes',
] as const

function sameValue(a: unknown, b: unknown) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

export type AgencyUpdateResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'conflict'; current: AgencyDetail }

/**
 * Saves an edit made on `version`. If someone saved in between, nothing is written and the
 * caller gets the current record to show (optimistic concurrency).
 */
export async function updateAgency({
  actor,
  agencyId,
  input,
  meta,
}: {
  actor: CurrentUser
  agencyId: string
  input: AgencyInput & { version: number }
  meta: RequestMeta
}): Promise<AgencyUpdateResult> {
  const current = await getAgency({ actor, agencyId })
  if (!current) return { ok: false, reason: 'not_found' }
  if (current.version !== input.version) return { ok: false, reason: 'conflict', current }
  const placement = await checkPlacement(actor, input)
  if ('fieldErrors' in placement) return { ok: false, reason: 'invalid', fieldErrors: placement.fieldErrors }
  const { version, ...values } = input
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const field of trackedFields) {
    if (!sameValue(current[field], values[field])) changes[field] = { from: current[field], to: values[field] }
  }
  if (changes.ownerId) {
    const [owner] = values.ownerId ? await db.select({ name: users.name }).from(users).where(eq(users.id, values.ownerId)) : []
    changes.ownerId = { from: current.ownerName, to: owner?.name ?? null }
  }
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(agencies)
      .set({ ...values, regionCode: placement.regionCode, version: sql`${agencies.version} + 1`, updatedAt: now() })
      .where(and(eq(agencies.id, agencyId), eq(agencies.version, version)))
      .returning({ id: agencies.id })
    if (!row) return false
    await refreshAgencySearch(tx, [agencyId])
    if (Object.keys(changes).length) {
      await logActivity(tx, { name: 'agency.updated', actor, ip: meta.ip, targetName: values.name, agencyId, properties: { changes } })
    }
    return true
  })
  if (!saved) {
    // Someone saved first; if their change took the record out of the actor's reach, it is gone.
    const latest = await getAgency({ actor, agencyId })
    return latest ? { ok: false, reason: 'conflict', current: latest } : { ok: false, reason: 'not_found' }
  }
  return { ok: true }
}

/** Archive or restore (agencies are never deleted). */
export async function setAgencyArchived({ actor, agencyId, archived, meta }: { actor: CurrentUser; agencyId: string; archived: boolean; meta: RequestMeta }) {
  const current = await getAgency({ actor, agencyId })
  if (!current) return { ok: false as const }
  if (Boolean(current.archivedAt) === archived) return { ok: true as const, name: current.name }
  await db.transaction(async (tx) => {
    await tx
      .update(agencies)
      .set({ archivedAt: archived ? now() : null, version: sql`${agencies.version} + 1`, updatedAt: now() })
      .where(eq(agencies.id, agencyId))
    await logActivity(tx, { name: archived ? 'agency.archived' : 'agency.restored', actor, ip: meta.ip, targetName: current.name, agencyId })
  })
  return { ok: true as const, name: current.name }
}

/** Agencies for a type-ahead: best matches first, only where the actor works. */
export function searchAgencyOptions({ actor, query, limit = 10 }: { actor: CurrentUser; query: string; limit?: number }) {
  const trimmed = query.trim().slice(0, 100)
  return db
    .select({ id: agencies.id, name: agencies.name, city: agencies.city, countryCode: agencies.countryCode, regionCode: agencies.regionCode })
    .from(agencies)
    .where(
      and(
        regionScope(actor, agencies.regionCode),
        isNull(agencies.archivedAt),
        trimmed ? or(agencySearchCondition(trimmed, 'close'), sql`${agencies.name} ilike ${containsPattern(trimmed)}`) : undefined,
      ),
    )
    .orderBy(...(trimmed ? [sql`${agencySearchRank(trimmed, 'close')} desc`] : []), asc(agencies.name))
    .limit(limit)
}

/** Stale agencies in the actor's regions, longest-forgotten first (for /home). */
export function listStaleAgencies({ actor, limit = 10 }: { actor: CurrentUser; limit?: number }) {
  const at = now()
  return db
    .select({
      id: agencies.id,
      name: agencies.name,
      regionCode: agencies.regionCode,
      countryCode: agencies.countryCode,
      lastEngagedAt: lastEngagedExpression(at),
      priority: agencies.priority,
    })
    .from(agencies)
    .where(and(regionScope(actor, agencies.regionCode), isNull(agencies.archivedAt), staleCondition(at)))
    .orderBy(asc(agencies.priority), sql`${agencies.lastEngagedAt} asc nulls first`, asc(agencies.name))
    .limit(limit)
}

export async function countStaleAgencies(actor: CurrentUser) {
  const [{ total }] = await db
    .select({ total: count() })
    .from(agencies)
    .where(and(regionScope(actor, agencies.regionCode), isNull(agencies.archivedAt), staleCondition()))
  return total
}
