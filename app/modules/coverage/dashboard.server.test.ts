import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { engagementAgencies, engagements } from '#db/schema'
import { buildCoverageWorld, COVERAGE_NOW, usFigures } from '#test/factories/coverage'
import { actorFor, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { settleBackgroundWork } from '~/lib/background.server'
import { db } from '~/lib/db.server'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { logEngagement } from '~/modules/engagements/engagements.server'
import { coverageDashboard, DASHBOARD_MAX_AGE_MS, recentCoverageDashboard } from './dashboard.server'

const q1 = { year: 2027, quarter: 1 } as const
const later = (ms: number) => new Date(COVERAGE_NOW.getTime() + ms)

describe('the figures /coverage shows', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('are what the dashboard computes, and a change made through the app shows on the next look', async () => {
    const world = await buildCoverageWorld()
    const head = actorFor(await createUser({ role: 'global_head' }))
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['US'] }), ['US'])
    const usEngagements = async () =>
      (await recentCoverageDashboard({ actor: head, period: q1 })).table.rows.find((row) => row.code === 'US')!.metrics.engagements

    const { mapHtml, mappedCountries, ...first } = await recentCoverageDashboard({ actor: head, period: q1 })
    const { map, ...computed } = await coverageDashboard({ actor: head, period: q1 })
    expect(first).toEqual(computed)
    expect(mappedCountries).toBe(map.countries.length)
    expect(mapHtml).toContain('class="world-map-svg"')
    expect(await usEngagements()).toBe(usFigures.engagements)

    vi.setSystemTime(later(1000))
    const logged = await logEngagement({
      actor: lead,
      input: engagementFormSchema.parse({ kind: 'meeting', title: 'Check-in', startsAt: '2027-02-15T09:00', timeZone: 'UTC', agencyIds: [world.agencies.us2] }),
      meta: testMeta,
    })
    expect(logged.ok).toBe(true)
    expect(await usEngagements()).toBe(usFigures.engagements + 1)
  })

  it('keep a snapshot per scope for DASHBOARD_MAX_AGE_MS, then show a change the activity log did not see, saying as of when', async () => {
    const world = await buildCoverageWorld()
    const head = actorFor(await createUser({ role: 'global_head' }))
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['US'] }), ['US'])
    const figures = async (actor = head) => {
      const dashboard = await recentCoverageDashboard({ actor, period: q1 })
      return { engagements: dashboard.table.rows.find((row) => row.code === 'US')!.metrics.engagements, asOf: dashboard.table.asOf }
    }
    expect(await figures()).toEqual({ engagements: usFigures.engagements, asOf: COVERAGE_NOW })
    expect((await recentCoverageDashboard({ actor: lead, period: q1 })).table.rows.map((row) => row.code)).toEqual(['US'])

    // Written behind the app's back (no activity row), e.g. by a script.
    const [row] = await db
      .insert(engagements)
      .values({ kind: 'meeting', title: 'Unlogged', startsAt: new Date('2027-02-15T08:00:00Z') })
      .returning()
    await db.insert(engagementAgencies).values({ engagementId: row.id, agencyId: world.agencies.us2 })

    vi.setSystemTime(later(DASHBOARD_MAX_AGE_MS - 1))
    expect(await figures()).toEqual({ engagements: usFigures.engagements, asOf: COVERAGE_NOW })
    // Once the snapshot is too old, the reader still gets it at once while a new one is taken.
    vi.setSystemTime(later(DASHBOARD_MAX_AGE_MS))
    expect(await figures()).toEqual({ engagements: usFigures.engagements, asOf: COVERAGE_NOW })
    await settleBackgroundWork()
    expect(await figures()).toEqual({ engagements: usFigures.engagements + 1, asOf: later(DASHBOARD_MAX_AGE_MS) })
    // The lead's scope has its own snapshot, retaken the same way.
    expect((await figures(lead)).asOf).toEqual(COVERAGE_NOW)
  })

  it('do not hand a reader after a change the snapshot a retake started before it', async () => {
    const world = await buildCoverageWorld()
    const head = actorFor(await createUser({ role: 'global_head' }))
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['US'] }), ['US'])
    const usEngagements = async () =>
      (await recentCoverageDashboard({ actor: head, period: q1 })).table.rows.find((row) => row.code === 'US')!.metrics.engagements
    expect(await usEngagements()).toBe(usFigures.engagements)
    vi.setSystemTime(later(DASHBOARD_MAX_AGE_MS))
    // This reader starts a retake in the background and gets the old snapshot meanwhile.
    expect(await usEngagements()).toBe(usFigures.engagements)
    const logged = await logEngagement({
      actor: lead,
      input: engagementFormSchema.parse({ kind: 'meeting', title: 'Check-in', startsAt: '2027-02-15T09:00', timeZone: 'UTC', agencyIds: [world.agencies.us2] }),
      meta: testMeta,
    })
    expect(logged.ok).toBe(true)
    expect(await usEngagements()).toBe(usFigures.engagements + 1)
    await settleBackgroundWork()
    // The retake that began before the change does not replace the newer snapshot.
    expect(await usEngagements()).toBe(usFigures.engagements + 1)
  })
})
