import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import { agencies, conferences, contacts, engagementAgencies, engagementContacts, engagementStaff, engagements, tasks, users } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now } from '~/lib/clock.server'
import { db, type Executor } from '~/lib/db.server'
import type { RequestMeta } from '~/modules/accounts/accounts.server'
import { logActivity } from '~/modules/activity/activity.server'
import type { EngagementInput, EngagementListFilters } from './engagements-schema'
import { zonedLocalToUtc } from './local-time'
import { containsPattern, isUuid, prefixPattern, qualified, timestamptz } from '~/lib/sql'

export const ENGAGEMENTS_PAGE_SIZE = 50

/**
 * Keeps each agency's last and next engagement dates right after any change to its
 * engagements (in the same transaction).
 */
export async function refreshAgencyEngagementDates(executor: Executor, agencyIds: string[], at: Date = now()) {
  if (agencyIds.length === 0) return
  const startsOf = (comparison: SQL) =>
    sql`(select ${comparison} from ${engagementAgencies} inner join ${engagements} on ${engagements.id} = ${engagementAgencies.engagementId} where ${engagementAgencies.agencyId} = ${agencies.id}`
  await executor
    .update(agencies)
    .set({
      lastEngagedAt: sql`${startsOf(sql`max(${engagements.startsAt})`)} and ${engagements.startsAt} <= ${timestamptz(at)})`,
      nextEngagementAt: sql`${startsOf(sql`min(${engagements.startsAt})`)} and ${engagements.startsAt} > ${timestamptz(at)})`,
    })
    .where(inArray(agencies.id, agencyIds))
}

/** Moves scheduled engagements whose time has come into "last engaged" (run every minute). */
export async function rollEngagementDates(at: Date = now()) {
  const due = await db.select({ id: agencies.id }).from(agencies).where(lte(agencies.nextEngagementAt, at)).limit(5000)
  await refreshAgencyEngagementDates(
    db,
    due.map((row) => row.id),
    at,
  )
  return due.length
}

/** An engagement is visible when one of its agencies is in the actor's regions. */
function engagementInScope(actor: CurrentUser) {
  const scope = regionScope(actor, agencies.regionCode)
  if (!scope) return undefined
  return sql`exists (select 1 from ${engagementAgencies} inner join ${agencies} on ${agencies.id} = ${engagementAgencies.agencyId} where ${engagementAgencies.engagementId} = ${engagements.id} and ${scope})`
}

const agencyNames = sql<string[]>`coalesce((select array_agg(${agencies.name} order by ${agencies.name}) from ${engagementAgencies} inner join ${agencies} on ${agencies.id} = ${engagementAgencies.agencyId} where ${engagementAgencies.engagementId} = ${qualified(engagements.id)}), '{}')`

const listColumns = {
  id: engagements.id,
  kind: engagements.kind,
  title: engagements.title,
  startsAt: engagements.startsAt,
  endsAt: engagements.endsAt,
  timeZone: engagements.timeZone,
  location: engagements.location,
  topics: engagements.topics,
  agencyNames,
}

/** The engagement list's filters, in the actor's regions (shared by the list and its CSV export). */
export function engagementFilterConditions(actor: CurrentUser, filters: Omit<EngagementListFilters, 'page'>) {
  const conditions: (SQL | undefined)[] = [engagementInScope(actor)]
  if (filters.q) conditions.push(or(ilike(engagements.title, containsPattern(filters.q)), sql`${filters.q} <% ${engagements.title}`))
  if (filters.kind) conditions.push(eq(engagements.kind, filters.kind))
  if (filters.topic) conditions.push(sql`${engagements.topics} @> array[${filters.topic}]::text[]`)
  if (filters.agency) conditions.push(sql`exists (select 1 from ${engagementAgencies} where ${engagementAgencies.engagementId} = ${engagements.id} and ${engagementAgencies.agencyId} = ${filters.agency})`)
  if (filters.from) conditions.push(gte(engagements.startsAt, new Date(`${filters.from}T00:00:00Z`)))
  if (filters.to) conditions.push(lte(engagements.startsAt, new Date(`${filters.to}T23:59:59Z`)))
  if (filters.mine) conditions.push(sql`exists (select 1 from ${engagementStaff} where ${engagementStaff.engagementId} = ${engagements.id} and ${engagementStaff.userId} = ${actor.id})`)
  return and(...conditions)
}

export async function listEngagements({ actor, filters }: { actor: CurrentUser; filters: EngagementListFilters }) {
  const where = engagementFilterConditions(actor, filters)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(listColumns)
      .from(engagements)
      .where(where)
      .orderBy(desc(engagements.startsAt), asc(engagements.id))
      .limit(ENGAGEMENTS_PAGE_SIZE)
      .offset((filters.page - 1) * ENGAGEMENTS_PAGE_SIZE),
    db.select({ total: count() }).from(engagements).where(where),
  ])
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / ENGAGEMENTS_PAGE_SIZE)) }
}

/** The engagements of one agency, newest first (the caller has checked the agency's scope). */
export function listAgencyEngagements(agencyId: string, limit = 25) {
  return db
    .select(listColumns)
    .from(engagementAgencies)
    .innerJoin(engagements, eq(engagements.id, engagementAgencies.engagementId))
    .where(eq(engagementAgencies.agencyId, agencyId))
    .orderBy(desc(engagements.startsAt))
    .limit(limit)
}

/** The actor's own engagements still to come (for /home). */
export function listMyUpcomingEngagements(actor: CurrentUser, limit = 8) {
  return db
    .select(listColumns)
    .from(engagementStaff)
    .innerJoin(engagements, eq(engagements.id, engagementStaff.engagementId))
    .where(and(eq(engagementStaff.userId, actor.id), gte(engagements.startsAt, now())))
    .orderBy(asc(engagements.startsAt))
    .limit(limit)
}

/** Agencies met at a conference, from the engagements logged there, within the actor's regions. */
export function listAgenciesMetAtConference({ actor, conferenceId }: { actor: CurrentUser; conferenceId: string }) {
  return db
    .selectDistinct({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode, countryCode: agencies.countryCode })
    .from(engagements)
    .innerJoin(engagementAgencies, eq(engagementAgencies.engagementId, engagements.id))
    .innerJoin(agencies, eq(agencies.id, engagementAgencies.agencyId))
    .where(and(eq(engagements.conferenceId, conferenceId), regionScope(actor, agencies.regionCode)))
    .orderBy(asc(agencies.name))
}

/** Conferences where an agency was met (through engagements logged at them). */
export function listConferencesWhereAgencyMet(agencyId: string) {
  return db
    .selectDistinct({ id: conferences.id, name: conferences.name, startsOn: conferences.startsOn, city: conferences.city })
    .from(engagementAgencies)
    .innerJoin(engagements, eq(engagements.id, engagementAgencies.engagementId))
    .innerJoin(conferences, eq(conferences.id, engagements.conferenceId))
    .where(eq(engagementAgencies.agencyId, agencyId))
    .orderBy(desc(conferences.startsOn))
}

export async function getEngagement({ actor, engagementId }: { actor: CurrentUser; engagementId: string }) {
  if (!isUuid(engagementId)) return null
  const [row] = await db
    .select({
      id: engagements.id,
      kind: engagements.kind,
      title: engagements.title,
      startsAt: engagements.startsAt,
      endsAt: engagements.endsAt,
      timeZone: engagements.timeZone,
      location: engagements.location,
      summary: engagements.summary,
      outcome: engagements.outcome,
      topics: engagements.topics,
      conferenceId: engagements.conferenceId,
      conferenceName: conferences.name,
      version: engagements.version,
      createdAt: engagements.createdAt,
    })
    .from(engagements)
    .leftJoin(conferences, eq(conferences.id, engagements.conferenceId))
    .where(and(eq(engagements.id, engagementId), engagementInScope(actor)))
  if (!row) return null
  const [agencyRows, contactRows, staffRows, taskRows] = await Promise.all([
    db
      .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode })
      .from(engagementAgencies)
      .innerJoin(agencies, eq(agencies.id, engagementAgencies.agencyId))
      .where(eq(engagementAgencies.engagementId, engagementId))
      .orderBy(asc(agencies.name)),
    db
      .select({ id: contacts.id, fullName: contacts.fullName, title: contacts.title, agencyId: contacts.agencyId })
      .from(engagementContacts)
      .innerJoin(contacts, eq(contacts.id, engagementContacts.contactId))
      .where(eq(engagementContacts.engagementId, engagementId))
      .orderBy(asc(contacts.fullName)),
    db
      .select({ id: users.id, name: users.name })
      .from(engagementStaff)
      .innerJoin(users, eq(users.id, engagementStaff.userId))
      .where(eq(engagementStaff.engagementId, engagementId))
      .orderBy(asc(users.name)),
    db
      .select({ id: tasks.id, title: tasks.title, dueOn: tasks.dueOn, status: tasks.status, assigneeName: users.name })
      .from(tasks)
      .innerJoin(users, eq(users.id, tasks.assigneeId))
      .where(eq(tasks.engagementId, engagementId))
      .orderBy(asc(tasks.dueOn)),
  ])
  return { ...row, agencies: agencyRows, contacts: contactRows, staff: staffRows, tasks: taskRows }
}
export type EngagementDetail = NonNullable<Awaited<ReturnType<typeof getEngagement>>>

type FieldErrors = Record<string, string[]>

/** Checks every id the form sent against what the actor may use. */
async function checkReferences(actor: CurrentUser, input: EngagementInput): Promise<FieldErrors | null> {
  const errors: FieldErrors = {}
  const agencyIds = [...new Set(input.agencyIds)]
  const found = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(inArray(agencies.id, agencyIds), regionScope(actor, agencies.regionCode), isNull(agencies.archivedAt)))
  if (found.length !== agencyIds.length) errors.agencyIds = ['Choose agencies in your regions.']
  const contactIds = [...new Set(input.contactIds)]
  if (contactIds.length) {
    const attendees = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(inArray(contacts.id, contactIds), inArray(contacts.agencyId, agencyIds), isNull(contacts.archivedAt)))
    if (attendees.length !== contactIds.length) errors.contactIds = ['Choose contacts of the agencies above.']
  }
  const staffIds = [...new Set([...input.staffIds, ...input.followUps.flatMap((task) => (task.assigneeId ? [task.assigneeId] : []))])]
  if (staffIds.length) {
    const staff = await db
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.id, staffIds), eq(users.status, 'active'), inArray(users.role, ['admin', 'global_head', 'outreach_lead'])))
    if (staff.length !== staffIds.length) errors.staffIds = ['Choose staff from the list.']
  }
  if (input.conferenceId) {
    const [conference] = await db.select({ id: conferences.id }).from(conferences).where(eq(conferences.id, input.conferenceId))
    if (!conference) errors.conferenceId = ['Choose a conference from the list.']
  }
  return Object.keys(errors).length ? errors : null
}

function engagementValues(input: EngagementInput) {
  return {
    kind: input.kind,
    title: input.title,
    startsAt: zonedLocalToUtc(input.startsAt, input.timeZone),
    endsAt: input.endsAt ? zonedLocalToUtc(input.endsAt, input.timeZone) : null,
    timeZone: input.timeZone,
    location: input.location,
    summary: input.summary,
    outcome: input.outcome,
    topics: [...new Set(input.topics)],
    conferenceId: input.conferenceId ?? null,
  }
}

async function writeAttendees(executor: Executor, engagementId: string, input: EngagementInput) {
  await executor.delete(engagementAgencies).where(eq(engagementAgencies.engagementId, engagementId))
  await executor.delete(engagementContacts).where(eq(engagementContacts.engagementId, engagementId))
  await executor.delete(engagementStaff).where(eq(engagementStaff.engagementId, engagementId))
  await executor.insert(engagementAgencies).values([...new Set(input.agencyIds)].map((agencyId) => ({ engagementId, agencyId })))
  const contactIds = [...new Set(input.contactIds)]
  if (contactIds.length) await executor.insert(engagementContacts).values(contactIds.map((contactId) => ({ engagementId, contactId })))
  const staffIds = [...new Set(input.staffIds)]
  if (staffIds.length) await executor.insert(engagementStaff).values(staffIds.map((userId) => ({ engagementId, userId })))
}

/**
 * Logs an engagement with its agencies, contacts, staff and follow-up tasks in one
 * transaction, and brings the agencies' last/next engagement dates up to date.
 */
export async function logEngagement({ actor, input, meta }: { actor: CurrentUser; input: EngagementInput; meta: RequestMeta }) {
  const fieldErrors = await checkReferences(actor, input)
  if (fieldErrors) return { ok: false as const, fieldErrors }
  const engagement = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(engagements)
      .values({ ...engagementValues(input), createdById: actor.id, createdAt: now(), updatedAt: now() })
      .returning({ id: engagements.id, title: engagements.title })
    await writeAttendees(tx, created.id, input)
    const primaryAgencyId = input.agencyIds[0]
    for (const followUp of input.followUps) {
      const [task] = await tx
        .insert(tasks)
        .values({ title: followUp.title, dueOn: followUp.dueOn ?? null, assigneeId: followUp.assigneeId ?? actor.id, agencyId: primaryAgencyId, engagementId: created.id, createdById: actor.id, createdAt: now(), updatedAt: now() })
        .returning({ id: tasks.id, title: tasks.title })
      await logActivity(tx, { name: 'task.created', actor, ip: meta.ip, targetName: task.title, agencyId: primaryAgencyId, engagementId: created.id })
    }
    await refreshAgencyEngagementDates(tx, input.agencyIds)
    await logActivity(tx, { name: 'engagement.logged', actor, ip: meta.ip, targetName: created.title, engagementId: created.id, properties: { kind: input.kind, agencies: input.agencyIds.length } })
    return created
  })
  return { ok: true as const, engagement }
}

export type EngagementUpdateResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'conflict'; current: EngagementDetail }

export async function updateEngagement({ actor, engagementId, input, meta }: { actor: CurrentUser; engagementId: string; input: EngagementInput & { version: number }; meta: RequestMeta }): Promise<EngagementUpdateResult> {
  const current = await getEngagement({ actor, engagementId })
  if (!current) return { ok: false, reason: 'not_found' }
  if (current.version !== input.version) return { ok: false, reason: 'conflict', current }
  const fieldErrors = await checkReferences(actor, input)
  if (fieldErrors) return { ok: false, reason: 'invalid', fieldErrors }
  const values = engagementValues(input)
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const field of ['kind', 'title', 'location', 'summary', 'outcome', 'topics', 'timeZone'] as const) {
    if (JSON.stringify(current[field] ?? null) !== JSON.stringify(values[field] ?? null)) changes[field] = { from: current[field], to: values[field] }
  }
  if (current.startsAt.getTime() !== values.startsAt.getTime()) changes.startsAt = { from: current.startsAt.toISOString(), to: values.startsAt.toISOString() }
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(engagements)
      .set({ ...values, version: sql`${engagements.version} + 1`, updatedAt: now() })
      .where(and(eq(engagements.id, engagementId), eq(engagements.version, input.version)))
      .returning({ id: engagements.id })
    if (!row) return false
    await writeAttendees(tx, engagementId, input)
    await refreshAgencyEngagementDates(tx, [...new Set([...current.agencies.map((agency) => agency.id), ...input.agencyIds])])
    await logActivity(tx, { name: 'engagement.updated', actor, ip: meta.ip, targetName: values.title, engagementId, properties: { changes } })
    return true
  })
  if (!saved) return { ok: false, reason: 'conflict', current: (await getEngagement({ actor, engagementId }))! }
  return { ok: true }
}

/** Staff for a type-ahead (attendees, presenters, assignees). */
export function searchStaffOptions(query: string, limit = 10) {
  const trimmed = query.trim().slice(0, 100)
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.status, 'active'), inArray(users.role, ['admin', 'global_head', 'outreach_lead']), trimmed ? or(ilike(users.name, containsPattern(trimmed)), ilike(users.email, prefixPattern(trimmed))) : undefined))
    .orderBy(asc(users.name))
    .limit(limit)
}

/** Conferences an engagement can be linked to: from a year ago on, soonest first. */
export function listConferenceChoices() {
  const yearAgo = new Date(now().getTime() - 365 * 24 * 60 * 60_000).toISOString().slice(0, 10)
  return db
    .select({ id: conferences.id, name: conferences.name, startsOn: conferences.startsOn })
    .from(conferences)
    .where(gte(conferences.endsOn, yearAgo))
    .orderBy(asc(conferences.startsOn))
    .limit(200)
}
