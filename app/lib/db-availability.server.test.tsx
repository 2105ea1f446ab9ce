import { drizzle } from 'drizzle-orm/postgres-js'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { createRequestHandler, isRouteErrorResponse, Outlet, type ServerBuild, useRouteError } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import * as entry from '~/entry.server'
import { DatabaseAvailability, DatabaseUnavailableError, guardedClient, isConnectionError, RETRY_AFTER_SECONDS, surfaceOutages } from './db-availability.server'

const quiet = { error: () => {}, info: () => {} }
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5499'), { code: 'ECONNREFUSED' })
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const probeClient = postgres(serverUrl, { max: 1, connect_timeout: 2, onnotice: () => {} })
const serverAvailable = await probeClient`select 1`.then(
  () => true,
  () => false,
)
await probeClient.end({ timeout: 1 })

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('which errors mean the database is away', () => {
  it('counts refused and dropped connections, shutdowns and SQLSTATE class 08, not a wrong query', () => {
    for (const code of ['ECONNREFUSED', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'ENOENT', '57P01', '57P03', '08006', '08001']) {
      expect(isConnectionError({ code }), code).toBe(true)
    }
    for (const code of ['23505', '42P01', '57014', undefined]) expect(isConnectionError({ code }), String(code)).toBe(false)
    expect(isConnectionError(null)).toBe(false)
  })
})

describe('DatabaseAvailability', () => {
  it('passes results and ordinary query errors through, and stays up', async () => {
    const availability = new DatabaseAvailability(async () => {}, { retryMs: 10, log: quiet })
    expect(await availability.guard(async () => 42)).toBe(42)
    const duplicate = Object.assign(new Error('duplicate key'), { code: '23505' })
    await expect(availability.guard(() => Promise.reject(duplicate))).rejects.toBe(duplicate)
    expect(availability.isDown).toBe(false)
  })

  it('turns a failed connection into a 503, fails fast while down, and comes back once the probe answers', async () => {
    let databaseUp = false
    const probe = vi.fn(async () => {
      if (!databaseUp) throw refused()
    })
    const availability = new DatabaseAvailability(probe, { retryMs: 20, log: quiet })

    const error = await availability.guard(() => Promise.reject(refused())).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(DatabaseUnavailableError)
    expect(isRouteErrorResponse(error)).toBe(true)
    expect((error as DatabaseUnavailableError).status).toBe(503)
    expect(availability.isDown).toBe(true)

    // While down, a query is not even tried.
    const query = vi.fn(async () => 1)
    await expect(availability.guard(query)).rejects.toBeInstanceOf(DatabaseUnavailableError)
    expect(query).not.toHaveBeenCalled()

    // The probe keeps trying every retryMs (waited for, not timed: a busy machine may be slow).
    await vi.waitFor(() => expect(probe.mock.calls.length).toBeGreaterThanOrEqual(2), { timeout: 5000, interval: 10 })
    expect(availability.isDown).toBe(true)
    databaseUp = true
    await vi.waitFor(() => expect(availability.isDown).toBe(false), { timeout: 5000, interval: 10 })
    expect(await availability.guard(query)).toBe(1)
    await availability.stop()
  })

  it('lets waiting queries go with a 503 as soon as one finds the database down', async () => {
    const availability = new DatabaseAvailability(() => Promise.reject(refused()), { retryMs: 1000, log: quiet })
    const never = new Promise<never>(() => {})
    const waiting = availability.guard(() => never, { leaveOnOutage: true })
    // A transaction is left to end by itself.
    let transactionSettled = false
    const transaction = availability.guard(() => never).finally(() => (transactionSettled = true))
    await expect(availability.guard(() => Promise.reject(refused()))).rejects.toBeInstanceOf(DatabaseUnavailableError)
    await expect(waiting).rejects.toBeInstanceOf(DatabaseUnavailableError)
    await wait(10)
    expect(transactionSettled).toBe(false)
    void transaction
    await availability.stop()
  })

  it('gives up on a query with no answer, cancels it and answers 503', async () => {
    const availability = new DatabaseAvailability(async () => {}, { retryMs: 10, log: quiet })
    const cancel = vi.fn()
    const started = Date.now()
    const never = new Promise<never>(() => {})
    await expect(availability.guard(() => never, { timeoutMs: 50, onTimeout: cancel })).rejects.toBeInstanceOf(DatabaseUnavailableError)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(cancel).toHaveBeenCalledOnce()
    await availability.stop()
  })

  it('answers 503 for a statement the server cancelled, without calling the database down', async () => {
    const availability = new DatabaseAvailability(async () => {}, { retryMs: 10, log: quiet })
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })
    await expect(availability.guard(() => Promise.reject(cancelled))).rejects.toBeInstanceOf(DatabaseUnavailableError)
    expect(availability.isDown).toBe(false)
  })
})

describe('the guarded postgres.js client', () => {
  it('answers 503 at once for a server that is not there, queries and transactions alike', async () => {
    // Nothing listens on port 1 of the loopback address.
    const client = postgres('postgres://postgres@127.0.0.1:1/none', { max: 2, connect_timeout: 1, onnotice: () => {} })
    const availability = new DatabaseAvailability(() => client`select 1`, { retryMs: 50, log: quiet })
    const db = surfaceOutages(drizzle(guardedClient(client, availability, { queryTimeoutMs: 2000 })))
    try {
      const started = Date.now()
      await expect(db.execute(sql`select 1`)).rejects.toBeInstanceOf(DatabaseUnavailableError)
      expect(availability.isDown).toBe(true)
      await expect(db.transaction(async (tx) => tx.execute(sql`select 1`))).rejects.toBeInstanceOf(DatabaseUnavailableError)
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      await availability.stop()
      await client.end({ timeout: 1 })
    }
  })

  it.skipIf(!serverAvailable)('runs queries and values as drizzle asks, and cancels a statement past the timeout with a 503', async () => {
    const client = postgres(serverUrl, { max: 2, connect_timeout: 2, onnotice: () => {}, connection: { statement_timeout: 200 } })
    const availability = new DatabaseAvailability(() => client`select 1`, { retryMs: 50, log: quiet })
    const db = surfaceOutages(drizzle(guardedClient(client, availability, { queryTimeoutMs: 5000 })))
    try {
      expect(await db.execute(sql`select 1 + 1 as two`)).toEqual([{ two: 2 }])
      expect(await db.transaction(async (tx) => tx.execute(sql`select 3 as three`))).toEqual([{ three: 3 }])
      await expect(db.execute(sql`select pg_sleep(2)`)).rejects.toBeInstanceOf(DatabaseUnavailableError)
      expect(availability.isDown).toBe(false)
      await expect(db.execute(sql`select * from no_such_table`)).rejects.toMatchObject({ cause: { code: '42P01' } })
    } finally {
      await availability.stop()
      await client.end({ timeout: 1 })
    }
  })
})

describe('a page whose loader meets the outage (production build)', () => {
  function Boundary() {
    const error = useRouteError()
    return <p>{isRouteErrorResponse(error) ? `status ${error.status}` : 'generic error'}</p>
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
          default: () => <Outlet />,
          ErrorBoundary: Boundary,
          loader: () => {
            throw new DatabaseUnavailableError(refused())
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
          hasErrorBoundary: true,
        },
      },
    },
  } as unknown as ServerBuild

  it('answers 503 with Retry-After and the error boundary sees the 503, for a document and for its data', async () => {
    const handler = createRequestHandler(build)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const page = await handler(new Request('http://localhost/'), { cspNonce: 'n', renderOnly: new Map() } as never)
      expect(page.status).toBe(503)
      expect(page.headers.get('Retry-After')).toBe(String(RETRY_AFTER_SECONDS))
      expect(await page.text()).toContain('status 503')

      const data = await handler(new Request('http://localhost/_root.data'), { cspNonce: 'n' } as never)
      expect(data.status).toBe(503)
      expect(data.headers.get('Retry-After')).toBe(String(RETRY_AFTER_SECONDS))
      // An outage is logged when it starts and ends, not once per request.
      expect(logged).not.toHaveBeenCalled()
    } finally {
      logged.mockRestore()
    }
  })
})
