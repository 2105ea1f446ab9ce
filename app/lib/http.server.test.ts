import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cspNonce, FORM_BODY_LIMIT, formBodyCheck, methodCheck, noStore, ONE_CLICK_UNSUBSCRIBE_PATH, originCheck, securityHeaders } from './http.server'

let baseUrl: string
let close: () => Promise<void>
const UPLOAD_LIMIT = 1024 * 1024
let bodiesRead = 0

beforeAll(async () => {
  const app = express()
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  app.use(cspNonce)
  app.use(securityHeaders({ production: true, https: false }))
  app.use(methodCheck)
  app.use(originCheck(baseUrl, { anyOrigin: [ONE_CLICK_UNSUBSCRIBE_PATH] }))
  app.use(formBodyCheck({ '/upload': UPLOAD_LIMIT }))
  app.use(noStore)
  app.all('*', (request, response) => {
    let bytes = 0
    request.on('data', (chunk: Buffer) => (bytes += chunk.length))
    request.on('end', () => {
      if (bytes) bodiesRead += 1
      response.json({ ok: true, nonce: response.locals.cspNonce, bytes })
    })
  })
  close = () => new Promise((resolve) => server.close(() => resolve()))
})
afterAll(() => close())

const form = 'application/x-www-form-urlencoded'

describe('origin check', () => {
  it('refuses a cross-origin POST with 403', async () => {
    const response = await fetch(`${baseUrl}/login`, { method: 'POST', headers: { Origin: 'https://evil.example', 'Content-Type': form }, body: 'x=1' })
    expect(response.status).toBe(403)
  })

  it('takes a one-click unsubscribe from a mail provider (RFC 8058), on that exact path only', async () => {
    const oneClick = { method: 'POST', headers: { 'Content-Type': form }, body: 'List-Unsubscribe=One-Click' }
    const token = `2f0c7d0e-6a55-4c1b-9d2e-0b7f3c1a9e44.reminders.${'a_-B'.repeat(10)}xyz`
    expect((await fetch(`${baseUrl}/unsubscribe/${token}`, oneClick)).status).toBe(200)
    expect((await fetch(`${baseUrl}/unsubscribe/${token}`, { ...oneClick, headers: { ...oneClick.headers, Origin: 'https://mail.example' } })).status).toBe(200)
    // The app's own confirm button posts to the .data twin, from our origin: checked as usual.
    expect((await fetch(`${baseUrl}/unsubscribe/${token}.data`, oneClick)).status).toBe(403)
    expect((await fetch(`${baseUrl}/unsubscribe/${token}/more`, oneClick)).status).toBe(403)
    expect((await fetch(`${baseUrl}/unsubscribe`, oneClick)).status).toBe(403)
    expect((await fetch(`${baseUrl}/settings`, oneClick)).status).toBe(403)
  })

  it('refuses a POST that names no origin at all', async () => {
    expect((await fetch(`${baseUrl}/login`, { method: 'POST', headers: { 'Content-Type': form }, body: 'x=1' })).status).toBe(403)
  })

  it("allows the app's own origin, or a same-origin fetch without an Origin header", async () => {
    expect((await fetch(`${baseUrl}/login`, { method: 'POST', headers: { Origin: baseUrl, 'Content-Type': form }, body: 'x=1' })).status).toBe(200)
    expect((await fetch(`${baseUrl}/login`, { method: 'POST', headers: { 'Sec-Fetch-Site': 'same-origin', 'Content-Type': form }, body: 'x=1' })).status).toBe(
      200,
    )
    expect((await fetch(`${baseUrl}/login`, { method: 'POST', headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' } })).status).toBe(403)
  })

  it('refuses Origin: null even when Sec-Fetch-Site claims same-origin', async () => {
    const response = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      headers: { 'Sec-Fetch-Site': 'same-origin', Origin: 'null', 'Content-Type': form },
      body: 'x=1',
    })
    expect(response.status).toBe(403)
  })

  it('refuses our own Origin on a request addressed to another host', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      // fetch would not let the Host header be set; node:http does.
      const request = httpRequest(`${baseUrl}/login`, {
        method: 'POST',
        headers: { Host: 'evil.example', Origin: baseUrl, 'Content-Type': form, 'Content-Length': '3' },
      })
      request.on('response', (response) => {
        response.resume()
        resolve(response.statusCode!)
      })
      request.on('error', reject)
      request.end('x=1')
    })
    expect(status).toBe(403)
  })

  it('lets GET through', async () => {
    expect((await fetch(`${baseUrl}/anything`, { headers: { Origin: 'https://evil.example' } })).status).toBe(200)
  })
})

describe('origin check behind a proxy (trust proxy as server.ts sets it)', () => {
  async function statusBehindProxy(headers: Record<string, string>) {
    const app = express()
    app.set('trust proxy', 1)
    app.use(originCheck('https://liaison.example'))
    app.post('/login', (_request, response) => {
      response.send('ok')
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/login`
      return await new Promise<number>((resolve, reject) => {
        const request = httpRequest(url, { method: 'POST', headers: { Origin: 'https://liaison.example', ...headers } })
        request.on('response', (response) => {
          response.resume()
          resolve(response.statusCode!)
        })
        request.on('error', reject)
        request.end()
      })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  }

  it("takes the host and protocol the trusted proxy forwards, and refuses when they are not the app's", async () => {
    // A proxy that passes the Host on (nginx's `proxy_set_header Host $host`) and says https.
    expect(await statusBehindProxy({ Host: 'liaison.example', 'X-Forwarded-Proto': 'https' })).toBe(200)
    expect(await statusBehindProxy({ Host: 'internal:3000', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'liaison.example:443' })).toBe(200)
    // The TLS-terminating proxy did not say https: the URL React Router would see is not ours.
    expect(await statusBehindProxy({ Host: 'liaison.example' })).toBe(403)
    expect(await statusBehindProxy({ Host: 'attacker.example', 'X-Forwarded-Proto': 'https' })).toBe(403)
    expect(await statusBehindProxy({ Host: 'liaison.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'attacker.example' })).toBe(403)
  })
})

describe('method check', () => {
  it('answers OPTIONS (a CORS preflight), PUT and DELETE with 405 and no CORS grant, before any route', async () => {
    for (const method of ['OPTIONS', 'PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${baseUrl}/agencies.csv`, {
        method,
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Sec-Fetch-Site': 'same-origin' },
      })
      expect(response.status, method).toBe(405)
      expect(response.headers.get('Allow')).toBe('GET, HEAD, POST')
      expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull()
      expect(response.headers.get('Cache-Control')).toBe('no-store')
    }
  })
})

describe('form body check', () => {
  const post = (path: string, headers: Record<string, string>, body: BodyInit | null = 'x=1') =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { Origin: baseUrl, ...headers }, body })

  it('refuses a body that is no form with 415: text, JSON, none at all', async () => {
    expect((await post('/login', { 'Content-Type': 'text/plain' }, 'hello')).status).toBe(415)
    expect((await post('/login.data', { 'Content-Type': 'application/json' }, '{"email":"a"}')).status).toBe(415)
    expect((await post('/login', {}, null)).status).toBe(415)
  })

  it('refuses a multipart body without its boundary with 400', async () => {
    expect((await post('/login', { 'Content-Type': 'multipart/form-data' }, 'x')).status).toBe(400)
  })

  it('takes URL-encoded and multipart forms up to the limit', async () => {
    expect((await post('/login', { 'Content-Type': form }, `x=${'a'.repeat(FORM_BODY_LIMIT - 2)}`)).status).toBe(200)
    const multipart = new FormData()
    multipart.append('x', 'y')
    expect((await post('/login.data', {}, multipart)).status).toBe(200)
  })

  /** Declares `declared` bytes, sends only the first 64 KB, and waits for the answer: the server must not wait for the rest. */
  function postPartly(path: string, declared: number, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
      const request = httpRequest(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { Origin: baseUrl, 'Content-Type': form, 'Content-Length': String(declared), ...headers },
      })
      request.on('response', (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode!, type: String(response.headers['content-type']), text }))
      })
      request.on('error', reject)
      request.write(`x=${'a'.repeat(64 * 1024)}`)
    })
  }

  it('answers a 100 MB form with 413 before it arrives: a page for a document, plain text for .data', async () => {
    const before = bodiesRead
    const page = await postPartly('/login', 100 * 1024 * 1024, { Accept: 'text/html,application/xhtml+xml' })
    expect(page.status).toBe(413)
    expect(page.type).toMatch(/^text\/html/)
    expect(page.text).toContain('Too large to send')
    expect(page.text).toContain('256 KB')
    const data = await postPartly('/login.data', 100 * 1024 * 1024, { Accept: '*/*' })
    expect(data.status).toBe(413)
    expect(data.type).toMatch(/^text\/plain/)
    expect(bodiesRead).toBe(before)
  })

  it('gives the upload address its own, larger limit', async () => {
    expect((await post('/upload', { 'Content-Type': form }, `x=${'a'.repeat(FORM_BODY_LIMIT * 2)}`)).status).toBe(200)
    expect((await postPartly('/upload', UPLOAD_LIMIT + 1)).status).toBe(413)
    expect((await postPartly('/upload.data', UPLOAD_LIMIT + 1)).status).toBe(413)
  })

  it('refuses a body of no stated length (chunked) with 411', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('x=1'))
        controller.close()
      },
    })
    const response = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      headers: { Origin: baseUrl, 'Content-Type': form },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(411)
  })
})

describe('security headers', () => {
  it('sends a CSP with a fresh nonce per response, and no unsafe-inline script or unsafe-eval', async () => {
    const first = await fetch(`${baseUrl}/`)
    const second = await fetch(`${baseUrl}/`)
    const policy = first.headers.get('Content-Security-Policy')!
    const firstNonce = (await first.json()).nonce
    const secondNonce = (await second.json()).nonce
    expect(firstNonce).not.toBe(secondNonce)
    expect(policy).toContain(`'nonce-${firstNonce}'`)
    expect(second.headers.get('Content-Security-Policy')).toContain(`'nonce-${secondNonce}'`)
    expect(policy).not.toContain('unsafe-eval')
    const scriptSrc = policy.split(';').find((directive) => directive.trim().startsWith('script-src'))!
    expect(scriptSrc).not.toContain('unsafe-inline')
    expect(policy).toContain("object-src 'none'")
    expect(policy).toContain("base-uri 'none'")
    expect(policy).toContain("frame-ancestors 'none'")
  })

  it('sends nosniff, the referrer policy and no-store; no HSTS on an http origin, and no X-Frame-Options beside frame-ancestors', async () => {
    const response = await fetch(`${baseUrl}/`)
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin')
    expect(response.headers.get('Strict-Transport-Security')).toBeNull()
    expect(response.headers.get('X-Frame-Options')).toBeNull()
    expect(response.headers.get('Cache-Control')).toBe('no-store')
  })

  it('sends HSTS when the origin is https', async () => {
    const app = express()
    app.use(securityHeaders({ production: true, https: true }))
    app.get('/', (_request, response) => {
      response.send('ok')
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
      expect(response.headers.get('Strict-Transport-Security')).toMatch(/max-age=31536000; includeSubDomains/)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('client address behind proxies (trust proxy as server.ts sets it)', () => {
  async function addressSeen(trust: false | number | string[], forwardedFor: string) {
    const app = express()
    app.set('trust proxy', trust)
    app.get('/', (request, response) => {
      response.json({ ip: request.ip })
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers: { 'X-Forwarded-For': forwardedFor } })
      return ((await response.json()) as { ip: string }).ip
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  }

  it('takes the address the last trusted proxy saw, never the one the client wrote first', async () => {
    // The client forged 203.0.113.9; the load balancer (here: the loopback peer) appended 198.51.100.4.
    expect(await addressSeen(1, '203.0.113.9, 198.51.100.4')).toBe('198.51.100.4')
    expect(await addressSeen(['loopback'], '203.0.113.9, 198.51.100.4')).toBe('198.51.100.4')
    expect(await addressSeen(false, '203.0.113.9, 198.51.100.4')).toBe('127.0.0.1')
  })
})
