import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { activity, agencies, goals } from '#db/schema'
import { buildCoverageWorld, COVERAGE_NOW } from '#test/factories/coverage'
import { actorFor, createAgency, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { describeActivity } from '~/modules/activity/describe-activity'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { logEngagement } from '~/modules/engagements/engagements.server'
import { goalFormSchema, goalStatus } from './coverage-schema'
import { createGoal, deleteGoal, goalsWithProgress, updateGoal } from './goals.server'

const q1 = { year: 2027, quarter: 1 } as const

describe('goal status', () => {
  // COVERAGE_NOW is 45.5 days into a 90-day quarter: just over half of it has gone by.
  it('is on track when the figure has reached the target times the share of the quarter gone by', () => {
    expect(goalStatus('engagements', 10, 6, q1, COVERAGE_NOW)).toBe('on_track')
    expect(goalStatus('engagements', 10, 5, q1, COVERAGE_NOW)).toBe('behind')
    expect(goalStatus('engagements', 10, 10, q1, COVERAGE_NOW)).toBe('met')
    expect(goalStatus('engagements', 10, 0, { year: 2027, quarter: 2 }, COVERAGE_NOW)).toBe('on_track')
    expect(goalStatus('engagements', 10, 9, { year: 2026, quarter: 4 }, COVERAGE_NOW)).toBe('missed')
  })

  it('holds a ceiling goal (no priority-1 agency stale) while the count is at most the target', () => {
    expect(goalStatus('priority1Stale', 0, 0, q1, COVERAGE_NOW)).toBe('on_track')
    expect(goalStatus('priority1Stale', 0, 2, q1, COVERAGE_NOW)).toBe('behind')
    expect(goalStatus('priority1Stale', 0, 0, { year: 2026, quarter: 4 }, COVERAGE_NOW)).toBe('met')
    expect(goalStatus('priority1Stale', 1, 2, { year: 2026, quarter: 4 }, COVERAGE_NOW)).toBe('missed')
  })

  it('refuses a share above 100 %, a negative target and a made-up quarter or metric', () => {
    const parse = (values: Record<string, string>) =>
      goalFormSchema.safeParse({ region: 'US', period: '2027-Q1', metric: 'engagements', target: '5', ...values })
    expect(parse({}).success).toBe(true)
    expect(parse({ metric: 'priority1EngagedShare', target: '101' }).success).toBe(false)
    expect(parse({ metric: 'priority1EngagedShare', target: '80' }).success).toBe(true)
    expect(parse({ target: '-1' }).success).toBe(false)
    expect(parse({ period: '2027-Q5' }).success).toBe(false)
    expect(parse({ metric: 'happiness' }).success).toBe(false)
    expect(parse({ region: 'MARS' }).success).toBe(false)
  })
})

describe('goals', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('computes progress from the data, and a lead reads only their regions', async () => {
    await buildCoverageWorld()
    const head = actorFor(await createUser({ role: 'global_head', name: 'Gloria Head' }))
    const set = async (region: 'US' | 'EMEA', metric: Parameters<typeof createGoal>[0]['input']['metric'], target: number) => {
      const outcome = await createGoal({ actor: head, input: { region, period: '2027-Q1', metric, target }, meta: testMeta })
      expect(outcome.ok).toBe(true)
    }
    await set('US', 'priority1EngagedShare', 80) // 1 of 3 priority-1 agencies: 33 %
    await set('US', 'engagements', 5) // 3 engagements; half the quarter gone, 2.5 expected: on track
    await set('US', 'priority1Stale', 0) // 2 stale
    await set('US', 'conferencesPresented', 2) // 2: met
    await set('EMEA', 'engagements', 1)
    const figures = (await goalsWithProgress({ actor: head, period: q1 })).map(({ regionCode, metric, value, status }) => ({
      regionCode,
      metric,
      value,
      status,
    }))
    expect(figures).toEqual([
      { regionCode: 'US', metric: 'conferencesPresented', value: 2, status: 'met' },
      { regionCode: 'US', metric: 'engagements', value: 3, status: 'on_track' },
      { regionCode: 'US', metric: 'priority1EngagedShare', value: 33, status: 'behind' },
      { regionCode: 'US', metric: 'priority1Stale', value: 2, status: 'behind' },
      { regionCode: 'EMEA', metric: 'engagements', value: 1, status: 'met' },
    ])
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['EMEA'] }), ['EMEA'])
    expect((await goalsWithProgress({ actor: lead, period: q1 })).map((goal) => goal.regionCode)).toEqual(['EMEA'])
    expect(await goalsWithProgress({ actor: head, period: { year: 2027, quarter: 2 } })).toEqual([])
  })

  it('keeps one goal per region, quarter and metric; edits check the version; every change is logged', async () => {
    const head = actorFor(await createUser({ role: 'global_head', name: 'Gloria Head' }))
    const input = { region: 'LATAM' as const, period: '2027-Q1', metric: 'officersTrained' as const, target: 400 }
    const created = await createGoal({ actor: head, input, meta: testMeta })
    if (!created.ok) throw new Error('not created')
    const twice = await createGoal({ actor: head, input: { ...input, target: 5 }, meta: testMeta })
    expect(twice).toMatchObject({ ok: false, fieldErrors: { metric: [expect.stringContaining('already has a goal')] } })

    expect(await updateGoal({ actor: head, goalId: created.goal.id, input: { target: 450, version: 1 }, meta: testMeta })).toEqual({ ok: true })
    expect(await updateGoal({ actor: head, goalId: created.goal.id, input: { target: 500, version: 1 }, meta: testMeta })).toMatchObject({
      ok: false,
      reason: 'conflict',
      current: { target: 450, version: 2 },
    })
    expect(await deleteGoal({ actor: head, goalId: created.goal.id, meta: testMeta })).toEqual({ ok: true })
    expect(await db.select().from(goals).where(eq(goals.id, created.goal.id))).toEqual([])

    const logged = await db.select().from(activity).orderBy(activity.id)
    expect(logged.map((row) => row.name)).toEqual(['goal.created', 'goal.updated', 'goal.deleted'])
    expect(logged.map((row) => describeActivity(row))).toEqual([
      'Gloria Head created goal LATAM 2027-Q1: Officers trained (completed a module) ≥ 400',
      'Gloria Head changed target from 400 to 450 on LATAM 2027-Q1: Officers trained (completed a module) ≥ 450',
      'Gloria Head deleted goal LATAM 2027-Q1: Officers trained (completed a module) ≥ 450',
    ])
  })

  it('moves as soon as a lead logs engagements: behind, then met', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['US'] }), ['US'])
    const ids: string[] = []
    for (const name of ['Alpha PD', 'Bravo PD', 'Charlie PD']) {
      const agency = await createAgency({ name, countryCode: 'US' })
      await db.update(agencies).set({ priority: 1 }).where(eq(agencies.id, agency.id))
      ids.push(agency.id)
    }
    await createGoal({ actor: head, input: { region: 'US', period: '2027-Q1', metric: 'priority1EngagedShare', target: 80 }, meta: testMeta })
    const progress = async () => (await goalsWithProgress({ actor: head, period: q1 })).map(({ value, status }) => ({ value, status }))
    expect(await progress()).toEqual([{ value: 0, status: 'behind' }])
    const logged = await logEngagement({
      actor: lead,
      input: engagementFormSchema.parse({ kind: 'meeting', title: 'Priority briefing', startsAt: '2027-02-14T10:00', timeZone: 'UTC', agencyIds: ids }),
      meta: testMeta,
    })
    expect(logged.ok).toBe(true)
    expect(await progress()).toEqual([{ value: 100, status: 'met' }])
  })
})
