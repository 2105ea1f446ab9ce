import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { activity } from '#db/schema'
import { buildCoverageWorld, COVERAGE_NOW, usFigures } from '#test/factories/coverage'
import { call, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { describeActivity } from '~/modules/activity/describe-activity'
import { loader as agenciesCsv } from './coverage.$region.$country_.agencies[.]csv'
import { loader as countriesCsv } from './coverage.$region.countries[.]csv'
import { loader as regionsCsv } from './coverage[.]csv'

async function csv(result: unknown) {
  expect(result).toBeInstanceOf(Response)
  const response = result as Response
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
  return parse(await response.text(), { bom: true, columns: true }) as Record<string, string>[]
}

describe('coverage CSV exports', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('exports the region table with the page’s figures, and logs it', async () => {
    await buildCoverageWorld()
    const { cookie } = await signInAs(await createUser({ role: 'global_head', name: 'Gloria Head' }))
    const rows = await csv(await call(regionsCsv, makeRequest('/coverage.csv?period=2027-Q1', { cookie })))
    expect(rows.map((row) => row.region)).toEqual(['US', 'CA', 'LATAM', 'EMEA', 'APAC'])
    expect(rows[0]).toMatchObject({ period: '2027-Q1', priority1: String(usFigures.priority1), priority1_stale: '2', engaged90: '2', officers_trained: '1' })
    const [entry] = await db.select().from(activity)
    expect(entry).toMatchObject({ name: 'coverage.exported', properties: { table: 'regions', period: '2027-Q1', count: 5, filters: { period: '2027-Q1' } } })
    expect(describeActivity(entry)).toBe('Gloria Head exported the coverage table of regions (5 rows) to CSV')
  })

  it("holds a lead's regions only", async () => {
    await buildCoverageWorld()
    const { cookie } = await signInAs(await createUser({ role: 'outreach_lead', regions: ['US'] }))
    expect((await csv(await call(regionsCsv, makeRequest('/coverage.csv', { cookie })))).map((row) => row.region)).toEqual(['US'])
    expect(await csv(await call(regionsCsv, makeRequest('/coverage.csv?region=EMEA', { cookie })))).toEqual([])
    expect(statusOf(await call(countriesCsv, makeRequest('/coverage/EMEA/countries.csv', { cookie }), { region: 'EMEA' }))).toBe(404)
    expect(statusOf(await call(agenciesCsv, makeRequest('/coverage/EMEA/NL/agencies.csv', { cookie }), { region: 'EMEA', country: 'NL' }))).toBe(404)
    const officer = await signInAs(await createUser({ role: 'officer' }))
    expect(statusOf(await call(regionsCsv, makeRequest('/coverage.csv', { cookie: officer.cookie })))).toBe(403)
  })

  it("exports a region's countries in the page's order and a country's agencies, each logged", async () => {
    await buildCoverageWorld()
    const { cookie } = await signInAs(await createUser({ role: 'global_head' }))
    const countries = await csv(await call(countriesCsv, makeRequest('/coverage/US/countries.csv?sort=-agencies', { cookie }), { region: 'US' }))
    expect(countries[0]).toMatchObject({ region: 'US', country: 'US', agencies: '4', priority1_never: '1' })
    expect(countries.length).toBeGreaterThan(1)
    const agencies = await csv(await call(agenciesCsv, makeRequest('/coverage/US/US/agencies.csv', { cookie }), { region: 'US', country: 'US' }))
    expect(agencies.map((row) => [row.name, row.priority, row.stale, row.officers_trained])).toEqual([
      ['US One', '1', 'no', '1'],
      ['US Three', '1', 'yes', '0'],
      ['US Two', '1', 'yes', '0'],
      ['US Four', '2', 'no', '1'],
    ])
    const logged = (await db.select().from(activity).orderBy(activity.id)).map((row) => row.properties)
    expect(logged).toEqual([
      expect.objectContaining({ table: 'countries', filters: { period: '2027-Q1', region: 'US' } }),
      expect.objectContaining({ table: 'agencies', count: 4, filters: { region: 'US', country: 'US' } }),
    ])
  })
})

describe("the CSV of each of the dashboard's other tables", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('exports the leads, funnels, conference funnels, trends and countries with the page’s figures, each logged', async () => {
    await buildCoverageWorld()
    await createUser({ role: 'outreach_lead', name: 'Ulla Lead', regions: ['US'] })
    const { cookie } = await signInAs(await createUser({ role: 'global_head' }))
    const table = async (name: string, filters = 'period=2027-Q1') =>
      csv(await call(regionsCsv, makeRequest(`/coverage.csv?${filters}&table=${name}`, { cookie })))

    expect(await table('leads')).toEqual([
      { period: '2027-Q1', lead: 'Ulla Lead', regions: 'US', engagements_logged: '0', agencies_touched: '0', tasks_overdue: '0' },
    ])
    const funnels = await table('funnels')
    expect(funnels.map((row) => row.region)).toEqual(['US', 'CA', 'LATAM', 'EMEA', 'APAC'])
    expect(funnels[0]).toMatchObject({ presentations: '3' })
    const conferences = await table('conferences')
    // By start day, then name (the three begin on the same day); the US Summit counts its December talk too, as its page does.
    expect(conferences.map((row) => [row.conference, row.region, row.presentations])).toEqual([
      ['EMEA Summit', 'EMEA', '1'],
      ['US Forum', 'US', '1'],
      ['US Summit', 'US', '3'],
    ])
    const trends = await table('trends')
    expect(trends).toContainEqual({ series: 'engagements', month: '2027-01', region: 'US', count: '2' })
    expect(trends).toContainEqual({ series: 'completions', month: '2027-02', region: 'US', count: '2' })
    expect(await table('countries', 'period=2027-Q1&region=EMEA')).toEqual([{ period: '2027-Q1', country: 'NL', agencies: '1', engaged365: '1' }])

    const logged = (await db.select().from(activity).orderBy(activity.id)).map((row) => row.properties as { table: string })
    expect(logged.map((row) => row.table)).toEqual(['leads', 'funnels', 'conferences', 'trends', 'countries'])
  })
})
