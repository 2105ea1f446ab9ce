import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { emailOutbox } from '#db/schema'
import { deliverOutbox, linkToken } from '#test/factories/mail'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { settleBackgroundWork } from '~/lib/background.server'
import { db } from '~/lib/db.server'
import { createEmailWorker } from '~/lib/email/outbox.server'
import OutboxEmailPage, * as detailPage from './admin.outbox.$emailId'
import OutboxPage, * as listPage from './admin.outbox._index'
import { action as forgotAction } from './forgot-password'
import { action as resetAction, loader as resetLoader } from './reset-password.$token'

/** Renders a page from its loader's answer, as the server would. */
async function renderPage(result: unknown, Component: () => React.ReactNode, path: string) {
  const handler = createStaticHandler([{ id: 'page', path: '*', loader: () => dataOf(result) as object, Component }])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }))
}

/** What an admin can get from the outbox: the list and the email's page, as data and as HTML. */
async function adminSees(cookie: string, id: number) {
  const list = await call(listPage.loader, makeRequest('/admin/outbox', { cookie }))
  const detail = await call(detailPage.loader, makeRequest(`/admin/outbox/${id}`, { cookie }), { emailId: String(id) })
  expect(statusOf(list)).toBe(200)
  expect(statusOf(detail)).toBe(200)
  return [
    JSON.stringify(dataOf(list)),
    JSON.stringify(dataOf(detail)),
    await renderPage(list, OutboxPage, '/admin/outbox'),
    await renderPage(detail, OutboxEmailPage, `/admin/outbox/${id}`),
  ].join('\n')
}

describe('/admin/outbox', () => {
  it('never shows a usable reset link, before or after it is sent; a used link stays dead when its email is sent again', async () => {
    await createUser({ email: 'ana@liaison.example' })
    const { cookie } = await signInAs(await createUser({ role: 'admin' }))
    await call(forgotAction, makeRequest('/forgot-password', { form: { email: 'ana@liaison.example' } }))
    await settleBackgroundWork()
    const [queued] = await db.select().from(emailOutbox)
    const before = await adminSees(cookie, queued.id)

    const token = linkToken(await deliverOutbox(), 'ana@liaison.example', '/reset-password/')
    expect(await call(resetLoader, makeRequest(`/reset-password/${token}`), { token })).toEqual({ email: 'ana@liaison.example' })
    const after = await adminSees(cookie, queued.id)
    for (const seen of [before, after]) {
      expect(seen).not.toContain(token)
      expect(seen).not.toContain(queued.linkSecret)
      expect(seen).toContain('/reset-password/••••••')
    }

    const reset = await call(
      resetAction,
      makeRequest(`/reset-password/${token}`, { form: { password: 'a brand new phrase', confirmPassword: 'a brand new phrase' } }),
      { token },
    )
    expect(statusOf(reset)).toBe(302)
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await db.update(emailOutbox).set({ status: 'queued', nextAttemptAt: new Date(), linkSecret: queued.linkSecret })
    expect(await deliverOutbox()).toEqual([])
    expect(statusOf(await call(resetLoader, makeRequest(`/reset-password/${token}`), { token }))).toBe(404)
  })

  it('shows on the list that an email keeps failing, with the error and the next attempt', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-05-01T10:00:00Z'))
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { cookie } = await signInAs(await createUser({ role: 'admin' }))
    await createUser({ email: 'ana@liaison.example' })
    await call(forgotAction, makeRequest('/forgot-password', { form: { email: 'ana@liaison.example' } }))
    await settleBackgroundWork()
    const failing = createEmailWorker({
      provider: { name: 'resend', deliver: async () => ({ ok: false, error: 'internal_server_error: Provider is down' }) },
      baseDelayMs: 30_000,
    })
    await failing.processDue()
    const list = await call(listPage.loader, makeRequest('/admin/outbox', { cookie }))
    const html = await renderPage(list, OutboxPage, '/admin/outbox')
    expect(html).toContain('Failing: <!-- -->internal_server_error: Provider is down')
    expect(html).toMatch(/Next attempt <time dateTime="2026-05-01T10:00:30.000Z"/)
  })
})
