import { Agent, request } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listening, type RunningServer, signIn, startServer, stopServer, until } from './server-harness'

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
    // Load on every connection (two pages each served) before the signal.
    await until('two pages served per connection', () => answers.length >= connections * 2, 40)
    expect(Object.values(agent.sockets).flat()).toHaveLength(connections)

    signalAt = Date.now()
    server.process.kill('SIGTERM')
    const { code } = await server.exited
    const seconds = (Date.now() - signalAt) / 1000
    await Promise.all(loops)
    agent.destroy()

    console.info(
      `[shutdown] exit ${code} after ${seconds} s; ${answers.filter((answer) => answer.doneAt < signalAt).length} pages before the signal, then: ${answers
        .filter((answer) => answer.doneAt >= signalAt)
        .map((answer) => ('status' in answer ? `${answer.status}/${answer.connection}${answer.sentAt < signalAt ? ' (under way)' : ''}` : answer.error))
        .join(', ')}`,
    )
    expect(code).toBe(0)
    expect(seconds).toBeLessThan(5)
    // Before the signal, every page was served.
    const before = answers.filter((answer) => answer.doneAt < signalAt)
    expect(before.length).toBeGreaterThanOrEqual(connections * 2)
    expect(before.every((answer) => 'status' in answer && answer.status === 200)).toBe(true)
    // The requests the server had under way when the signal came (it counts them) were all
    // answered in full and told that the connection closes.
    const underWay = Number(/SIGTERM: finishing (\d+) requests/.exec(server.output())?.[1])
    expect(underWay).toBeGreaterThan(0)
    const after = answers.filter((answer) => answer.doneAt >= signalAt)
    const closing = after.filter((answer) => 'status' in answer && answer.status === 200 && answer.connection === 'close')
    expect(closing.length).toBeGreaterThanOrEqual(underWay)
    // No connection went on being served: a connection sees at most its page under way, one
    // sent as the signal came, and then a 503 or its end.
    expect(after.length).toBeLessThanOrEqual(connections * 3)
    for (const answer of after) {
      if ('status' in answer) expect([200, 503]).toContain(answer.status)
      else expect(['ECONNRESET', 'EPIPE', 'socket hang up']).toContain(answer.error)
    }
    // Sockets reset by the server rather than closed after an answer: only a request that
    // crossed the close of an idle connection.
    expect(after.filter((answer) => 'error' in answer).length).toBeLessThanOrEqual(3)
    expect(server.output()).not.toContain('shutdown took too long')
  })
})
