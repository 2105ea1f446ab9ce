import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { engagementAgencies, engagements, trainingProgress, users } from '#db/schema'
import { actorFor, createAgency } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { completionTrend, engagementTrend, forgetTrendSnapshot, getTrends, recentTrends, TRENDS_MAX_AGE_MS, trendWindow } from './trends.server'

/** "Now" for every test: the evening of 7 December 2026, UTC. */
const at = new Date('2026-12-07T21:00:00Z')

const months = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']

async function logEngagement(startsAt: string, agencyIds: string[]) {
  const [engagement] = await db
    .insert(engagements)
    .values({ kind: 'meeting', title: `Meeting ${startsAt}`, startsAt: new Date(startsAt) })
    .returning()
  await db.insert(engagementAgencies).values(agencyIds.map((agencyId) => ({ engagementId: engagement.id, agencyId })))
  return engagement
}

async function officerOf(agencyId: string | null) {
  const officer = await createUser({ role: 'officer' })
  await db.update(users).set({ agencyId }).where(eq(users.id, officer.id))
  return officer
}

async function progress(userId: string, moduleSlug: string, completedAt: string | null) {
  const started = new Date('2025-01-01T00:00:00Z')
  await db.insert(trainingProgress).values({
    userId,
    moduleSlug,
    moduleVersion: 1,
    startedAt: started,
    completedAt: completedAt ? new Date(completedAt) : null,
    updatedAt: completedAt ? new Date(completedAt) : started,
  })
}

/**
 * The hand-made world. Engagements, counted by hand per region and month:
 *   US:   2025-12 ×1 (first instant of the window), 2026-03 ×1 (shared with EMEA), 2026-04 ×1
 *         (first instant of April), 2026-06 ×1 (two US agencies, one engagement), 2026-12 ×1
 *   EMEA: 2026-03 ×1 (the shared one), 2026-06 ×2
 * and three that do not count: one second before the window, one later this month (planned),
 * one in APAC before the window.
 * Completions: US 2026-02 ×1 (last second of February), 2026-03 ×1 (first of March); EMEA
 * 2026-12 ×1; not counted: a module in progress, one before the window, one by an officer
 * without an agency.
 */
async function world() {
  const washington = await createAgency({ name: 'Metropolitan Police Department', countryCode: 'US' })
  const texas = await createAgency({ name: 'Texas Department of Public Safety', countryCode: 'US' })
  const germany = await createAgency({ name: 'Bundeskriminalamt', countryCode: 'DE' })
  const singapore = await createAgency({ name: 'Singapore Police Force', countryCode: 'SG' })

  await logEngagement('2025-11-30T23:59:59Z', [washington.id])
  await logEngagement('2025-12-01T00:00:00Z', [washington.id])
  await logEngagement('2026-03-31T23:30:00Z', [washington.id, germany.id])
  await logEngagement('2026-04-01T00:00:00Z', [washington.id])
  await logEngagement('2026-06-10T09:00:00Z', [washington.id, texas.id])
  await logEngagement('2026-06-11T09:00:00Z', [germany.id])
  await logEngagement('2026-06-30T23:59:59Z', [germany.id])
  await logEngagement('2026-12-07T20:00:00Z', [texas.id])
  await logEngagement('2026-12-20T10:00:00Z', [washington.id])
  await logEngagement('2025-06-01T10:00:00Z', [singapore.id])

  const usOfficer = await officerOf(washington.id)
  const germanOfficer = await officerOf(germany.id)
  const loneOfficer = await officerOf(null)
  await progress(usOfficer.id, 'emergency-requests', '2026-02-28T23:59:59Z')
  await progress(usOfficer.id, 'preservation', '2026-03-01T00:00:00Z')
  await progress(usOfficer.id, 'data-disclosure', null)
  await progress(germanOfficer.id, 'emergency-requests', '2025-10-15T12:00:00Z')
  await progress(germanOfficer.id, 'preservation', '2026-12-01T00:00:00Z')
  await progress(loneOfficer.id, 'emergency-requests', '2026-05-05T12:00:00Z')
}

const zeros = Array<number>(13).fill(0)
const usEngagements = [1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1]
const emeaEngagements = [0, 0, 0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0]
const usCompletions = [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
const emeaCompletions = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]

const head = async () => actorFor(await createUser({ role: 'global_head' }))

afterEach(() => {
  vi.useRealTimers()
})

describe('trendWindow', () => {
  it('is the 12 full months before the current one and the current month, in UTC', () => {
    const window = trendWindow(at)
    expect(window.months).toEqual(months)
    expect(window.from.toISOString()).toBe('2025-12-01T00:00:00.000Z')
    expect(window.to).toBe(at)
  })

  it('takes the month of the instant in UTC, across a year end and on the first instant of a month', () => {
    expect(trendWindow(new Date('2027-01-01T00:00:00Z')).months).toEqual([...months.slice(1), '2027-01'])
    // 23:30 UTC on 31 January is already February in Europe, still January here.
    const january = trendWindow(new Date('2027-01-31T23:30:00Z'))
    expect(january.months.at(-1)).toBe('2027-01')
    expect(january.from.toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })
})

describe('engagementTrend', () => {
  it('counts engagements per region and month, with every empty month as 0', async () => {
    await world()
    const trend = await engagementTrend(await head(), { at })
    expect(trend.months).toEqual(months)
    expect(trend.series.map((series) => series.regionCode)).toEqual(['US', 'CA', 'LATAM', 'EMEA', 'APAC'])
    const byRegion = Object.fromEntries(trend.series.map((series) => [series.regionCode, series.values]))
    expect(byRegion).toEqual({ US: usEngagements, CA: zeros, LATAM: zeros, EMEA: emeaEngagements, APAC: zeros })
    expect(trend.series[0].label).toBe('United States')
  })

  it('shows a lead only their regions, and the filter narrows within them', async () => {
    await world()
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['EMEA', 'APAC'] }), ['EMEA', 'APAC'])
    const own = await engagementTrend(lead, { at })
    expect(own.series.map((series) => [series.regionCode, series.values])).toEqual([
      ['EMEA', emeaEngagements],
      ['APAC', zeros],
    ])

    const filtered = await engagementTrend(lead, { at, regions: ['EMEA', 'US'] })
    expect(filtered.series.map((series) => [series.regionCode, series.values])).toEqual([['EMEA', emeaEngagements]])

    const outside = await engagementTrend(lead, { at, regions: ['US'] })
    expect(outside.series).toEqual([])
    expect(outside.months).toEqual(months)

    const noRegions = actorFor(await createUser({ role: 'outreach_lead', regions: [] }), [])
    expect((await engagementTrend(noRegions, { at })).series).toEqual([])
  })

  it('uses the clock when no instant is given', async () => {
    await world()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-04-01T00:00:00Z'))
    const trend = await engagementTrend(await head(), { regions: ['US'] })
    expect(trend.months.at(-1)).toBe('2026-04')
    // 2025-04 … 2026-04: the November and December meetings, the shared March one and the April one at "now" exactly.
    expect(trend.series[0].values).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1])
  })
})

describe('completionTrend', () => {
  it('counts module completions per region of the officer agency and month', async () => {
    await world()
    const trend = await completionTrend(await head(), { at })
    const byRegion = Object.fromEntries(trend.series.map((series) => [series.regionCode, series.values]))
    expect(byRegion).toEqual({ US: usCompletions, CA: zeros, LATAM: zeros, EMEA: emeaCompletions, APAC: zeros })
  })

  it('is region-scoped for a lead', async () => {
    await world()
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['US'] }), ['US'])
    const trend = await completionTrend(lead, { at })
    expect(trend.series.map((series) => [series.regionCode, series.values])).toEqual([['US', usCompletions]])
  })
})

describe('getTrends', () => {
  it('returns both series for the same window', async () => {
    await world()
    const trends = await getTrends(await head(), { at, regions: ['EMEA'] })
    expect(trends.engagements.series).toEqual([{ regionCode: 'EMEA', label: 'Europe, Middle East and Africa', values: emeaEngagements }])
    expect(trends.completions.series).toEqual([{ regionCode: 'EMEA', label: 'Europe, Middle East and Africa', values: emeaCompletions }])
    expect(trends.engagements.from).toEqual(trends.completions.from)
  })
})

describe('recentTrends', () => {
  const clockAt = (instant: Date | string) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(instant))
  }
  const later = (ms: number) => new Date(at.getTime() + ms)

  it('shows a new engagement once the snapshot is older than TRENDS_MAX_AGE_MS, and says as of when', async () => {
    await world()
    const viewer = await head()
    const washington = await createAgency({ countryCode: 'US' })
    clockAt(at)
    const first = await recentTrends(viewer)
    expect(first.asOf).toEqual(at)
    expect(first.engagements.series[0].values).toEqual(usEngagements)

    await logEngagement('2026-12-07T21:00:10Z', [washington.id])
    clockAt(later(TRENDS_MAX_AGE_MS - 1000))
    const cached = await recentTrends(viewer)
    expect(cached.asOf).toEqual(at)
    expect(cached.engagements.series[0].values.at(-1)).toBe(1)

    // Past its age, the request that notices gets the previous snapshot while a new one is taken…
    clockAt(later(TRENDS_MAX_AGE_MS))
    const meanwhile = await recentTrends(viewer)
    expect(meanwhile.asOf).toEqual(at)
    // …and the figure moves as soon as it is taken.
    await vi.waitFor(async () => {
      const fresh = await recentTrends(viewer)
      expect(fresh.asOf).toEqual(later(TRENDS_MAX_AGE_MS))
      expect(fresh.engagements.series[0].values.at(-1)).toBe(2)
      expect(fresh.completions.series.map((series) => series.values)).toEqual([usCompletions, zeros, zeros, emeaCompletions, zeros])
    })
  })

  it('gives a lead only their regions from the same snapshot, narrowed by the filter', async () => {
    await world()
    clockAt(at)
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['EMEA'] }), ['EMEA'])
    const own = await recentTrends(lead)
    expect(own.engagements.series).toEqual([{ regionCode: 'EMEA', label: 'Europe, Middle East and Africa', values: emeaEngagements }])
    expect(own.completions.series.map((series) => series.regionCode)).toEqual(['EMEA'])
    expect((await recentTrends(lead, { regions: ['US'] })).engagements.series).toEqual([])
    const everything = await recentTrends(await head(), { regions: ['US', 'EMEA'] })
    expect(everything.engagements.series.map((series) => series.regionCode)).toEqual(['US', 'EMEA'])
  })

  it('takes one snapshot for concurrent requests, and a new one when a month begins', async () => {
    await world()
    const viewer = await head()
    const select = vi.spyOn(db, 'select')
    clockAt('2026-11-30T23:59:50Z')
    const [one, two] = await Promise.all([recentTrends(viewer), recentTrends(viewer)])
    expect(select).toHaveBeenCalledTimes(2) // one query per series, once
    expect(one.asOf).toEqual(two.asOf)
    expect(one.engagements.months.at(-1)).toBe('2026-11')

    // Still fresh: no query.
    clockAt('2026-11-30T23:59:55Z')
    expect((await recentTrends(viewer)).asOf).toEqual(one.asOf)
    expect(select).toHaveBeenCalledTimes(2)

    // A snapshot still being taken when they are dropped (the tables emptied) is not kept.
    clockAt('2026-11-30T23:59:59Z')
    forgetTrendSnapshot()
    const dropped = recentTrends(viewer)
    forgetTrendSnapshot()
    await dropped
    expect(select).toHaveBeenCalledTimes(4)
    await recentTrends(viewer)
    expect(select).toHaveBeenCalledTimes(6)

    // A new month: the request waits for the new window rather than showing the old one.
    clockAt('2026-12-01T00:00:05Z')
    const december = await recentTrends(viewer)
    expect(select).toHaveBeenCalledTimes(8)
    expect(december.engagements.months.at(-1)).toBe('2026-12')
    select.mockRestore()
  })
})
