import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cspNonce, noStore, originCheck, securityHeaders } from './http.server'

let baseUrl: string
let close: () => Promise<void>

beforeAll(async () => {
  const app = express()
  app.use(cspNonce)
  app.use(securityHeaders({ production: true, https: false }))
  app.use(originCheck('http://localhost:3000'))
  app.use(noStore)
  app.all('*', (_request, response) => {
    response.json({ ok: true, nonce: response.locals.cspNonce })
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => new Promise((resolve) => server.close(() => resolve()))
})
afterAll(() => close())

describe('origin check', () => {
  it('refuses a cross-origin POST with 403', async () => {
    const response = await fetch(`${baseUrl}/login`, { method: 'POST', headers: { Origin: 'https://evil.example' }, body: 'x=1' })
    expect(response.status).toBe(403)
  })

  it('refuses a POST that names no origin at all', async () => {
    expect((await fetch(`${baseUrl}/login`, { method: 'POST', body: 'x=1' })).status).toBe(403)
  })

  it("allows the app's own origin, or a same-origin fetch", async () => {
    expect((await fetch(`${baseUrl}/login`, { method: 'POST', headers: { Origin: 'http://localhost:3000' } })).status).toBe(200)
    expect((await fetch(`${baseUrl}/login`, { method: 'DELETE', headers: { 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200)
    expect((await fetch(`${baseUrl}/login`, { method: 'POST', headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' } })).status).toBe(403)
  })

  it('lets GET through', async () => {
    expect((await fetch(`${baseUrl}/anything`, { headers: { Origin: 'https://evil.example' } })).status).toBe(200)
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
