import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router'
import { createStaticHandler, createStaticRouter } from 'react-router-dom/server.js'
import { describe, expect, it } from 'vitest'

/**
 * `patches/@remix-run+router+*.patch`, `patches/@remix-run+react+*.patch` and
 * `patches/react-router-dom+*.patch`  (applied by `npm install`, ADR 008) keeps the ranked route
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

  it('answers a pathname seen before from the branch it matched, with its own params', () => {
    expect(leaf('/agencies/a1')?.params).toEqual({ agencyId: 'a1' })
    expect(leaf('/agencies/b2')?.params).toEqual({ agencyId: 'b2' })
    const first = leaf('/agencies/a1')
    const again = leaf('/agencies/a1')
    expect(again).toEqual(first)
    expect(again).not.toBe(first)
    expect(matchRoutes([{ id: 'x', path: 'x' }], '/y')).toBeNull()
    expect(matchRoutes([{ id: 'x', path: 'x' }], '/y')).toBeNull()
    // Long paths are matched every time rather than remembered.
    const long = `/guidelines/${'a'.repeat(300)}`
    expect(leaf(long)?.params.slug).toHaveLength(300)
    expect(leaf(long)?.route.id).toBe('guideline')
  })

  it('ranks a new routes array of its own', () => {
    const other: AgnosticRouteObject[] = [{ id: 'only', path: 'only/:id' }]
    expect(matchRoutes(other, '/only/1')?.[0].route.id).toBe('only')
    expect(matchRoutes(other, '/agencies/new')).toBeNull()
    expect(leaf('/agencies/new')?.route.id).toBe('agency-new')
  })

  it('gives the server render the same data routes for the same routes, and the right matches', async () => {
    const handler = createStaticHandler(routes)
    const render = async (pathname: string) => {
      const context = await handler.query(new Request(`http://localhost${pathname}`))
      if (context instanceof Response) throw new Error('unexpected response')
      return createStaticRouter(routes, context)
    }
    const first = await render('/agencies/new')
    const second = await render('/guidelines/user-notice')
    expect(second.routes).toBe(first.routes)
    expect(first.state.matches.at(-1)?.route.id).toBe('agency-new')
    expect(second.state.matches.at(-1)).toMatchObject({ route: { id: 'guideline' }, params: { slug: 'user-notice' } })
  })

  it('is the patched code that npm install put in node_modules', () => {
    const read = (file: string) => readFileSync(createRequire(import.meta.url).resolve(file), 'utf8')
    const router = read('@remix-run/router/dist/router.cjs.js')
    expect(router).toContain('rankedBranches.get(routes)')
    expect(router).toContain('compiledPaths.get(key)')
    expect(router).toContain('branchOf.get(key)')
    expect(read('@remix-run/react/dist/server.js')).toContain('serverRoutesByManifest.get(manifest.routes)')
    expect(read('react-router-dom/server.js')).toContain('dataRoutesByRoutes.get(routes)')
  })
})
