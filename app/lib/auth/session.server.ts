import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { createCookie } from 'react-router'
import { and, eq, lt, ne } from 'drizzle-orm'
import { sessions } from '#db/schema'
import type { Role } from '#db/schema/vocabulary'
import { now } from '../clock.server'
import { db, type Executor } from '../db.server'
import { env } from '../env.server'
import { isStaff } from './permissions'

/**
 * Sessions after the Lucia design (lucia-auth.com, see docs/decisions/002): the cookie holds
 * `<id>.<secret>`; the database holds only SHA-256(secret), compared in constant time.
 */
const MINUTE = 60_000
const HOUR = 60 * MINUTE

export const sessionLimits = {
  staff: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
  officer: { idleMs: 8 * HOUR, absoluteMs: 7 * 24 * HOUR },
} as const

/** A session is touched at most this often, so that a burst of requests is one write. */
const TOUCH_INTERVAL_MS = MINUTE

function limitsFor(role: Role) {
  return isStaff(role) ? sessionLimits.staff : sessionLimits.officer
}

const secure = env.APP_ORIGIN.startsWith('https:')
export const sessionCookie = createCookie(secure ? '__Host-liaison_session' : 'liaison_session', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure,
})

function randomString(bytes: number): string {
  const buffer = new Uint8Array(bytes)
  crypto.getRandomValues(buffer)
  return encodeBase32LowerCaseNoPadding(buffer)
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret))
}

export type SessionMeta = { ip?: string | null; userAgent?: string | null }

export async function createSession(executor: Executor, user: { id: string; role: Role }, meta: SessionMeta = {}) {
  const id = randomString(15) // 120 bits: a lookup key, not the secret
  const secret = randomString(20) // 160 bits from the CSPRNG
  const createdAt = now()
  const { idleMs, absoluteMs } = limitsFor(user.role)
  const absoluteExpiresAt = new Date(createdAt.getTime() + absoluteMs)
  const row = {
    id,
    secretHash: hashSecret(secret),
    userId: user.id,
    createdAt,
    lastVerifiedAt: createdAt,
    expiresAt: new Date(Math.min(createdAt.getTime() + idleMs, absoluteExpiresAt.getTime())),
    absoluteExpiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 400) ?? null,
  }
  await executor.insert(sessions).values(row)
  return { token: `${id}.${secret}`, session: row }
}

/** The id and secret of a well-formed token, or null. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const [id, secret, extra] = token.split('.')
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null
  return { id, secret }
}

type SessionRow = typeof sessions.$inferSelect

/**
 * The stored session if the token's secret matches it (compared in constant time) and it has
 * not expired; an expired one is deleted. For callers that read the session row themselves,
 * joined to what they need with it.
 */
export async function verifySession(found: SessionRow | null | undefined, secret: string): Promise<SessionRow | null> {
  if (!found) return null
  if (!constantTimeEqual(hashSecret(secret), found.secretHash)) return null
  if (now().getTime() >= found.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, found.id))
    return null
  }
  return found
}

/**
 * Finds the live session for a token. Returns null for a malformed, unknown, mismatched or
 * expired token (and deletes an expired one).
 */
export async function validateSessionToken(token: string) {
  const parsed = parseSessionToken(token)
  if (!parsed) return null
  const [found] = await db.select().from(sessions).where(eq(sessions.id, parsed.id))
  return verifySession(found, parsed.secret)
}

/** Slides the idle window of a validated session (the role decides its length). */
export async function touchSession(session: typeof sessions.$inferSelect, role: Role) {
  const current = now()
  if (current.getTime() - session.lastVerifiedAt.getTime() < TOUCH_INTERVAL_MS) return session
  const { idleMs } = limitsFor(role)
  const expiresAt = new Date(Math.min(current.getTime() + idleMs, session.absoluteExpiresAt.getTime()))
  await db.update(sessions).set({ lastVerifiedAt: current, expiresAt }).where(eq(sessions.id, session.id))
  return { ...session, lastVerifiedAt: current, expiresAt }
}

export async function invalidateSession(executor: Executor, sessionId: string) {
  await executor.delete(sessions).where(eq(sessions.id, sessionId))
}

/** Ends every session of a user, or every one but `exceptSessionId`. */
export async function invalidateUserSessions(executor: Executor, userId: string, exceptSessionId?: string) {
  await executor.delete(sessions).where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId))
}

export async function deleteExpiredSessions() {
  await db.delete(sessions).where(lt(sessions.expiresAt, now()))
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get('Cookie'))
  return typeof value === 'string' ? value : null
}

export function commitSessionCookie(token: string, expiresAt: Date) {
  return sessionCookie.serialize(token, { expires: expiresAt })
}

export function clearSessionCookie() {
  return sessionCookie.serialize('', { maxAge: 0 })
}
