import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { actorFor } from '#test/factories/crm'
import { buildCoverageWorld, COVERAGE_NOW, usFigures } from '#test/factories/coverage'
import { createUser } from '#test/factories/users'
import { emptyMetrics, regionMetrics, totalMetrics } from './metrics.server'
import { elapsedShare, percent, parseCoverageFilters, parseQuarter, quarterBounds } from './coverage-schema'

const q1 = { year: 2027, quarter: 1 } as const

describe('coverage metrics', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('computes every figure of a region as counted by hand', async () => {
    await buildCoverageWorld()
    const head = actorFor(await createUser({ role: 'global_head' }))
    const metrics = await regionMetrics({ actor: head, period: q1 })
    expect([...metrics.keys()]).toEqual(['US', 'CA', 'LATAM', 'EMEA', 'APAC'])
    expect(metrics.get('US')).toEqual(usFigures)
    expect(metrics.get('EMEA')).toEqual({
      ...emptyMetrics(),
      agencies: 1,
      priority1: 1,
      engaged90: 1,
      engaged365: 1,
      engagements: 1,
      priority1Engaged: 1,
      presentations: 1,
      conferencesPresented: 1,
      audienceReached: 7,
    })
    expect(metrics.get('CA')).toEqual(emptyMetrics())
  })

  it('counts a past quarter by its own dates, and snapshot figures as of today', async () => {
    await buildCoverageWorld()
    const head = actorFor(await createUser({ role: 'global_head' }))
    const us = (await regionMetrics({ actor: head, period: { year: 2026, quarter: 4 } })).get('US')
    expect(us).toMatchObject({
      engagements: 1,
      engagementsLastQuarter: 0,
      priority1Engaged: 0,
      presentations: 1,
      audienceReached: 100,
      officersRegistered: 1,
      officersVerified: 0,
      moduleCompletions: 1,
      quizAttempts: 1,
      quizPasses: 1,
      // Snapshots do not move with the quarter chosen.
      agencies: 4,
      priority1Stale: 2,
      validCertificates: 1,
    })
  })

  it('gives a lead only their regions, and the region filter narrows to one', async () => {
    await buildCoverageWorld()
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['US'] }), ['US'])
    const mine = await regionMetrics({ actor: lead, period: q1 })
    expect([...mine.keys()]).toEqual(['US'])
    expect(mine.get('US')).toEqual(usFigures)
    // A lead asking for another region gets nothing, not that region's figures.
    expect([...(await regionMetrics({ actor: lead, period: q1, region: 'EMEA' })).keys()]).toEqual([])
    const head = actorFor(await createUser({ role: 'global_head' }))
    const emea = await regionMetrics({ actor: head, period: q1, region: 'EMEA' })
    expect([...emea.keys()]).toEqual(['EMEA'])
    expect(emea.get('EMEA')?.agencies).toBe(1)
    const nobody = actorFor(await createUser({ role: 'outreach_lead', regions: [] }), [])
    expect((await regionMetrics({ actor: nobody, period: q1 })).size).toBe(0)
  })

  it('adds regions up and computes shares', () => {
    const total = totalMetrics([
      { ...emptyMetrics(), agencies: 3, engaged90: 1 },
      { ...emptyMetrics(), agencies: 1, engaged90: 1 },
    ])
    expect(total.agencies).toBe(4)
    expect(percent(total.engaged90, total.agencies)).toBe(50)
    expect(percent(1, 0)).toBeNull()
  })
})

describe('quarters', () => {
  it('parses the URL form and refuses anything else', () => {
    expect(parseQuarter('2027-Q1')).toEqual(q1)
    expect(parseQuarter('2027-Q5')).toBeNull()
    expect(parseQuarter('1999-Q1')).toBeNull()
    expect(quarterBounds({ year: 2026, quarter: 4 })).toEqual({ start: new Date('2026-10-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') })
    const at = new Date('2027-02-15T12:00:00Z')
    expect(parseCoverageFilters(new URLSearchParams('period=2026-Q3&region=EMEA&table=leads'), at)).toEqual({
      period: { year: 2026, quarter: 3 },
      region: 'EMEA',
      table: 'leads',
    })
    // Malformed filters fall back to the current quarter, all regions and the region table.
    expect(parseCoverageFilters(new URLSearchParams('period=2026-Q9&region=MARS&table=secrets'), at)).toEqual({
      period: q1,
      region: undefined,
      table: 'regions',
    })
  })

  it('measures how much of a quarter has gone by', () => {
    expect(elapsedShare(q1, new Date('2026-12-01T00:00:00Z'))).toBe(0)
    expect(elapsedShare(q1, new Date('2027-05-01T00:00:00Z'))).toBe(1)
    expect(elapsedShare(q1, new Date('2027-02-15T00:00:00Z'))).toBeCloseTo(45 / 90, 5)
  })
})
