import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { agencies, trainingProgress } from '#db/schema'
import { buildCoverageWorld, COVERAGE_NOW } from '#test/factories/coverage'
import { createAgency } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { loader as countryLoader } from './coverage.$region.$country'
import { loader as regionLoader } from './coverage.$region._index'

type Countries = {
  rows: { code: string; name: string; metrics: Record<string, number>; links: Record<string, string> }[]
  sort: { key: string; descending: boolean }
}
type Agencies = {
  agencies: {
    rows: { name: string; priority: number; ownerName: string | null; lastEngagedAt: string | null; stale: boolean; officersTrained: number }[]
    total: number
    page: number
    pageCount: number
  }
}

async function as(role: 'global_head' | 'outreach_lead' | 'officer', regions?: ('US' | 'EMEA' | 'CA')[]) {
  return (await signInAs(await createUser({ role, regions }))).cookie
}

describe('coverage drill-down', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('lists every country of the region with its figures, those never reached included, sortable by any column', async () => {
    await buildCoverageWorld()
    await createAgency({ name: 'Toronto Police', countryCode: 'CA' })
    const cookie = await as('global_head')
    const byName = dataOf<Countries>(await call(regionLoader, makeRequest('/coverage/US?period=2027-Q1', { cookie }), { region: 'US' }))
    expect(byName.rows.map((row) => row.code)).toContain('PR')
    const us = byName.rows.find((row) => row.code === 'US')
    expect(us?.metrics).toMatchObject({
      agencies: 4,
      priority1: 3,
      priority1Stale: 2,
      engagements: 3,
      presentations: 3,
      officersTrained: 1,
      validCertificates: 1,
    })
    expect(us?.links.priority1Stale).toBe('/agencies?region=US&priority=1&stale=1&country=US')
    expect(byName.rows.find((row) => row.code === 'PR')?.metrics.agencies).toBe(0)
    const byAgencies = dataOf<Countries>(await call(regionLoader, makeRequest('/coverage/US?sort=-agencies', { cookie }), { region: 'US' }))
    expect(byAgencies.sort).toEqual({ key: 'agencies', descending: true })
    expect(byAgencies.rows[0].code).toBe('US')
    const ascending = dataOf<Countries>(await call(regionLoader, makeRequest('/coverage/US?sort=agencies', { cookie }), { region: 'US' }))
    expect(ascending.rows.at(-1)?.code).toBe('US')
    // A made-up column sorts by name, never a 500.
    const odd = await call(regionLoader, makeRequest('/coverage/US?sort=drop', { cookie }), { region: 'US' })
    expect(dataOf<Countries>(odd).sort).toEqual({ key: 'name', descending: false })
  })

  it("lists a country's agencies with owner, priority, last engaged and officers trained", async () => {
    const world = await buildCoverageWorld()
    const owner = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Owen Owner' })
    await db.update(agencies).set({ ownerId: owner.id }).where(eq(agencies.id, world.agencies.us1))
    await db
      .update(trainingProgress)
      .set({ completedAt: new Date('2027-01-02T00:00:00Z') })
      .where(eq(trainingProgress.userId, world.officers.o3))
    const cookie = await as('global_head')
    const page = dataOf<Agencies>(await call(countryLoader, makeRequest('/coverage/US/US', { cookie }), { region: 'US', country: 'US' }))
    expect(page.agencies.rows.map(({ name, priority, ownerName, stale, officersTrained }) => ({ name, priority, ownerName, stale, officersTrained }))).toEqual([
      { name: 'US One', priority: 1, ownerName: 'Owen Owner', stale: false, officersTrained: 2 },
      { name: 'US Three', priority: 1, ownerName: null, stale: true, officersTrained: 0 },
      { name: 'US Two', priority: 1, ownerName: null, stale: true, officersTrained: 0 },
      { name: 'US Four', priority: 2, ownerName: null, stale: false, officersTrained: 1 },
    ])
    expect(new Date(page.agencies.rows[0].lastEngagedAt!).toISOString()).toBe('2027-02-01T10:00:00.000Z')
    expect(page.agencies).toMatchObject({ total: 4, page: 1, pageCount: 1 })
  })

  it("pages a country's agencies fifty at a time, in the same order", async () => {
    for (let index = 1; index <= 51; index += 1) await createAgency({ name: `Canadian agency ${String(index).padStart(2, '0')}`, countryCode: 'CA' })
    const cookie = await as('global_head')
    const load = async (search: string) =>
      dataOf<Agencies>(await call(countryLoader, makeRequest(`/coverage/CA/CA${search}`, { cookie }), { region: 'CA', country: 'CA' })).agencies
    const first = await load('')
    expect(first).toMatchObject({ total: 51, page: 1, pageCount: 2 })
    expect(first.rows).toHaveLength(50)
    const second = await load('?page=2')
    expect(second.rows.map((row) => row.name)).toEqual(['Canadian agency 51'])
    // A page past the end is empty, and nonsense is the first page.
    expect((await load('?page=9')).rows).toEqual([])
    expect((await load('?page=abc')).page).toBe(1)
  })

  it('answers 404 for a region out of the lead’s scope, an unknown region, or a country of another region', async () => {
    await buildCoverageWorld()
    const lead = await as('outreach_lead', ['US'])
    expect(statusOf(await call(regionLoader, makeRequest('/coverage/EMEA', { cookie: lead }), { region: 'EMEA' }))).toBe(404)
    expect(statusOf(await call(countryLoader, makeRequest('/coverage/EMEA/NL', { cookie: lead }), { region: 'EMEA', country: 'NL' }))).toBe(404)
    const head = await as('global_head')
    expect(statusOf(await call(regionLoader, makeRequest('/coverage/MARS', { cookie: head }), { region: 'MARS' }))).toBe(404)
    expect(statusOf(await call(countryLoader, makeRequest('/coverage/US/NL', { cookie: head }), { region: 'US', country: 'NL' }))).toBe(404)
    expect(statusOf(await call(countryLoader, makeRequest('/coverage/US/zz', { cookie: head }), { region: 'US', country: 'zz' }))).toBe(404)
    const officer = await as('officer')
    expect(statusOf(await call(regionLoader, makeRequest('/coverage/US', { cookie: officer }), { region: 'US' }))).toBe(403)
  })
})
