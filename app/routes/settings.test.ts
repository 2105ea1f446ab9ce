import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { users } from '#db/schema'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs, TEST_PASSWORD } from '#test/factories/users'
import { verifyPassword } from '~/lib/auth/password.server'
import { validateSessionToken } from '~/lib/auth/session.server'
import { db } from '~/lib/db.server'
import { action, loader } from './settings'

describe('/settings', () => {
  it('changes the name and locale only: a posted role is ignored', async () => {
    const lead = await createUser({ role: 'outreach_lead' })
    const { cookie } = await signInAs(lead)
    const response = await call(
      action,
      makeRequest('/settings', { cookie, form: { intent: 'profile', name: 'Renamed Lead', locale: 'es', role: 'admin', status: 'active' } }),
    )
    expect(statusOf(response)).toBe(302)
    const [after] = await db.select().from(users).where(eq(users.id, lead.id))
    expect(after).toMatchObject({ name: 'Renamed Lead', locale: 'es', role: 'outreach_lead' })
  })

  it('offers "Browser language": no choice is stored as null, and a language can be chosen again', async () => {
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    expect(statusOf(await call(action, makeRequest('/settings', { cookie, form: { intent: 'profile', name: officer.name, locale: 'es' } })))).toBe(302)
    expect(statusOf(await call(action, makeRequest('/settings', { cookie, form: { intent: 'profile', name: officer.name, locale: '' } })))).toBe(302)
    let [after] = await db.select().from(users).where(eq(users.id, officer.id))
    expect(after.locale).toBeNull()
    const page = dataOf<{ user: { locale: string | null } }>(await call(loader, makeRequest('/settings', { cookie })))
    expect(page.user.locale).toBeNull()
    expect(statusOf(await call(action, makeRequest('/settings', { cookie, form: { intent: 'profile', name: officer.name, locale: 'en' } })))).toBe(302)
    ;[after] = await db.select().from(users).where(eq(users.id, officer.id))
    expect(after.locale).toBe('en')
  })

  it('offers French, and a saved language replaces the one picked with the switch', async () => {
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    const response = await call(
      action,
      makeRequest('/settings', { cookie: `${cookie}; liaison_lang=es`, form: { intent: 'profile', name: officer.name, locale: 'fr' } }),
    )
    expect(statusOf(response)).toBe(302)
    expect((response as Response).headers.getSetCookie()).toContainEqual(expect.stringMatching(/^liaison_lang=; Path=\/; Max-Age=0/))
    const [after] = await db.select().from(users).where(eq(users.id, officer.id))
    expect(after.locale).toBe('fr')
    expect(statusOf(await call(action, makeRequest('/settings', { cookie, form: { intent: 'profile', name: officer.name, locale: 'de' } })))).toBe(400)
  })

  it('changes the password and ends the other sessions, keeping this one', async () => {
    const user = await createUser()
    const current = await signInAs(user)
    const other = await signInAs(user)
    const response = await call(
      action,
      makeRequest('/settings', {
        cookie: current.cookie,
        form: { intent: 'password', currentPassword: TEST_PASSWORD, password: 'a fresh long phrase', confirmPassword: 'a fresh long phrase' },
      }),
    )
    expect(statusOf(response)).toBe(302)
    expect(await validateSessionToken(current.token)).not.toBeNull()
    expect(await validateSessionToken(other.token)).toBeNull()
    const [after] = await db.select().from(users).where(eq(users.id, user.id))
    expect(await verifyPassword(after.passwordHash!, 'a fresh long phrase')).toBe(true)
  })

  it('refuses a wrong current password with a field error, and changes nothing', async () => {
    const user = await createUser()
    const { cookie } = await signInAs(user)
    const response = await call(
      action,
      makeRequest('/settings', {
        cookie,
        form: { intent: 'password', currentPassword: 'wrong', password: 'a fresh long phrase', confirmPassword: 'a fresh long phrase' },
      }),
    )
    expect(statusOf(response)).toBe(400)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(response).result.error.currentPassword).toBeTruthy()
    const [after] = await db.select().from(users).where(eq(users.id, user.id))
    expect(after.passwordHash).toBe(user.passwordHash)
  })

  it('keeps the typed values when the form is invalid', async () => {
    const user = await createUser()
    const { cookie } = await signInAs(user)
    const response = await call(action, makeRequest('/settings', { cookie, form: { intent: 'profile', name: 'X', locale: 'de' } }))
    expect(statusOf(response)).toBe(400)
    const result = dataOf<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(response).result
    expect(result.error.name).toBeTruthy()
    expect(result.error.locale).toBeTruthy()
    expect(result.initialValue).toMatchObject({ name: 'X', locale: 'de' })
  })

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const response = (await call(action, makeRequest('/settings', { form: { intent: 'profile', name: 'Someone', locale: 'en' } }))) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/login?redirectTo=%2Fsettings')
  })
})
