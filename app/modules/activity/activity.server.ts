import { and, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { activity, engagementAgencies } from '#db/schema'
import { db, type Executor } from '~/lib/db.server'
import { containsPattern } from '~/lib/sql'

export type Actor = { id: string; name: string } | null

export type ActivityEntry = {
  /** `<entity>.<action>`, e.g. `user.invited`, `user.login_failed`. */
  name: string
  actor: Actor
  ip?: string | null
  targetName?: string | null
  properties?: Record<string, unknown>
  userId?: string | null
  agencyId?: string | null
  contactId?: string | null
  engagementId?: string | null
  conferenceId?: string | null
  presentationId?: string | null
}

/** Writes one activity row; call it with the transaction of the change it records. */
export async function logActivity(executor: Executor, entry: ActivityEntry) {
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

export type TimelineTarget =
  | { userId: string }
  | { agencyId: string }
  | { contactId: string }
  | { engagementId: string }
  | { conferenceId: string }
  | { presentationId: string }

/**
 * The timeline of one record, newest first. The caller has already checked that the actor may
 * see the record.
 */
export function listTimeline(target: TimelineTarget, limit = 50) {
  const [[key, id]] = Object.entries(target) as [[keyof typeof activity.$inferSelect, string]]
  const column = activity[key as 'userId']
  return db
    .select({ id: activity.id, name: activity.name, actorName: activity.actorName, targetName: activity.targetName, properties: activity.properties, happenedAt: activity.happenedAt })
    .from(activity)
    .where(eq(column, id))
    .orderBy(desc(activity.happenedAt), desc(activity.id))
    .limit(limit)
}

/** An agency's story: its own events and those of the engagements it took part in. */
export async function listAgencyTimeline(agencyId: string, limit = 50) {
  const columns = { id: activity.id, name: activity.name, actorName: activity.actorName, targetName: activity.targetName, properties: activity.properties, happenedAt: activity.happenedAt }
  const newestFirst = [desc(activity.happenedAt), desc(activity.id)]
  // Two index scans merged here: one OR across both would scan the whole log.
  const [own, engagementEvents] = await Promise.all([
    db.select(columns).from(activity).where(eq(activity.agencyId, agencyId)).orderBy(...newestFirst).limit(limit),
    db
      .select(columns)
      .from(activity)
      .where(
        and(
          inArray(activity.engagementId, db.select({ id: engagementAgencies.engagementId }).from(engagementAgencies).where(eq(engagementAgencies.agencyId, agencyId))),
          sql`${activity.agencyId} is distinct from ${agencyId}`,
        ),
      )
      .orderBy(...newestFirst)
      .limit(limit),
  ])
  return [...own, ...engagementEvents].sort((a, b) => b.happenedAt.getTime() - a.happenedAt.getTime() || b.id - a.id).slice(0, limit)
}
