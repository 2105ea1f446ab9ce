import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { activity, goals } from '#db/schema'
import { buildCoverageWorld, COVERAGE_NOW } from '#test/factories/coverage'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { action as goalAction, loader as goalLoader } from './goals.$goalId'
import { action, loader } from './goals._index'
import { loader as coverageLoader } from './coverage._index'
import { loader as homeLoader } from './home'

type GoalsPage = { canEdit: boolean; goals: { id: string; regionCode: string; metric: string; value: number; target: number; status: string }[] }

describe('/goals', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('lets the head set a goal whose progress comes from the data, shown on /coverage too', async () => {
    await buildCoverageWorld()
    const head = await createUser({ role: 'global_head' })
    const { cookie } = await signInAs(head)
    const created = await call(
      action,
      makeRequest('/goals', { cookie, form: { region: 'US', period: '2027-Q1', metric: 'priority1EngagedShare', target: '80' } }),
    )
    expect(statusOf(created)).toBe(302)
    const page = dataOf<GoalsPage>(await call(loader, makeRequest('/goals?period=2027-Q1', { cookie })))
    expect(page.canEdit).toBe(true)
    expect(page.goals).toEqual([expect.objectContaining({ regionCode: 'US', metric: 'priority1EngagedShare', value: 33, target: 80, status: 'behind' })])
    const coverage = dataOf<{ goals: { regionCode: string; status: string }[] }>(await call(coverageLoader, makeRequest('/coverage', { cookie })))
    expect(coverage.goals).toEqual([expect.objectContaining({ regionCode: 'US', status: 'behind' })])
  })

  it('answers a bad form with its errors (400), never a 500', async () => {
    const head = await createUser({ role: 'global_head' })
    const { cookie } = await signInAs(head)
    const refused = await call(
      action,
      makeRequest('/goals', { cookie, form: { region: 'US', period: '2027-Q9', metric: 'priority1EngagedShare', target: '180' } }),
    )
    expect(statusOf(refused)).toBe(400)
    const errors = dataOf<{ result: { error: Record<string, string[]> } }>(refused).result.error
    expect(errors.period).toEqual(['Choose a quarter such as 2027-Q1.'])
    expect(await db.select().from(goals)).toEqual([])
  })

  it('lets a lead read their regions’ goals but not set any', async () => {
    await db.insert(goals).values([
      { regionCode: 'US', period: '2027-Q1', metric: 'engagements', target: 5 },
      { regionCode: 'EMEA', period: '2027-Q1', metric: 'engagements', target: 5 },
    ])
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const page = dataOf<GoalsPage>(await call(loader, makeRequest('/goals', { cookie })))
    expect(page.canEdit).toBe(false)
    expect(page.goals.map((goal) => goal.regionCode)).toEqual(['US'])
    const refused = await call(action, makeRequest('/goals', { cookie, form: { region: 'US', period: '2027-Q1', metric: 'officersTrained', target: '3' } }))
    expect(statusOf(refused)).toBe(403)
  })

  it('edits a target (stale forms refused with 409) and deletes after confirming, all in the activity log', async () => {
    const [goal] = await db.insert(goals).values({ regionCode: 'APAC', period: '2027-Q1', metric: 'conferencesPresented', target: 3 }).returning()
    const head = await createUser({ role: 'global_head' })
    const { cookie } = await signInAs(head)
    const path = `/goals/${goal.id}`
    expect(dataOf<{ goal: { target: number } }>(await call(goalLoader, makeRequest(path, { cookie }), { goalId: goal.id })).goal.target).toBe(3)
    expect(statusOf(await call(goalAction, makeRequest(path, { cookie, form: { target: '4', version: '1' } }), { goalId: goal.id }))).toBe(302)
    expect(statusOf(await call(goalAction, makeRequest(path, { cookie, form: { target: '9', version: '1' } }), { goalId: goal.id }))).toBe(409)
    expect(statusOf(await call(goalAction, makeRequest(path, { cookie, form: { target: 'many', version: '2' } }), { goalId: goal.id }))).toBe(400)
    expect(statusOf(await call(goalAction, makeRequest(path, { cookie, form: { intent: 'delete' } }), { goalId: goal.id }))).toBe(302)
    expect(await db.select().from(goals)).toEqual([])
    expect(statusOf(await call(goalLoader, makeRequest(path, { cookie }), { goalId: goal.id }))).toBe(404)
    expect(statusOf(await call(goalLoader, makeRequest('/goals/nope', { cookie }), { goalId: 'nope' }))).toBe(404)
    expect((await db.select().from(activity)).map((row) => row.name).filter((name) => name.startsWith('goal.'))).toEqual(['goal.updated', 'goal.deleted'])
  })

  it("shows a lead their regions' goals of the quarter on /home, with progress", async () => {
    await buildCoverageWorld()
    await db.insert(goals).values([
      { regionCode: 'US', period: '2027-Q1', metric: 'priority1Stale', target: 0 },
      { regionCode: 'EMEA', period: '2027-Q1', metric: 'engagements', target: 5 },
      { regionCode: 'US', period: '2027-Q2', metric: 'engagements', target: 5 },
    ])
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const home = dataOf<{ period: string; goals: GoalsPage['goals'] }>(await call(homeLoader, makeRequest('/home', { cookie })))
    expect(home.period).toBe('2027-Q1')
    expect(home.goals).toEqual([expect.objectContaining({ regionCode: 'US', metric: 'priority1Stale', value: 2, target: 0, status: 'behind' })])
  })
})
