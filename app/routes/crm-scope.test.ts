import { count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { agencies, contacts, engagementAgencies, engagementContacts, engagements } from '#db/schema'
import { actorFor, createAgency, createContact, testMeta } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { describeActivity, type DescribableActivity } from '~/modules/activity/describe-activity'
import { getEngagement, logEngagement, updateEngagement } from '~/modules/engagements/engagements.server'
import * as agencyEdit from './agencies.$agencyId.edit'
import * as agencyPage from './agencies.$agencyId._index'
import * as agencyList from './agencies._index'
import * as agencyNew from './agencies.new'
import * as contactEdit from './contacts.$contactId.edit'
import * as contactPage from './contacts.$contactId._index'
import * as contactList from './contacts._index'
import * as contactNew from './contacts.new'
import * as engagementEdit from './engagements.$engagementId.edit'
import * as engagementPage from './engagements.$engagementId._index'
import * as engagementList from './engagements._index'
import * as engagementNew from './engagements.new'
import * as searchAgencies from './search.agencies'
import * as searchContacts from './search.contacts'
import * as tasksRoute from './tasks'

/** An EMEA agency with a contact and an engagement, and a signed-in US lead. */
async function emeaWorld() {
  const emeaLead = actorFor(await createUser({ role: 'outreach_lead', regions: ['EMEA'] }), ['EMEA'])
  const agency = await createAgency({ name: 'Politie Nederland', countryCode: 'NL' })
  const contact = await createContact(agency.id, { fullName: 'Inspecteur Joost Brandt', email: 'demo.joost@politie.example' })
  const logged = await logEngagement({
    actor: emeaLead,
    input: engagementFormSchema.parse({
      kind: 'meeting',
      title: 'Cybercrime liaison',
      startsAt: '2026-02-02T10:00',
      timeZone: 'Europe/Amsterdam',
      agencyIds: [agency.id],
      contactIds: [contact.id],
    }),
    meta: testMeta,
  })
  if (!logged.ok) throw new Error('setup failed')
  const usLead = await createUser({ role: 'outreach_lead', regions: ['US'] })
  const { cookie } = await signInAs(usLead)
  return { agency, contact, engagementId: logged.engagement.id, cookie }
}

describe('region scope: a US lead and an EMEA record', () => {
  it('does not list, find or search it', async () => {
    const { cookie } = await emeaWorld()
    const agencyRows = (await call(agencyList.loader, makeRequest('/agencies', { cookie }))) as { rows: unknown[] }
    expect(agencyRows.rows).toEqual([])
    const contactRows = (await call(contactList.loader, makeRequest('/contacts', { cookie }))) as { rows: unknown[] }
    expect(contactRows.rows).toEqual([])
    const engagementRows = (await call(engagementList.loader, makeRequest('/engagements', { cookie }))) as { rows: unknown[] }
    expect(engagementRows.rows).toEqual([])
    expect(((await call(searchAgencies.loader, makeRequest('/search/agencies?q=Politie', { cookie }))) as { options: unknown[] }).options).toEqual([])
    expect(((await call(searchContacts.loader, makeRequest('/search/contacts?q=Joost', { cookie }))) as { options: unknown[] }).options).toEqual([])
  })

  it('answers 404 for its pages and refuses every write', async () => {
    const { agency, contact, engagementId, cookie } = await emeaWorld()
    const get = (path: string) => makeRequest(path, { cookie })
    const post = (path: string, form: Record<string, string | string[]>) => makeRequest(path, { cookie, form })
    expect(statusOf(await call(agencyPage.loader, get(`/agencies/${agency.id}`), { agencyId: agency.id }))).toBe(404)
    expect(statusOf(await call(agencyPage.action, post(`/agencies/${agency.id}`, { intent: 'archive' }), { agencyId: agency.id }))).toBe(404)
    expect(statusOf(await call(agencyEdit.loader, get(`/agencies/${agency.id}/edit`), { agencyId: agency.id }))).toBe(404)
    expect(
      statusOf(
        await call(
          agencyEdit.action,
          post(`/agencies/${agency.id}/edit`, { name: 'Renamed', kind: 'national_police', countryCode: 'NL', status: 'partner', priority: '1', version: '1' }),
          { agencyId: agency.id },
        ),
      ),
    ).toBe(404)
    expect(statusOf(await call(contactPage.loader, get(`/contacts/${contact.id}`), { contactId: contact.id }))).toBe(404)
    expect(statusOf(await call(contactPage.action, post(`/contacts/${contact.id}`, { intent: 'archive' }), { contactId: contact.id }))).toBe(404)
    expect(statusOf(await call(contactEdit.loader, get(`/contacts/${contact.id}/edit`), { contactId: contact.id }))).toBe(404)
    expect(
      statusOf(
        await call(contactEdit.action, post(`/contacts/${contact.id}/edit`, { agencyId: agency.id, fullName: 'X Y', version: '1' }), { contactId: contact.id }),
      ),
    ).toBe(404)
    expect(statusOf(await call(engagementPage.loader, get(`/engagements/${engagementId}`), { engagementId }))).toBe(404)
    expect(statusOf(await call(engagementEdit.loader, get(`/engagements/${engagementId}/edit`), { engagementId }))).toBe(404)

    const newContact = await call(contactNew.action, post('/contacts/new', { agencyId: agency.id, fullName: 'Sneaky Person' }))
    expect(statusOf(newContact)).toBe(400)
    const newEngagement = await call(
      engagementNew.action,
      post('/engagements/new', { kind: 'call', title: 'Call', startsAt: '2026-02-03T10:00', timeZone: 'UTC', agencyIds: agency.id }),
    )
    expect(statusOf(newEngagement)).toBe(400)
    const newAgency = await call(
      agencyNew.action,
      post('/agencies/new', { name: 'Polizei Wien', kind: 'local', countryCode: 'AT', status: 'prospect', priority: '2' }),
    )
    expect(statusOf(newAgency)).toBe(400)
    expect(dataOf<{ result: { initialValue: Record<string, string> } }>(newAgency).result.initialValue.name).toBe('Polizei Wien')

    const [{ total: agencyCount }] = await db.select({ total: count() }).from(agencies)
    expect(agencyCount).toBe(1)
    const [unchanged] = await db.select().from(agencies).where(eq(agencies.id, agency.id))
    expect(unchanged).toMatchObject({ name: 'Politie Nederland', archivedAt: null, version: 1 })
    expect((await db.select().from(contacts)).map((row) => row.fullName)).toEqual(['Inspecteur Joost Brandt'])
    expect(await db.select({ id: engagements.id }).from(engagements)).toHaveLength(1)
  })
})

/**
 * One engagement shared by a US and an EMEA agency, with a person of each, logged by the global
 * head; a signed-in US lead.
 */
async function sharedWorld() {
  const head = actorFor(await createUser({ role: 'global_head', name: 'Gloria Head' }))
  const usAgency = await createAgency({ name: 'Dallas Police Department', countryCode: 'US' })
  const usContact = await createContact(usAgency.id, { fullName: 'Sgt. Ada Quill' })
  const emeaAgency = await createAgency({ name: 'Politie Nederland', countryCode: 'NL' })
  const emeaContact = await createContact(emeaAgency.id, { fullName: 'Inspecteur Joost Brandt' })
  const logged = await logEngagement({
    actor: head,
    input: engagementFormSchema.parse({
      kind: 'call',
      title: 'Joint child safety call',
      startsAt: '2025-02-02T15:00',
      timeZone: 'UTC',
      agencyIds: [usAgency.id, emeaAgency.id],
      contactIds: [usContact.id, emeaContact.id],
      staffIds: [head.id],
    }),
    meta: testMeta,
  })
  if (!logged.ok) throw new Error('setup failed')
  const usLead = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Maria Ortiz' })
  const { cookie } = await signInAs(usLead)
  return { head, usLead, usAgency, usContact, emeaAgency, emeaContact, engagementId: logged.engagement.id, cookie }
}

describe('region scope: an engagement shared with another region', () => {
  it('shows a US lead only the US agency and person, and counts the others without naming them', async () => {
    const { engagementId, cookie } = await sharedWorld()
    const page = (await call(engagementPage.loader, makeRequest(`/engagements/${engagementId}`, { cookie }), { engagementId })) as {
      engagement: { agencies: { name: string }[]; contacts: { fullName: string }[]; otherRegions: { agencies: number; contacts: number } }
    }
    expect(page.engagement.agencies.map((agency) => agency.name)).toEqual(['Dallas Police Department'])
    expect(page.engagement.contacts.map((contact) => contact.fullName)).toEqual(['Sgt. Ada Quill'])
    expect(page.engagement.otherRegions).toEqual({ agencies: 1, contacts: 1 })
    const edit = await call(engagementEdit.loader, makeRequest(`/engagements/${engagementId}/edit`, { cookie }), { engagementId })
    const list = await call(engagementList.loader, makeRequest('/engagements', { cookie }))
    expect((list as { rows: { agencyNames: string[] }[] }).rows.map((row) => row.agencyNames)).toEqual([['Dallas Police Department']])
    for (const [name, payload] of [
      ['engagement page', page],
      ['edit page', edit],
      ['engagement list', list],
    ] as const) {
      const text = JSON.stringify(payload)
      expect(text, name).not.toContain('Politie')
      expect(text, name).not.toContain('Joost')
    }
  })

  it('keeps the EMEA agency, its person and its last engaged date when a US lead saves', async () => {
    const { usAgency, usContact, emeaAgency, emeaContact, engagementId, cookie } = await sharedWorld()
    const [before] = await db.select().from(agencies).where(eq(agencies.id, emeaAgency.id))
    expect(before.lastEngagedAt?.toISOString()).toBe('2025-02-02T15:00:00.000Z')
    // The form shows the lead only what is theirs, so that is all it sends back.
    const form = {
      kind: 'call',
      title: 'Joint child safety call (notes)',
      startsAt: '2025-02-02T15:00',
      timeZone: 'UTC',
      agencyIds: [usAgency.id],
      contactIds: [usContact.id],
      version: '1',
    }
    expect(statusOf(await call(engagementEdit.action, makeRequest(`/engagements/${engagementId}/edit`, { cookie, form }), { engagementId }))).toBe(302)
    const linkedAgencies = await db
      .select({ id: engagementAgencies.agencyId })
      .from(engagementAgencies)
      .where(eq(engagementAgencies.engagementId, engagementId))
    expect(linkedAgencies.map((row) => row.id).sort()).toEqual([usAgency.id, emeaAgency.id].sort())
    const linkedContacts = await db
      .select({ id: engagementContacts.contactId })
      .from(engagementContacts)
      .where(eq(engagementContacts.engagementId, engagementId))
    expect(linkedContacts.map((row) => row.id).sort()).toEqual([usContact.id, emeaContact.id].sort())
    const [after] = await db.select().from(agencies).where(eq(agencies.id, emeaAgency.id))
    expect(after.lastEngagedAt?.toISOString()).toBe('2025-02-02T15:00:00.000Z')

    // Removing the US person leaves the EMEA one; an EMEA id sent by hand is refused.
    const removed = await call(
      engagementEdit.action,
      makeRequest(`/engagements/${engagementId}/edit`, { cookie, form: { ...form, contactIds: [], version: '2' } }),
      { engagementId },
    )
    expect(statusOf(removed)).toBe(302)
    expect(
      (await db.select({ id: engagementContacts.contactId }).from(engagementContacts).where(eq(engagementContacts.engagementId, engagementId))).map(
        (row) => row.id,
      ),
    ).toEqual([emeaContact.id])
    const sneaky = await call(
      engagementEdit.action,
      makeRequest(`/engagements/${engagementId}/edit`, {
        cookie,
        form: { ...form, agencyIds: [usAgency.id, emeaAgency.id], contactIds: [emeaContact.id], version: '3' },
      }),
      { engagementId },
    )
    expect(statusOf(sneaky)).toBe(400)
    expect(Object.keys(dataOf<{ result: { error: Record<string, string[]> } }>(sneaky).result.error).sort()).toEqual(['agencyIds', 'contactIds'])
  })

  it('tells a US lead of an EMEA link change only how many, on the engagement, the US agency and the US contact', async () => {
    const { head, usAgency, usContact, engagementId, cookie } = await sharedWorld()
    const spanish = await createAgency({ name: 'Policía Nacional', countryCode: 'ES' })
    const current = await getEngagement({ actor: head, engagementId })
    const edited = await updateEngagement({
      actor: head,
      engagementId,
      input: {
        ...engagementFormSchema.parse({
          kind: 'call',
          title: 'Joint child safety call',
          startsAt: '2025-02-02T15:00',
          timeZone: 'UTC',
          agencyIds: [...current!.agencies.map((agency) => agency.id), spanish.id],
          contactIds: current!.contacts.map((contact) => contact.id),
          staffIds: [head.id],
        }),
        version: 1,
      },
      meta: testMeta,
    })
    expect(edited).toEqual({ ok: true })
    const page = (await call(engagementPage.loader, makeRequest(`/engagements/${engagementId}`, { cookie }), { engagementId })) as {
      timeline: { entries: DescribableActivity[] }
    }
    const contact = (await call(contactPage.loader, makeRequest(`/contacts/${usContact.id}`, { cookie }), { contactId: usContact.id })) as {
      timeline: { entries: DescribableActivity[] }
    }
    const agency = (await call(agencyPage.loader, makeRequest(`/agencies/${usAgency.id}`, { cookie }), { agencyId: usAgency.id })) as {
      timeline: { entries: DescribableActivity[] }
    }
    for (const timeline of [page.timeline, contact.timeline, agency.timeline]) {
      expect(JSON.stringify(timeline)).not.toMatch(/Policía|Politie|Joost/)
      expect(timeline.entries.map(describeActivity)).toContain('Gloria Head added 1 agency in another region to the agencies on Joint child safety call')
    }
  })
})

describe('officers have no CRM access', () => {
  it('gets 403 from every CRM page', async () => {
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    const get = (path: string) => makeRequest(path, { cookie })
    for (const [name, loader, path] of [
      ['agencies', agencyList.loader, '/agencies'],
      ['new agency', agencyNew.loader, '/agencies/new'],
      ['contacts', contactList.loader, '/contacts'],
      ['engagements', engagementList.loader, '/engagements'],
      ['new engagement', engagementNew.loader, '/engagements/new'],
      ['tasks', tasksRoute.loader, '/tasks'],
      ['agency search', searchAgencies.loader, '/search/agencies?q=a'],
    ] as const) {
      expect(statusOf(await call(loader as never, get(path))), name).toBe(403)
    }
  })
})

describe('forms keep what was typed', () => {
  it('returns 400 with a message per field and the values for a bad agency', async () => {
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const result = await call(
      agencyNew.action,
      makeRequest('/agencies/new', {
        cookie,
        form: { name: '', kind: 'spaceship', countryCode: 'US', website: 'not a url', emailDomains: 'bad domain', priority: '9', city: 'Springfield' },
      }),
    )
    expect(statusOf(result)).toBe(400)
    const reply = dataOf<{ result: { error: Record<string, string[]>; initialValue: Record<string, string> } }>(result).result
    expect(Object.keys(reply.error).sort()).toEqual(['emailDomains', 'kind', 'name', 'priority', 'website'])
    expect(reply.initialValue).toMatchObject({ city: 'Springfield', website: 'not a url' })
  })

  it('refuses a stale edit with 409, keeping the input and showing the saved version', async () => {
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const agency = await createAgency({ name: 'Plano PD' })
    const form = { name: 'Plano Police Department', kind: 'local', countryCode: 'US', status: 'engaged', priority: '2', version: '1' }
    expect(statusOf(await call(agencyEdit.action, makeRequest(`/agencies/${agency.id}/edit`, { cookie, form }), { agencyId: agency.id }))).toBe(302)
    const late = await call(
      agencyEdit.action,
      makeRequest(`/agencies/${agency.id}/edit`, { cookie, form: { ...form, name: 'Plano P.D.', status: 'partner' } }),
      { agencyId: agency.id },
    )
    expect(statusOf(late)).toBe(409)
    const payload = dataOf<{ result: { initialValue: Record<string, string> }; conflict: { version: number; values: { name: string } } }>(late)
    expect(payload.result.initialValue.name).toBe('Plano P.D.')
    expect(payload.conflict).toMatchObject({ version: 2, values: { name: 'Plano Police Department' } })
  })

  it('warns about a duplicate contact and saves only when confirmed', async () => {
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const agency = await createAgency()
    await createContact(agency.id, { fullName: 'Lt. Rosa Vance', email: 'demo.rosa@pd.example' })
    const first = await call(
      contactNew.action,
      makeRequest('/contacts/new', { cookie, form: { agencyId: agency.id, fullName: 'Someone Else', email: 'DEMO.ROSA@pd.example' } }),
    )
    expect(statusOf(first)).toBe(409)
    expect(dataOf<{ duplicates: { fullName: string }[] }>(first).duplicates.map((row) => row.fullName)).toEqual(['Lt. Rosa Vance'])
    const confirmed = await call(
      contactNew.action,
      makeRequest('/contacts/new', { cookie, form: { agencyId: agency.id, fullName: 'Someone Else', email: 'demo.rosa@pd.example', confirmDuplicate: 'yes' } }),
    )
    expect(statusOf(confirmed)).toBe(302)
  })
})

describe('/tasks', () => {
  it('lists overdue first and completes a task from the list', async () => {
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const agency = await createAgency()
    for (const [title, dueOn] of [
      ['Later', '2099-01-01'],
      ['Overdue', '2000-01-01'],
      ['Undated', ''],
      ['Also overdue', '2000-01-01'],
    ]) {
      expect(statusOf(await call(tasksRoute.action, makeRequest('/tasks', { cookie, form: { intent: 'create', title, dueOn, agencyId: agency.id } })))).toBe(
        200,
      )
    }
    const listed = (await call(tasksRoute.loader, makeRequest('/tasks', { cookie }))) as {
      tasks: { id: string; title: string }[]
      counts: { open: number; overdue: number }
    }
    expect(listed.tasks.map((task) => task.title)).toEqual(['Also overdue', 'Overdue', 'Later', 'Undated'])
    expect(listed.counts).toEqual({ open: 4, overdue: 2 })
    await call(tasksRoute.action, makeRequest('/tasks', { cookie, form: { intent: 'complete', taskId: listed.tasks[0].id } }))
    const after = (await call(tasksRoute.loader, makeRequest('/tasks', { cookie }))) as { counts: { open: number; overdue: number } }
    expect(after.counts).toEqual({ open: 3, overdue: 1 })
    const other = await createUser({ role: 'outreach_lead', regions: ['EMEA'] })
    const otherCookie = (await signInAs(other)).cookie
    expect(
      statusOf(await call(tasksRoute.action, makeRequest('/tasks', { cookie: otherCookie, form: { intent: 'reopen', taskId: listed.tasks[0].id } }))),
    ).toBe(404)
  })
})
