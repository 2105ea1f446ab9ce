import { createElement } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { emailOutbox } from '#db/schema'
import { startFakeResend } from '#test/setup/fake-resend'
import { db } from '../db.server'
import { createEmailWorker, retryDelayMs } from './outbox.server'
import { localProvider, resendProvider } from './provider.server'
import { sendEmail } from './send.server'
import { PasswordResetEmail } from './templates/password-reset-email'

let fake: Awaited<ReturnType<typeof startFakeResend>>

beforeEach(async () => {
  fake = await startFakeResend()
})
afterEach(async () => {
  await fake.close()
})

function queue(to: string) {
  return sendEmail(db, {
    to,
    template: 'password-reset',
    subject: 'Reset your Liaison password',
    body: createElement(PasswordResetEmail, { name: 'Ana', resetUrl: 'http://localhost:3000/reset-password/abc', expiresInMinutes: 60 }),
  })
}

const resend = () => resendProvider({ apiKey: 're_test_key', baseUrl: fake.url, from: 'Liaison <no-reply@liaison.example>' })

describe('email outbox', () => {
  it('renders HTML and a plain-text part', async () => {
    await queue('ana@agency.example')
    const [row] = await db.select().from(emailOutbox)
    expect(row.html).toContain('<html')
    expect(row.text).toContain('http://localhost:3000/reset-password/abc')
    expect(row.text).not.toContain('<')
  })

  it('sends through the real Resend SDK to the configured base URL, with an idempotency key', async () => {
    await queue('ana@agency.example')
    const worker = createEmailWorker({ provider: resend() })
    expect(await worker.processDue()).toBe(1)
    expect(fake.received).toEqual([
      { to: 'ana@agency.example', subject: 'Reset your Liaison password', idempotencyKey: 'liaison-outbox-1', authorization: 'Bearer re_test_key' },
    ])
    const [row] = await db.select().from(emailOutbox)
    expect(row).toMatchObject({ status: 'sent', provider: 'resend', providerMessageId: 'fake-1', attempts: 1, lastError: null })
  })

  it('retries a provider 500 with backoff and then succeeds, losing nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-05-01T10:00:00Z'))
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await queue('ana@agency.example')
    fake.failNext(2)
    const worker = createEmailWorker({ provider: resend(), baseDelayMs: 30_000 })

    await worker.processDue()
    let [row] = await db.select().from(emailOutbox)
    expect(row).toMatchObject({ status: 'queued', attempts: 1 })
    expect(row.lastError).toMatch(/Provider is down/)
    expect(row.nextAttemptAt.toISOString()).toBe('2026-05-01T10:00:30.000Z')

    expect(await worker.processDue()).toBe(0) // not due yet
    vi.setSystemTime(new Date('2026-05-01T10:00:31Z'))
    await worker.processDue()
    ;[row] = await db.select().from(emailOutbox)
    expect(row).toMatchObject({ status: 'queued', attempts: 2 })
    expect(row.nextAttemptAt.toISOString()).toBe('2026-05-01T10:01:31.000Z')

    vi.setSystemTime(new Date('2026-05-01T10:02:00Z'))
    await worker.processDue()
    ;[row] = await db.select().from(emailOutbox)
    expect(row).toMatchObject({ status: 'sent', attempts: 3, provider: 'resend' })
    expect(fake.received).toHaveLength(1)
  })

  it('gives up after the last attempt and keeps the row as failed', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await queue('ana@agency.example')
    fake.failNext(10)
    const worker = createEmailWorker({ provider: resend(), baseDelayMs: 0, maxAttempts: 3 })
    for (let round = 0; round < 5; round++) await worker.processDue()
    const [row] = await db.select().from(emailOutbox)
    expect(row).toMatchObject({ status: 'failed', attempts: 3 })
  })

  it('two workers on one outbox send each email exactly once', async () => {
    fake.slowDown(5)
    for (let index = 0; index < 30; index++) await queue(`officer${index}@agency.example`)
    const first = createEmailWorker({ provider: resend(), batchSize: 4 })
    const second = createEmailWorker({ provider: resend(), batchSize: 4 })
    const [a, b] = await Promise.all([first.processDue(), second.processDue()])
    expect(a + b).toBe(30)
    expect(fake.received).toHaveLength(30)
    expect(new Set(fake.received.map((email) => email.idempotencyKey)).size).toBe(30)
    const rows = await db.select().from(emailOutbox)
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true)
  })

  it('keeps messages in local mail mode without any network', async () => {
    await queue('ana@agency.example')
    await createEmailWorker({ provider: localProvider }).processDue()
    const [row] = await db.select().from(emailOutbox)
    expect(row).toMatchObject({ status: 'sent', provider: 'local' })
    expect(fake.received).toEqual([])
  })

  it('takes over a row whose worker died mid-send once its lock expires', async () => {
    await queue('ana@agency.example')
    await db.update(emailOutbox).set({ status: 'sending', attempts: 1, lockedUntil: new Date(Date.now() - 1000) })
    await createEmailWorker({ provider: resend() }).processDue()
    const [row] = await db.select().from(emailOutbox)
    expect(row).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('doubles the retry delay up to an hour', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 1000))).toEqual([1000, 2000, 4000, 8000])
    expect(retryDelayMs(30, 30_000)).toBe(3_600_000)
  })
})
