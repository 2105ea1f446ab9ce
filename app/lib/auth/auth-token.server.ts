import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { and, eq, gt, isNull } from 'drizzle-orm'
import { authTokens, users, type AuthTokenPurpose } from '#db/schema'
import { now } from '../clock.server'
import { db, type Executor } from '../db.server'

/** Tokens sent by email: 160 random bits; only their SHA-256 is stored; single use; expiring. */
export const authTokenLifetimes: Record<AuthTokenPurpose, number> = {
  password_reset: 60 * 60_000,
  invitation: 7 * 24 * 60 * 60_000,
  email_verification: 24 * 60 * 60_000,
}

function hashToken(token: string) {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

/** Issues a new token (earlier unused ones for the same purpose stop working). */
export async function issueAuthToken(executor: Executor, userId: string, purpose: AuthTokenPurpose) {
  const bytes = new Uint8Array(20)
  crypto.getRandomValues(bytes)
  const token = encodeBase32LowerCaseNoPadding(bytes)
  await executor.delete(authTokens).where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)))
  await executor.insert(authTokens).values({
    tokenHash: hashToken(token),
    purpose,
    userId,
    createdAt: now(),
    expiresAt: new Date(now().getTime() + authTokenLifetimes[purpose]),
  })
  return token
}

function liveToken(token: string, purpose: AuthTokenPurpose) {
  return and(eq(authTokens.tokenHash, hashToken(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now()))
}

/** The account a usable token belongs to, without using it up (for showing the form). */
export async function findAuthTokenUser(token: string, purpose: AuthTokenPurpose) {
  if (token.length > 64) return null
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, status: users.status })
    .from(authTokens)
    .innerJoin(users, eq(users.id, authTokens.userId))
    .where(liveToken(token, purpose))
  return row ?? null
}

/** Uses a token up atomically; returns its user id, or null when it is unknown, used or expired. */
export async function consumeAuthToken(executor: Executor, token: string, purpose: AuthTokenPurpose) {
  if (token.length > 64) return null
  const [row] = await executor.update(authTokens).set({ usedAt: now() }).where(liveToken(token, purpose)).returning({ userId: authTokens.userId })
  return row?.userId ?? null
}

/** Whether a token can still be used (any purpose): the email worker sends no dead link. */
export async function isAuthTokenLive(executor: Executor, token: string) {
  if (token.length > 64) return false
  const [row] = await executor
    .select({ purpose: authTokens.purpose })
    .from(authTokens)
    .where(and(eq(authTokens.tokenHash, hashToken(token)), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now())))
  return Boolean(row)
}
