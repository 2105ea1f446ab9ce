import { and, eq, gte, lt, min, sum } from 'drizzle-orm'
import { loginAttempts } from '#db/schema'
import { now } from '../clock.server'
import { db } from '../db.server'

/**
 * Throttling per account and per IP, stored in Postgres so that every app instance sees the
 * same counts. Keys for accounts are counted whether or not the account exists, so the answer
 * never tells which emails are registered.
 */
export type ThrottledAction = 'login' | 'password_reset' | 'invitation' | 'signup'

type Limit = { max: number; windowMs: number }
const MINUTE = 60_000

export const throttlePolicies: Record<ThrottledAction, { account: Limit; ip: Limit }> = {
  login: { account: { max: 5, windowMs: 15 * MINUTE }, ip: { max: 30, windowMs: 15 * MINUTE } },
  password_reset: { account: { max: 3, windowMs: 60 * MINUTE }, ip: { max: 10, windowMs: 60 * MINUTE } },
  invitation: { account: { max: 10, windowMs: 15 * MINUTE }, ip: { max: 20, windowMs: 15 * MINUTE } },
  signup: { account: { max: 3, windowMs: 60 * MINUTE }, ip: { max: 10, windowMs: 60 * MINUTE } },
}

export type ThrottleSubject = { account?: string | null; ip?: string | null }

function keysFor(subject: ThrottleSubject) {
  const keys: { key: string; scope: 'account' | 'ip' }[] = []
  if (subject.account) keys.push({ key: `account:${subject.account.trim().toLowerCase()}`, scope: 'account' })
  if (subject.ip) keys.push({ key: `ip:${subject.ip}`, scope: 'ip' })
  return keys
}

/** Seconds to wait before another attempt is allowed, or 0 when it is allowed now. */
export async function secondsUntilAllowed(action: ThrottledAction, subject: ThrottleSubject): Promise<number> {
  const current = now().getTime()
  let wait = 0
  for (const { key, scope } of keysFor(subject)) {
    const limit = throttlePolicies[action][scope]
    const since = new Date(current - limit.windowMs)
    const [row] = await db
      .select({ count: sum(loginAttempts.counted).mapWith(Number), oldest: min(loginAttempts.attemptedAt) })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.action, action), eq(loginAttempts.key, key), gte(loginAttempts.attemptedAt, since)))
    if (row && row.count >= limit.max && row.oldest) {
      const oldest = row.oldest instanceof Date ? row.oldest : new Date(row.oldest)
      wait = Math.max(wait, Math.ceil((oldest.getTime() + limit.windowMs - current) / 1000))
    }
  }
  return wait
}

export async function recordAttempt(action: ThrottledAction, subject: ThrottleSubject) {
  const attemptedAt = now()
  const rows = keysFor(subject).map(({ key }) => ({ action, key, attemptedAt }))
  if (rows.length > 0) await db.insert(loginAttempts).values(rows)
}

/** After a successful sign-in the account's failures are forgotten (the IP's are not). */
export async function clearAccountAttempts(action: ThrottledAction, account: string) {
  await db.delete(loginAttempts).where(and(eq(loginAttempts.action, action), eq(loginAttempts.key, `account:${account.trim().toLowerCase()}`)))
}

export async function deleteOldAttempts() {
  const longest = Math.max(...Object.values(throttlePolicies).flatMap((policy) => [policy.account.windowMs, policy.ip.windowMs]))
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(now().getTime() - longest)))
}

/** The answer for a throttled request: 429, a Retry-After, and the same words for every account. */
export function throttledReply(retryAfterSeconds: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
  return {
    message: `Too many attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
    init: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
  }
}

/** Checks and records one attempt of an action that counts every request (reset, invitation). */
export async function consumeAttempt(action: ThrottledAction, subject: ThrottleSubject): Promise<number> {
  const wait = await secondsUntilAllowed(action, subject)
  if (wait > 0) return wait
  await recordAttempt(action, subject)
  return 0
}
