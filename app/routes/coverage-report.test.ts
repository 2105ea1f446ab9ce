import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { activity, goals } from '#db/schema'
import { buildCoverageWorld, COVERAGE_NOW, usFigures } from '#test/factories/coverage'
import { pdfPageTexts, pdfPathCounts } from '#test/pdf-text'
import { call, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { describeActivity } from '~/modules/activity/describe-activity'
import { worldGeometry } from '~/modules/coverage/world-map.server'
import { loader as reportPdf } from './coverage[.]pdf'

async function pdf(result: unknown) {
  expect(result).toBeInstanceOf(Response)
  const response = result as Response
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('application/pdf')
  expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="liaison-quarterly-report-2027-Q1(-[A-Z]+)?-2027-02-15\.pdf"$/)
  const bytes = new Uint8Array(await response.arrayBuffer())
  expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-')
  return bytes
}

describe('the quarterly report (PDF)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('shows the goals on its first page, then the regions, trends, map and funnels, and is logged', async () => {
    await buildCoverageWorld()
    await db.insert(goals).values([
      { regionCode: 'US', period: '2027-Q1', metric: 'engagements', target: 30 },
      { regionCode: 'EMEA', period: '2027-Q1', metric: 'priority1EngagedShare', target: 80 },
    ])
    const { cookie } = await signInAs(await createUser({ role: 'global_head', name: 'Gloria Head' }))
    const bytes = await pdf(await call(reportPdf, makeRequest('/coverage.pdf?period=2027-Q1', { cookie })))
    const pages = await pdfPageTexts(bytes)

    const first = pages[0]
    expect(first).toContain('Quarterly outreach report, 2027-Q1')
    expect(first).toContain('All regions (US, CA, LATAM, EMEA, APAC)')
    expect(first).toContain('prepared for Gloria Head')
    // The goals with their computed progress and mark: 3 engagements of 30 half-way through is behind.
    expect(first).toMatch(/Goals[\s\S]*US\nEngagements logged\n3 of 30\nBehind/)
    expect(first).toMatch(/EMEA\nShare of priority 1 agencies engaged this quarter \(%\)\n100 % of 80 %\nMet/)
    // The region table follows, with the page's figures.
    expect(first).toMatch(new RegExp(`United States[^\\n]*\\n${usFigures.agencies} \\(3/1/0\\)`))

    const all = pages.join('\n')
    for (const heading of ['Regions', 'Trends: the last 13 months', 'Coverage by country', 'Outreach funnel, 2027-Q1', 'Leads this quarter'])
      expect(all).toContain(heading)
    expect(all).toContain('Netherlands')
    expect(pages.at(-1)).toContain(`page ${pages.length} of ${pages.length}`)

    // The map page draws every 110m country's path, as the page does.
    const paths = await pdfPathCounts(bytes)
    const mapPage = pages.findIndex((text) => text.includes('Coverage by country'))
    expect(paths[mapPage]).toBeGreaterThanOrEqual(worldGeometry().shapes.length)

    const [entry] = await db.select().from(activity)
    expect(entry).toMatchObject({ name: 'coverage.report_downloaded', properties: { period: '2027-Q1' } })
    expect(describeActivity(entry)).toBe('Gloria Head downloaded the quarterly report of 2027-Q1 as PDF')
  })

  it("holds a lead's regions only, says when no goal is set, and refuses officers", async () => {
    await buildCoverageWorld()
    await db.insert(goals).values({ regionCode: 'EMEA', period: '2027-Q1', metric: 'engagements', target: 5 })
    const { cookie } = await signInAs(await createUser({ role: 'outreach_lead', regions: ['US'] }))
    const pages = await pdfPageTexts(await pdf(await call(reportPdf, makeRequest('/coverage.pdf?period=2027-Q1', { cookie }))))
    const all = pages.join('\n')
    expect(pages[0]).toContain('No goal is set for this quarter.')
    expect(all).toContain('United States')
    expect(all).not.toContain('EMEA')
    expect(all).not.toContain('Netherlands')

    const officer = await signInAs(await createUser({ role: 'officer' }))
    expect(statusOf(await call(reportPdf, makeRequest('/coverage.pdf', { cookie: officer.cookie })))).toBe(403)
  })
})
