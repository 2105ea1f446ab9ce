import { createElement } from 'react'
import { eq, sql } from 'drizzle-orm'
import { users } from '#db/schema'
import type { Locale } from '#db/schema/vocabulary'
import { authTokenLifetimes, consumeAuthToken, issueAuthToken } from '~/lib/auth/auth-token.server'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { hashPassword, timingSafeDummyVerify, verifyPassword } from '~/lib/auth/password.server'
import { createSession, invalidateSession, invalidateUserSessions } from '~/lib/auth/session.server'
import { clearAccountAttempts, consumeAttempt, releaseAttempts, takeAttempt } from '~/lib/auth/throttle.server'
import { runInBackground } from '~/lib/background.server'
import { now } from '~/lib/clock.server'
import { db, type Executor } from '~/lib/db.server'
import { sendEmail } from '~/lib/email/send.server'
import { InvitationEmail, invitationSubject, type InvitedAs } from '~/lib/email/templates/invitation-email'
import { PasswordResetEmail, passwordResetSubject } from '~/lib/email/templates/password-reset-email'
import { env } from '~/lib/env.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'

export function findUserByEmail(email: string) {
  return db.query.users.findFirst({ where: sql`lower(${users.email}) = ${email.trim().toLowerCase()}` })
}

type SignInResult =
  | { ok: true; token: string; expiresAt: Date; user: { id: string; role: CurrentUser['role'] } }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'unverified_email' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/**
 * Signs in with email and password. Always a new session (any session the browser had is
 * ended), and the same answer for a wrong password and an unknown account.
 */
export async function signIn(input: { email: string; password: string; previousSessionId?: string | null; meta: RequestMeta }): Promise<SignInResult> {
  const subject = { account: input.email, ip: input.meta.ip }
  // The attempt is taken before the password is checked, so parallel guesses cannot all pass the limit.
  const attempt = await takeAttempt('login', subject)
  if (attempt.wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: attempt.wait }

  const user = await findUserByEmail(input.email)
  const passwordOk =
    user?.passwordHash && user.status === 'active'
      ? await verifyPassword(user.passwordHash, input.password)
      : await timingSafeDummyVerify(input.password).then(() => false)

  if (!user || !passwordOk) {
    await logActivity(db, {
      name: 'user.login_failed',
      actor: null,
      ip: input.meta.ip,
      targetName: user?.name ?? input.email,
      userId: user?.id ?? null,
      properties: { email: input.email },
    })
    return { ok: false, reason: 'invalid' }
  }

  // A right password counts against no one: its attempt is given back, the account's failures forgotten.
  await releaseAttempts(attempt.ids)
  await clearAccountAttempts('login', input.email)
  // Officers who signed up themselves confirm their address before their first sign-in.
  if (user.role === 'officer' && !user.emailVerifiedAt) return { ok: false, reason: 'unverified_email' }
  const session = await db.transaction(async (tx) => {
    if (input.previousSessionId) await invalidateSession(tx, input.previousSessionId)
    const created = await createSession(tx, user, input.meta)
    await tx.update(users).set({ lastLoginAt: now() }).where(eq(users.id, user.id))
    await logActivity(tx, { name: 'user.login', actor: user, ip: input.meta.ip, targetName: user.name, userId: user.id })
    return created
  })
  return { ok: true, token: session.token, expiresAt: session.session.absoluteExpiresAt, user }
}

export async function signOut(user: CurrentUser, meta: RequestMeta) {
  await db.transaction(async (tx) => {
    await invalidateSession(tx, user.sessionId)
    await logActivity(tx, { name: 'user.logout', actor: user, ip: meta.ip, targetName: user.name, userId: user.id })
  })
}

/**
 * Asks for a reset link. The request only takes its throttle attempt (counted whether or not
 * the account exists) and leaves the look-up and the email to background work, so its answer
 * and how long it takes are the same for every address; only the throttle can refuse.
 * `locale`: the language of the page that asked, for an officer who chose none (the staff's
 * email is in English).
 */
export async function requestPasswordReset(input: { email: string; meta: RequestMeta; locale?: Locale }) {
  const wait = await consumeAttempt('password_reset', { account: input.email, ip: input.meta.ip })
  if (wait > 0) return { ok: false as const, retryAfterSeconds: wait }
  runInBackground('password reset request', () => sendPasswordResetLink(input))
  return { ok: true as const }
}

/** Queues a reset link when the account exists and is active; nothing otherwise. */
async function sendPasswordResetLink(input: { email: string; meta: RequestMeta; locale?: Locale }) {
  const user = await findUserByEmail(input.email)
  if (!user || user.status !== 'active') return
  const locale = user.role === 'officer' ? (user.locale ?? input.locale ?? 'en') : 'en'
  await db.transaction(async (tx) => {
    const token = await issueAuthToken(tx, user.id, 'password_reset')
    await sendEmail(tx, {
      to: user.email,
      template: 'password-reset',
      subject: passwordResetSubject(locale),
      linkSecret: token,
      body: (secret) =>
        createElement(PasswordResetEmail, {
          locale,
          name: user.name,
          resetUrl: `${env.APP_ORIGIN}/reset-password/${secret}`,
          expiresInMinutes: authTokenLifetimes.password_reset / 60_000,
        }),
    })
    await logActivity(tx, { name: 'user.password_reset_requested', actor: null, ip: input.meta.ip, targetName: user.name, userId: user.id })
  })
}

/** Sets a new password from a reset link; every session of the account ends. */
export async function resetPassword(input: { token: string; password: string; meta: RequestMeta }) {
  const passwordHash = await hashPassword(input.password)
  return db.transaction(async (tx) => {
    const userId = await consumeAuthToken(tx, input.token, 'password_reset')
    if (!userId) return { ok: false as const }
    const [user] = await tx.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, userId)).returning()
    await invalidateUserSessions(tx, userId)
    await logActivity(tx, { name: 'user.password_reset', actor: user, ip: input.meta.ip, targetName: user.name, userId })
    return { ok: true as const, email: user.email }
  })
}

/**
 * Issues the invitation of an account just created as invited, and queues its email, in the
 * transaction that created the account. Staff and officer invitations differ only in how the
 * email names the role; `acceptInvitation` takes the link of either.
 */
export async function sendInvitation(
  executor: Executor,
  { invitee, inviterName, invitedAs, locale = 'en' }: { invitee: { id: string; email: string }; inviterName: string; invitedAs: InvitedAs; locale?: Locale },
) {
  const token = await issueAuthToken(executor, invitee.id, 'invitation')
  await sendEmail(executor, {
    to: invitee.email,
    template: 'invitation',
    subject: invitationSubject(locale),
    linkSecret: token,
    body: (secret) =>
      createElement(InvitationEmail, {
        inviterName,
        invitedAs,
        acceptUrl: `${env.APP_ORIGIN}/invitations/${secret}`,
        expiresInDays: authTokenLifetimes.invitation / (24 * 60 * 60_000),
        locale,
      }),
  })
}

/** Activates an invited account with the password chosen and signs it in. */
export async function acceptInvitation(input: { token: string; name: string; password: string; meta: RequestMeta }) {
  const passwordHash = await hashPassword(input.password)
  return db.transaction(async (tx) => {
    const userId = await consumeAuthToken(tx, input.token, 'invitation')
    if (!userId) return { ok: false as const }
    const [user] = await tx
      .update(users)
      .set({ name: input.name, passwordHash, status: 'active', emailVerifiedAt: now(), updatedAt: now(), lastLoginAt: now() })
      .where(eq(users.id, userId))
      .returning()
    await invalidateUserSessions(tx, userId)
    const session = await createSession(tx, user, input.meta)
    await logActivity(tx, { name: 'user.invitation_accepted', actor: user, ip: input.meta.ip, targetName: user.name, userId })
    return { ok: true as const, token: session.token, expiresAt: session.session.absoluteExpiresAt, role: user.role }
  })
}

/** The zone times are shown in; null follows the browser (resolveTimeZone). */
export async function setTimeZone(actor: CurrentUser, timeZone: string | null, meta: RequestMeta) {
  if (timeZone === actor.chosenTimeZone) return
  await db.transaction(async (tx) => {
    await tx.update(users).set({ timeZone, updatedAt: now() }).where(eq(users.id, actor.id))
    await logActivity(tx, {
      name: 'user.time_zone_changed',
      actor,
      ip: meta.ip,
      targetName: actor.name,
      userId: actor.id,
      properties: { from: actor.chosenTimeZone, to: timeZone },
    })
  })
}

/** Only the name and the locale can be changed here (an allow-list: nothing else is read). */
export async function updateProfile(actor: CurrentUser, input: { name: string; locale: Locale | null }, meta: RequestMeta) {
  // A verified officer's name is the one a lead checked: a new one is told to the region's leads,
  // on the officer's record and on their agency's timeline.
  const renamedOfficer = input.name !== actor.name && actor.role === 'officer' && actor.officerVerification === 'verified'
  await db.transaction(async (tx) => {
    await tx.update(users).set({ name: input.name, locale: input.locale, updatedAt: now() }).where(eq(users.id, actor.id))
    const entry = { actor: { id: actor.id, name: input.name }, ip: meta.ip, targetName: input.name, userId: actor.id }
    if (renamedOfficer) {
      await logActivity(tx, { ...entry, name: 'officer.name_changed', agencyId: actor.agencyId, properties: { from: actor.name, to: input.name } })
    }
    if (!renamedOfficer || input.locale !== actor.locale) {
      await logActivity(tx, {
        ...entry,
        name: 'user.profile_updated',
        properties: { from: { name: actor.name, locale: actor.locale }, to: input },
      })
    }
  })
}

/**
 * Changes the password after checking the current one; other sessions end. The check is
 * throttled per account and per IP (`password_check`) like a sign-in: a stolen session cannot
 * guess its way to the password. A right password gives its attempt back.
 */
export async function changePassword(
  actor: CurrentUser,
  input: { currentPassword: string; password: string },
  meta: RequestMeta,
): Promise<{ ok: true } | { ok: false; reason: 'wrong_password' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }> {
  const attempt = await takeAttempt('password_check', { account: actor.id, ip: meta.ip })
  if (attempt.wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: attempt.wait }
  const [user] = await db.select().from(users).where(eq(users.id, actor.id))
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, reason: 'wrong_password' }
  }
  await releaseAttempts(attempt.ids)
  const passwordHash = await hashPassword(input.password)
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, actor.id))
    await invalidateUserSessions(tx, actor.id, actor.sessionId)
    await logActivity(tx, { name: 'user.password_changed', actor, ip: meta.ip, targetName: actor.name, userId: actor.id })
  })
  return { ok: true }
}
