import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { contacts } from '#db/schema'
import { createAgency, createContact as insertContact } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { renderPage } from '#test/factories/pages'
import * as contactEdit from './contacts.$contactId.edit'
import * as contactList from './contacts._index'

describe('/contacts/:contactId/edit', () => {
  it('answers a stale save with 409, the typed input kept and the saved version shown', async () => {
    const user = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(user)
    const agency = await createAgency()
    const contact = await insertContact(agency.id, { fullName: 'Jamie Cole' })
    const save = (form: Record<string, string>) =>
      call(contactEdit.action, makeRequest(`/contacts/${contact.id}/edit`, { cookie, form: { agencyId: agency.id, version: '1', ...form } }), {
        contactId: contact.id,
      })
    expect(statusOf(await save({ fullName: 'Jamie Cole', title: 'Sergeant' }))).toBe(302)
    const refused = await save({ fullName: 'Jamie Cole-Baker', phone: '+1 555 0100' })
    expect(statusOf(refused)).toBe(409)
    const body = dataOf<{
      result: { initialValue: Record<string, string>; error: Record<string, string[]> }
      conflict: { version: number; values: Record<string, string | null> }
    }>(refused)
    expect(body.result.initialValue).toMatchObject({ fullName: 'Jamie Cole-Baker', phone: '+1 555 0100' })
    expect(body.result.error[''][0]).toMatch(/Someone else saved this contact/)
    expect(body.conflict).toEqual({ version: 2, values: { name: 'Jamie Cole', title: 'Sergeant', email: null, phone: null } })
    const [row] = await db.select().from(contacts).where(eq(contacts.id, contact.id))
    expect(row).toMatchObject({ fullName: 'Jamie Cole', title: 'Sergeant', phone: null, version: 2 })
  })
})

describe('/contacts', () => {
  it('offers New and Import only to someone with regions, and tells an empty list from no match', async () => {
    const agency = await createAgency()
    const withRegions = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const withoutRegions = await createUser({ role: 'outreach_lead', regions: [] })
    const load = async (user: Parameters<typeof signInAs>[0], query = '') =>
      dataOf<{ rows: unknown[]; canCreate: boolean; filtered: boolean }>(
        await call(contactList.loader, makeRequest(`/contacts${query}`, { cookie: (await signInAs(user)).cookie })),
      )

    expect(await load(withoutRegions)).toMatchObject({ rows: [], canCreate: false, filtered: false })
    expect(await load(withRegions)).toMatchObject({ rows: [], canCreate: true, filtered: false })
    await insertContact(agency.id, { fullName: 'Jordan Example' })
    expect(await load(withRegions, '?q=Nobody')).toMatchObject({ rows: [], filtered: true })
    expect(await load(withRegions, '?archived=1')).toMatchObject({ rows: [], filtered: true })
    // Paging alone is not a filter.
    expect(await load(withRegions, '?page=3')).toMatchObject({ rows: [], filtered: false })
    expect((await load(withRegions)).rows).toHaveLength(1)
  })

  it('makes each email address a mailto: link', async () => {
    const agency = await createAgency()
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    await insertContact(agency.id, { fullName: 'Jordan Example', email: 'demo.jordan@agency.example' })
    const data = dataOf(await call(contactList.loader, makeRequest('/contacts', { cookie: (await signInAs(lead)).cookie })))
    const html = await renderPage(contactList.default, data, '/contacts')
    expect(html).toContain('<a href="mailto:demo.jordan@agency.example">demo.jordan@agency.example</a>')
  })
})
