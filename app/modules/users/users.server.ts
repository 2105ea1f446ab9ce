import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import { agencies, userRegions, users } from '#db/schema'
import type { Role } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { roleLabels } from '~/lib/auth/permissions'
import { invalidateUserSessions } from '~/lib/auth/session.server'
import { now } from '~/lib/clock.server'
import { db, type Executor } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { sendInvitation } from '~/modules/accounts/accounts.server'
import { logActivity, listUserActivity } from '~/modules/activity/activity.server'
import type { UserListFilters } from './users-schema'
import { containsPattern, isUuid, qualified } from '~/lib/sql'

export const USERS_PAGE_SIZE = 25

const regionsOf = sql<
  string[]
>`coalesce((select array_agg(${userRegions.regionCode} order by ${userRegions.regionCode}) from ${userRegions} where ${userRegions.userId} = ${qualified(users.id)}), '{}')`

export async function listUsers(filters: UserListFilters) {
  const conditions: (SQL | undefined)[] = []
  if (filters.q) {
    const pattern = containsPattern(filters.q)
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern)))
  }
  if (filters.role) conditions.push(eq(users.role, filters.role))
  if (filters.status) conditions.push(eq(users.status, filters.status))
  const where = and(...conditions)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        status: users.status,
        lastLoginAt: users.lastLoginAt,
        regions: regionsOf,
      })
      .from(users)
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(USERS_PAGE_SIZE)
      .offset((filters.page - 1) * USERS_PAGE_SIZE),
    db.select({ total: count() }).from(users).where(where),
  ])
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)) }
}

export async function getUserForAdmin(userId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null
  const [user] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      status: users.status,
      createdAt: users.createdAt,
      lastLoginAt: users.lastLoginAt,
      deactivatedAt: users.deactivatedAt,
      regions: regionsOf,
    })
    .from(users)
    .where(eq(users.id, userId))
  if (!user) return null
  return { ...user, activity: await listUserActivity(userId) }
}

async function setRegions(executor: Executor, userId: string, regions: string[]) {
  await executor.delete(userRegions).where(eq(userRegions.userId, userId))
  if (regions.length) await executor.insert(userRegions).values(regions.map((regionCode) => ({ userId, regionCode })))
}

/** Only leads have regions of their own; the others work everywhere. */
function regionsForRole(role: Role, regions: string[]) {
  return role === 'outreach_lead' ? regions : []
}

export type InviteInput = { email: string; name: string; role: Role; regions: string[] }

/** Creates an invited account and emails its invitation link, in one transaction. */
export async function inviteUser(actor: CurrentUser, input: InviteInput, meta: RequestMeta) {
  const existing = await db.query.users.findFirst({ where: sql`lower(${users.email}) = ${input.email}` })
  if (existing) return { ok: false as const, fieldErrors: { email: ['An account with this email already exists.'] } }
  const user = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: input.role, status: 'invited', officerVerification: input.role === 'officer' ? 'verified' : null })
      .returning()
    const regions = regionsForRole(input.role, input.regions)
    await setRegions(tx, created.id, regions)
    await sendInvitation(tx, { invitee: created, inviterName: actor.name, invitedAs: { kind: 'staff', roleLabel: roleLabels[input.role].toLowerCase() } })
    await logActivity(tx, {
      name: 'user.invited',
      actor,
      ip: meta.ip,
      targetName: created.name,
      userId: created.id,
      properties: { email: created.email, role: input.role, regions },
    })
    return created
  })
  return { ok: true as const, user }
}

/**
 * Changes role and regions. Nobody changes their own role (an admin cannot lock themselves out).
 * A new role ends every session of the account, as deactivation does: a session's lifetime and
 * limits were set for the role it was opened with, so the person signs in again under the new
 * one. Regions are read on every request and need no such step.
 */
export async function updateUserAccess(actor: CurrentUser, userId: string, input: { role: Role; regions: string[] }, meta: RequestMeta) {
  const target = await getUserForAdmin(userId)
  if (!target) return { ok: false as const, reason: 'not_found' as const }
  if (target.id === actor.id && input.role !== target.role) {
    return { ok: false as const, reason: 'own_role' as const, fieldErrors: { role: ['You cannot change your own role.'] } }
  }
  const regions = regionsForRole(input.role, input.regions)
  await db.transaction(async (tx) => {
    if (input.role !== target.role) {
      await tx.update(users).set({ role: input.role, updatedAt: now() }).where(eq(users.id, userId))
      await invalidateUserSessions(tx, userId)
      await logActivity(tx, {
        name: 'user.role_changed',
        actor,
        ip: meta.ip,
        targetName: target.name,
        userId,
        properties: { from: target.role, to: input.role },
      })
    }
    if (regions.join(',') !== [...target.regions].sort().join(',')) {
      await setRegions(tx, userId, regions)
      await logActivity(tx, {
        name: 'user.regions_changed',
        actor,
        ip: meta.ip,
        targetName: target.name,
        userId,
        properties: { from: target.regions, to: [...regions].sort() },
      })
    }
  })
  return { ok: true as const, roleChanged: input.role !== target.role }
}

/** Deactivation ends every session at once; the account is kept (it is part of the record). */
export async function setUserActive(actor: CurrentUser, userId: string, active: boolean, meta: RequestMeta) {
  const target = await getUserForAdmin(userId)
  if (!target) return { ok: false as const, reason: 'not_found' as const }
  if (target.id === actor.id) return { ok: false as const, reason: 'self' as const }
  if (active === (target.status !== 'deactivated')) return { ok: true as const }
  await db.transaction(async (tx) => {
    if (active) {
      // An invited account that never set a password stays invited.
      const [row] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId))
      await tx
        .update(users)
        .set({ status: row?.passwordHash ? 'active' : 'invited', deactivatedAt: null, updatedAt: now() })
        .where(eq(users.id, userId))
    } else {
      await tx.update(users).set({ status: 'deactivated', deactivatedAt: now(), updatedAt: now() }).where(eq(users.id, userId))
      await invalidateUserSessions(tx, userId)
    }
    await logActivity(tx, { name: active ? 'user.reactivated' : 'user.deactivated', actor, ip: meta.ip, targetName: target.name, userId })
  })
  return { ok: true as const }
}

/** Counts for the staff home page. */
export async function countUsersByRole() {
  const rows = await db.select({ role: users.role, total: count() }).from(users).where(eq(users.status, 'active')).groupBy(users.role)
  return Object.fromEntries(rows.map((row) => [row.role, row.total])) as Partial<Record<Role, number>>
}

/** What other areas need to know about an officer (training, certificates, officers queue). */
export async function getOfficerProfile(userId: string, executor: Executor = db) {
  if (!isUuid(userId)) return null
  const [row] = await executor
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      role: users.role,
      officerVerification: users.officerVerification,
      agencyId: users.agencyId,
      agencyName: agencies.name,
      regionCode: agencies.regionCode,
    })
    .from(users)
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(users.id, userId))
  return row ?? null
}
