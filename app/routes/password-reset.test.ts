import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, authTokens, emailOutbox, loginAttempts, users } from '#db/schema'
import { deliverOutbox, linkToken } from '#test/factories/mail'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { verifyPassword } from '~/lib/auth/password.server'
import { validateSessionToken } from '~/lib/auth/session.server'
import { settleBackgroundWork } from '~/lib/background.server'
import { db } from '~/lib/db.server'
import { action as forgotAction } from './forgot-password'
import { action as resetAction, loader as resetLoader } from './reset-password.$token'

async function requestReset(email: string) {
  return call(forgotAction, makeRequest('/forgot-password', { form: { email } }))
}

/** Asks for a link, lets the request's background work finish, and answers the token the provider got. */
async function resetToken(email: string) {
  await requestReset(email)
  await settleBackgroundWork()
  return linkToken(await deliverOutbox(), email, '/reset-password/')
}

describe('password reset', () => {
  it('mails a single-use link whose token is stored hashed; the reset ends every session', async () => {
    const user = await createUser({ email: 'ana@liaison.example' })
    const { token: sessionToken } = await signInAs(user)
    expect(dataOf(await requestReset('ana@liaison.example'))).toMatchObject({ sent: true })
    await settleBackgroundWork()

    const [mail] = await db.select().from(emailOutbox)
    expect(mail).toMatchObject({ recipient: 'ana@liaison.example', template: 'password-reset', status: 'queued' })
    expect(mail.html).toContain('/reset-password/••••••')
    expect(mail.text).toContain('/reset-password/••••••')
    const token = linkToken(await deliverOutbox(), 'ana@liaison.example', '/reset-password/')
    const [stored] = await db.select().from(authTokens)
    expect(stored.tokenHash).not.toContain(token)
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/)

    expect(await call(resetLoader, makeRequest(`/reset-password/${token}`), { token })).toEqual({ email: user.email })
    const done = (await call(
      resetAction,
      makeRequest(`/reset-password/${token}`, { form: { password: 'a brand new phrase', confirmPassword: 'a brand new phrase' } }),
      { token },
    )) as Response
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe('/login')
    const [updated] = await db.select().from(users).where(eq(users.id, user.id))
    expect(await verifyPassword(updated.passwordHash!, 'a brand new phrase')).toBe(true)
    expect(await validateSessionToken(sessionToken)).toBeNull()

    const again = await call(
      resetAction,
      makeRequest(`/reset-password/${token}`, { form: { password: 'another new phrase', confirmPassword: 'another new phrase' } }),
      { token },
    )
    expect(statusOf(again)).toBe(400)
    expect(statusOf(await call(resetLoader, makeRequest(`/reset-password/${token}`), { token }))).toBe(404)
  })

  it('answers before looking the address up: the request writes the same for an account and for nobody', async () => {
    await createUser({ email: 'known@liaison.example' })
    /** What the request wrote by the time it answered, per table (throttle rows by action and kind of key). */
    async function writtenBy(email: string) {
      const answer = await requestReset(email)
      const written = {
        status: statusOf(answer),
        answer: dataOf(answer),
        attempts: (await db.select().from(loginAttempts)).map((row) => `${row.action} ${row.key.split(':')[0]}`).sort(),
        tokens: (await db.select().from(authTokens)).length,
        emails: (await db.select().from(emailOutbox)).length,
        activity: (await db.select().from(activity)).length,
      }
      await settleBackgroundWork()
      await db.delete(loginAttempts)
      return written
    }
    const known = await writtenBy('known@liaison.example')
    await db.delete(emailOutbox)
    await db.delete(authTokens)
    await db.delete(activity)
    const unknown = await writtenBy('nobody@liaison.example')
    expect(known).toEqual(unknown)
    expect(known).toMatchObject({ status: 200, attempts: ['password_reset account', 'password_reset ip'], tokens: 0, emails: 0, activity: 0 })
  })

  it('gives the same answer for an unknown email and sends nothing', async () => {
    const answer = await requestReset('nobody@liaison.example')
    expect(statusOf(answer)).toBe(200)
    expect(dataOf(answer)).toMatchObject({ sent: true })
    await settleBackgroundWork()
    expect(await db.select().from(emailOutbox)).toEqual([])
    expect(await db.select().from(authTokens)).toEqual([])
  })

  it('refuses an expired link', async () => {
    await createUser({ email: 'old@liaison.example' })
    const token = await resetToken('old@liaison.example')
    await db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000) })
    expect(statusOf(await call(resetLoader, makeRequest(`/reset-password/${token}`), { token }))).toBe(404)
  })

  it('refuses a common password with a field error', async () => {
    await createUser({ email: 'pat@liaison.example' })
    const token = await resetToken('pat@liaison.example')
    const result = await call(resetAction, makeRequest(`/reset-password/${token}`, { form: { password: 'password123', confirmPassword: 'password123' } }), {
      token,
    })
    expect(statusOf(result)).toBe(400)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(result).result.error.password?.[0]).toMatch(/common/)
  })

  it('throttles reset requests per account with 429', async () => {
    await createUser({ email: 'busy@liaison.example' })
    for (let attempt = 0; attempt < 3; attempt++) expect(statusOf(await requestReset('busy@liaison.example'))).toBe(200)
    expect(statusOf(await requestReset('busy@liaison.example'))).toBe(429)
    expect(statusOf(await requestReset('ghost@liaison.example'))).toBe(200)
    await settleBackgroundWork()
    expect(await db.select().from(emailOutbox)).toHaveLength(3)
  })
})
