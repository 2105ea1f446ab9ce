import { mkdtempSync, rmSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listening, type RunningServer, signIn, startServer, stopServer, until } from './server-harness'

/**
 * The embedded PGlite database in one folder: a second server on the folder refuses to start;
 * after the first is killed with SIGKILL the next start succeeds at once and finds every
 * acknowledged write; a server killed in the middle of a large CSV import leaves all of it or
 * none of it.
 */
const port = 3403
const secondPort = 3404
const importRows = 4_000
/** The file as the import form carries it between steps (packCsv in modules/imports, which this process must not load: it opens the database). */
const packCsv = (text: string) => gzipSync(Buffer.from(text, 'utf8')).toString('base64')

describe('one server per PGlite folder, and what survives SIGKILL', () => {
  let dataDir: string
  let pgliteDir: string
  const servers: RunningServer[] = []
  const start = (serverPort = port) => {
    const server = startServer(serverPort, { PGLITE_DIR: pgliteDir, DATABASE_URL: '', DEMO_SEED: 'true' })
    servers.push(server)
    return server
  }
  const killed = async (server: RunningServer) => {
    server.process.kill('SIGKILL')
    expect((await server.exited).signal).toBe('SIGKILL')
  }

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-pglite-'))
    pgliteDir = path.join(dataDir, 'pglite')
  })

  afterAll(async () => {
    for (const server of servers) await stopServer(server)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses a second server on the folder, restarts at once after SIGKILL, and keeps acknowledged writes', async () => {
    const first = start()
    await listening(first)
    // A session row, acknowledged by the cookie.
    const cookie = await signIn(first.origin, 'lead.us@liaison.example')

    const second = start(secondPort)
    const { code } = await second.exited
    expect(code).toBe(1)
    expect(second.output()).toContain(`is in use by process ${first.process.pid}`)
    expect(second.output()).not.toMatch(/^\s+at /m)
    // The first one is unharmed.
    expect((await fetch(`${first.origin}/home`, { headers: { Cookie: cookie }, redirect: 'manual' })).status).toBe(200)

    await killed(first)
    const startedAt = Date.now()
    const restarted = start()
    await listening(restarted)
    expect(restarted.output()).not.toContain('in use by')
    // Only the server's own start-up time: no wait for a stale lock.
    expect(Date.now() - startedAt).toBeLessThan(60_000)
    expect((await fetch(`${restarted.origin}/home`, { headers: { Cookie: cookie }, redirect: 'manual' })).status).toBe(200)
    await killed(restarted)
  })

  it('keeps all of a large import or none of it when the server is killed while it runs', async () => {
    const server = start()
    await listening(server)
    const cookie = await signIn(server.origin, 'lead.us@liaison.example')
    const sample = await (await fetch(`${server.origin}/import/sample/agencies`, { headers: { Cookie: cookie } })).text()
    const kind = sample.trim().split('\n')[1].split(',')[1]
    const importAgencies = (prefix: string) => {
      const rows = Array.from({ length: importRows }, (_, index) => `${prefix} ${index},${kind},US,Texas,Austin`)
      const csv = ['name,kind,country,subdivision,city', ...rows].join('\n')
      const form = new URLSearchParams({ intent: 'import-all', kind: 'agencies', fileName: 'crash.csv', packedCsv: packCsv(csv) })
      ;['name', 'kind', 'country', 'subdivision', 'city'].forEach((field, index) => form.set(`column-${index}`, field))
      return fetch(`${server.origin}/import`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form,
        redirect: 'manual',
      }).then(
        (response) => response.status,
        () => 'killed' as const,
      )
    }
    // A first import, to time it: the second one is killed halfway through.
    const timedFrom = Date.now()
    expect(await importAgencies('Warmup Agency')).toBe(200)
    const importMs = Date.now() - timedFrom
    const importing = importAgencies('Crashtest Agency')
    await new Promise((resolve) => setTimeout(resolve, importMs / 2))
    await killed(server)
    const answer = await importing
    console.info(`[embedded-database] an import of ${importRows} rows took ${importMs} ms; the second was killed after ${Math.round(importMs / 2)} ms`)

    const restarted = start()
    await listening(restarted)
    const lead = await signIn(restarted.origin, 'lead.us@liaison.example')
    const exported = await until('the agencies export', async () => {
      const response = await fetch(`${restarted.origin}/agencies.csv`, { headers: { Cookie: lead } })
      return response.ok ? response.text() : null
    })
    const lines = exported.split('\n')
    expect(lines.filter((line) => line.includes('Warmup Agency')).length).toBe(importRows)
    const imported = lines.filter((line) => line.includes('Crashtest Agency')).length
    // Killed mid-import: nothing; had it finished before the kill (answered 200): everything.
    expect(answer === 200 ? [importRows] : [0, importRows]).toContain(imported)
    expect(answer).toBe('killed')
  })
})
