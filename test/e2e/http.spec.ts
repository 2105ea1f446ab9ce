import { readFileSync, statSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '#db/seed/demo-accounts'
import { MAX_IMPORT_BODY_BYTES } from '~/modules/imports/import-schema'
import { origin } from './browser'
import { serverLogPath } from './global-setup'

async function signIn(email: string) {
  const response = await fetch(`${origin}/login`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
    redirect: 'manual',
  })
  expect(response.status).toBe(302)
  return response.headers.get('Set-Cookie')!.split(';')[0]
}

type RawAnswer = { status: number; type: string; text: string }

/**
 * A request through node:http, which (unlike fetch) sets any Host and declares any length: the
 * body sent is `body`, whatever `Content-Length` says, and the answer is awaited without sending
 * the rest. The socket is dropped afterwards.
 */
function rawRequest(path: string, options: { method?: string; headers: Record<string, string>; body?: string | Buffer }) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const request = httpRequest(`${origin}${path}`, { method: options.method ?? 'POST', headers: options.headers, agent: false })
    request.on('response', (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => {
        resolve({ status: response.statusCode!, type: String(response.headers['content-type'] ?? ''), text })
        request.destroy()
      })
    })
    // The server may close while the body is still on its way: the answer came first.
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)))
    if (options.body !== undefined) request.write(options.body)
    if (options.headers['Content-Length'] === undefined || Number(options.headers['Content-Length']) === Buffer.byteLength(options.body ?? '')) request.end()
  })
}

/** What the server printed while `run` ran (it writes its log as it goes). */
async function serverLogDuring(run: () => Promise<void>) {
  const start = statSync(serverLogPath).size
  await run()
  await new Promise((resolve) => setTimeout(resolve, 300))
  return readFileSync(serverLogPath, 'utf8').slice(start)
}

/** What the running production server answers at the HTTP level, where the route tests cannot see. */
describe('HTTP answers of the production server', () => {
  it('gives a throttled sign-in its 429 and Retry-After, on the page and on its .data answer', async () => {
    const attempt = (path: string) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'nobody.throttled@police.example', password: 'wrong password' }),
        redirect: 'manual',
      })
    for (let count = 0; count < 5; count++) expect((await attempt('/login')).status).toBe(400)
    const page = await attempt('/login')
    expect(page.status).toBe(429)
    expect(Number(page.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await page.text()).toContain('Too many attempts')
    const data = await attempt('/login.data')
    expect(data.status).toBe(429)
    expect(Number(data.headers.get('Retry-After'))).toBeGreaterThan(0)
  })

  it('sends exactly one Cache-Control, no-store, on pages, CSV exports and certificate PDFs', async () => {
    const staff = await signIn('lead.us@liaison.example')
    // Rafael holds a certificate of the child-safety module in the demo world.
    const officer = await signIn('officer2@police.example')
    for (const [path, cookie] of [
      ['/home', staff],
      ['/agencies.csv', staff],
      ['/import/sample/agencies', staff],
      ['/training/child-safety-referrals/certificate.pdf', officer],
    ] as const) {
      const response = await fetch(`${origin}${path}`, { headers: { Cookie: cookie } })
      expect(response.status, path).toBe(200)
      // fetch joins repeated headers with ", ": one header reads exactly "no-store".
      expect(response.headers.get('Cache-Control'), path).toBe('no-store')
    }
  })

  it('answers a 100 MB form with 413 without reading it: a page for the document, a status for .data', async () => {
    const hundredMegabytes = String(100 * 1024 * 1024)
    const headers = { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': hundredMegabytes }
    // Only the first 64 KB is ever sent: the answer comes without the rest.
    const body = `email=${'a'.repeat(64 * 1024)}`
    const page = await rawRequest('/login', { headers: { ...headers, Accept: 'text/html' }, body })
    expect(page.status).toBe(413)
    expect(page.type).toMatch(/^text\/html/)
    expect(page.text).toContain('Too large to send')
    const data = await rawRequest('/login.data', { headers: { ...headers, Accept: '*/*' }, body })
    expect(data.status).toBe(413)
    expect(data.type).toMatch(/^text\/plain/)
  })

  it('lets the CSV import take a file beyond the form limit, up to its own', async () => {
    const staff = await signIn('lead.us@liaison.example')
    const sample = await (await fetch(`${origin}/import/sample/agencies`, { headers: { Cookie: staff } })).text()
    const [header, row] = sample.trim().split('\n')
    // About 1 MB of rows: four times a form's limit, a fifth of the import's.
    const csv = [header, ...Array.from({ length: Math.ceil((1024 * 1024) / row.length) }, () => row)].join('\n')
    const upload = new FormData()
    upload.append('kind', 'agencies')
    upload.append('file', new Blob([csv], { type: 'text/csv' }), 'agencies.csv')
    const accepted = await fetch(`${origin}/import/upload`, {
      method: 'POST',
      headers: { Origin: origin, Cookie: staff, Accept: 'application/json' },
      body: upload,
    })
    expect(accepted.status).toBe(200)
    expect(((await accepted.json()) as { step: string }).step).toBe('map')
    const over = await rawRequest('/import/upload', {
      headers: { Origin: origin, Cookie: staff, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(MAX_IMPORT_BODY_BYTES + 1) },
      body: '--x\r\n',
    })
    expect(over.status).toBe(413)
  })

  it('answers malformed requests with a 4xx and logs no stack trace for them', async () => {
    const staff = await signIn('lead.us@liaison.example')
    const answers: Record<string, number> = {}
    const log = await serverLogDuring(async () => {
      const post = async (name: string, path: string, headers: Record<string, string>, body: string) => {
        answers[name] = (await fetch(`${origin}${path}`, { method: 'POST', headers: { Origin: origin, ...headers }, body, redirect: 'manual' })).status
      }
      await post('text/plain form', '/login', { 'Content-Type': 'text/plain' }, 'email=a@b.example')
      await post('JSON to .data', '/login.data', { 'Content-Type': 'application/json' }, '{"email":"a@b.example"}')
      await post('JSON, signed in', '/agencies/new', { 'Content-Type': 'application/json', Cookie: staff }, '{"name":"x"}')
      await post(
        'broken multipart',
        '/signup',
        { 'Content-Type': 'multipart/form-data; boundary=xyz' },
        '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end',
      )
      await post(
        'multipart, another boundary',
        '/agencies/new.data',
        { 'Content-Type': 'multipart/form-data; boundary=xyz', Cookie: staff },
        '--abc\r\n\r\n--abc--',
      )
      answers['our Origin, another Host'] = (
        await rawRequest('/login', {
          headers: { Host: 'attacker.example', Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '7' },
          body: 'email=a',
        })
      ).status
      answers['Origin: null, same-origin'] = (
        await fetch(`${origin}/login`, {
          method: 'POST',
          headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'email=a',
        })
      ).status
      const preflight = { Origin: 'https://attacker.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' }
      answers['OPTIONS on .data'] = (await fetch(`${origin}/login.data`, { method: 'OPTIONS', headers: preflight })).status
      const exportPreflight = await fetch(`${origin}/agencies.csv`, { method: 'OPTIONS', headers: { ...preflight, Cookie: staff } })
      answers['OPTIONS on a CSV export'] = exportPreflight.status
      // The export's loader did not run: no CSV came back.
      expect(await exportPreflight.text()).not.toContain('name,')
    })
    expect(answers).toEqual({
      'text/plain form': 415,
      'JSON to .data': 415,
      'JSON, signed in': 415,
      'broken multipart': 400,
      'multipart, another boundary': 400,
      'our Origin, another Host': 403,
      'Origin: null, same-origin': 403,
      'OPTIONS on .data': 405,
      'OPTIONS on a CSV export': 405,
    })
    expect(log).not.toMatch(/^\s+at /m)
    expect(log).not.toMatch(/Error/)
  })
})
