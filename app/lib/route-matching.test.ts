import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router'
import { describe, expect, it } from 'vitest'

/**
 * `patches/@remix-run+router+*.patch` (applied by `npm install`, ADR 008) keeps the ranked route
 * list per routes array and each compiled path pattern, instead of rebuilding both on every
 * match (three times per page). Matching must answer exactly as before.
 */
const routes: AgnosticRouteObject[] = [
  {
    id: 'root',
    path: '',
    children: [
      { id: 'agencies', path: 'agencies', index: true },
      { id: 'agency', path: 'agencies/:agencyId' },
      { id: 'agency-new', path: 'agencies/new' },
      { id: 'agency-edit', path: 'agencies/:agencyId/edit' },
      { id: 'csv', path: 'agencies.csv' },
      { id: 'guideline', path: 'guidelines/:slug' },
      { id: 'splat', path: '*' },
    ],
  },
]
const leaf = (pathname: string) => matchRoutes(routes, pathname)?.at(-1)

describe('route matching (patched router)', () => {
  it('picks the most specific route, the same on every call with the same routes', () => {
    for (let round = 0; round < 3; round++) {
      expect(leaf('/agencies/new')?.route.id).toBe('agency-new')
      expect(leaf('/agencies/6f1c')).toMatchObject({ route: { id: 'agency' }, params: { agencyId: '6f1c' } })
      expect(leaf('/AGENCIES/6f1c/edit')?.route.id).toBe('agency-edit')
      expect(leaf('/agencies.csv')?.route.id).toBe('csv')
      expect(leaf('/guidelines/emergency-disclosure-requests')?.params.slug).toBe('emergency-disclosure-requests')
      expect(leaf('/no/such/page')).toMatchObject({ route: { id: 'splat' }, params: { '*': 'no/such/page' } })
    }
  })

  it('ranks a new routes array of its own', () => {
    const other: AgnosticRouteObject[] = [{ id: 'only', path: 'only/:id' }]
    expect(matchRoutes(other, '/only/1')?.[0].route.id).toBe('only')
    expect(matchRoutes(other, '/agencies/new')).toBeNull()
    expect(leaf('/agencies/new')?.route.id).toBe('agency-new')
  })

  it('is the patched router that npm install put in node_modules', () => {
    const source = readFileSync(createRequire(import.meta.url).resolve('@remix-run/router/dist/router.cjs.js'), 'utf8')
    expect(source).toContain('rankedBranches.get(routes)')
    expect(source).toContain('compiledPaths.get(key)')
  })
})
