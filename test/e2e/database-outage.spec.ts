import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listening, postgresBinaries, type RunningServer, signIn, startServer, stopServer, throwawayCluster, until } from './server-harness'

/**
 * PostgreSQL stops for a while under the production server's two processes: every page answers
 * 503 quickly, with Retry-After and the "temporarily unavailable" page, and /healthz says 503;
 * once the database is back, everything answers 200 within seconds and stays so, and the writes
 * acknowledged before the outage are there. The test runs its own PostgreSQL cluster, which it
 * stops and starts (port 5499).
 */
const bin = postgresBinaries()
const port = 3401
const pagePaths = ['/home', '/agencies', '/contacts', '/tasks']

if (!bin) console.warn('[database-outage] skipped: the PostgreSQL server programs (initdb, pg_ctl) are not installed')

describe.skipIf(!bin)('the database goes away and comes back', () => {
  let cluster: ReturnType<typeof throwawayCluster>
  let server: RunningServer
  let cookies: string[] = []

  const get = async (path: string, cookie?: string) => {
    const started = Date.now()
    const response = await fetch(`${server.origin}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' })
    return { path, status: response.status, retryAfter: response.headers.get('Retry-After'), body: await response.text(), ms: Date.now() - started }
  }
  /** Every page for every session, and /healthz a few times (the two processes take turns). */
  const sweep = () => Promise.all([...cookies.flatMap((cookie) => pagePaths.map((path) => get(path, cookie))), ...[1, 2, 3, 4].map(() => get('/healthz'))])

  beforeAll(async () => {
    cluster = throwawayCluster(bin!, 5499)
    cluster.start()
    server = startServer(port, { DATABASE_URL: cluster.url, WEB_CONCURRENCY: '2', DEMO_SEED: 'true', DATABASE_CONNECT_TIMEOUT: '2' })
    await listening(server, 2)
    // Each sign-in writes a session: acknowledged writes that must outlive the outage.
    cookies = []
    for (const email of ['lead.us@liaison.example', 'lead.us@liaison.example', 'admin@liaison.example', 'lead.us@liaison.example', 'admin@liaison.example']) {
      cookies.push(await signIn(server.origin, email))
    }
  })

  afterAll(async () => {
    await stopServer(server)
    cluster?.remove()
  })

  it('answers 503 quickly while it is away, and 200 steadily soon after it is back', async () => {
    const before = await sweep()
    expect(before.filter((answer) => answer.status !== 200)).toEqual([])

    cluster.stop()
    const stoppedAt = Date.now()
    // Three rounds of twenty-odd requests over the first seconds of the outage.
    for (let round = 0; round < 3; round++) {
      const answers = await sweep()
      console.info(
        `[database-outage] round ${round} at ${Date.now() - stoppedAt} ms: ${answers.map((answer) => `${answer.path} ${answer.status} ${answer.ms}ms`).join(', ')}`,
      )
      for (const answer of answers) {
        expect(answer.status, answer.path).toBe(503)
        expect(Number(answer.retryAfter), answer.path).toBeGreaterThan(0)
        expect(answer.ms, answer.path).toBeLessThan(3_000)
        if (answer.path !== '/healthz') expect(answer.body).toContain('temporarily unavailable')
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    // A write asked for during the outage is refused as a whole, with the same 503.
    const refused = await fetch(`${server.origin}/login`, {
      method: 'POST',
      headers: { Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'admin@liaison.example', password: 'liaison-demo-2026' }),
      redirect: 'manual',
    })
    expect(refused.status).toBe(503)
    expect(Date.now() - stoppedAt).toBeLessThan(20_000)

    cluster.start()
    const startedAt = Date.now()
    await until('every page answering 200 again', async () => (await sweep()).every((answer) => answer.status === 200), 15)
    const recoveredIn = Date.now() - startedAt
    expect(recoveredIn).toBeLessThan(8_000)

    // And it stays so: no flapping back to 503 in the following seconds.
    const failures: string[] = []
    const steadyUntil = Date.now() + 5_000
    while (Date.now() < steadyUntil) {
      for (const answer of await sweep()) if (answer.status !== 200) failures.push(`${answer.path} ${answer.status}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(failures).toEqual([])

    // Every session written before the outage still signs its holder in.
    for (const cookie of cookies) {
      const home = await get('/home', cookie)
      expect(home.status).toBe(200)
    }
    // Both processes lived through it: none died and was replaced.
    expect(server.process.exitCode).toBeNull()
    expect(server.output()).not.toMatch(/process \d+ exited/)
  })
})
