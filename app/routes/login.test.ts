import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, sessions, users } from '#db/schema'
import { call, dataOf, headersOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs, TEST_PASSWORD } from '#test/factories/users'
import { validateSessionToken } from '~/lib/auth/session.server'
import { db } from '~/lib/db.server'
import { action as loginAction, loader as loginLoader } from './login'
import { action as logoutAction } from './logout'

function tokenFrom(response: Response) {
  const cookie = response.headers.get('Set-Cookie') ?? ''
  const value = decodeURIComponent(cookie.split(';')[0].split('=').slice(1).join('='))
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as string
}

function login(email: string, password: string, cookie?: string) {
  return call(loginAction, makeRequest('/login', { form: { email, password }, cookie }))
}

describe('sign-in', () => {
  it('signs in, goes to the start page, and logs it', async () => {
    const user = await createUser({ role: 'outreach_lead', email: 'lead@liaison.example' })
    const response = (await login('Lead@Liaison.example', TEST_PASSWORD)) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/home')
    expect(response.headers.get('Set-Cookie')).toMatch(/HttpOnly/)
    expect(response.headers.get('Set-Cookie')).toMatch(/SameSite=Lax/)
    expect(await validateSessionToken(tokenFrom(response))).toMatchObject({ userId: user.id })
    const logged = await db.select().from(activity).where(eq(activity.userId, user.id))
    expect(logged.map((row) => row.name)).toEqual(['user.login'])
    expect(logged[0].ip).toBe('203.0.113.10')
  })

  it('rotates the session: the one the browser had ends, a new one begins', async () => {
    const user = await createUser()
    const before = await signInAs(user)
    const response = (await login(user.email, TEST_PASSWORD, before.cookie)) as Response
    const token = tokenFrom(response)
    expect(token).not.toBe(before.token)
    expect(await validateSessionToken(before.token)).toBeNull()
    expect(await validateSessionToken(token)).not.toBeNull()
  })

  it('follows a local redirectTo only', async () => {
    const user = await createUser()
    const local = (await call(
      loginAction,
      makeRequest('/login', { form: { email: user.email, password: TEST_PASSWORD, redirectTo: '/settings' } }),
    )) as Response
    expect(local.headers.get('Location')).toBe('/settings')
    const offsite = (await call(
      loginAction,
      makeRequest('/login', { form: { email: user.email, password: TEST_PASSWORD, redirectTo: '//evil.example/x' } }),
    )) as Response
    expect(offsite.headers.get('Location')).toBe('/home')
  })

  it('answers a wrong password and an unknown account the same way, keeping the email', async () => {
    const user = await createUser()
    const wrong = await login(user.email, 'not the password')
    const unknown = await login('nobody@liaison.example', 'not the password')
    expect(statusOf(wrong)).toBe(400)
    expect(statusOf(unknown)).toBe(400)
    const wrongResult = dataOf<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(wrong).result
    const unknownResult = dataOf<{ result: { error: Record<string, string[]> } }>(unknown).result
    expect(wrongResult.error['']).toEqual(unknownResult.error[''])
    expect(wrongResult.initialValue.email).toBe(user.email)
    expect(wrongResult.initialValue.password).toBeUndefined()
    const failures = await db.select().from(activity).where(eq(activity.name, 'user.login_failed'))
    expect(failures).toHaveLength(2)
    expect(JSON.stringify(failures)).not.toContain('not the password')
  })

  it('returns field errors for a malformed submission, not a 500', async () => {
    const result = await call(loginAction, makeRequest('/login', { form: { email: 'not-an-email', password: '' } }))
    expect(statusOf(result)).toBe(400)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(result).result.error.email).toBeTruthy()
  })

  it('asks an officer to confirm their email before the first sign-in', async () => {
    const officer = await createUser({ role: 'officer' })
    await db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, officer.id))
    const result = await login(officer.email, TEST_PASSWORD)
    expect(statusOf(result)).toBe(400)
    expect(JSON.stringify(dataOf(result))).toContain('Confirm your email address first')
    await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, officer.id))
    expect(statusOf(await login(officer.email, TEST_PASSWORD))).toBe(302)
  })

  it('refuses a deactivated account', async () => {
    const user = await createUser({ status: 'deactivated' })
    expect(statusOf(await login(user.email, TEST_PASSWORD))).toBe(400)
  })

  it('throttles an account after 5 failures with 429 and Retry-After, even with the right password', async () => {
    const user = await createUser()
    for (let attempt = 0; attempt < 5; attempt++) expect(statusOf(await login(user.email, 'wrong password'))).toBe(400)
    const throttled = await login(user.email, TEST_PASSWORD)
    expect(statusOf(throttled)).toBe(429)
    expect(Number(headersOf(throttled).get('Retry-After'))).toBeGreaterThan(0)
  })

  it('checks at most 5 passwords of one account however many wrong sign-ins arrive at once', async () => {
    const user = await createUser()
    const answers = await Promise.all(Array.from({ length: 20 }, () => login(user.email, 'wrong password')))
    expect(answers.filter((answer) => statusOf(answer) === 400)).toHaveLength(5)
    expect(answers.filter((answer) => statusOf(answer) === 429)).toHaveLength(15)
    // Each checked password logs one failure: five, not one per request that slipped through.
    const failures = await db.select().from(activity).where(eq(activity.userId, user.id))
    expect(failures.filter((row) => row.name === 'user.login_failed')).toHaveLength(5)
  })

  it('gives a right password its attempt back: it counts against neither the account nor the address', async () => {
    const user = await createUser()
    for (let attempt = 0; attempt < 4; attempt++) expect(statusOf(await login(user.email, 'wrong password'))).toBe(400)
    expect(statusOf(await login(user.email, TEST_PASSWORD))).toBe(302)
    for (let attempt = 0; attempt < 5; attempt++) expect(statusOf(await login(user.email, 'wrong password'))).toBe(400)
    expect(statusOf(await login(user.email, 'wrong password'))).toBe(429)
  })

  it('throttles an unknown account with the same answer as a real one', async () => {
    const real = await createUser()
    for (let attempt = 0; attempt < 5; attempt++) {
      await login(real.email, 'wrong password')
      await login('ghost@liaison.example', 'wrong password')
    }
    const realAnswer = await login(real.email, 'wrong password')
    const ghostAnswer = await login('ghost@liaison.example', 'wrong password')
    expect(statusOf(realAnswer)).toBe(429)
    expect(statusOf(ghostAnswer)).toBe(429)
    const errorOf = (result: unknown) => dataOf<{ result: { error: unknown } }>(result).result.error
    expect(errorOf(ghostAnswer)).toEqual(errorOf(realAnswer))
    expect(headersOf(ghostAnswer).get('Retry-After')).toBeTruthy()
  })

  it('throttles one IP trying many accounts', async () => {
    for (let attempt = 0; attempt < 30; attempt++) await login(`user${attempt}@liaison.example`, 'wrong password')
    expect(statusOf(await login('another@liaison.example', 'wrong password'))).toBe(429)
  })

  it('sends a signed-in visitor away from the sign-in page', async () => {
    const user = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(user)
    const response = (await call(loginLoader, makeRequest('/login', { cookie }))) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/training')
  })
})

describe('sign-out', () => {
  it('ends the session and clears the cookie', async () => {
    const user = await createUser()
    const { cookie, token, session } = await signInAs(user)
    const response = (await call(logoutAction, makeRequest('/logout', { method: 'POST', cookie }))) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Set-Cookie')).toMatch(/Max-Age=0/)
    expect(await validateSessionToken(token)).toBeNull()
    expect(await db.select().from(sessions).where(eq(sessions.id, session.id))).toEqual([])
  })
})

describe('/login in the reader’s language', () => {
  it('says a wrong password in the browser’s language, English by default', async () => {
    const user = await createUser({ role: 'officer' })
    const form = { email: user.email, password: 'not the password' }
    const spanish = await call(loginAction, makeRequest('/login', { form, headers: { 'Accept-Language': 'es-CO,es;q=0.9' } }))
    expect(statusOf(spanish)).toBe(400)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(spanish).result.error['']).toEqual([
      'El correo electrónico o la contraseña no son correctos.',
    ])
    const english = await call(loginAction, makeRequest('/login', { form }))
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(english).result.error['']).toEqual(['The email or password is not right.'])
  })
})
