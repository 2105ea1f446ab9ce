import { eq } from 'drizzle-orm'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { activity, certificates } from '#db/schema'
import { call, dataOf, headersOf, makeRequest, statusOf, testContext } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { issueCertificate } from '~/modules/certificates/certificates.server'
import CertificatePage, * as certificatePage from './certificates.$code'
import * as lookupPage from './certificates._index'

/** A certificate of an officer, issued now (whatever the clock says). */
async function issued(validityMonths = 24) {
  const holder = await createUser({ role: 'officer', name: 'Insp. Priya Raman' })
  return db.transaction((tx) =>
    issueCertificate(tx, {
      holder: { id: holder.id, name: holder.name, agencyName: 'Royal Canadian Mounted Police' },
      module: { slug: 'international-requests', version: 2, title: 'International requests', certificateValidityMonths: validityMonths },
      score: 90,
    }),
  )
}

/** Renders the page as the server would: the page for a certificate, the error page for a thrown 404. */
async function renderPage(result: unknown, path: string) {
  const loader = () => {
    if (result instanceof Response) throw result
    return dataOf(result) as object
  }
  const handler = createStaticHandler([{ id: 'page', path: '*', loader, Component: CertificatePage, ErrorBoundary: certificatePage.ErrorBoundary }])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }))
}

type PageData = {
  certificate: {
    status: string
    holder: string
    agency: string | null
    module: string
    version: number
    displayCode: string
    revokedReason: string | null
  }
  canRevoke: boolean
}

async function verify(code: string, cookie?: string) {
  const result = await call(certificatePage.loader, makeRequest(`/certificates/${encodeURIComponent(code)}`, { cookie }), { code })
  const pageData = dataOf<PageData>(result)
  return { status: statusOf(result), data: pageData, html: await renderPage(result, `/certificates/${encodeURIComponent(code)}`) }
}

describe('/certificates/:code', () => {
  it('verifies a valid certificate for anyone, however the code is typed', async () => {
    const certificate = await issued()
    for (const typed of [certificate.code, certificate.displayCode, certificate.displayCode.toLowerCase()]) {
      const page = await verify(typed)
      expect(page.status, typed).toBe(200)
      expect(page.data.certificate).toMatchObject({
        status: 'valid',
        holder: 'Insp. Priya Raman',
        agency: 'Royal Canadian Mounted Police',
        module: 'International requests',
        version: 2,
      })
      expect(page.data.canRevoke).toBe(false)
    }
    const { html } = await verify(certificate.code)
    expect(html).toContain('Valid')
    expect(html).toContain('Insp. Priya Raman')
    expect(html).toContain('Royal Canadian Mounted Police')
    expect(html).toContain(certificate.displayCode)
    expect(html).not.toContain('Revoke this certificate')
  })

  it('answers a friendly 404 for an unknown or malformed code', async () => {
    for (const code of ['ABCDE-23456', '<script>alert(1)</script>', 'x'.repeat(300)]) {
      const page = await verify(code)
      expect(page.status, code).toBe(404)
      expect(page.html).toContain('No certificate has this code')
      // The field stays, to try again.
      expect(page.html).toContain('name="code"')
      expect(page.html).not.toContain('<script>alert')
    }
  })

  it('limits the codes that match nothing per IP: then a 429 with Retry-After, whatever the code; a code that matches costs nothing', async () => {
    const certificate = await issued()
    const from = (ip: string, code: string) => call(certificatePage.loader, makeRequest(`/certificates/${code}`), { code }, { ...testContext, ip })
    for (let index = 0; index < 25; index++) expect(statusOf(await from('198.51.100.20', certificate.code))).toBe(200)
    for (let index = 0; index < 20; index++) expect(statusOf(await from('198.51.100.20', `ABCDE-${23456 + index}`))).toBe(404)
    for (const code of ['ABCDE-99999', certificate.code]) {
      const refused = await from('198.51.100.20', code)
      expect(statusOf(refused), code).toBe(429)
      const retryAfter = Number(headersOf(refused).get('Retry-After'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(15 * 60)
      // The route's headers export sends it on with the error page.
      const sent = new Headers(certificatePage.headers({ errorHeaders: headersOf(refused), actionHeaders: new Headers() } as never) as HeadersInit)
      expect(sent.get('Retry-After')).toBe(String(retryAfter))
      expect(await renderPage(refused, `/certificates/${code}`)).toContain('Too many requests')
    }
    // Another address is not held back.
    expect(statusOf(await from('198.51.100.21', certificate.code))).toBe(200)
  })

  it('says when a certificate expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'))
    const certificate = await issued(12)
    expect((await verify(certificate.code)).data.certificate!.status).toBe('valid')
    vi.setSystemTime(new Date('2027-03-02T10:00:00Z'))
    const page = await verify(certificate.code)
    expect(page.status).toBe(200)
    expect(page.data.certificate!.status).toBe('expired')
    expect(page.html).toMatch(/Expired on .*1 Mar 2027/)
    expect(page.html).not.toMatch(/>Valid</)
  })

  it('lets an admin or the global head revoke it, with a reason everyone then sees', async () => {
    const certificate = await issued()
    const path = `/certificates/${certificate.code}`
    const revoke = (cookie: string | undefined, form: Record<string, string>) =>
      call(certificatePage.action, makeRequest(path, { cookie, form }), { code: certificate.code })

    // Not for the public, leads or the holder.
    const anonymous = await revoke(undefined, { intent: 'revoke', reason: 'Fraud' })
    expect(statusOf(anonymous)).toBe(302)
    expect(headersOf(anonymous).get('Location')).toContain('/login')
    const lead = await signInAs(await createUser({ role: 'outreach_lead', regions: ['CA'] }))
    expect(statusOf(await revoke(lead.cookie, { intent: 'revoke', reason: 'Fraud' }))).toBe(403)
    expect((await verify(certificate.code, lead.cookie)).data.canRevoke).toBe(false)

    const head = await signInAs(await createUser({ role: 'global_head' }))
    const headView = await verify(certificate.code, head.cookie)
    expect(headView.data.canRevoke).toBe(true)
    expect(headView.html).toContain('Revoke this certificate')

    const blank = await revoke(head.cookie, { intent: 'revoke', reason: '  ' })
    expect(statusOf(blank)).toBe(400)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(blank).result.error.reason).toBeTruthy()
    expect(statusOf(await revoke(head.cookie, { intent: 'delete', reason: 'Fraud' }))).toBe(400)
    expect(statusOf(await revoke(head.cookie, { intent: 'revoke', reason: 'x'.repeat(501) }))).toBe(400)

    const done = await revoke(head.cookie, { intent: 'revoke', reason: 'Issued in error' })
    expect(statusOf(done)).toBe(302)
    expect(headersOf(done).get('Location')).toBe(path)
    const [row] = await db.select().from(certificates).where(eq(certificates.code, certificate.code))
    expect(row.revokedReason).toBe('Issued in error')
    expect(await db.select().from(activity).where(eq(activity.name, 'certificate.revoked'))).toHaveLength(1)

    const publicView = await verify(certificate.displayCode.toLowerCase())
    expect(publicView.data.certificate).toMatchObject({ status: 'revoked', revokedReason: 'Issued in error' })
    expect(publicView.html).toMatch(/Revoked on .*\(<!-- -->Issued in error<!-- -->\)|Revoked on .*\(Issued in error\)/)
    expect((await verify(certificate.code, head.cookie)).html).not.toContain('Revoke this certificate')

    const admin = await signInAs(await createUser({ role: 'admin' }))
    expect(statusOf(await revoke(admin.cookie, { intent: 'revoke', reason: 'Again' }))).toBe(409)
    const unknown = await call(
      certificatePage.action,
      makeRequest('/certificates/ABCDE-23456', { cookie: admin.cookie, form: { intent: 'revoke', reason: 'Nope' } }),
      { code: 'ABCDE-23456' },
    )
    expect(statusOf(unknown)).toBe(404)
  })
})

describe('/certificates', () => {
  it('opens the verification page of a code typed with or without its hyphen, in any case', async () => {
    const certificate = await issued()
    for (const typed of [certificate.displayCode, certificate.code, ` ${certificate.code.toLowerCase()} `]) {
      const result = await call(lookupPage.loader, makeRequest(`/certificates?code=${encodeURIComponent(typed)}`))
      expect(statusOf(result), typed).toBe(302)
      expect(headersOf(result).get('Location')).toBe(`/certificates/${certificate.displayCode}`)
    }
  })

  it('keeps a malformed code in the field with a clear error, in the reader’s language', async () => {
    const result = await call(lookupPage.loader, makeRequest('/certificates?code=not-a-code', { headers: { 'Accept-Language': 'fr-CA' } }))
    expect(statusOf(result)).toBe(400)
    expect(dataOf<{ typed: string; error: string }>(result)).toMatchObject({
      typed: 'not-a-code',
      error: expect.stringContaining('Ce n’est pas un code de certificat'),
    })
    const blank = dataOf<{ error: string | null; mine: unknown }>(await call(lookupPage.loader, makeRequest('/certificates')))
    expect(blank).toEqual({ typed: '', error: null, mine: null })
  })

  it('lists a signed-in holder’s own certificates', async () => {
    const certificate = await issued()
    const [row] = await db.select({ userId: certificates.userId }).from(certificates).where(eq(certificates.code, certificate.code))
    const { cookie } = await signInAs({ id: row.userId, role: 'officer' })
    const page = dataOf<{ mine: { code: string }[] }>(await call(lookupPage.loader, makeRequest('/certificates', { cookie })))
    expect(page.mine.map((item) => item.code)).toEqual([certificate.code])
  })
})
