import { parse } from 'csv-parse/sync'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, agencies, contacts, engagementAgencies, engagements } from '#db/schema'
import { call, makeRequest, statusOf, type RouteHandler } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { loader as agenciesCsv } from './agencies[.]csv'
import { loader as contactsCsv } from './contacts[.]csv'
import { loader as engagementsCsv } from './engagements[.]csv'

async function world() {
  const [fbi, dps, nca] = await db
    .insert(agencies)
    .values([
      { name: 'Federal Bureau of Investigation (FBI)', kind: 'federal', countryCode: 'US', regionCode: 'US', status: 'engaged' },
      { name: 'Texas Department of Public Safety', kind: 'state', countryCode: 'US', regionCode: 'US', tags: ['ICAC'] },
      { name: 'National Crime Agency (NCA)', kind: 'national_police', countryCode: 'GB', regionCode: 'EMEA', status: 'engaged' },
    ])
    .returning({ id: agencies.id })
  await db.insert(contacts).values([
    { agencyId: fbi.id, fullName: 'Jordan Example', email: 'jordan@fbi.example' },
    { agencyId: nca.id, fullName: 'Morgan Sample', email: 'morgan@nca.example' },
  ])
  const created = await db
    .insert(engagements)
    .values([
      { title: 'FBI briefing', kind: 'meeting', startsAt: new Date('2025-03-04T15:00:00Z') },
      { title: 'NCA workshop', kind: 'training_session', startsAt: new Date('2025-04-04T10:00:00Z') },
    ])
    .returning({ id: engagements.id })
  await db.insert(engagementAgencies).values([
    { engagementId: created[0].id, agencyId: fbi.id },
    { engagementId: created[1].id, agencyId: nca.id },
  ])
  return { fbi, dps, nca }
}

async function download(loader: RouteHandler, path: string, cookie?: string) {
  const response = (await call(loader, makeRequest(path, { cookie }))) as Response
  return { response, rows: response.status === 200 ? (parse(await response.text(), { bom: true, columns: true }) as Record<string, string>[]) : [] }
}

describe('CSV exports', () => {
  it('/agencies.csv gives a US lead the filtered US agencies as an attachment, never an EMEA one', async () => {
    await world()
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const { response, rows } = await download(agenciesCsv, '/agencies.csv', cookie)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="liaison-agencies-\d{4}-\d{2}-\d{2}\.csv"$/)
    expect(rows.map((row) => row.name)).toEqual(['Federal Bureau of Investigation (FBI)', 'Texas Department of Public Safety'])

    expect((await download(agenciesCsv, '/agencies.csv?status=engaged', cookie)).rows.map((row) => row.name)).toEqual(['Federal Bureau of Investigation (FBI)'])
    expect((await download(agenciesCsv, '/agencies.csv?tag=ICAC&page=9', cookie)).rows.map((row) => row.name)).toEqual(['Texas Department of Public Safety'])
    expect((await download(agenciesCsv, '/agencies.csv?country=GB', cookie)).rows).toEqual([])
    // Malformed filters are ignored, as on the list page.
    expect((await download(agenciesCsv, '/agencies.csv?kind=spaceship&sort=DROP', cookie)).rows).toHaveLength(2)

    const logged = await db.select().from(activity).where(eq(activity.name, 'agency.exported')).orderBy(activity.id)
    expect(logged).toHaveLength(5)
    expect(logged[1]).toMatchObject({ actorId: lead.id, ip: '203.0.113.10', properties: { count: 1, filters: { status: 'engaged', sort: 'name' } } })
  })

  it('/contacts.csv and /engagements.csv keep to the lead’s regions and filters', async () => {
    const { fbi } = await world()
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const people = await download(contactsCsv, '/contacts.csv', cookie)
    expect(people.response.headers.get('Content-Disposition')).toMatch(/liaison-contacts-/)
    expect(people.rows.map((row) => row.full_name)).toEqual(['Jordan Example'])
    expect((await download(contactsCsv, '/contacts.csv?q=nobody', cookie)).rows).toEqual([])

    const meetings = await download(engagementsCsv, '/engagements.csv', cookie)
    expect(meetings.rows.map((row) => row.title)).toEqual(['FBI briefing'])
    expect((await download(engagementsCsv, '/engagements.csv?kind=call', cookie)).rows).toEqual([])
    expect((await download(engagementsCsv, `/engagements.csv?agency=${fbi.id}`, cookie)).rows).toHaveLength(1)

    const emea = await createUser({ role: 'outreach_lead', regions: ['EMEA'] })
    const emeaCookie = (await signInAs(emea)).cookie
    expect((await download(engagementsCsv, '/engagements.csv', emeaCookie)).rows.map((row) => row.title)).toEqual(['NCA workshop'])
    expect((await download(contactsCsv, '/contacts.csv', emeaCookie)).rows.map((row) => row.full_name)).toEqual(['Morgan Sample'])

    const names = (await db.select({ name: activity.name }).from(activity)).map((row) => row.name).sort()
    expect(names).toEqual([
      'contact.exported',
      'contact.exported',
      'contact.exported',
      'engagement.exported',
      'engagement.exported',
      'engagement.exported',
      'engagement.exported',
    ])
  })

  it('is for staff only', async () => {
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    for (const [loader, path] of [
      [agenciesCsv, '/agencies.csv'],
      [contactsCsv, '/contacts.csv'],
      [engagementsCsv, '/engagements.csv'],
    ] as const) {
      expect(statusOf(await call(loader, makeRequest(path, { cookie }))), path).toBe(403)
      expect(statusOf(await call(loader, makeRequest(path))), path).toBe(302)
    }
    expect(await db.select().from(activity)).toEqual([])
  })
})
