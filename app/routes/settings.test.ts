import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, users } from '#db/schema'
import { createAgency } from '#test/factories/crm'
import { call, dataOf, headersOf, makeRequest, statusOf, testContext } from '#test/factories/requests'
import { createUser, signInAs, TEST_PASSWORD } from '#test/factories/users'
import { verifyPassword } from '~/lib/auth/password.server'
import { validateSessionToken } from '~/lib/auth/session.server'
import { db } from '~/lib/db.server'
import fr from '~/lib/i18n/messages/fr'
import { describeActivity } from '~/modules/activity/describe-activity'
import { loader as agencyLoader } from './agencies.$agencyId._index'
import { loader as officerLoader } from './officers.$userId'
import * as settingsPage from './settings'
import { action, loader } from './settings'

type Reply = { result: { error?: Record<string, string[] | null> } }
type Entry = { name: string; actorName: string | null; targetName: string | null; properties: Record<string, unknown> }

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

  it("tells the region's lead when a verified officer changes their name: on the officer's record and the agency's timeline", async () => {
    const agency = await createAgency({ name: 'Plano Police Department', emailDomains: ['plano.gov'] })
    const verifiedAt = new Date(Date.now() - 60_000)
    const [officer] = await db
      .insert(users)
      .values({
        email: 'dana@plano.gov',
        name: 'Dana Reyes',
        role: 'officer',
        status: 'active',
        agencyId: agency.id,
        officerVerification: 'verified',
        officerVerifiedAt: verifiedAt,
      })
      .returning()
    const { cookie } = await signInAs(officer)
    const rename = makeRequest('/settings', { cookie, form: { intent: 'profile', name: 'Dana \u202Esey\u202CReyes', locale: '' } })
    expect(statusOf(await call(action, rename))).toBe(302)
    const [after] = await db.select().from(users).where(eq(users.id, officer.id))
    expect(after.name).toBe('Dana seyReyes')
    const logged = await db.select().from(activity).where(eq(activity.userId, officer.id))
    expect(logged.map(({ name, agencyId, properties }) => ({ name, agencyId, properties }))).toEqual([
      { name: 'officer.name_changed', agencyId: agency.id, properties: { from: 'Dana Reyes', to: 'Dana seyReyes' } },
    ])

    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const leadCookie = (await signInAs(lead)).cookie
    const record = dataOf<{ nameChanges: { from: string; to: string }[]; timeline: { entries: Entry[] } }>(
      await call(officerLoader, makeRequest(`/officers/${officer.id}`, { cookie: leadCookie }), { userId: officer.id }),
    )
    expect(record.nameChanges).toMatchObject([{ from: 'Dana Reyes', to: 'Dana seyReyes' }])
    expect(record.timeline.entries.map(describeActivity)).toContain('Dana seyReyes changed their name after verification, from “Dana Reyes” to “Dana seyReyes”')
    const agencyPage = dataOf<{ timeline: { entries: Entry[] } }>(
      await call(agencyLoader, makeRequest(`/agencies/${agency.id}`, { cookie: leadCookie }), { agencyId: agency.id }),
    )
    expect(agencyPage.timeline.entries.map((entry) => entry.name)).toContain('officer.name_changed')

    // A pending officer's name is not yet vouched for: an ordinary profile update.
    await db.update(users).set({ officerVerification: 'pending', officerVerifiedAt: null }).where(eq(users.id, officer.id))
    const pendingCookie = (await signInAs(officer)).cookie
    expect(statusOf(await call(action, makeRequest('/settings', { cookie: pendingCookie, form: { intent: 'profile', name: 'Dana R.', locale: '' } })))).toBe(
      302,
    )
    const names = (await db.select().from(activity).where(eq(activity.userId, officer.id))).map((row) => row.name)
    expect(names.sort()).toEqual(['officer.name_changed', 'user.profile_updated'])
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

  it('throttles the current-password check per account and per IP: a 429 with Retry-After and a message on the form', async () => {
    const user = await createUser()
    const { cookie } = await signInAs(user)
    const attempt = (password: string, cookieHeader = cookie, ip = '198.51.100.30') =>
      call(
        action,
        makeRequest('/settings', {
          cookie: cookieHeader,
          form: { intent: 'password', currentPassword: password, password: 'a fresh long phrase', confirmPassword: 'a fresh long phrase' },
        }),
        {},
        { ...testContext, ip },
      )
    // A right password gives its attempt back: five wrong ones still come after it.
    expect(statusOf(await attempt(TEST_PASSWORD))).toBe(302)
    for (let index = 0; index < 5; index++) expect(statusOf(await attempt('not the password'))).toBe(400)
    for (const password of ['another guess', 'a fresh long phrase']) {
      const refused = await attempt(password)
      expect(statusOf(refused), password).toBe(429)
      expect(Number(headersOf(refused).get('Retry-After'))).toBeGreaterThan(0)
      expect(dataOf<Reply>(refused).result.error?.['']).toEqual([expect.stringMatching(/^Too many attempts\. Please wait \d+ minutes? and try again\.$/)])
      const sent = new Headers(settingsPage.headers({ actionHeaders: headersOf(refused) } as never) as HeadersInit)
      expect(sent.get('Retry-After')).toBe(headersOf(refused).get('Retry-After'))
    }
    const [after] = await db.select().from(users).where(eq(users.id, user.id))
    expect(await verifyPassword(after.passwordHash!, 'a fresh long phrase')).toBe(true)

    // From another address the account is still held back; another account there is not.
    expect(statusOf(await attempt('a fresh long phrase', cookie, '198.51.100.31'))).toBe(429)
    const other = await createUser()
    const otherCookie = (await signInAs(other)).cookie
    expect(statusOf(await attempt(TEST_PASSWORD, otherCookie, '198.51.100.31'))).toBe(302)

    // One address guessing across accounts is held back too (20 wrong answers in 15 minutes).
    for (let account = 0; account < 4; account++) {
      const guessed = (await signInAs(await createUser())).cookie
      for (let index = 0; index < 5; index++) expect(statusOf(await attempt('wrong', guessed, '198.51.100.32'))).toBe(400)
    }
    const next = (await signInAs(await createUser())).cookie
    expect(statusOf(await attempt(TEST_PASSWORD, next, '198.51.100.32'))).toBe(429)
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

  it('says a throttled officer must wait in the officer’s language', async () => {
    const officer = await createUser({ role: 'officer' })
    await db.update(users).set({ locale: 'fr' }).where(eq(users.id, officer.id))
    const { cookie } = await signInAs(officer)
    const attempt = () =>
      call(
        action,
        makeRequest('/settings', {
          cookie,
          form: { intent: 'password', currentPassword: 'not the password', password: 'a fresh long phrase', confirmPassword: 'a fresh long phrase' },
        }),
        {},
        { ...testContext, ip: '198.51.100.40' },
      )
    for (let index = 0; index < 5; index++) expect(dataOf<Reply>(await attempt()).result.error?.currentPassword).toEqual([fr.validation.currentPasswordWrong])
    const refused = await attempt()
    expect(statusOf(refused)).toBe(429)
    expect(dataOf<Reply>(refused).result.error?.['']).toEqual([
      expect.stringMatching(/^Trop de tentatives\. Veuillez patienter \d+ minutes?, puis réessayer\.$/),
    ])
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
