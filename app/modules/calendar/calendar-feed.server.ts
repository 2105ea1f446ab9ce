import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { eq } from 'drizzle-orm'
import { calendarFeeds, users } from '#db/schema'
import { userRegionsColumn, viewerOf, type CurrentUser } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import { env } from '~/lib/env.server'
import { zoneOf } from '~/lib/time-zone'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import type { CalendarViewer } from './calendar-events.server'

/*
 * Personal calendar feeds: `/calendar.ics?token=<id>.<secret>`, for calendar apps that cannot sign
 * in. The token is shown once when it is made; the database keeps the id (a lookup key) and the
 * SHA-256 of the secret (160 random bits), compared in constant time, as sessions do. Rotating
 * makes a new token (the old one stops at once); revoking deletes it. Either is logged.
 */

function randomString(bytes: number) {
  const buffer = new Uint8Array(bytes)
  crypto.getRandomValues(buffer)
  return encodeBase32LowerCaseNoPadding(buffer)
}

function hashSecret(secret: string) {
  return sha256(new TextEncoder().encode(secret))
}

export function calendarFeedUrl(token: string) {
  return `${env.APP_ORIGIN}/calendar.ics?${new URLSearchParams({ token })}`
}

/** Whether the user has a feed, and since when (the token itself is never shown again). */
export async function getCalendarFeedStatus(user: Pick<CurrentUser, 'id'>) {
  const [row] = await db.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.userId, user.id))
  return row ? { active: true as const, createdAt: row.createdAt } : { active: false as const }
}

/**
 * Makes the user's feed token, replacing the one they had (a rotation), and logs which it was.
 * Returns the token and the feed's address: the only time either is known.
 */
export async function issueCalendarFeedToken(actor: Pick<CurrentUser, 'id' | 'name'>, meta: RequestMeta) {
  const id = randomString(15)
  const secret = randomString(20)
  const token = `${id}.${secret}`
  const createdAt = now()
  await db.transaction(async (tx) => {
    const replaced = await tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, actor.id)).returning({ id: calendarFeeds.id })
    await tx.insert(calendarFeeds).values({ id, userId: actor.id, secretHash: hashSecret(secret), createdAt })
    await logActivity(tx, {
      name: replaced.length > 0 ? 'user.calendar_feed_rotated' : 'user.calendar_feed_created',
      actor,
      ip: meta.ip,
      targetName: actor.name,
      userId: actor.id,
    })
  })
  return { token, url: calendarFeedUrl(token), createdAt }
}

/** Ends the user's feed: its address answers 404 from now on. False when there was none. */
export async function revokeCalendarFeed(actor: Pick<CurrentUser, 'id' | 'name'>, meta: RequestMeta) {
  return db.transaction(async (tx) => {
    const removed = await tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, actor.id)).returning({ id: calendarFeeds.id })
    if (removed.length === 0) return false
    await logActivity(tx, { name: 'user.calendar_feed_revoked', actor, ip: meta.ip, targetName: actor.name, userId: actor.id })
    return true
  })
}

/** The active user a feed token belongs to, or null (malformed, unknown, rotated, revoked, deactivated). */
export async function authenticateCalendarFeed(token: string): Promise<CalendarViewer | null> {
  const [id, secret, extra] = token.split('.')
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null
  const [row] = await db
    .select({
      secretHash: calendarFeeds.secretHash,
      user: users,
      regions: userRegionsColumn(),
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(eq(calendarFeeds.id, id))
  if (!row || !constantTimeEqual(hashSecret(secret), row.secretHash)) return null
  const user = row.user
  if (user.status !== 'active') return null
  // No browser asks for a feed: the zone chosen in /settings, else UTC (each event carries its own zone anyway).
  return viewerOf(user, row.regions, zoneOf(user))
}
