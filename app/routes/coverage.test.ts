import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { engagementAgencies, engagements, tasks } from '#db/schema'
import { buildCoverageWorld, COVERAGE_NOW, usFigures } from '#test/factories/coverage'
import { call, dataOf, makeRequest, statusOf, testContext } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { actorFor } from '#test/factories/crm'
import { parseAgencyFilters } from '~/modules/agencies/agencies-schema'
import { listAgencies } from '~/modules/agencies/agencies.server'
import { engagementListFilters } from '~/modules/engagements/engagements-schema'
import { listEngagements } from '~/modules/engagements/engagements.server'
import { listOfficers } from '~/modules/officers/officers.server'
import { parseOfficerFilters } from '~/modules/officers/officers-schema'
import { loader } from './coverage._index'

type Dashboard = {
  period: string
  region: string
  regions: string[]
  table: {
    rows: { code: string; metrics: Record<string, number>; links: Record<string, string> }[]
    total: { metrics: Record<string, number> } | null
  }
  leads: { name: string; regions: string[]; engagementsLogged: number; agenciesTouched: number; tasksOverdue: number }[]
  mapHtml: string | null
  mappedCountries: number
  trends: { charts: { engagements: { series: { label: string }[] }; completions: { series: { label: string }[] } }; asOf: Date }
  funnels: { regionCode: string; counts: Record<string, number> }[]
}

async function open(user: { id: string; role: 'outreach_lead' | 'global_head' | 'admin' | 'officer' }, query = '') {
  const { cookie } = await signInAs(user)
  return call(loader, makeRequest(`/coverage${query}`, { cookie }))
}

describe('/coverage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('shows the head one row per region, the current quarter by default, and the total', async () => {
    await buildCoverageWorld()
    const head = await createUser({ role: 'global_head' })
    const page = dataOf<Dashboard>(await open(head))
    expect(page.period).toBe('2027-Q1')
    expect(page.table.rows.map((row) => row.code)).toEqual(['US', 'CA', 'LATAM', 'EMEA', 'APAC'])
    expect(page.table.rows[0].metrics).toEqual(usFigures)
    expect(page.table.total?.metrics.agencies).toBe(5)
    expect(page.table.total?.metrics.audienceReached).toBe(57)
  })

  it('links each agency, engagement and officer figure to its list with the same filters', async () => {
    await buildCoverageWorld()
    const head = await createUser({ role: 'global_head' })
    const us = dataOf<Dashboard>(await open(head)).table.rows[0]
    expect(us.links.priority1Stale).toBe('/agencies?region=US&priority=1&stale=1')
    expect(us.links.priority1Never).toBe('/agencies?region=US&priority=1&never=1')
    expect(us.links.engaged90).toBe('/agencies?region=US&engagedAfter=2026-11-17')
    expect(us.links.priority1Engaged).toBe('/agencies?region=US&priority=1&engagedAfter=2027-01-01')
    expect(us.links.engagements).toBe('/engagements?region=US&from=2027-01-01&to=2027-02-15')
    expect(us.links.engagementsLastQuarter).toBe('/engagements?region=US&from=2026-10-01&to=2026-12-31')
    expect(us.links.officersRegistered).toBe('/officers?tab=all&region=US&registeredFrom=2027-01-01&registeredTo=2027-02-15')
    expect(us.links.officersVerified).toBe('/officers?tab=all&region=US&state=verified&verifiedFrom=2027-01-01&verifiedTo=2027-02-15')
    // Each list the figures link to holds exactly as many records as the figure says.
    const actor = actorFor(head)
    const listed = async (href: string) => {
      const url = new URL(href, 'http://localhost')
      if (url.pathname === '/engagements')
        return (await listEngagements({ actor, filters: engagementListFilters.parse(Object.fromEntries(url.searchParams)) })).total
      if (url.pathname === '/officers') return (await listOfficers({ actor, filters: parseOfficerFilters(url.searchParams) })).total
      return (await listAgencies({ actor, filters: parseAgencyFilters(url.searchParams) })).total
    }
    expect(Object.keys(us.links)).toEqual(expect.arrayContaining(['officersRegistered', 'officersVerified']))
    for (const [key, href] of Object.entries(us.links)) expect(await listed(href), key).toBe(us.metrics[key])
    // A past quarter: the list cannot show who was engaged within it, so no link.
    const past = dataOf<Dashboard>(await open(head, '?period=2026-Q4')).table.rows[0]
    expect(past.links.priority1Engaged).toBeUndefined()
    expect(past.metrics.engagements).toBe(1)
  })

  it('filters by period and region from the URL; malformed filters fall back', async () => {
    await buildCoverageWorld()
    const head = await createUser({ role: 'global_head' })
    const emea = dataOf<Dashboard>(await open(head, '?period=2027-Q1&region=EMEA'))
    expect(emea.table.rows.map((row) => row.code)).toEqual(['EMEA'])
    expect(emea.table.total).toBeNull()
    const odd = await open(head, '?period=2027-Q7&region=%00')
    expect(statusOf(odd)).toBe(200)
    expect(dataOf<Dashboard>(odd)).toMatchObject({ period: '2027-Q1', region: '' })
  })

  it('shows a lead only their regions, even when asking for another', async () => {
    await buildCoverageWorld()
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const page = dataOf<Dashboard>(await open(lead))
    expect(page.regions).toEqual(['US'])
    expect(page.table.rows.map((row) => row.code)).toEqual(['US'])
    expect(page.table.rows[0].metrics).toEqual(usFigures)
    expect(dataOf<Dashboard>(await open(lead, '?region=EMEA')).table.rows).toEqual([])
  })

  it('draws the map, the trends and the funnels from the same figures, in the viewer’s regions only', async () => {
    await buildCoverageWorld()
    const head = dataOf<Dashboard>(await open(await createUser({ role: 'global_head' })))
    // The map comes drawn: each country with agencies a link to its drill-down, its figures in its title and in the table.
    const share = Math.round((usFigures.engaged365 / usFigures.agencies) * 100)
    expect(head.mapHtml).toContain(
      `<title>United States: ${usFigures.agencies} agencies, ${usFigures.engaged365} engaged in the last 365 days (${share} %)</title>`,
    )
    expect(head.mapHtml).toContain('href="/coverage/US?country=US"')
    expect(head.mapHtml).toContain('href="/coverage/EMEA?country=NL"')
    expect(head.mappedCountries).toBe(2)
    expect(head.funnels.map((funnel) => funnel.regionCode)).toEqual(expect.arrayContaining(['US', 'EMEA']))
    expect(head.trends.charts.engagements.series.length).toBe(head.regions.length)

    const lead = dataOf<Dashboard>(await open(await createUser({ role: 'outreach_lead', regions: ['US'] })))
    expect(lead.mappedCountries).toBe(1)
    // On a document request the map goes to the render only, not into the hydration data.
    const renderOnly = new Map<string, string>()
    const { cookie } = await signInAs(await createUser({ role: 'global_head' }))
    const documentData = dataOf<Dashboard>(await call(loader, makeRequest('/coverage', { cookie }), {}, { ...testContext, renderOnly }))
    expect(documentData.mapHtml).toBeNull()
    expect([...renderOnly.values()]).toEqual([head.mapHtml])
    expect(lead.mapHtml).not.toContain('country=NL')
    expect(lead.funnels.map((funnel) => funnel.regionCode)).toEqual(['US'])
    expect(lead.trends.charts.engagements.series.length).toBe(1)
  })

  it('refuses officers', async () => {
    const officer = await createUser({ role: 'officer' })
    expect(statusOf(await open(officer))).toBe(403)
  })

  it("lists each lead's activity this quarter: engagements logged, agencies touched, tasks overdue", async () => {
    const world = await buildCoverageWorld()
    const lena = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Lena Lead' })
    await createUser({ role: 'outreach_lead', regions: ['EMEA'], name: 'Emil Lead' })
    const log = async (createdAt: string, agencyIds: string[]) => {
      const [row] = await db
        .insert(engagements)
        .values({ kind: 'call', title: 'Call', startsAt: new Date(createdAt), createdAt: new Date(createdAt), createdById: lena.id })
        .returning({ id: engagements.id })
      await db.insert(engagementAgencies).values(agencyIds.map((agencyId) => ({ engagementId: row.id, agencyId })))
    }
    await log('2027-01-15T10:00:00Z', [world.agencies.us1, world.agencies.us2])
    await log('2027-02-10T10:00:00Z', [world.agencies.us2])
    await log('2026-12-20T10:00:00Z', [world.agencies.us3]) // the quarter before
    await db.insert(tasks).values([
      { title: 'Overdue', assigneeId: lena.id, dueOn: '2027-02-01' },
      { title: 'Due later', assigneeId: lena.id, dueOn: '2027-03-01' },
      { title: 'Done', assigneeId: lena.id, dueOn: '2027-01-01', status: 'done' },
    ])
    const head = await createUser({ role: 'global_head' })
    const leads = dataOf<Dashboard>(await open(head)).leads
    expect(leads).toEqual([
      expect.objectContaining({ name: 'Emil Lead', regions: ['EMEA'], engagementsLogged: 0, agenciesTouched: 0, tasksOverdue: 0 }),
      expect.objectContaining({ name: 'Lena Lead', regions: ['US'], engagementsLogged: 2, agenciesTouched: 2, tasksOverdue: 1 }),
    ])
    // A lead sees the leads of their own regions only.
    expect(dataOf<Dashboard>(await open(lena)).leads.map((lead) => lead.name)).toEqual(['Lena Lead'])
    expect(dataOf<Dashboard>(await open(head, '?region=EMEA')).leads.map((lead) => lead.name)).toEqual(['Emil Lead'])
  })
})
