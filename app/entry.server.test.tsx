import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createRequestHandler, Scripts, type ServerBuild, useLoaderData } from 'react-router'
import { describe, expect, it } from 'vitest'
import * as entry from './entry.server'
import { requestStore } from './lib/request-store.server'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

/** The loader data of every page rendered, watched without being kept. */
const renderedData: WeakRef<object>[] = []

function Page() {
  const { rows } = useLoaderData<{ rows: { id: number; name: string }[] }>()
  return (
    <html lang="en">
      <body>
        <ul>
          {rows.map((row) => (
            <li key={row.id}>{row.name}</li>
          ))}
        </ul>
        <Scripts />
      </body>
    </html>
  )
}

const build = {
  mode: 'production',
  future: {},
  ssr: true,
  prerender: [],
  routeDiscovery: { mode: 'initial', manifestPath: '/__manifest' },
  basename: '/',
  publicPath: '/',
  assetsBuildDirectory: 'build/client',
  entry: { module: entry },
  routes: {
    root: {
      id: 'root',
      path: '',
      module: {
        default: Page,
        loader: () => {
          const data = { rows: Array.from({ length: 50 }, (_, id) => ({ id, name: `Agency ${id}` })) }
          renderedData.push(new WeakRef(data))
          return data
        },
      },
    },
  },
  assets: {
    url: '/assets/manifest.js',
    version: 'test',
    entry: { module: '/assets/entry.client.js', imports: [] },
    routes: {
      root: {
        id: 'root',
        path: '',
        module: '/assets/root.js',
        imports: [],
        hasLoader: true,
        hasAction: false,
        hasClientLoader: false,
        hasClientAction: false,
        hasErrorBoundary: false,
      },
    },
  },
} as unknown as ServerBuild

/** One document request, as server.ts makes it, with the user it signed in kept in its store. */
async function renderPage() {
  const handler = createRequestHandler(build)
  const user = { id: 'u1', name: 'Maria Ortiz' }
  const storedUser = new WeakRef(user)
  const response = await requestStore.run(new Map([['user', user]]), () =>
    handler(new Request('http://localhost/'), { cspNonce: 'n', renderOnly: new Map() } as never),
  )
  return { status: response.status, html: await response.text(), storedUser }
}

describe('document render (entry.server)', () => {
  it('keeps nothing of a page alive once its response has been read', async () => {
    const pages = []
    for (let i = 0; i < 20; i++) pages.push(await renderPage())
    expect(pages.every((page) => page.status === 200 && page.html.includes('<li>Agency 49</li>'))).toBe(true)
    // The render's own abort deadline and the data-encoding timeout both wait seconds. Left
    // pending, the first would hold each render, loader data included, and the second each
    // request's store, through the async context it was set in (ADR 008).
    await new Promise((resolve) => setImmediate(resolve))
    collectGarbage()
    expect(renderedData).toHaveLength(20)
    // At most the latest page's data and store may still be referenced by a settled promise (seen
    // now and then under load); a pending timer would keep all twenty.
    expect(renderedData.filter((data) => data.deref()).length).toBeLessThanOrEqual(1)
    expect(pages.filter((page) => page.storedUser.deref()).length).toBeLessThanOrEqual(1)
  })
})
