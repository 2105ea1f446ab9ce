import { count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { agencies, contacts, engagements } from '#db/schema'
import { actorFor, createAgency, createContact, testMeta } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { logEngagement } from '~/modules/engagements/engagements.server'
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
    input: engagementFormSchema.parse({ kind: 'meeting', title: 'Cybercrime liaison', startsAt: '2026-02-02T10:00', timeZone: 'Europe/Amsterdam', agencyIds: [agency.id], contactIds: [contact.id] }),
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
    expect(statusOf(await call(agencyEdit.action, post(`/agencies/${agency.id}/edit`, { name: 'Renamed', kind: 'national_police', countryCode: 'NL', status: 'partner', priority: '1', version: '1' }), { agencyId: agency.id }))).toBe(404)
    expect(statusOf(await call(contactPage.loader, get(`/contacts/${contact.id}`), { contactId: contact.id }))).toBe(404)
    expect(statusOf(await call(contactPage.action, post(`/contacts/${contact.id}`, { intent: 'archive' }), { contactId: contact.id }))).toBe(404)
    expect(statusOf(await call(contactEdit.loader, get(`/contacts/${contact.id}/edit`), { contactId: contact.id }))).toBe(404)
    expect(statusOf(await call(contactEdit.action, post(`/contacts/${contact.id}/edit`, { agencyId: agency.id, fullName: 'X Y', version: '1' }), { contactId: contact.id }))).toBe(404)
    expect(statusOf(await call(engagementPage.loader, get(`/engagements/${engagementId}`), { engagementId }))).toBe(404)
    expect(statusOf(await call(engagementEdit.loader, get(`/engagements/${engagementId}/edit`), { engagementId }))).toBe(404)

    const newContact = await call(contactNew.action, post('/contacts/new', { agencyId: agency.id, fullName: 'Sneaky Person' }))
    expect(statusOf(newContact)).toBe(400)
    const newEngagement = await call(engagementNew.action, post('/engagements/new', { kind: 'call', title: 'Call', startsAt: '2026-02-03T10:00', timeZone: 'UTC', agencyIds: agency.id }))
    expect(statusOf(newEngagement)).toBe(400)
    const newAgency = await call(agencyNew.action, post('/agencies/new', { name: 'Polizei Wien', kind: 'local', countryCode: 'AT', status: 'prospect', priority: '2' }))
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
    const result = await call(agencyNew.action, makeRequest('/agencies/new', { cookie, form: { name: '', kind: 'spaceship', countryCode: 'US', website: 'not a url', emailDomains: 'bad domain', priority: '9', city: 'Springfield' } }))
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
    const late = await call(agencyEdit.action, makeRequest(`/agencies/${agency.id}/edit`, { cookie, form: { ...form, name: 'Plano P.D.', status: 'partner' } }), { agencyId: agency.id })
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
    const first = await call(contactNew.action, makeRequest('/contacts/new', { cookie, form: { agencyId: agency.id, fullName: 'Someone Else', email: 'DEMO.ROSA@pd.example' } }))
    expect(statusOf(first)).toBe(409)
    expect(dataOf<{ duplicates: { fullName: string }[] }>(first).duplicates.map((row) => row.fullName)).toEqual(['Lt. Rosa Vance'])
    const confirmed = await call(contactNew.action, makeRequest('/contacts/new', { cookie, form: { agencyId: agency.id, fullName: 'Someone Else', email: 'demo.rosa@pd.example', confirmDuplicate: 'yes' } }))
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
      expect(statusOf(await call(tasksRoute.action, makeRequest('/tasks', { cookie, form: { intent: 'create', title, dueOn, agencyId: agency.id } })))).toBe(200)
    }
    const listed = (await call(tasksRoute.loader, makeRequest('/tasks', { cookie }))) as { tasks: { id: string; title: string }[]; counts: { open: number; overdue: number } }
    expect(listed.tasks.map((task) => task.title)).toEqual(['Also overdue', 'Overdue', 'Later', 'Undated'])
    expect(listed.counts).toEqual({ open: 4, overdue: 2 })
    await call(tasksRoute.action, makeRequest('/tasks', { cookie, form: { intent: 'complete', taskId: listed.tasks[0].id } }))
    const after = (await call(tasksRoute.loader, makeRequest('/tasks', { cookie }))) as { counts: { open: number; overdue: number } }
    expect(after.counts).toEqual({ open: 3, overdue: 1 })
    const other = await createUser({ role: 'outreach_lead', regions: ['EMEA'] })
    const otherCookie = (await signInAs(other)).cookie
    expect(statusOf(await call(tasksRoute.action, makeRequest('/tasks', { cookie: otherCookie, form: { intent: 'reopen', taskId: listed.tasks[0].id } })))).toBe(404)
  })
})
