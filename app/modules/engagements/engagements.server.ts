import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, lte, not, or, sql, type SQL } from 'drizzle-orm'
import { agencies, conferences, contacts, engagementAgencies, engagementContacts, engagementStaff, engagements, tasks, users } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now, today } from '~/lib/clock.server'
import { buildOnce, db, type Executor } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import type { Changes } from '~/modules/activity/activity-events'
import { logActivity } from '~/modules/activity/activity.server'
import { findAssignableIds, insertTask, unassignableMessage } from '~/modules/tasks/tasks.server'
import type { EngagementInput, EngagementListFilters } from './engagements-schema'
import { formatInZone, utcToZonedLocal, zonedLocalToUtc } from './local-time'
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
export function engagementInScope(actor: Pick<CurrentUser, 'allRegions' | 'regions'>) {
  const scope = regionScope(actor, agencies.regionCode)
  if (!scope) return undefined
  return sql`exists (select 1 from ${engagementAgencies} inner join ${agencies} on ${agencies.id} = ${engagementAgencies.agencyId} where ${engagementAgencies.engagementId} = ${engagements.id} and ${scope})`
}

/** The names of an engagement's agencies that the actor may see (others are not named), for a select list. */
export function visibleAgencyNames(actor: CurrentUser) {
  const scope = regionScope(actor, agencies.regionCode)
  return sql<
    string[]
  >`coalesce((select array_agg(${agencies.name} order by ${agencies.name}) from ${engagementAgencies} inner join ${agencies} on ${agencies.id} = ${engagementAgencies.agencyId} where ${engagementAgencies.engagementId} = ${qualified(engagements.id)}${scope ? sql` and ${scope}` : sql``}), '{}')`
}

const listColumns = {
  id: engagements.id,
  kind: engagements.kind,
  title: engagements.title,
  startsAt: engagements.startsAt,
  endsAt: engagements.endsAt,
  timeZone: engagements.timeZone,
  location: engagements.location,
  topics: engagements.topics,
}

/** The engagement list's filters, in the actor's regions (shared by the list and its CSV export). */
export function engagementFilterConditions(actor: CurrentUser, filters: Omit<EngagementListFilters, 'page'>) {
  const conditions: (SQL | undefined)[] = [engagementInScope(actor)]
  if (filters.q) conditions.push(or(ilike(engagements.title, containsPattern(filters.q)), sql`${filters.q} <% ${engagements.title}`))
  if (filters.kind) conditions.push(eq(engagements.kind, filters.kind))
  if (filters.topic) conditions.push(sql`${engagements.topics} @> array[${filters.topic}]::text[]`)
  if (filters.agency)
    conditions.push(
      sql`exists (select 1 from ${engagementAgencies} where ${engagementAgencies.engagementId} = ${engagements.id} and ${engagementAgencies.agencyId} = ${filters.agency})`,
    )
  if (filters.region)
    conditions.push(
      sql`exists (select 1 from ${engagementAgencies} join ${agencies} on ${agencies.id} = ${engagementAgencies.agencyId} where ${engagementAgencies.engagementId} = ${engagements.id} and ${agencies.regionCode} = ${filters.region})`,
    )
  if (filters.from) conditions.push(gte(engagements.startsAt, new Date(`${filters.from}T00:00:00Z`)))
  if (filters.to) conditions.push(lte(engagements.startsAt, new Date(`${filters.to}T23:59:59Z`)))
  const attendedBy = (userId: string) =>
    sql`exists (select 1 from ${engagementStaff} where ${engagementStaff.engagementId} = ${engagements.id} and ${engagementStaff.userId} = ${userId})`
  if (filters.mine) conditions.push(attendedBy(actor.id))
  if (filters.staff) conditions.push(attendedBy(filters.staff))
  if (filters.when === 'upcoming') conditions.push(gte(engagements.startsAt, now()))
  if (filters.when === 'past') conditions.push(lt(engagements.startsAt, now()))
  return and(...conditions)
}

export async function listEngagements({ actor, filters }: { actor: CurrentUser; filters: EngagementListFilters }) {
  const where = engagementFilterConditions(actor, filters)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ ...listColumns, agencyNames: visibleAgencyNames(actor) })
      .from(engagements)
      .where(where)
      // Upcoming: the next one first; otherwise the latest first.
      .orderBy(filters.when === 'upcoming' ? asc(engagements.startsAt) : desc(engagements.startsAt), asc(engagements.id))
      .limit(ENGAGEMENTS_PAGE_SIZE)
      .offset((filters.page - 1) * ENGAGEMENTS_PAGE_SIZE),
    db.select({ total: count() }).from(engagements).where(where),
  ])
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / ENGAGEMENTS_PAGE_SIZE)) }
}

/**
 * The engagements of the `days` (ISO, on `timeZone`'s clock) in the actor's
 * regions, for the calendar: by `region` (one of the actor's) and by `ownerId` (a staff
 * attendee). A busy region has dozens a day, more than a calendar can draw, so each day gives
 * its first `perDay` + 1 (the extra one says there are more): one short walk of the start index
 * per day, instead of checking the region of every engagement of every region in view.
 */
export function listEngagementsOfDays({
  actor,
  days: dayList,
  timeZone,
  perDay,
  region,
  ownerId,
}: {
  actor: CurrentUser
  /** ISO days, at most a few dozen. */
  days: string[]
  timeZone: string
  perDay: number
  region?: string
  ownerId?: string
}) {
  const days = db.$with('days').as(
    // A list of values rather than generate_series: the planner then knows how few days there
    // are (it assumes a thousand rows of a function, which costs the query a JIT compile).
    db.select({ day: sql<string>`d.day`.as('day') }).from(
      sql`(values ${sql.join(
        dayList.map((day) => sql`(${day}::timestamp)`),
        sql`, `,
      )}) as d(day)`,
    ),
  )
  const firstOfDay = db
    .select({
      id: engagements.id,
      kind: engagements.kind,
      title: engagements.title,
      startsAt: engagements.startsAt,
      endsAt: engagements.endsAt,
      timeZone: engagements.timeZone,
      version: engagements.version,
    })
    .from(engagements)
    .where(
      and(
        sql`${engagements.startsAt} >= (${days.day} at time zone ${timeZone})`,
        sql`${engagements.startsAt} < ((${days.day} + interval '1 day') at time zone ${timeZone})`,
        engagementInScope(actor),
        region
          ? sql`exists (select 1 from ${engagementAgencies} join ${agencies} on ${agencies.id} = ${engagementAgencies.agencyId} where ${engagementAgencies.engagementId} = ${engagements.id} and ${agencies.regionCode} = ${region})`
          : undefined,
        ownerId
          ? sql`exists (select 1 from ${engagementStaff} where ${engagementStaff.engagementId} = ${engagements.id} and ${engagementStaff.userId} = ${ownerId})`
          : undefined,
      ),
    )
    .orderBy(asc(engagements.startsAt), asc(engagements.id))
    .limit(perDay + 1)
    .as('first_of_day')
  return db
    .with(days)
    .select({
      day: sql<string>`to_char(${days.day}, 'YYYY-MM-DD')`,
      id: firstOfDay.id,
      kind: firstOfDay.kind,
      title: firstOfDay.title,
      startsAt: firstOfDay.startsAt,
      endsAt: firstOfDay.endsAt,
      timeZone: firstOfDay.timeZone,
      version: firstOfDay.version,
    })
    .from(days)
    .crossJoinLateral(firstOfDay)
    .orderBy(asc(firstOfDay.startsAt), asc(firstOfDay.id))
}

/**
 * Moves an engagement to a new start, keeping its length, its zone and everything else: a
 * normal edit (the version check, the activity log), so the move is on the record's timeline.
 */
export async function moveEngagement({
  actor,
  engagementId,
  version,
  startsAt,
  meta,
}: {
  actor: CurrentUser
  engagementId: string
  version: number
  startsAt: Date
  meta: RequestMeta
}): Promise<EngagementUpdateResult> {
  const current = await getEngagement({ actor, engagementId })
  if (!current) return { ok: false, reason: 'not_found' }
  const endsAt = current.endsAt ? new Date(startsAt.getTime() + (current.endsAt.getTime() - current.startsAt.getTime())) : null
  return updateEngagement({
    actor,
    engagementId,
    meta,
    input: {
      version,
      kind: current.kind,
      title: current.title,
      startsAt: utcToZonedLocal(startsAt, current.timeZone),
      endsAt: endsAt ? utcToZonedLocal(endsAt, current.timeZone) : undefined,
      timeZone: current.timeZone,
      location: current.location,
      summary: current.summary,
      outcome: current.outcome,
      topics: current.topics as EngagementInput['topics'],
      // The links the actor sees stay as they are; those outside their regions are kept by the update.
      agencyIds: current.agencies.map((agency) => agency.id),
      contactIds: current.contacts.map((contact) => contact.id),
      staffIds: current.staff.map((person) => person.id),
      conferenceId: current.conferenceId ?? undefined,
      followUps: [],
    },
  })
}

/** The engagements of one agency, newest first (the caller has checked the agency's scope). */
// The agency page's queries run on every view of it: built once, run as prepared statements.
const agencyEngagementsQuery = buildOnce(() =>
  db
    .select(listColumns)
    .from(engagementAgencies)
    .innerJoin(engagements, eq(engagements.id, engagementAgencies.engagementId))
    .where(eq(engagementAgencies.agencyId, sql.placeholder('agencyId')))
    .orderBy(desc(engagements.startsAt))
    .limit(sql.placeholder('limit'))
    .prepare('agency_engagements'),
)

export function listAgencyEngagements(agencyId: string, limit = 25) {
  return agencyEngagementsQuery().execute({ agencyId, limit })
}

/** The actor's own engagements still to come (for /home). */
export function listMyUpcomingEngagements(actor: CurrentUser, limit = 8) {
  return db
    .select({ ...listColumns, agencyNames: visibleAgencyNames(actor) })
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
const conferencesWhereAgencyMetQuery = buildOnce(() =>
  db
    .selectDistinct({ id: conferences.id, name: conferences.name, startsOn: conferences.startsOn, city: conferences.city })
    .from(engagementAgencies)
    .innerJoin(engagements, eq(engagements.id, engagementAgencies.engagementId))
    .innerJoin(conferences, eq(conferences.id, engagements.conferenceId))
    .where(eq(engagementAgencies.agencyId, sql.placeholder('agencyId')))
    .orderBy(desc(conferences.startsOn))
    .prepare('conferences_where_agency_met'),
)

export function listConferencesWhereAgencyMet(agencyId: string) {
  return conferencesWhereAgencyMetQuery().execute({ agencyId })
}

/** Whether a record of this region is the actor's to see and change (the regionScope rule, in memory). */
function inActorRegions(actor: CurrentUser, regionCode: string) {
  return actor.allRegions || (actor.regions as string[]).includes(regionCode)
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
  // A shared engagement shows a lead only its agencies and people in the lead's regions; the
  // others are counted, never named.
  const scope = regionScope(actor, agencies.regionCode)
  const [agencyRows, contactRows, staffRows, taskRows, [otherAgencies], [otherContacts]] = await Promise.all([
    db
      .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode, archivedAt: agencies.archivedAt })
      .from(engagementAgencies)
      .innerJoin(agencies, eq(agencies.id, engagementAgencies.agencyId))
      .where(and(eq(engagementAgencies.engagementId, engagementId), scope))
      .orderBy(asc(agencies.name)),
    db
      .select({ id: contacts.id, fullName: contacts.fullName, title: contacts.title, agencyId: contacts.agencyId, archivedAt: contacts.archivedAt })
      .from(engagementContacts)
      .innerJoin(contacts, eq(contacts.id, engagementContacts.contactId))
      .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
      .where(and(eq(engagementContacts.engagementId, engagementId), scope))
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
      .leftJoin(agencies, eq(agencies.id, tasks.agencyId))
      // The follow-ups the actor may see: their own, and those of agencies in their regions (as on /tasks).
      .where(and(eq(tasks.engagementId, engagementId), scope ? or(eq(tasks.assigneeId, actor.id), isNull(tasks.agencyId), scope) : undefined))
      .orderBy(asc(tasks.dueOn)),
    scope
      ? db
          .select({ total: count() })
          .from(engagementAgencies)
          .innerJoin(agencies, eq(agencies.id, engagementAgencies.agencyId))
          .where(and(eq(engagementAgencies.engagementId, engagementId), not(scope)))
      : [{ total: 0 }],
    scope
      ? db
          .select({ total: count() })
          .from(engagementContacts)
          .innerJoin(contacts, eq(contacts.id, engagementContacts.contactId))
          .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
          .where(and(eq(engagementContacts.engagementId, engagementId), not(scope)))
      : [{ total: 0 }],
  ])
  return {
    ...row,
    agencies: agencyRows,
    contacts: contactRows,
    staff: staffRows,
    tasks: taskRows,
    otherRegions: { agencies: otherAgencies.total, contacts: otherContacts.total },
  }
}
export type EngagementDetail = NonNullable<Awaited<ReturnType<typeof getEngagement>>>

type FieldErrors = Record<string, string[]>

type LinkedAgency = { id: string; name: string; regionCode: string }
type LinkedContact = { id: string; name: string; agencyId: string; regionCode: string }
type LinkedStaff = { id: string; name: string }
type EngagementLinks = { agencies: LinkedAgency[]; contacts: LinkedContact[]; staff: LinkedStaff[] }

const noLinks: EngagementLinks = { agencies: [], contacts: [], staff: [] }

/** Every agency, contact and staff member of an engagement, whatever the region (for writing). */
async function loadLinks(engagementId: string): Promise<EngagementLinks> {
  const [agencyRows, contactRows, staffRows] = await Promise.all([
    db
      .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode })
      .from(engagementAgencies)
      .innerJoin(agencies, eq(agencies.id, engagementAgencies.agencyId))
      .where(eq(engagementAgencies.engagementId, engagementId)),
    db
      .select({ id: contacts.id, name: contacts.fullName, agencyId: contacts.agencyId, regionCode: agencies.regionCode })
      .from(engagementContacts)
      .innerJoin(contacts, eq(contacts.id, engagementContacts.contactId))
      .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
      .where(eq(engagementContacts.engagementId, engagementId)),
    db
      .select({ id: users.id, name: users.name })
      .from(engagementStaff)
      .innerJoin(users, eq(users.id, engagementStaff.userId))
      .where(eq(engagementStaff.engagementId, engagementId)),
  ])
  return { agencies: agencyRows, contacts: contactRows, staff: staffRows }
}

type References = { agencies: LinkedAgency[]; contacts: LinkedContact[]; staff: LinkedStaff[]; conference: { id: string; name: string } | null }

/**
 * Checks every id the form sent against what the actor may use, and returns the records. New
 * links need active records in the actor's regions; what is already linked (`linked`) stays
 * acceptable once archived or deactivated, so that an old engagement can still be edited.
 */
async function resolveReferences(
  actor: CurrentUser,
  input: EngagementInput,
  linked: EngagementLinks,
): Promise<{ fieldErrors: FieldErrors } | { fieldErrors: null; references: References }> {
  const errors: FieldErrors = {}
  const stillUsable = (
    archivedAt: typeof agencies.archivedAt | typeof contacts.archivedAt,
    id: typeof agencies.id | typeof contacts.id,
    linkedIds: string[],
  ) => (linkedIds.length ? or(isNull(archivedAt), inArray(id, linkedIds)) : isNull(archivedAt))
  const agencyIds = [...new Set(input.agencyIds)]
  const contactIds = [...new Set(input.contactIds)]
  const staffIds = [...new Set(input.staffIds)]
  // A follow-up is the actor's unless given to someone; the tasks module says who may be given one.
  const assigneeIds = input.followUps.map((task) => task.assigneeId ?? actor.id)
  const staffRoles = inArray(users.role, ['admin', 'global_head', 'outreach_lead'])
  const linkedStaffIds = linked.staff.map((person) => person.id)
  const [agencyRows, contactRows, staffRows, assignable, conferenceRows] = await Promise.all([
    db
      .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode })
      .from(agencies)
      .where(
        and(
          inArray(agencies.id, agencyIds),
          regionScope(actor, agencies.regionCode),
          stillUsable(
            agencies.archivedAt,
            agencies.id,
            linked.agencies.map((agency) => agency.id),
          ),
        ),
      ),
    contactIds.length
      ? db
          .select({ id: contacts.id, name: contacts.fullName, agencyId: contacts.agencyId, regionCode: agencies.regionCode })
          .from(contacts)
          .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
          .where(
            and(
              inArray(contacts.id, contactIds),
              inArray(contacts.agencyId, agencyIds),
              regionScope(actor, agencies.regionCode),
              stillUsable(
                contacts.archivedAt,
                contacts.id,
                linked.contacts.map((contact) => contact.id),
              ),
            ),
          )
      : Promise.resolve([]),
    staffIds.length
      ? db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(
            and(
              inArray(users.id, staffIds),
              staffRoles,
              linkedStaffIds.length ? or(eq(users.status, 'active'), inArray(users.id, linkedStaffIds)) : eq(users.status, 'active'),
            ),
          )
      : Promise.resolve([]),
    findAssignableIds(assigneeIds),
    input.conferenceId
      ? db.select({ id: conferences.id, name: conferences.name }).from(conferences).where(eq(conferences.id, input.conferenceId))
      : Promise.resolve([]),
  ])
  if (agencyRows.length !== agencyIds.length) errors.agencyIds = ['Choose agencies in your regions.']
  if (contactRows.length !== contactIds.length) errors.contactIds = ['Choose contacts of the agencies above.']
  if (staffRows.length !== staffIds.length) errors.staffIds = ['Choose staff from the list.']
  assigneeIds.forEach((id, index) => {
    if (!assignable.has(id)) errors[`followUps[${index}].assigneeId`] = [unassignableMessage]
  })
  if (input.conferenceId && conferenceRows.length === 0) errors.conferenceId = ['Choose a conference from the list.']
  if (Object.keys(errors).length) return { fieldErrors: errors }
  return { fieldErrors: null, references: { agencies: agencyRows, contacts: contactRows, staff: staffRows, conference: conferenceRows[0] ?? null } }
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

type LinkPlan<T extends { id: string }> = { next: T[]; added: T[]; removed: T[] }

function planLinks<T extends { id: string }>(current: T[], kept: T[], chosen: T[]): LinkPlan<T> {
  const next = [...new Map([...kept, ...chosen].map((item) => [item.id, item])).values()]
  const nextIds = new Set(next.map((item) => item.id))
  const currentIds = new Set(current.map((item) => item.id))
  return { next, added: next.filter((item) => !currentIds.has(item.id)), removed: current.filter((item) => !nextIds.has(item.id)) }
}

/**
 * What an edit does to the links: a lead changes only those in their regions, and every link
 * to an agency or contact outside them is kept as it is.
 */
function planAttendees(actor: CurrentUser, current: EngagementLinks, references: References) {
  const elsewhere = <T extends { regionCode: string }>(items: T[]) => items.filter((item) => !inActorRegions(actor, item.regionCode))
  return {
    agencies: planLinks(current.agencies, elsewhere(current.agencies), references.agencies),
    contacts: planLinks(current.contacts, elsewhere(current.contacts), references.contacts),
    staff: planLinks(current.staff, [], references.staff),
  }
}
type AttendeePlan = ReturnType<typeof planAttendees>

/** Writes only the links that change: a link nobody touched is never deleted and re-made. */
async function writeAttendees(executor: Executor, engagementId: string, plan: AttendeePlan) {
  const ids = (items: { id: string }[]) => items.map((item) => item.id)
  if (plan.agencies.removed.length)
    await executor
      .delete(engagementAgencies)
      .where(and(eq(engagementAgencies.engagementId, engagementId), inArray(engagementAgencies.agencyId, ids(plan.agencies.removed))))
  if (plan.contacts.removed.length)
    await executor
      .delete(engagementContacts)
      .where(and(eq(engagementContacts.engagementId, engagementId), inArray(engagementContacts.contactId, ids(plan.contacts.removed))))
  if (plan.staff.removed.length)
    await executor.delete(engagementStaff).where(and(eq(engagementStaff.engagementId, engagementId), inArray(engagementStaff.userId, ids(plan.staff.removed))))
  if (plan.agencies.added.length) await executor.insert(engagementAgencies).values(plan.agencies.added.map((agency) => ({ engagementId, agencyId: agency.id })))
  if (plan.contacts.added.length)
    await executor.insert(engagementContacts).values(plan.contacts.added.map((contact) => ({ engagementId, contactId: contact.id })))
  if (plan.staff.added.length) await executor.insert(engagementStaff).values(plan.staff.added.map((person) => ({ engagementId, userId: person.id })))
}

/**
 * Logs an engagement with its agencies, contacts, staff and follow-up tasks in one
 * transaction, and brings the agencies' last/next engagement dates up to date.
 */
export async function logEngagement({ actor, input, meta }: { actor: CurrentUser; input: EngagementInput; meta: RequestMeta }) {
  const resolved = await resolveReferences(actor, input, noLinks)
  if (resolved.fieldErrors) return { ok: false as const, fieldErrors: resolved.fieldErrors }
  const plan = planAttendees(actor, noLinks, resolved.references)
  const engagement = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(engagements)
      .values({ ...engagementValues(input), createdById: actor.id, createdAt: now(), updatedAt: now() })
      .returning({ id: engagements.id, title: engagements.title })
    await writeAttendees(tx, created.id, plan)
    // Follow-ups belong to the first agency named, as a task has one agency.
    const agency = resolved.references.agencies.find((row) => row.id === input.agencyIds[0])
    for (const followUp of input.followUps) {
      await insertTask(tx, {
        actor,
        task: { title: followUp.title, dueOn: followUp.dueOn, assigneeId: followUp.assigneeId ?? actor.id, agency, engagementId: created.id },
        meta,
      })
    }
    await refreshAgencyEngagementDates(tx, input.agencyIds)
    await logActivity(tx, {
      name: 'engagement.logged',
      actor,
      ip: meta.ip,
      targetName: created.title,
      engagementId: created.id,
      properties: { kind: input.kind, agencies: input.agencyIds.length },
    })
    return created
  })
  return { ok: true as const, engagement }
}

export type EngagementUpdateResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'conflict'; current: EngagementDetail }

/** A link change for the timeline: who was added and removed, with their region so that a reader outside it is told only how many. */
function linkChange(plan: LinkPlan<{ id: string; name: string; regionCode?: string }>) {
  if (!plan.added.length && !plan.removed.length) return null
  const named = (items: { id: string; name: string; regionCode?: string }[]) =>
    items.map((item) => ({ id: item.id, name: item.name, ...(item.regionCode ? { region: item.regionCode } : {}) }))
  return { added: named(plan.added), removed: named(plan.removed) }
}

export async function updateEngagement({
  actor,
  engagementId,
  input,
  meta,
}: {
  actor: CurrentUser
  engagementId: string
  input: EngagementInput & { version: number }
  meta: RequestMeta
}): Promise<EngagementUpdateResult> {
  const current = await getEngagement({ actor, engagementId })
  if (!current) return { ok: false, reason: 'not_found' }
  if (current.version !== input.version) return { ok: false, reason: 'conflict', current }
  // Read outside the transaction: every change of links bumps the version, so the versioned
  // update below refuses the save if these links changed in between.
  const links = await loadLinks(engagementId)
  const resolved = await resolveReferences(actor, input, links)
  if (resolved.fieldErrors) return { ok: false, reason: 'invalid', fieldErrors: resolved.fieldErrors }
  const { references } = resolved
  const plan = planAttendees(actor, links, references)
  const values = engagementValues(input)
  const changes: Changes = {}
  for (const field of ['kind', 'title', 'location', 'summary', 'outcome', 'topics', 'timeZone'] as const) {
    if (JSON.stringify(current[field] ?? null) !== JSON.stringify(values[field] ?? null)) changes[field] = { from: current[field], to: values[field] }
  }
  const startMoved = current.startsAt.getTime() !== values.startsAt.getTime()
  if (startMoved) changes.startsAt = { from: formatInZone(current.startsAt, current.timeZone), to: formatInZone(values.startsAt, values.timeZone) }
  if ((current.endsAt?.getTime() ?? null) !== (values.endsAt?.getTime() ?? null)) {
    changes.endsAt = {
      from: current.endsAt ? formatInZone(current.endsAt, current.timeZone) : null,
      to: values.endsAt ? formatInZone(values.endsAt, values.timeZone) : null,
    }
  }
  if (current.conferenceId !== values.conferenceId) changes.conference = { from: current.conferenceName ?? null, to: references.conference?.name ?? null }
  for (const [field, change] of [
    ['agencies', linkChange(plan.agencies)],
    ['contacts', linkChange(plan.contacts)],
    ['staff', linkChange(plan.staff)],
  ] as const) {
    if (change) changes[field] = change
  }
  // The dates of exactly the agencies this edit touches: those linked or unlinked, and, when the
  // start moved, every agency of the engagement (its last engaged date may be this one).
  const touchedAgencyIds = startMoved ? [...plan.agencies.next, ...plan.agencies.removed] : [...plan.agencies.added, ...plan.agencies.removed]
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(engagements)
      .set({ ...values, version: sql`${engagements.version} + 1`, updatedAt: now() })
      .where(and(eq(engagements.id, engagementId), eq(engagements.version, input.version)))
      .returning({ id: engagements.id })
    if (!row) return false
    await writeAttendees(tx, engagementId, plan)
    await refreshAgencyEngagementDates(
      tx,
      touchedAgencyIds.map((agency) => agency.id),
    )
    await logActivity(tx, { name: 'engagement.updated', actor, ip: meta.ip, targetName: values.title, engagementId, properties: { changes } })
    return true
  })
  if (!saved) {
    // Someone saved first; if their change took the record out of the actor's reach, it is gone.
    const latest = await getEngagement({ actor, engagementId })
    return latest ? { ok: false, reason: 'conflict', current: latest } : { ok: false, reason: 'not_found' }
  }
  return { ok: true }
}

/** Staff for a type-ahead (attendees, presenters, assignees). */
export function searchStaffOptions(query: string, limit = 10) {
  const trimmed = query.trim().slice(0, 100)
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.status, 'active'),
        inArray(users.role, ['admin', 'global_head', 'outreach_lead']),
        trimmed ? or(ilike(users.name, containsPattern(trimmed)), ilike(users.email, prefixPattern(trimmed))) : undefined,
      ),
    )
    .orderBy(asc(users.name))
    .limit(limit)
}

/** Conferences an engagement can be linked to: from a year ago on, soonest first. */
export function listConferenceChoices() {
  const yearAgo = today(new Date(now().getTime() - 365 * 24 * 60 * 60_000))
  return db
    .select({ id: conferences.id, name: conferences.name, startsOn: conferences.startsOn })
    .from(conferences)
    .where(gte(conferences.endsOn, yearAgo))
    .orderBy(asc(conferences.startsOn))
    .limit(200)
}
