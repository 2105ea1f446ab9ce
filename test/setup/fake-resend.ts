import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ReceivedEmail = { to: string | string[]; subject: string; idempotencyKey: string | null; authorization: string | null }
/** Every send the fake was asked for, answered or refused. */
export type SendRequest = { idempotencyKey: string | null; status: 200 | 500; text: string; html: string }

/**
 * A stand-in for the Resend HTTP API, on a loopback port: the real SDK talks to it through
 * RESEND_BASE_URL / baseUrl. `failNext(n)` answers the next n sends with a 500; `down()` answers
 * every send with a 500 until `up()`. `received` holds the emails accepted, `requests` every send.
 */
export async function startFakeResend() {
  const received: ReceivedEmail[] = []
  const requests: SendRequest[] = []
  let failures = 0
  let outage = false
  let delayMs = 0
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    if (request.method !== 'POST' || request.url !== '/emails') {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: 'not_found', message: 'Not found' }))
      return
    }
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null
    const failing = outage || failures > 0
    requests.push({ idempotencyKey, status: failing ? 500 : 200, text: body.text, html: body.html })
    if (failing) {
      if (!outage) failures -= 1
      response
        .writeHead(500, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ name: 'internal_server_error', message: 'Provider is down', statusCode: 500 }))
      return
    }
    received.push({
      to: body.to,
      subject: body.subject,
      idempotencyKey,
      authorization: request.headers.authorization ?? null,
    })
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: `fake-${received.length}` }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    requests,
    failNext(count: number) {
      failures = count
    },
    down() {
      outage = true
    },
    up() {
      outage = false
    },
    slowDown(ms: number) {
      delayMs = ms
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
