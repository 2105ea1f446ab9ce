import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import UsersPage from './admin.users._index'

const person = (name: string, role: string, regions: string[]) => ({
  id: name,
  name,
  email: `${name.toLowerCase()}@example.org`,
  role,
  status: 'active',
  regions,
  lastLoginAt: null,
})

/** The admin's user list for these rows, rendered as the server does. */
async function renderList(rows: ReturnType<typeof person>[]) {
  const handler = createStaticHandler([
    { id: 'page', path: '/admin/users', loader: () => ({ rows, total: rows.length, page: 1, pageCount: 1 }), Component: UsersPage },
  ])
  const context = await handler.query(new Request('http://localhost:3000/admin/users'))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }))
}

describe('the admin user list', () => {
  it('shows the regions a person works in: all for admins and the head, a lead’s own, none for an officer', async () => {
    const html = await renderList([person('Ada', 'admin', []), person('Lee', 'outreach_lead', ['US', 'CA']), person('Olu', 'officer', [])])
    const cells = [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)]
      .slice(1)
      .map((row) => [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1].replace(/<[^>]+>/g, '')))
    expect(cells.map((row) => row[3])).toEqual(['All', 'US, CA', '—'])
  })
})
