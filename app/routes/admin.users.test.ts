import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, emailOutbox, userRegions, users } from '#db/schema'
import { regionCodes } from '#db/schema/vocabulary'
import { call, dataOf, headersOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { validateSessionToken } from '~/lib/auth/session.server'
import { db } from '~/lib/db.server'
import { readToast } from '~/lib/toast.server'
import { action as acceptAction, loader as acceptLoader } from './invitations.$token'
import { loader as listLoader } from './admin.users._index'
import { action as inviteAction } from './admin.users.new'
import { action as userAction, loader as userLoader } from './admin.users.$userId'
import { loader as homeLoader } from './home'
import { deliveredLinkToken } from '#test/factories/mail'

describe('/admin/users', () => {
  it('is for admins only: leads, the global head and officers get 403', async () => {
    for (const role of ['outreach_lead', 'global_head', 'officer'] as const) {
      const user = await createUser({ role })
      const { cookie } = await signInAs(user)
      expect(statusOf(await call(listLoader, makeRequest('/admin/users', { cookie }))), role).toBe(403)
      expect(
        statusOf(await call(inviteAction, makeRequest('/admin/users/new', { cookie, form: { email: 'x@liaison.example', name: 'X Y', role: 'admin' } }))),
        role,
      ).toBe(403)
    }
  })

  it("a lead cannot change their own role, nor anyone else's", async () => {
    const lead = await createUser({ role: 'outreach_lead' })
    const { cookie } = await signInAs(lead)
    const response = await call(userAction, makeRequest(`/admin/users/${lead.id}`, { cookie, form: { intent: 'access', role: 'admin', regions: ['US'] } }), {
      userId: lead.id,
    })
    expect(statusOf(response)).toBe(403)
    const [after] = await db.select().from(users).where(eq(users.id, lead.id))
    expect(after.role).toBe('outreach_lead')
  })

  it('an admin cannot change their own role either (no lock-out)', async () => {
    const admin = await createUser({ role: 'admin' })
    const { cookie } = await signInAs(admin)
    const response = await call(
      userAction,
      makeRequest(`/admin/users/${admin.id}`, { cookie, form: { intent: 'access', role: 'outreach_lead', regions: ['US'] } }),
      { userId: admin.id },
    )
    expect(statusOf(response)).toBe(403)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(response).result.error.role?.[0]).toMatch(/own role/)
  })

  it('invites someone: account, invitation email and log entry in one go; the link activates it', async () => {
    const admin = await createUser({ role: 'admin', name: 'Avery Admin' })
    const { cookie } = await signInAs(admin)
    const response = (await call(
      inviteAction,
      makeRequest('/admin/users/new', {
        cookie,
        form: { email: 'New.Lead@Liaison.example', name: 'Nora Lead', role: 'outreach_lead', regions: ['EMEA', 'APAC'] },
      }),
    )) as Response
    expect(response.status).toBe(302)
    const [invited] = await db.select().from(users).where(eq(users.email, 'new.lead@liaison.example'))
    expect(invited).toMatchObject({ status: 'invited', role: 'outreach_lead', passwordHash: null })
    const regions = await db.select().from(userRegions).where(eq(userRegions.userId, invited.id))
    expect(regions.map((row) => row.regionCode).sort()).toEqual(['APAC', 'EMEA'])
    const [mail] = await db.select().from(emailOutbox)
    expect(mail).toMatchObject({ recipient: 'new.lead@liaison.example', template: 'invitation' })
    expect(mail.text).toContain('Avery Admin invited you')
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'user.invited'))
    expect(logged).toMatchObject({ actorId: admin.id, userId: invited.id, ip: '203.0.113.10' })

    const token = await deliveredLinkToken('new.lead@liaison.example', '/invitations/')
    expect(await call(acceptLoader, makeRequest(`/invitations/${token}`), { token })).toEqual({ invitation: { email: invited.email, name: 'Nora Lead' } })
    const accepted = (await call(
      acceptAction,
      makeRequest(`/invitations/${token}`, { form: { name: 'Nora Lead', password: 'my own long phrase', confirmPassword: 'my own long phrase' } }),
      { token },
    )) as Response
    expect(accepted.status).toBe(302)
    expect(accepted.headers.get('Location')).toBe('/home')
    const [active] = await db.select().from(users).where(eq(users.id, invited.id))
    expect(active.status).toBe('active')
    const reused = await call(
      acceptAction,
      makeRequest(`/invitations/${token}`, { form: { name: 'Nora Lead', password: 'my own long phrase', confirmPassword: 'my own long phrase' } }),
      { token },
    )
    expect(statusOf(reused)).toBe(400)
    expect(statusOf(await call(acceptLoader, makeRequest(`/invitations/${token}`), { token }))).toBe(404)
  })

  it('refuses a duplicate email and a lead without regions, keeping the input', async () => {
    const admin = await createUser({ role: 'admin' })
    await createUser({ email: 'taken@liaison.example' })
    const { cookie } = await signInAs(admin)
    const duplicate = await call(
      inviteAction,
      makeRequest('/admin/users/new', { cookie, form: { email: 'taken@liaison.example', name: 'Someone', role: 'admin' } }),
    )
    expect(statusOf(duplicate)).toBe(400)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(duplicate).result.error.email?.[0]).toMatch(/already exists/)
    const noRegion = await call(
      inviteAction,
      makeRequest('/admin/users/new', { cookie, form: { email: 'lead2@liaison.example', name: 'Lead Two', role: 'outreach_lead' } }),
    )
    expect(statusOf(noRegion)).toBe(400)
    const result = dataOf<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(noRegion).result
    expect(result.error.regions).toBeTruthy()
    expect(result.initialValue.email).toBe('lead2@liaison.example')
    expect(await db.select().from(emailOutbox)).toEqual([])
  })

  it('changes role and regions, logging each change', async () => {
    const admin = await createUser({ role: 'admin' })
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(admin)
    const response = await call(
      userAction,
      makeRequest(`/admin/users/${lead.id}`, { cookie, form: { intent: 'access', role: 'outreach_lead', regions: ['US', 'CA'] } }),
      { userId: lead.id },
    )
    expect(statusOf(response)).toBe(302)
    const promoted = await call(userAction, makeRequest(`/admin/users/${lead.id}`, { cookie, form: { intent: 'access', role: 'global_head' } }), {
      userId: lead.id,
    })
    expect(statusOf(promoted)).toBe(302)
    const names = (await db.select().from(activity).where(eq(activity.userId, lead.id))).map((row) => row.name)
    expect(names).toEqual(['user.regions_changed', 'user.role_changed', 'user.regions_changed'])
    const loaded = (await call(userLoader, makeRequest(`/admin/users/${lead.id}`, { cookie }), { userId: lead.id })) as {
      user: { role: string; regions: string[] }
    }
    expect(loaded.user).toMatchObject({ role: 'global_head', regions: [] })
  })

  it('a new role ends every session of the account (a promoted officer signs in again under the new limits); new regions do not', async () => {
    const admin = await createUser({ role: 'admin' })
    const officer = await createUser({ role: 'officer' })
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(admin)
    const officerSessions = [await signInAs(officer), await signInAs(officer)]
    const leadSession = await signInAs(lead)
    const promote = makeRequest(`/admin/users/${officer.id}`, { cookie, form: { intent: 'access', role: 'outreach_lead', regions: ['US'] } })
    const promoted = await call(userAction, promote, { userId: officer.id })
    expect(statusOf(promoted)).toBe(302)
    for (const session of officerSessions) expect(await validateSessionToken(session.token)).toBeNull()
    const toastCookie = headersOf(promoted).get('Set-Cookie')!.split(';')[0]
    expect((await readToast(makeRequest('/admin/users', { cookie: toastCookie }))).toast?.message).toBe(
      'Role and regions saved. The account is signed out everywhere and signs in again under the new role.',
    )
    const widen = makeRequest(`/admin/users/${lead.id}`, { cookie, form: { intent: 'access', role: 'outreach_lead', regions: ['US', 'CA'] } })
    expect(statusOf(await call(userAction, widen, { userId: lead.id }))).toBe(302)
    expect(await validateSessionToken(leadSession.token)).not.toBeNull()
    expect(await validateSessionToken((await signInAs(admin)).token)).not.toBeNull()
  })

  it('deactivation ends every session of the account; reactivation lets it sign in again', async () => {
    const admin = await createUser({ role: 'admin' })
    const lead = await createUser()
    const { cookie } = await signInAs(admin)
    const first = await signInAs(lead)
    const second = await signInAs(lead)
    expect(statusOf(await call(userAction, makeRequest(`/admin/users/${lead.id}`, { cookie, form: { intent: 'deactivate' } }), { userId: lead.id }))).toBe(302)
    expect(await validateSessionToken(first.token)).toBeNull()
    expect(await validateSessionToken(second.token)).toBeNull()
    const [after] = await db.select().from(users).where(eq(users.id, lead.id))
    expect(after.status).toBe('deactivated')
    expect(statusOf(await call(userAction, makeRequest(`/admin/users/${lead.id}`, { cookie, form: { intent: 'reactivate' } }), { userId: lead.id }))).toBe(302)
    const [again] = await db.select().from(users).where(eq(users.id, lead.id))
    expect(again.status).toBe('active')
  })

  it('answers 404 for an unknown or malformed id', async () => {
    const admin = await createUser({ role: 'admin' })
    const { cookie } = await signInAs(admin)
    expect(statusOf(await call(userLoader, makeRequest('/admin/users/nope', { cookie }), { userId: 'nope' }))).toBe(404)
    const missing = '00000000-0000-4000-8000-000000000000'
    expect(statusOf(await call(userLoader, makeRequest(`/admin/users/${missing}`, { cookie }), { userId: missing }))).toBe(404)
  })
})

describe('/home', () => {
  it('gives officers 403 and shows a lead only their regions', async () => {
    const officer = await createUser({ role: 'officer' })
    expect(statusOf(await call(homeLoader, makeRequest('/home', { cookie: (await signInAs(officer)).cookie })))).toBe(403)
    const lead = await createUser({ role: 'outreach_lead', regions: ['EMEA'] })
    const home = (await call(homeLoader, makeRequest('/home', { cookie: (await signInAs(lead)).cookie }))) as {
      regions: { code: string; countries: number; leads: number }[]
    }
    expect(home.regions).toEqual([expect.objectContaining({ code: 'EMEA', leads: 1 })])
    expect(home.regions[0].countries).toBeGreaterThan(100)
    const head = await createUser({ role: 'global_head' })
    const all = (await call(homeLoader, makeRequest('/home', { cookie: (await signInAs(head)).cookie }))) as { regions: { code: string }[] }
    expect(all.regions.map((region) => region.code)).toEqual(regionCodes)
  })
})
