import { Agent, request } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listening, type RunningServer, signIn, startServer, stopServer } from './server-harness'

/**
 * SIGTERM while twenty kept-alive connections keep asking for pages: the server stops taking
 * new requests at once, answers those under way (with `Connection: close`), closes the idle
 * connections and exits 0, well within 10 seconds.
 */
const port = 3402
const connections = 20

type Answer = { status: number; connection: string | undefined; sentAt: number; doneAt: number } | { error: string; sentAt: number; doneAt: number }

function get(agent: Agent, url: string, cookie: string): Promise<Answer> {
  const sentAt = Date.now()
  return new Promise((resolve) => {
    const outgoing = request(url, { agent, headers: { Cookie: cookie } }, (response) => {
      response.resume()
      response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection, sentAt, doneAt: Date.now() }))
    })
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, sentAt, doneAt: Date.now() }))
    outgoing.end()
  })
}

describe('graceful shutdown under keep-alive load', () => {
  let server: RunningServer
  let dataDir: string

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-shutdown-'))
    server = startServer(port, { PGLITE_DIR: path.join(dataDir, 'pglite'), DATABASE_URL: '', DEMO_SEED: 'true' })
    await listening(server)
  })

  afterAll(async () => {
    await stopServer(server)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers the requests under way, refuses new ones and exits 0 within seconds', async () => {
    const cookie = await signIn(server.origin, 'lead.us@liaison.example')
    const agent = new Agent({ keepAlive: true, maxSockets: connections })
    const answers: Answer[] = []
    let signalAt = Infinity
    // Each connection asks for a page again as soon as it has the last one, until the server
    // closes it (`Connection: close`, a 503 or a closed socket).
    const loops = Array.from({ length: connections }, async () => {
      for (;;) {
        const answer = await get(agent, `${server.origin}/home`, cookie)
        answers.push(answer)
        if ('error' in answer || answer.connection === 'close' || answer.status !== 200) return
        if (Date.now() > signalAt + 15_000) return
      }
    })
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(agent.sockets[Object.keys(agent.sockets)[0]]?.length ?? 0).toBeGreaterThan(connections / 2)

    signalAt = Date.now()
    server.process.kill('SIGTERM')
    const { code } = await server.exited
    const seconds = (Date.now() - signalAt) / 1000
    await Promise.all(loops)
    agent.destroy()

    expect(code).toBe(0)
    expect(seconds).toBeLessThan(5)
    // Before the signal, every page was served.
    const before = answers.filter((answer) => answer.doneAt < signalAt)
    expect(before.length).toBeGreaterThan(connections)
    expect(before.every((answer) => 'status' in answer && answer.status === 200)).toBe(true)
    // Requests under way at the signal were answered in full, and told the connection closes.
    const underWay = answers.filter((answer) => answer.sentAt < signalAt && answer.doneAt >= signalAt)
    expect(underWay.length).toBeGreaterThan(0)
    for (const answer of underWay) expect(answer).toMatchObject({ status: 200, connection: 'close' })
    // Nothing was served on a kept-alive connection after the signal: a request sent after it
    // got a 503 saying the connection closes, or found the connection closed.
    const after = answers.filter((answer) => answer.sentAt > signalAt)
    for (const answer of after) {
      if ('status' in answer) expect(answer).toMatchObject({ status: 503, connection: 'close' })
      else expect(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'socket hang up']).toContain(answer.error)
    }
    expect(server.output()).not.toContain('shutdown took too long')
  })
})
