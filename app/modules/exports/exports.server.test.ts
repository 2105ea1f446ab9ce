import { parse } from 'csv-parse/sync'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, agencies, contacts, engagementAgencies, engagements, engagementStaff } from '#db/schema'
import type { AgencyKind, RegionCode } from '#db/schema/vocabulary'
import { makeRequest } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { requireStaff } from '~/lib/auth/guards.server'
import { db } from '~/lib/db.server'
import { parseAgencyFilters } from '~/modules/agencies/agencies-schema'
import { contactListFilters } from '~/modules/contacts/contacts-schema'
import { engagementListFilters } from '~/modules/engagements/engagements-schema'
import { listEngagements } from '~/modules/engagements/engagements.server'
import { exportAgencies, exportContacts, exportEngagements, neutraliseFormula, toCsv } from './exports.server'

const meta = { ip: '203.0.113.10' }

async function actorWith(role: 'admin' | 'outreach_lead', regions: RegionCode[] = []) {
  const user = await createUser({ role, regions })
  return requireStaff(makeRequest('/agencies', { cookie: (await signInAs(user)).cookie }))
}

async function insertAgency(name: string, countryCode: string, regionCode: RegionCode, values: { kind?: AgencyKind; tags?: string[]; notes?: string } = {}) {
  const [agency] = await db
    .insert(agencies)
    .values({ name, countryCode, regionCode, kind: values.kind ?? 'national_police', tags: values.tags ?? [], notes: values.notes ?? null })
    .returning({ id: agencies.id, name: agencies.name })
  return agency
}

async function insertEngagement(title: string, agencyIds: string[], values: { kind?: 'meeting' | 'call'; startsAt?: Date; staffId?: string } = {}) {
  const [engagement] = await db
    .insert(engagements)
    .values({
      title,
      kind: values.kind ?? 'meeting',
      startsAt: values.startsAt ?? new Date('2025-03-04T15:00:00Z'),
      timeZone: 'America/New_York',
      topics: ['child_safety'],
    })
    .returning({ id: engagements.id })
  await db.insert(engagementAgencies).values(agencyIds.map((agencyId) => ({ engagementId: engagement.id, agencyId })))
  if (values.staffId) await db.insert(engagementStaff).values({ engagementId: engagement.id, userId: values.staffId })
  return engagement
}

const rowsOf = (body: string) => parse(body, { bom: true, columns: true }) as Record<string, string>[]
const filtersFrom = (query: string) => Object.fromEntries(new URLSearchParams(query))

describe('neutraliseFormula', () => {
  it('makes cells that a spreadsheet would run as formulas plain text', () => {
    expect(['=SUM(A1)', '+1 202 555 0100', '-2', '@cmd', '\tx', 'plain', '', "'already"].map(neutraliseFormula)).toEqual([
      "'=SUM(A1)",
      "'+1 202 555 0100",
      "'-2",
      "'@cmd",
      "'\tx",
      'plain',
      '',
      "'already",
    ])
    const body = toCsv(['name', 'tags', 'priority'], [['=cmd|"/c calc"!A1', ['@x', 'y'], 1]])
    expect(rowsOf(body)).toEqual([{ name: `'=cmd|"/c calc"!A1`, tags: "'@x;y", priority: '1' }])
  })
})

describe('exportAgencies', () => {
  it('exports every page that the filters select, only in the actor’s regions, and logs the export', async () => {
    for (let index = 0; index < 60; index += 1)
      await insertAgency(`US Agency ${String(index).padStart(2, '0')}`, 'US', 'US', { kind: index % 2 ? 'local' : 'state', tags: index < 5 ? ['ICAC'] : [] })
    await insertAgency('National Crime Agency (NCA)', 'GB', 'EMEA')
    const lead = await actorWith('outreach_lead', ['US'])

    const all = await exportAgencies({ actor: lead, filters: parseAgencyFilters(new URLSearchParams()), meta })
    expect(all.count).toBe(60)
    const rows = rowsOf(all.body)
    expect(rows).toHaveLength(60)
    expect(rows.some((row) => row.region === 'EMEA' || row.name.includes('NCA'))).toBe(false)
    expect(rows[0]).toMatchObject({ name: 'US Agency 00', kind: 'state', country: 'US', country_name: 'United States', region: 'US', priority: '2' })
    expect(all.filename).toMatch(/^liaison-agencies-\d{4}-\d{2}-\d{2}\.csv$/)

    const filtered = await exportAgencies({ actor: lead, filters: parseAgencyFilters(new URLSearchParams('kind=local&page=3')), meta })
    expect(filtered.count).toBe(30)
    expect(rowsOf(filtered.body).every((row) => row.kind === 'local')).toBe(true)
    const tagged = await exportAgencies({ actor: lead, filters: parseAgencyFilters(new URLSearchParams('tag=ICAC&sort=-name')), meta })
    expect(rowsOf(tagged.body).map((row) => row.name)).toEqual(['US Agency 04', 'US Agency 03', 'US Agency 02', 'US Agency 01', 'US Agency 00'])
    // Asking for another region's agencies by filter still gives none of them.
    expect((await exportAgencies({ actor: lead, filters: parseAgencyFilters(new URLSearchParams('region=EMEA')), meta })).count).toBe(0)

    const admin = await actorWith('admin')
    expect((await exportAgencies({ actor: admin, filters: parseAgencyFilters(new URLSearchParams()), meta })).count).toBe(61)

    const logged = await db.select().from(activity).where(eq(activity.name, 'agency.exported')).orderBy(activity.id)
    expect(logged).toHaveLength(5)
    expect(logged[0]).toMatchObject({ actorId: lead.id, ip: meta.ip, properties: { count: 60, filters: { sort: 'name' } } })
    expect(logged[1].properties).toEqual({ count: 30, filters: { kind: 'local', sort: 'name' } })
  })

  it('neutralises formulas in names and notes', async () => {
    await insertAgency('=HYPERLINK("http://evil.example","Click")', 'US', 'US', { notes: '@SUM(1+1)' })
    const admin = await actorWith('admin')
    const [row] = rowsOf((await exportAgencies({ actor: admin, filters: parseAgencyFilters(new URLSearchParams()), meta })).body)
    expect(row.name).toBe(`'=HYPERLINK("http://evil.example","Click")`)
    expect(row.notes).toBe("'@SUM(1+1)")
  })
})

describe('exportContacts', () => {
  it('exports the filtered contacts of the actor’s regions with their agency, and logs it', async () => {
    const fbi = await insertAgency('Federal Bureau of Investigation (FBI)', 'US', 'US')
    const nca = await insertAgency('National Crime Agency (NCA)', 'GB', 'EMEA')
    await db.insert(contacts).values([
      { agencyId: fbi.id, fullName: 'Jordan Example', email: 'jordan@fbi.example', isPrimary: true },
      { agencyId: fbi.id, fullName: 'Casey Placeholder', phone: '+1 555 0100' },
      { agencyId: nca.id, fullName: 'Morgan Sample' },
    ])
    const lead = await actorWith('outreach_lead', ['US'])
    const file = await exportContacts({ actor: lead, filters: contactListFilters.parse({}), meta })
    expect(rowsOf(file.body)).toEqual([
      expect.objectContaining({
        full_name: 'Casey Placeholder',
        phone: "'+1 555 0100",
        is_primary: 'no',
        agency: 'Federal Bureau of Investigation (FBI)',
        agency_country: 'US',
        agency_id: fbi.id,
      }),
      expect.objectContaining({ full_name: 'Jordan Example', email: 'jordan@fbi.example', is_primary: 'yes' }),
    ])
    const searched = await exportContacts({ actor: lead, filters: contactListFilters.parse(filtersFrom('q=jordan')), meta })
    expect(rowsOf(searched.body).map((row) => row.full_name)).toEqual(['Jordan Example'])
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'contact.exported')).orderBy(activity.id)
    expect(logged.properties).toEqual({ count: 2, filters: {} })
  })
})

describe('exportEngagements', () => {
  it('exports what the engagement list shows, for each filter, within the actor’s regions', async () => {
    const lead = await actorWith('outreach_lead', ['US'])
    const fbi = await insertAgency('Federal Bureau of Investigation (FBI)', 'US', 'US')
    const nca = await insertAgency('National Crime Agency (NCA)', 'GB', 'EMEA')
    await insertEngagement('FBI briefing', [fbi.id], { staffId: lead.id })
    await insertEngagement('Joint call', [fbi.id, nca.id], { kind: 'call', startsAt: new Date('2025-06-01T12:00:00Z') })
    await insertEngagement('NCA workshop', [nca.id], { startsAt: new Date('2025-07-01T12:00:00Z') })

    const file = await exportEngagements({ actor: lead, filters: engagementListFilters.parse({}), meta })
    const rows = rowsOf(file.body)
    expect(rows.map((row) => row.title)).toEqual(['Joint call', 'FBI briefing'])
    // Another region's agency is not named in a shared engagement.
    expect(rows[0].agencies).toBe('Federal Bureau of Investigation (FBI)')
    expect(rows[1]).toMatchObject({
      kind: 'meeting',
      starts_at: '2025-03-04T15:00:00.000Z',
      local_start: '2025-03-04 10:00',
      time_zone: 'America/New_York',
      topics: 'child_safety',
    })

    for (const query of ['', 'kind=call', 'q=briefing', 'mine=1', 'from=2025-05-01', 'to=2025-05-01', `agency=${nca.id}`, 'topic=preservation', 'page=2']) {
      const filters = engagementListFilters.parse(filtersFrom(query))
      const exported = await exportEngagements({ actor: lead, filters, meta })
      const listed = await listEngagements({ actor: lead, filters: { ...filters, page: 1 } })
      expect(exported.count, query).toBe(listed.total)
    }
    const admin = await actorWith('admin')
    expect((await exportEngagements({ actor: admin, filters: engagementListFilters.parse({}), meta })).count).toBe(3)
    const logged = await db.select().from(activity).where(eq(activity.name, 'engagement.exported')).orderBy(activity.id)
    expect(logged).toHaveLength(11)
    expect(logged[2].properties).toEqual({ count: 1, filters: { kind: 'call' } })
  })
})
