import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { agencies, tasks } from '#db/schema'
import { createAgency, createContact } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs, TEST_PASSWORD } from '#test/factories/users'
import { db } from '~/lib/db.server'
import * as adminActivity from './admin.activity'
import * as adminOutbox from './admin.outbox._index'
import * as adminUsers from './admin.users._index'
import * as agencyPage from './agencies.$agencyId._index'
import * as agencyEdit from './agencies.$agencyId.edit'
import * as agencyList from './agencies._index'
import * as agencyNew from './agencies.new'
import * as agencyCsv from './agencies[.]csv'
import * as conferenceList from './conferences._index'
import * as contactList from './contacts._index'
import * as contactCsv from './contacts[.]csv'
import * as engagementList from './engagements._index'
import * as engagementNew from './engagements.new'
import * as engagementCsv from './engagements[.]csv'
import * as login from './login'
import * as officerList from './officers._index'
import * as searchAgencies from './search.agencies'
import * as searchContacts from './search.contacts'
import * as searchStaff from './search.staff'
import * as tasksRoute from './tasks'

/**
 * Bad input never produces a 500 (docs/architecture.md, "Quality bars"). Each of these once reached
 * PostgreSQL and made it throw (impossible dates, 36 zeros as a uuid, NUL in text).
 */
const badQueries = [
  'engagedAfter=2024-13-45',
  'engagedBefore=0000-01-01',
  'from=2024-13-45',
  'to=2026-02-31',
  'owner=000000000000000000000000000000000000',
  'agency=000000000000000000000000000000000000',
  'q=a%00b',
  'q=%00',
  'tag=x%00',
  'page=1099511627776',
  'sort=%00',
  'year=0',
  'engagedAfter=2024-13-45&engagedBefore=0000-01-01&owner=000000000000000000000000000000000000&q=a%00b&tag=%00&page=-1',
]

async function usWorld() {
  const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
  const agency = await createAgency({ name: 'Dallas Police Department', countryCode: 'US', ownerId: lead.id })
  await createContact(agency.id, { fullName: 'Sergeant Ana Ruiz' })
  const { cookie } = await signInAs(lead)
  return { lead, agency, cookie }
}

type Loader = Parameters<typeof call>[0]

describe('bad query parameters answer a page, never a 500', () => {
  it('on the CRM lists, their CSV exports and the type-aheads', async () => {
    const { cookie } = await usWorld()
    const pages: [string, Loader][] = [
      ['/agencies', agencyList.loader],
      ['/agencies.csv', agencyCsv.loader],
      ['/contacts', contactList.loader],
      ['/contacts.csv', contactCsv.loader],
      ['/engagements', engagementList.loader],
      ['/engagements.csv', engagementCsv.loader],
      ['/conferences', conferenceList.loader],
      ['/tasks', tasksRoute.loader],
      ['/officers', officerList.loader],
      ['/search/agencies', searchAgencies.loader],
      ['/search/contacts', searchContacts.loader],
      ['/search/staff', searchStaff.loader],
    ]
    for (const [path, loader] of pages) {
      for (const query of badQueries) {
        const result = await call(loader, makeRequest(`${path}?${query}`, { cookie }))
        expect(statusOf(result), `${path}?${query}`).toBe(200)
      }
    }
  })

  it('on a record page, a timeline cursor PostgreSQL would refuse shows the newest entries', async () => {
    const { cookie, agency } = await usWorld()
    for (const before of ['2024-02-30T00:00:00.000000Z_5', '0000-01-01T00:00:00.000000Z_5', '2024-01-01T25:00:00.000000Z_5']) {
      const result = await call(agencyPage.loader, makeRequest(`/agencies/${agency.id}?before=${before}`, { cookie }), { agencyId: agency.id })
      expect(statusOf(result), before).toBe(200)
    }
  })

  it('on the admin lists', async () => {
    const { cookie } = await signInAs(await createUser({ role: 'admin' }))
    for (const [path, loader] of [
      ['/admin/users', adminUsers.loader],
      ['/admin/activity', adminActivity.loader],
      ['/admin/outbox', adminOutbox.loader],
    ] as [string, Loader][]) {
      for (const query of ['q=a%00b', 'q=%00', 'page=1099511627776', 'before=1e400', 'status=%00']) {
        expect(statusOf(await call(loader, makeRequest(`${path}?${query}`, { cookie }))), `${path}?${query}`).toBe(200)
      }
    }
  })

  it('an invalid filter is ignored: the list shows what it would without it', async () => {
    const { cookie, agency } = await usWorld()
    const rows = async (query: string) =>
      ((await call(agencyList.loader, makeRequest(`/agencies?${query}`, { cookie }))) as { rows: { id: string }[] }).rows.map((row) => row.id)
    expect(await rows('engagedAfter=2024-13-45&owner=000000000000000000000000000000000000')).toEqual([agency.id])
    expect(await rows('q=Dallas%00')).toEqual([agency.id])
    const contacts = (await call(contactList.loader, makeRequest('/contacts?agency=000000000000000000000000000000000000', { cookie }))) as { rows: unknown[] }
    expect(contacts.rows).toHaveLength(1)
    const options = (await call(searchAgencies.loader, makeRequest('/search/agencies?q=Dal%00las', { cookie }))) as { options: { id: string }[] }
    expect(options.options.map((option) => option.id)).toEqual([agency.id])
  })
})

type Reply = { result: { status: string; initialValue: Record<string, unknown>; error: Record<string, string[] | null> } }

describe('bad form input answers 400 with field errors and the input kept', () => {
  it('an engagement with a NUL in the title and an impossible start', async () => {
    const { cookie, agency } = await usWorld()
    const form = {
      kind: 'meeting',
      title: 'Call\u0000 with DPD',
      startsAt: '2026-13-45T99:99',
      timeZone: 'America/Chicago',
      agencyIds: agency.id,
      'followUps[0].title': 'Send the guidelines',
      'followUps[0].dueOn': '2026-02-31',
    }
    const result = await call(engagementNew.action, makeRequest('/engagements/new', { cookie, form }))
    expect(statusOf(result)).toBe(400)
    const reply = dataOf<Reply>(result).result
    expect(reply.error.startsAt).toEqual(['Enter a real date and time.'])
    expect(reply.error['followUps[0].dueOn']).toEqual(['Enter a real due date.'])
    expect(reply.initialValue).toMatchObject({ title: 'Call\u0000 with DPD', startsAt: '2026-13-45T99:99', agencyIds: agency.id })
  })

  it('an agency with a NUL in the name and an owner that is not a uuid; saved once both are right', async () => {
    const { cookie, lead } = await usWorld()
    const form = {
      name: 'Houston\u0000 Police Department',
      kind: 'local',
      countryCode: 'US',
      status: 'prospect',
      priority: '2',
      ownerId: '000000000000000000000000000000000000',
      notes: 'Line one\r\nline\u0007 two',
    }
    const refused = await call(agencyNew.action, makeRequest('/agencies/new', { cookie, form }))
    expect(statusOf(refused)).toBe(400)
    const reply = dataOf<Reply>(refused).result
    expect(Object.keys(reply.error)).toEqual(['ownerId'])
    expect(reply.initialValue.name).toBe('Houston\u0000 Police Department')

    const saved = await call(agencyNew.action, makeRequest('/agencies/new', { cookie, form: { ...form, ownerId: lead.id } }))
    expect(statusOf(saved)).toBe(302)
    const [stored] = await db.select().from(agencies).where(eq(agencies.name, 'Houston Police Department'))
    expect(stored.notes).toBe('Line one\r\nline two')
  })

  it('an edit whose version overflows the integer column', async () => {
    const { cookie, agency } = await usWorld()
    const form = { name: 'Dallas PD', kind: 'local', countryCode: 'US', status: 'engaged', priority: '1', version: '1099511627776' }
    const result = await call(agencyEdit.action, makeRequest(`/agencies/${agency.id}/edit`, { cookie, form }), { agencyId: agency.id })
    expect(statusOf(result)).toBe(400)
    expect(dataOf<Reply>(result).result.error.version).toEqual(['The form is out of date; reload the page.'])
  })

  it('a task due on a day that does not exist', async () => {
    const { cookie } = await usWorld()
    for (const dueOn of ['2024-13-45', '2026-02-31']) {
      const result = await call(tasksRoute.action, makeRequest('/tasks', { cookie, form: { intent: 'create', title: 'Call\u0000 back', dueOn } }))
      expect(statusOf(result), dueOn).toBe(400)
      expect(dataOf<Reply>(result).result.error.dueOn).toEqual(['Enter a real due date.'])
      expect(dataOf<Reply>(result).result.initialValue.dueOn).toBe(dueOn)
    }
    expect(await db.select().from(tasks)).toEqual([])
  })

  it('a sign-in whose redirect target would break the Location header goes to the start page', async () => {
    const user = await createUser({ role: 'outreach_lead', regions: ['US'] })
    for (const redirectTo of ['/agencies\r\nSet-Cookie: x=y', '/x\u0000', '/.//evil.example']) {
      const result = (await call(login.action, makeRequest('/login', { form: { email: user.email, password: TEST_PASSWORD, redirectTo } }))) as Response
      expect(result.status, redirectTo).toBe(302)
      expect(result.headers.get('Location'), redirectTo).toBe('/home')
    }
    const encoded = (await call(
      login.action,
      makeRequest('/login', { form: { email: user.email, password: TEST_PASSWORD, redirectTo: '/agencies?q=€' } }),
    )) as Response
    expect(encoded.headers.get('Location')).toBe('/agencies?q=%E2%82%AC')
  })
})
