import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { goals } from '#db/schema'
import { buildCoverageWorld, COVERAGE_NOW } from '#test/factories/coverage'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import CountryPage, * as countryRoute from './coverage.$region.$country'
import RegionPage, * as regionRoute from './coverage.$region._index'
import CoveragePage, * as coverageRoute from './coverage._index'
import GoalPage, * as goalRoute from './goals.$goalId'
import GoalsPage, * as goalsRoute from './goals._index'

/** The page as the server renders it from its loader's data (no JavaScript needed to read it). */
async function render(loader: unknown, Component: () => React.ReactNode, path: string, cookie: string, params: Record<string, string> = {}) {
  const result = await call(loader as never, makeRequest(path, { cookie }), params)
  expect(statusOf(result)).toBe(200)
  const handler = createStaticHandler([{ id: 'page', path: '*', loader: () => dataOf(result) as object, Component }])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }))
}

describe('coverage pages render on the server', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(COVERAGE_NOW)
  })
  afterEach(() => vi.useRealTimers())

  it('shows the region table with its links and goals, the countries, the agencies and the goal pages', async () => {
    await buildCoverageWorld()
    const [goal] = await db.insert(goals).values({ regionCode: 'US', period: '2027-Q1', metric: 'priority1Stale', target: 0 }).returning()
    const { cookie } = await signInAs(await createUser({ role: 'global_head' }))

    const coverage = await render(coverageRoute.loader, CoveragePage, '/coverage', cookie)
    expect(coverage).toContain('<h2 id="regions-heading"')
    expect(coverage).toContain('href="/agencies?region=US&amp;priority=1&amp;stale=1"')
    expect(coverage).toContain('href="/coverage/US?period=2027-Q1"')
    expect(coverage).toContain('href="/coverage.csv?period=2027-Q1"')
    expect(coverage).toMatch(/Priority 1 agencies stale \(at most\).*Behind/)

    const region = await render(regionRoute.loader, RegionPage, '/coverage/US?sort=-agencies', cookie, { region: 'US' })
    expect(region).toContain('aria-sort="descending"')
    expect(region).toContain('href="/coverage/US/US?period=2027-Q1"')

    const country = await render(countryRoute.loader, CountryPage, '/coverage/US/US', cookie, { region: 'US', country: 'US' })
    expect(country).toContain('US Three')
    expect(country).toContain('stale')

    const list = await render(goalsRoute.loader, GoalsPage, '/goals', cookie)
    expect(list).toContain(`href="/goals/${goal.id}"`)
    expect(list).toContain('Set a goal')
    const edit = await render(goalRoute.loader, GoalPage, `/goals/${goal.id}`, cookie, { goalId: goal.id })
    expect(edit).toContain('Delete goal')
    expect(edit).toContain('name="version"')
  })
})
