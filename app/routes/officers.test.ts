import { eq } from 'drizzle-orm'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { activity, emailOutbox, loginAttempts, trainingAssignments, users } from '#db/schema'
import type { OfficerVerification } from '#db/schema/vocabulary'
import { createAgency } from '#test/factories/crm'
import { call, dataOf, headersOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { consumeAttempt } from '~/lib/auth/throttle.server'
import { db } from '~/lib/db.server'
import * as officerPage from './officers.$userId'
import * as officerList from './officers._index'
import InviteOfficerPage, * as inviteRoute from './officers.invite'

let sequence = 0

async function createOfficer(agencyId: string, values: { name?: string; verification?: OfficerVerification; emailVerified?: boolean } = {}) {
  sequence += 1
  const [officer] = await db
    .insert(users)
    .values({
      email: `officer${sequence}@agency.example`,
      name: values.name ?? `Officer ${sequence}`,
      role: 'officer',
      status: 'active',
      agencyId,
      officerVerification: values.verification ?? 'pending',
      emailVerifiedAt: values.emailVerified === false ? null : new Date(),
    })
    .returning()
  return officer
}

/** A pending US officer, a pending EMEA officer, and a signed-in US lead. */
async function world() {
  const us = await createAgency({ name: 'Plano Police Department', emailDomains: ['plano.gov'] })
  const emea = await createAgency({ name: 'Politie Nederland', countryCode: 'NL', emailDomains: ['politie.nl'] })
  const usOfficer = await createOfficer(us.id, { name: 'Dana Reyes' })
  const emeaOfficer = await createOfficer(emea.id, { name: 'Joost Brandt' })
  const lead = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Lena Lead' })
  const { cookie } = await signInAs(lead)
  return { us, emea, usOfficer, emeaOfficer, lead, cookie }
}

type ListData = { rows: { id: string; name: string }[]; waiting: number; total: number }
type Reply = { result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } | null; message?: string | null }

const post = (path: string, cookie: string, form: Record<string, string>) => makeRequest(path, { cookie, form })

describe('/officers: who may see it', () => {
  it('gives officers 403 on every officers page and action', async () => {
    const { usOfficer } = await world()
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    expect(statusOf(await call(officerList.loader, makeRequest('/officers', { cookie })))).toBe(403)
    expect(statusOf(await call(officerList.action, post('/officers?index', cookie, { intent: 'verify', userId: usOfficer.id })))).toBe(403)
    expect(statusOf(await call(officerPage.loader, makeRequest(`/officers/${usOfficer.id}`, { cookie }), { userId: usOfficer.id }))).toBe(403)
    expect(
      statusOf(
        await call(officerPage.action, post(`/officers/${usOfficer.id}`, cookie, { intent: 'assign', moduleSlug: 'emergency-requests' }), {
          userId: usOfficer.id,
        }),
      ),
    ).toBe(403)
    expect(statusOf(await call(inviteRoute.loader, makeRequest('/officers/invite', { cookie })))).toBe(403)
    const [unchanged] = await db.select().from(users).where(eq(users.id, usOfficer.id))
    expect(unchanged.officerVerification).toBe('pending')
  })

  it('sends someone signed out to the sign-in page', async () => {
    const result = (await call(officerList.loader, makeRequest('/officers'))) as Response
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toMatch(/^\/login\?redirectTo=%2Fofficers/)
  })
})

describe('/officers: the verification queue is region-scoped', () => {
  it('shows a US lead only the US officers, waiting ones oldest first', async () => {
    const { us, usOfficer, cookie } = await world()
    await createOfficer(us.id, { name: 'Not Confirmed', emailVerified: false })
    const queue = (await call(officerList.loader, makeRequest('/officers', { cookie }))) as ListData
    expect(queue.rows.map((row) => row.id)).toEqual([usOfficer.id])
    expect(queue.waiting).toBe(1)
    const all = (await call(officerList.loader, makeRequest('/officers?tab=all', { cookie }))) as ListData
    expect(all.rows.map((row) => row.name)).toEqual(['Dana Reyes', 'Not Confirmed'])
    const searched = (await call(officerList.loader, makeRequest('/officers?tab=all&q=joost', { cookie }))) as ListData
    expect(searched.rows).toEqual([])
    const nonsense = (await call(officerList.loader, makeRequest('/officers?tab=bogus&page=-3&state=maybe&agency=x', { cookie }))) as ListData
    expect(nonsense.rows.map((row) => row.id)).toEqual([usOfficer.id])
  })

  it("answers 404 to every action on an officer outside the lead's regions, and changes nothing", async () => {
    const { emeaOfficer, cookie } = await world()
    const id = emeaOfficer.id
    expect(statusOf(await call(officerList.action, post('/officers?index', cookie, { intent: 'verify', userId: id })))).toBe(404)
    expect(statusOf(await call(officerList.action, post('/officers?index', cookie, { intent: 'reject', userId: id, reason: 'Not on the roster' })))).toBe(404)
    expect(statusOf(await call(officerList.action, post('/officers?index', cookie, { intent: 'reject', userId: id })))).toBe(404)
    expect(statusOf(await call(officerPage.loader, makeRequest(`/officers/${id}`, { cookie }), { userId: id }))).toBe(404)
    const forms: Record<string, string>[] = [
      { intent: 'verify' },
      { intent: 'reject', reason: 'Not on the roster' },
      { intent: 'assign', moduleSlug: 'emergency-requests' },
      { intent: 'assign', moduleSlug: '' },
      { intent: 'remind', moduleSlug: 'emergency-requests' },
    ]
    for (const form of forms) {
      expect(statusOf(await call(officerPage.action, post(`/officers/${id}`, cookie, form), { userId: id })), form.intent).toBe(404)
    }
    const [unchanged] = await db.select().from(users).where(eq(users.id, id))
    expect(unchanged).toMatchObject({ officerVerification: 'pending', officerVerifiedById: null, officerVerifiedAt: null })
    expect(await db.select().from(activity)).toEqual([])
    expect(await db.select().from(trainingAssignments)).toEqual([])
    expect(await db.select().from(emailOutbox)).toEqual([])
    expect(statusOf(await call(officerPage.loader, makeRequest('/officers/not-a-uuid', { cookie }), { userId: 'not-a-uuid' }))).toBe(404)
  })

  it('lets the global head and admins see every region', async () => {
    const { emeaOfficer } = await world()
    for (const role of ['global_head', 'admin'] as const) {
      const { cookie } = await signInAs(await createUser({ role }))
      const queue = (await call(officerList.loader, makeRequest('/officers', { cookie }))) as ListData
      expect(queue.waiting, role).toBe(2)
      expect(statusOf(await call(officerPage.loader, makeRequest(`/officers/${emeaOfficer.id}`, { cookie }), { userId: emeaOfficer.id })), role).toBe(200)
    }
  })
})

describe('/officers: verify and reject', () => {
  it('verifies from the queue: the decision and the log carry the actor, the time and the IP', async () => {
    const { usOfficer, lead, cookie } = await world()
    const before = Date.now()
    const result = (await call(officerList.action, post('/officers?index&tab=queue&q=dana', cookie, { intent: 'verify', userId: usOfficer.id }))) as Response
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe('/officers?tab=queue&q=dana')
    const [verified] = await db.select().from(users).where(eq(users.id, usOfficer.id))
    expect(verified).toMatchObject({ officerVerification: 'verified', officerVerifiedById: lead.id })
    expect(verified.officerVerifiedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000)
    const [logged] = await db.select().from(activity)
    expect(logged).toMatchObject({
      name: 'officer.verified',
      actorId: lead.id,
      actorName: 'Lena Lead',
      userId: usOfficer.id,
      ip: '203.0.113.10',
      properties: { from: 'pending', to: 'verified', reason: null },
    })
    expect(logged.happenedAt).toBeInstanceOf(Date)
    const queue = (await call(officerList.loader, makeRequest('/officers', { cookie }))) as ListData
    expect(queue.rows).toEqual([])
    // The officer hears of it, with the way to their training.
    const [mail] = await db.select().from(emailOutbox)
    expect(mail).toMatchObject({ recipient: verified.email, template: 'officer-verified', subject: 'Your account is verified' })
    expect(mail.text).toContain('http://localhost:3000/training')
  })

  it('tells an officer who reads Spanish in Spanish, and says nothing to one rejected', async () => {
    const { usOfficer, cookie } = await world()
    await db.update(users).set({ locale: 'es' }).where(eq(users.id, usOfficer.id))
    await call(officerList.action, post('/officers?index', cookie, { intent: 'verify', userId: usOfficer.id }))
    const [mail] = await db.select().from(emailOutbox)
    expect(mail).toMatchObject({ template: 'officer-verified', subject: 'Su cuenta está verificada' })
    await db.delete(emailOutbox)
    await call(officerList.action, post('/officers?index', cookie, { intent: 'reject', userId: usOfficer.id, reason: 'Not at this agency' }))
    expect(await db.select().from(emailOutbox)).toEqual([])
  })

  it('rejects only with a reason (3 to 500 characters), logged with the actor and the reason', async () => {
    const { usOfficer, lead, cookie } = await world()
    for (const reason of ['', 'no', 'x'.repeat(501)]) {
      const refused = await call(officerList.action, post('/officers?index', cookie, { intent: 'reject', userId: usOfficer.id, reason }))
      expect(statusOf(refused), `reason of ${reason.length}`).toBe(400)
      const reply = dataOf<Reply & { userId: string }>(refused)
      expect(reply.result?.error?.reason).toBeTruthy()
      expect(reply.userId).toBe(usOfficer.id)
    }
    expect(await db.select().from(activity)).toEqual([])
    const rejected = await call(
      officerPage.action,
      post(`/officers/${usOfficer.id}`, cookie, { intent: 'reject', reason: '  Not on the agency staff list  ' }),
      { userId: usOfficer.id },
    )
    expect(statusOf(rejected)).toBe(302)
    const [row] = await db.select().from(users).where(eq(users.id, usOfficer.id))
    expect(row).toMatchObject({ officerVerification: 'rejected', officerVerifiedById: lead.id, officerVerificationNote: 'Not on the agency staff list' })
    const [logged] = await db.select().from(activity)
    expect(logged).toMatchObject({
      name: 'officer.rejected',
      actorId: lead.id,
      userId: usOfficer.id,
      properties: { from: 'pending', to: 'rejected', reason: 'Not on the agency staff list' },
    })
    const page = (await call(officerPage.loader, makeRequest(`/officers/${usOfficer.id}`, { cookie }), { userId: usOfficer.id })) as {
      timeline: { entries: { name: string }[]; older: string | null }
      officer: { verifiedByName: string }
    }
    expect(page.timeline.entries.map((entry) => entry.name)).toEqual(['officer.rejected'])
    expect(page.timeline.older).toBeNull()
    expect(page.officer.verifiedByName).toBe('Lena Lead')
  })

  it('pages back through an officer\'s history with "Show older"', async () => {
    const { usOfficer, lead, cookie } = await world()
    await db.insert(activity).values(
      Array.from({ length: 55 }, (_, index) => ({
        name: 'training.reminded',
        actorId: lead.id,
        actorName: lead.name,
        userId: usOfficer.id,
        happenedAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
        properties: { title: `Module ${index}` },
      })),
    )
    type History = { timeline: { entries: { id: number; properties: { title?: string } }[]; older: string | null } }
    const first = (await call(officerPage.loader, makeRequest(`/officers/${usOfficer.id}`, { cookie }), { userId: usOfficer.id })) as History
    expect(first.timeline.entries).toHaveLength(50)
    expect(first.timeline.entries[0].properties.title).toBe('Module 54')
    const second = (await call(officerPage.loader, makeRequest(`/officers/${usOfficer.id}?before=${encodeURIComponent(first.timeline.older!)}`, { cookie }), {
      userId: usOfficer.id,
    })) as History
    expect(second.timeline.entries.map((entry) => entry.properties.title)).toEqual(['Module 4', 'Module 3', 'Module 2', 'Module 1', 'Module 0'])
    expect(second.timeline.older).toBeNull()
  })

  it('refuses to verify an officer whose email is not confirmed, with a clear message', async () => {
    const { us, cookie } = await world()
    const unconfirmed = await createOfficer(us.id, { emailVerified: false })
    const result = await call(officerList.action, post('/officers?index', cookie, { intent: 'verify', userId: unconfirmed.id }))
    expect(statusOf(result)).toBe(409)
    expect(dataOf<Reply>(result).result?.error?.['']?.[0]).toMatch(/not confirmed their email/)
    const [row] = await db.select().from(users).where(eq(users.id, unconfirmed.id))
    expect(row.officerVerification).toBe('pending')
  })
})

/** The invitation page as the server renders it after a post whose answer was `answer`. */
async function renderInviteForm(cookie: string, agencyId: string, answer: unknown) {
  const loaderData = await call(inviteRoute.loader, makeRequest(`/officers/invite?agencyId=${agencyId}`, { cookie }))
  const handler = createStaticHandler([{ id: 'page', path: '*', loader: () => loaderData as object, action: () => answer, Component: InviteOfficerPage }])
  const context = await handler.query(new Request('http://localhost:3000/officers/invite', { method: 'POST', body: new URLSearchParams() }))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }))
}

describe('/officers/invite', () => {
  it('lets a lead invite an officer of an agency in their regions', async () => {
    const { us, lead, cookie } = await world()
    const loaded = (await call(inviteRoute.loader, makeRequest(`/officers/invite?agencyId=${us.id}`, { cookie }))) as {
      agency: { id: string; label: string } | null
    }
    expect(loaded.agency).toEqual({ id: us.id, label: 'Plano Police Department' })
    const result = (await call(
      inviteRoute.action,
      post('/officers/invite', cookie, { email: 'Sam.Ortiz@plano.gov', name: 'Sam Ortiz', agencyId: us.id }),
    )) as Response
    expect(result.status).toBe(302)
    const [invited] = await db.select().from(users).where(eq(users.email, 'sam.ortiz@plano.gov'))
    expect(invited).toMatchObject({ role: 'officer', status: 'invited', agencyId: us.id, officerVerification: 'verified', officerVerifiedById: lead.id })
    expect(result.headers.get('Location')).toBe(`/officers/${invited.id}`)
    const [mail] = await db.select().from(emailOutbox)
    expect(mail).toMatchObject({ recipient: 'sam.ortiz@plano.gov', template: 'invitation' })
    expect(mail.text).toContain('/invitations/••••••')
    const [logged] = await db.select().from(activity)
    expect(logged).toMatchObject({ name: 'officer.invited', actorId: lead.id, userId: invited.id, agencyId: us.id })
  })

  it('writes the invitation in the language of the agency’s country', async () => {
    const leadUser = await createUser({ role: 'outreach_lead', regions: ['LATAM'] })
    const { cookie } = await signInAs(leadUser)
    const bogota = await createAgency({ name: 'Policía de Bogotá', countryCode: 'CO', emailDomains: ['policia.gov.co'] })
    const answer = await call(
      inviteRoute.action,
      post('/officers/invite', cookie, { email: 'ana.rojas@policia.gov.co', name: 'Ana Rojas', agencyId: bogota.id }),
    )
    expect((answer as Response).headers.get('Location')).toMatch(/^\/officers\//)
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.recipient, 'ana.rojas@policia.gov.co'))
    expect(mail.subject).toBe('Lo invitan a Liaison')
    expect(mail.text).toContain(`${leadUser.name} lo invitó a Liaison como funcionario de Policía de Bogotá`)
    expect(mail.text).toContain('/invitations/••••••')
  })

  it("asks to vouch for an address outside the agency's domains, keeping the input, and logs the confirmation", async () => {
    const { us, lead, cookie } = await world()
    const form = { email: 'sam.ortiz@gmail.com', name: 'Sam Ortiz', agencyId: us.id }
    const asked = await call(inviteRoute.action, post('/officers/invite', cookie, form))
    expect(statusOf(asked)).toBe(400)
    const reply = dataOf<Reply & { confirmFor: string | null }>(asked)
    expect(reply.confirmFor).toBe('sam.ortiz@gmail.com')
    expect(reply.result?.error?.email?.[0]).toMatch(/not on Plano Police Department's email domains \(plano\.gov\)/)
    expect(reply.result?.error?.confirmOutsideDomains?.[0]).toMatch(/Tick the box/)
    expect(reply.result?.initialValue).toMatchObject(form)
    expect(await db.select().from(users).where(eq(users.email, 'sam.ortiz@gmail.com'))).toEqual([])
    expect(await db.select().from(emailOutbox)).toEqual([])

    // The page says why and shows the box to tick, with what was typed.
    const page = await renderInviteForm(cookie, us.id, asked)
    expect(page).toContain('not on Plano Police Department&#x27;s email domains (plano.gov)')
    const box = page.match(/<input(?=[^>]*type="checkbox")[^>]*name="confirmOutsideDomains"[^>]*>/)?.[0]
    expect(box, 'the box to tick').toBeTruthy()
    // Not required by the browser: the lead may fix the address instead.
    expect(box).not.toContain('required')
    expect(page).toContain('Tick the box to vouch')
    expect(page).toContain('I know this person is an officer of Plano Police Department and vouch for sam.ortiz@gmail.com')
    expect(page).toContain('value="sam.ortiz@gmail.com"')

    // The box stays on the form when it comes back for another reason.
    const unnamed = await call(inviteRoute.action, post('/officers/invite', cookie, { ...form, name: '', confirmationAskedFor: 'sam.ortiz@gmail.com' }))
    expect(dataOf<{ confirmFor: string | null }>(unnamed).confirmFor).toBe('sam.ortiz@gmail.com')

    // A box ticked for another address does not count for this one.
    const stale = await call(inviteRoute.action, post('/officers/invite', cookie, { ...form, confirmOutsideDomains: 'someone.else@gmail.com' }))
    expect(statusOf(stale)).toBe(400)
    expect(dataOf<{ confirmFor: string | null }>(stale).confirmFor).toBe('sam.ortiz@gmail.com')

    const confirmed = (await call(inviteRoute.action, post('/officers/invite', cookie, { ...form, confirmOutsideDomains: 'Sam.Ortiz@gmail.com' }))) as Response
    expect(confirmed.status).toBe(302)
    const [invited] = await db.select().from(users).where(eq(users.email, 'sam.ortiz@gmail.com'))
    expect(invited).toMatchObject({ agencyId: us.id, officerVerification: 'verified', officerVerifiedById: lead.id })
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'officer.invited'))
    expect(logged).toMatchObject({ actorId: lead.id, userId: invited.id, properties: { email: 'sam.ortiz@gmail.com', outsideDomains: ['plano.gov'] } })
  })

  it('throttles invitations per inviting lead and per IP with 429 and Retry-After', async () => {
    const { us, cookie } = await world()
    const invite = (leadCookie: string, index: number, ip = '203.0.113.10') =>
      call(
        inviteRoute.action,
        post('/officers/invite', leadCookie, { email: `officer${index}@plano.gov`, name: `Officer ${index}`, agencyId: us.id }),
        {},
        {
          cspNonce: 'test-nonce',
          ip,
        },
      )
    for (let index = 0; index < 20; index++) expect(statusOf(await invite(cookie, index)), `invitation ${index}`).toBe(302)
    const refused = await invite(cookie, 20, '198.51.100.77')
    expect(statusOf(refused)).toBe(429)
    const retryAfter = Number(headersOf(refused).get('Retry-After'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(inviteRoute.headers({ actionHeaders: headersOf(refused) } as never)).toEqual({ 'Retry-After': String(retryAfter) })
    expect(dataOf<Reply & { result: { error: Record<string, string[]> } }>(refused).result.error[''] ?? []).toEqual([
      expect.stringMatching(/Too many attempts/),
    ])
    expect(await db.select().from(users).where(eq(users.email, 'officer20@plano.gov'))).toEqual([])

    // Another lead on the same address is held by its limit: 40 an hour, 20 of them used above.
    for (let index = 0; index < 20; index++) await consumeAttempt('officer_invitation', { ip: '203.0.113.10' })
    const other = await signInAs(await createUser({ role: 'outreach_lead', regions: ['US'] }))
    expect(statusOf(await invite(other.cookie, 21))).toBe(429)
    expect(statusOf(await invite(other.cookie, 21, '198.51.100.78'))).toBe(302)
    expect((await db.select().from(loginAttempts)).every((row) => row.action === 'officer_invitation')).toBe(true)
  })

  it("refuses an agency outside the lead's regions, keeping the input", async () => {
    const { emea, cookie } = await world()
    expect(((await call(inviteRoute.loader, makeRequest(`/officers/invite?agencyId=${emea.id}`, { cookie }))) as { agency: unknown }).agency).toBeNull()
    const result = await call(inviteRoute.action, post('/officers/invite', cookie, { email: 'jan@politie.nl', name: 'Jan de Vries', agencyId: emea.id }))
    expect(statusOf(result)).toBe(400)
    const reply = dataOf<Reply & { agency: unknown }>(result)
    expect(reply.result?.error?.agencyId?.[0]).toMatch(/in your regions/)
    expect(reply.result?.initialValue).toMatchObject({ email: 'jan@politie.nl', name: 'Jan de Vries' })
    expect(reply.agency).toBeNull()
    expect(await db.select().from(users).where(eq(users.email, 'jan@politie.nl'))).toEqual([])
    expect(await db.select().from(emailOutbox)).toEqual([])
  })

  it('asks for an agency and refuses an existing address', async () => {
    const { us, usOfficer, cookie } = await world()
    const missing = await call(inviteRoute.action, post('/officers/invite', cookie, { email: 'x@plano.gov', name: 'X Person' }))
    expect(statusOf(missing)).toBe(400)
    expect(dataOf<Reply>(missing).result?.error?.agencyId).toBeTruthy()
    const taken = await call(
      inviteRoute.action,
      post('/officers/invite', cookie, { email: usOfficer.email, name: 'Dana Again', agencyId: us.id, confirmOutsideDomains: usOfficer.email }),
    )
    expect(statusOf(taken)).toBe(400)
    expect(dataOf<Reply & { agency: { id: string } | null }>(taken).agency?.id).toBe(us.id)
    expect(dataOf<Reply>(taken).result?.error?.email?.[0]).toMatch(/already exists/)
  })
})

describe('/officers/:userId: training', () => {
  it('assigns a module: the assignment, an email and a log entry', async () => {
    const { usOfficer, lead, cookie } = await world()
    const page = (await call(officerPage.loader, makeRequest(`/officers/${usOfficer.id}`, { cookie }), { userId: usOfficer.id })) as {
      modules: { slug: string }[]
    }
    expect(page.modules.map((module) => module.slug)).toContain('emergency-requests')
    const result = (await call(
      officerPage.action,
      post(`/officers/${usOfficer.id}`, cookie, { intent: 'assign', moduleSlug: 'emergency-requests', dueOn: '2099-01-31' }),
      { userId: usOfficer.id },
    )) as Response
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe(`/officers/${usOfficer.id}`)
    const [assignment] = await db.select().from(trainingAssignments)
    expect(assignment).toMatchObject({ userId: usOfficer.id, moduleSlug: 'emergency-requests', dueOn: '2099-01-31', assignedById: lead.id })
    const [mail] = await db.select().from(emailOutbox)
    expect(mail).toMatchObject({ recipient: usOfficer.email, template: 'training-assigned' })
    expect(mail.text).toContain('31 January 2099')
    const [logged] = await db.select().from(activity)
    expect(logged).toMatchObject({
      name: 'training.assigned',
      actorId: lead.id,
      userId: usOfficer.id,
      properties: { module: 'emergency-requests', dueOn: '2099-01-31' },
    })
  })

  it('keeps the input on a bad assignment', async () => {
    const { usOfficer, cookie } = await world()
    for (const form of [
      { intent: 'assign', moduleSlug: '', dueOn: '2099-01-31' },
      { intent: 'assign', moduleSlug: 'emergency-requests', dueOn: '2099-02-30' },
      { intent: 'assign', moduleSlug: 'emergency-requests', dueOn: '2001-01-01' },
      { intent: 'assign', moduleSlug: 'no-such-module', dueOn: '2099-01-31' },
    ]) {
      const result = await call(officerPage.action, post(`/officers/${usOfficer.id}`, cookie, form), { userId: usOfficer.id })
      expect(statusOf(result), JSON.stringify(form)).toBe(400)
      const reply = dataOf<Reply>(result)
      expect(Object.keys(reply.result?.error ?? {}).length).toBeGreaterThan(0)
      expect(reply.result?.initialValue).toMatchObject({ dueOn: form.dueOn })
    }
    expect(await db.select().from(trainingAssignments)).toEqual([])
    expect(await db.select().from(emailOutbox)).toEqual([])
  })

  it('checks a due date against the server’s today, which the page also gives the form', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-05-01T23:30:00Z'))
    const { usOfficer, cookie } = await world()
    const page = dataOf<{ today: string }>(await call(officerPage.loader, makeRequest(`/officers/${usOfficer.id}`, { cookie }), { userId: usOfficer.id }))
    expect(page.today).toBe('2026-05-01')
    const assign = async (dueOn: string) =>
      statusOf(
        await call(officerPage.action, post(`/officers/${usOfficer.id}`, cookie, { intent: 'assign', moduleSlug: 'emergency-requests', dueOn }), {
          userId: usOfficer.id,
        }),
      )
    expect(await assign('2026-04-29')).toBe(400)
    expect(await assign('2026-04-30')).toBe(302)
  })

  it('sends a reminder, and refuses a second one within 24 hours with a clear message', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-05-01T08:00:00Z'))
    const { usOfficer, lead, cookie } = await world()
    await call(officerPage.action, post(`/officers/${usOfficer.id}`, cookie, { intent: 'assign', moduleSlug: 'emergency-requests', dueOn: '2026-05-20' }), {
      userId: usOfficer.id,
    })
    // A staff session ends after 30 idle minutes: the lead signs in again after each jump in time.
    const remind = async () =>
      call(officerPage.action, post(`/officers/${usOfficer.id}`, (await signInAs(lead)).cookie, { intent: 'remind', moduleSlug: 'emergency-requests' }), {
        userId: usOfficer.id,
      })
    expect(statusOf(await remind())).toBe(302)
    vi.setSystemTime(new Date('2026-05-01T20:00:00Z'))
    const refused = await remind()
    expect(statusOf(refused)).toBe(429)
    expect(headersOf(refused).get('Retry-After')).toBe(String(12 * 60 * 60))
    expect(dataOf<Reply>(refused).message).toMatch(/at most one a day: the next can go after 2 May 2026, 08:00 UTC/)
    const reminders = await db.select().from(emailOutbox).where(eq(emailOutbox.template, 'training-reminder'))
    expect(reminders).toHaveLength(1)
    expect(reminders[0].recipient).toBe(usOfficer.email)
    const logged = await db.select().from(activity).where(eq(activity.name, 'training.reminded'))
    expect(logged.map((row) => [row.actorId, row.userId])).toEqual([[lead.id, usOfficer.id]])
    const [assignment] = await db.select().from(trainingAssignments)
    expect(assignment.remindedAt).toEqual(new Date('2026-05-01T08:00:00Z'))
    vi.setSystemTime(new Date('2026-05-02T08:00:00Z'))
    expect(statusOf(await remind())).toBe(302)
  })
})

describe('/officers/invite for the global head', () => {
  it('lets the global head open the invitation form, who may write in every region', async () => {
    const { loader: inviteLoader } = await import('./officers.invite')
    const head = await createUser({ role: 'global_head' })
    const { cookie } = await signInAs(head)
    expect(statusOf(await call(inviteLoader, makeRequest('/officers/invite', { cookie })))).toBe(200)
  })
})
