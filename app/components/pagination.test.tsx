import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import { Pagination, pageWindow } from './pagination'

async function render(page: number, pageCount: number, search = '?status=engaged') {
  const handler = createStaticHandler([
    { id: 'page', path: '/agencies', Component: () => createElement(Pagination, { page, pageCount, total: pageCount * 50, noun: 'agencies' }) },
  ])
  const context = await handler.query(new Request(`http://localhost:3000/agencies${search}&page=${page}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  const html = renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }))
  return html.replaceAll('<!-- -->', '')
}

describe('pagination', () => {
  it('offers the first and last pages and two on either side of the current one, with gaps', () => {
    expect(pageWindow(1, 1)).toEqual([1])
    expect(pageWindow(1, 4)).toEqual([1, 2, 3, 4])
    expect(pageWindow(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20])
    expect(pageWindow(20, 20)).toEqual([1, null, 18, 19, 20])
    expect(pageWindow(4, 20)).toEqual([1, 2, 3, 4, 5, 6, null, 20])
  })

  it('links every page with the list’s filters kept, and marks the current one', async () => {
    const html = await render(6, 20)
    expect(html).toContain('1,000 agencies · page 6 of 20')
    expect(html).toMatch(/aria-label="First page" href="\/agencies\?status=engaged&amp;page=1"/)
    expect(html).toMatch(/aria-label="Last page" href="\/agencies\?status=engaged&amp;page=20"/)
    expect(html).toContain('aria-label="Page 8"')
    expect(html).toMatch(/aria-current="page"[^>]*><span class="sr-only">Page <\/span>6</)
    expect(html).toContain('rel="prev"')
    expect(html).toContain('rel="next"')
    // A single page needs no links.
    expect(await render(1, 1)).not.toContain('<a ')
  })
})
