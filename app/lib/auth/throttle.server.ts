import { and, eq, gte, inArray, lt, min, sql, sum } from 'drizzle-orm'
import { loginAttempts } from '#db/schema'
import { now } from '../clock.server'
import { db } from '../db.server'
import type { Locale } from '#db/schema/vocabulary'
import { translator } from '~/lib/i18n/i18n.server'

/**
 * Throttling per account and per IP, stored in Postgres so that every app instance sees the
 * same counts. Keys for accounts are counted whether or not the account exists, so the answer
 * never tells which emails are registered.
 */
export type ThrottledAction =
  'login' | 'password_reset' | 'invitation' | 'signup' | 'officer_invitation' | 'password_check' | 'certificate_lookup' | 'calendar_feed'

type Limit = { max: number; windowMs: number }
const MINUTE = 60_000

export const throttlePolicies: Record<ThrottledAction, { account: Limit; ip: Limit }> = {
  login: { account: { max: 5, windowMs: 15 * MINUTE }, ip: { max: 30, windowMs: 15 * MINUTE } },
  password_reset: { account: { max: 3, windowMs: 60 * MINUTE }, ip: { max: 10, windowMs: 60 * MINUTE } },
  invitation: { account: { max: 10, windowMs: 15 * MINUTE }, ip: { max: 20, windowMs: 15 * MINUTE } },
  signup: { account: { max: 3, windowMs: 60 * MINUTE }, ip: { max: 10, windowMs: 60 * MINUTE } },
  /** Invitations a lead sends: `account` is the inviting user (every invitation makes a verified officer). */
  officer_invitation: { account: { max: 20, windowMs: 60 * MINUTE }, ip: { max: 40, windowMs: 60 * MINUTE } },
  /** The current password asked for on /settings: wrong answers, per account and per IP. */
  password_check: { account: { max: 5, windowMs: 15 * MINUTE }, ip: { max: 20, windowMs: 15 * MINUTE } },
  /**
   * Public certificate codes that match nothing, per IP (a code has 50 random bits: guessing needs
   * many misses; a code that matches is given back). Lookups name no account.
   */
  certificate_lookup: { account: { max: 20, windowMs: 15 * MINUTE }, ip: { max: 20, windowMs: 15 * MINUTE } },
  /**
   * Calendar feed tokens that match nothing, per IP (a token that works gives its attempt back).
   * Calendar services fetch many people's feeds from few addresses: a little more room than above.
   */
  calendar_feed: { account: { max: 30, windowMs: 15 * MINUTE }, ip: { max: 30, windowMs: 15 * MINUTE } },
}

export type ThrottleSubject = { account?: string | null; ip?: string | null }

function keysFor(subject: ThrottleSubject) {
  const keys: { key: string; scope: 'account' | 'ip' }[] = []
  if (subject.account) keys.push({ key: `account:${subject.account.trim().toLowerCase()}`, scope: 'account' })
  if (subject.ip) keys.push({ key: `ip:${subject.ip}`, scope: 'ip' })
  return keys
}

/**
 * Takes one attempt of an action for an account and an address, or answers how long to wait.
 * The check and the record are one step: each key is locked (a transaction-scoped advisory lock,
 * which every connection of every instance sees) while it is counted and the attempt written, so
 * parallel requests take turns and the limit holds exactly. The ids let a sign-in that turns out
 * right give its attempts back (`releaseAttempts`).
 */
export async function takeAttempt(action: ThrottledAction, subject: ThrottleSubject): Promise<{ wait: number; ids: number[] }> {
  const keys = keysFor(subject)
  if (keys.length === 0) return { wait: 0, ids: [] }
  return db.transaction(async (tx) => {
    // One order for every request, so that two requests never wait on each other's second lock.
    for (const { key } of [...keys].sort((a, b) => a.key.localeCompare(b.key))) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${action} ${key}`}, 0))`)
    }
    const current = now()
    let wait = 0
    for (const { key, scope } of keys) {
      const limit = throttlePolicies[action][scope]
      const [row] = await tx
        .select({ count: sum(loginAttempts.counted).mapWith(Number), oldest: min(loginAttempts.attemptedAt) })
        .from(loginAttempts)
        .where(and(eq(loginAttempts.action, action), eq(loginAttempts.key, key), gte(loginAttempts.attemptedAt, new Date(current.getTime() - limit.windowMs))))
      if (row && row.count >= limit.max && row.oldest) {
        const oldest = row.oldest instanceof Date ? row.oldest : new Date(row.oldest)
        wait = Math.max(wait, Math.ceil((oldest.getTime() + limit.windowMs - current.getTime()) / 1000))
      }
    }
    if (wait > 0) return { wait, ids: [] }
    const rows = await tx
      .insert(loginAttempts)
      .values(keys.map(({ key }) => ({ action, key, attemptedAt: current })))
      .returning({ id: loginAttempts.id })
    return { wait: 0, ids: rows.map((row) => row.id) }
  })
}

/** Gives back attempts taken by `takeAttempt` (a sign-in that succeeded counts against nobody). */
export async function releaseAttempts(ids: number[]) {
  if (ids.length > 0) await db.delete(loginAttempts).where(inArray(loginAttempts.id, ids))
}

/** After a successful sign-in the account's failures are forgotten (the IP's are not). */
export async function clearAccountAttempts(action: ThrottledAction, account: string) {
  await db.delete(loginAttempts).where(and(eq(loginAttempts.action, action), eq(loginAttempts.key, `account:${account.trim().toLowerCase()}`)))
}

export async function deleteOldAttempts() {
  const longest = Math.max(...Object.values(throttlePolicies).flatMap((policy) => [policy.account.windowMs, policy.ip.windowMs]))
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(now().getTime() - longest)))
}

/**
 * The answer for a throttled request: 429, a Retry-After, and the same words for every account,
 * in the language of the page that asked.
 */
export function throttledReply(retryAfterSeconds: number, locale: Locale = 'en') {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
  const t = translator(locale)
  return {
    message: minutes === 1 ? t('validation.throttledOne') : t('validation.throttledMinutes', { minutes }),
    init: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
  }
}

/**
 * A throttled route's `headers` export: React Router sends an action's headers on with the page
 * (or the `.data` answer) only through it, so without it a 429 would lose its Retry-After. A
 * throttled loader throws its 429, whose headers arrive as `errorHeaders`.
 */
export function passRetryAfter({ actionHeaders, errorHeaders }: { actionHeaders: Headers; errorHeaders?: Headers }): HeadersInit {
  const retryAfter = errorHeaders?.get('Retry-After') ?? actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : {}
}

/** The 429 a throttled loader throws (the route's ErrorBoundary shows it; `passRetryAfter` keeps its Retry-After). */
export function throttledResponse(retryAfterSeconds: number) {
  const { message, init } = throttledReply(retryAfterSeconds)
  return new Response(message, { ...init, statusText: 'Too Many Requests' })
}

/** Takes one attempt of an action that counts every request (reset, invitation, sign-up). */
export async function consumeAttempt(action: ThrottledAction, subject: ThrottleSubject): Promise<number> {
  return (await takeAttempt(action, subject)).wait
}
