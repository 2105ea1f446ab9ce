import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { createElement } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { authTokens, emailOutbox } from '#db/schema'
import { createUser } from '#test/factories/users'
import { startFakeResend } from '#test/setup/fake-resend'
import { findAuthTokenUser, issueAuthToken } from '../auth/auth-token.server'
import { db } from '../db.server'
import { env } from '../env.server'
import { LINK_SECRET_MASK, sealLinkSecret } from './link-secret.server'
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

/** A password reset email for a real account, its token given to sendEmail as the link's secret. */
async function queueResetLink(email = 'ana@agency.example') {
  const user = await createUser({ email })
  const token = await issueAuthToken(db, user.id, 'password_reset')
  const row = await sendEmail(db, {
    to: email,
    template: 'password-reset',
    subject: 'Reset your Liaison password',
    linkSecret: token,
    body: (secret) => createElement(PasswordResetEmail, { name: 'Ana', resetUrl: `http://localhost:3000/reset-password/${secret}`, expiresInMinutes: 60 }),
  })
  return { user, token, id: row.id }
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
    const row = await queue('ana@agency.example')
    const worker = createEmailWorker({ provider: resend() })
    expect(await worker.processDue()).toBe(1)
    expect(fake.received).toEqual([
      { to: 'ana@agency.example', subject: 'Reset your Liaison password', idempotencyKey: `liaison-outbox-${row.id}`, authorization: 'Bearer re_test_key' },
    ])
    const [sent] = await db.select().from(emailOutbox)
    expect(sent).toMatchObject({ status: 'sent', provider: 'resend', providerMessageId: 'fake-1', attempts: 1, lastError: null })
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

  it('in local mail mode writes the message as sent, link working, to LOCAL_MAIL_DIR when it is set', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'liaison-mail-'))
    env.LOCAL_MAIL_DIR = folder
    try {
      const { token } = await queueResetLink('ana@agency.example')
      await createEmailWorker({ provider: localProvider }).processDue()
      const files = readdirSync(folder)
      expect(files).toEqual([expect.stringMatching(/^\d{6}-ana@agency\.example\.txt$/)])
      const written = readFileSync(path.join(folder, files[0]), 'utf8')
      expect(written).toContain('Subject: Reset your Liaison password')
      expect(written).toContain(`http://localhost:3000/reset-password/${token}`)
      const [row] = await db.select().from(emailOutbox)
      expect(row).toMatchObject({ status: 'sent', provider: 'local' })
      expect(row.text).not.toContain(token)
    } finally {
      env.LOCAL_MAIL_DIR = undefined
      rmSync(folder, { recursive: true, force: true })
    }
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

describe('one-time links in the outbox', () => {
  it('stores the link masked and its token sealed; the provider gets the working link; once sent the token is kept nowhere', async () => {
    const { token } = await queueResetLink()
    const [queued] = await db.select().from(emailOutbox)
    expect(queued.text).toContain(`http://localhost:3000/reset-password/${LINK_SECRET_MASK}`)
    expect(queued.html).toContain(`/reset-password/${LINK_SECRET_MASK}`)
    expect(JSON.stringify(queued)).not.toContain(token)
    expect(queued.linkSecret).toBeTruthy()

    await createEmailWorker({ provider: resend() }).processDue()
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0].text).toContain(`http://localhost:3000/reset-password/${token}`)
    expect(fake.requests[0].html).toContain(`/reset-password/${token}`)
    expect(fake.requests[0].text).not.toContain(LINK_SECRET_MASK)
    expect(await findAuthTokenUser(token, 'password_reset')).toMatchObject({ email: 'ana@agency.example' })
    const [sent] = await db.select().from(emailOutbox)
    expect(sent).toMatchObject({ status: 'sent', linkSecret: null })
    expect(JSON.stringify(sent)).not.toContain(token)
  })

  it('never sends a link that was used, replaced or expired, even when its row is queued again', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const used = await queueResetLink('used@agency.example')
    const [{ linkSecret: sealed }] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, used.id))
    await createEmailWorker({ provider: resend() }).processDue()
    await db.update(authTokens).set({ usedAt: new Date() })
    // Sent again, once as the row now stands (its token forgotten) and once with the sealed token put back.
    for (const linkSecret of [null, sealed]) {
      await db.update(emailOutbox).set({ status: 'queued', nextAttemptAt: new Date(), linkSecret }).where(eq(emailOutbox.id, used.id))
      await createEmailWorker({ provider: resend() }).processDue()
      const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, used.id))
      expect(row).toMatchObject({ status: 'failed', linkSecret: null })
      expect(row.lastError).toMatch(/^Not sent/)
    }
    expect(fake.requests).toHaveLength(1)
    expect(await findAuthTokenUser(used.token, 'password_reset')).toBeNull()

    const expired = await queueResetLink('late@agency.example')
    await db
      .update(authTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authTokens.userId, expired.user.id))
    await createEmailWorker({ provider: resend() }).processDue()
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, expired.id))
    expect(row).toMatchObject({ status: 'failed', linkSecret: null, lastError: expect.stringMatching(/used, replaced or expired/) })
    expect(fake.requests).toHaveLength(1)
  })

  it('does not open a sealed token moved to another recipient, and sends nothing then', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { id, token } = await queueResetLink('ana@agency.example')
    await db.update(emailOutbox).set({ recipient: 'mallory@elsewhere.example' }).where(eq(emailOutbox.id, id))
    await createEmailWorker({ provider: resend() }).processDue()
    const [row] = await db.select().from(emailOutbox)
    expect(row).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/can no longer be read/) })
    expect(fake.requests).toEqual([])
    expect(sealLinkSecret(token, 'ana@agency.example')).not.toContain(token)
  })

  it('refuses to queue a link email whose body does not show the link', async () => {
    await expect(
      sendEmail(db, {
        to: 'ana@agency.example',
        template: 'password-reset',
        subject: 'Reset',
        linkSecret: 'abc',
        body: () => createElement(PasswordResetEmail, { name: 'Ana', resetUrl: 'http://localhost:3000/reset-password/fixed', expiresInMinutes: 60 }),
      }),
    ).rejects.toThrow(/does not show its link/)
    expect(await db.select().from(emailOutbox)).toEqual([])
  })

  it('migration 0008 masks the links of earlier emails and fails those not sent yet', async () => {
    const legacy = (template: string, path: string, status: 'queued' | 'sent') => ({
      recipient: `${template}@agency.example`,
      template,
      subject: template,
      html: `<a href="http://localhost:3000/${path}/abcdefghijklmnopqrstuvwxyz234567">open</a>`,
      text: `Open http://localhost:3000/${path}/abcdefghijklmnopqrstuvwxyz234567 now`,
      status,
      sentAt: status === 'sent' ? new Date() : null,
    })
    await db
      .insert(emailOutbox)
      .values([
        legacy('password-reset', 'reset-password', 'queued'),
        legacy('invitation', 'invitations', 'sent'),
        legacy('email-verification', 'verify-email', 'queued'),
        { ...legacy('training-assigned', 'training', 'queued'), text: 'Open http://localhost:3000/training/intro-module now' },
      ])
    const update = readFileSync('db/migrations/0008_email_link_secret.sql', 'utf8').split('--> statement-breakpoint')[1]
    await db.execute(sql.raw(update))
    const rows = await db.select().from(emailOutbox).orderBy(emailOutbox.id)
    expect(rows.map((row) => [row.template, row.status, row.text])).toEqual([
      ['password-reset', 'failed', `Open http://localhost:3000/reset-password/${LINK_SECRET_MASK} now`],
      ['invitation', 'sent', `Open http://localhost:3000/invitations/${LINK_SECRET_MASK} now`],
      ['email-verification', 'failed', `Open http://localhost:3000/verify-email/${LINK_SECRET_MASK} now`],
      ['training-assigned', 'queued', 'Open http://localhost:3000/training/intro-module now'],
    ])
    expect(rows[0].html).toBe(`<a href="http://localhost:3000/reset-password/${LINK_SECRET_MASK}">open</a>`)
    expect(rows[0].lastError).toMatch(/Ask for a new one/)
    expect(rows[1].lastError).toBeNull()
  })
})

describe('a provider outage', () => {
  it('loses nothing, backs off, then sends each email once through two instances, every send with its idempotency key', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = new Date('2026-05-01T10:00:00Z').getTime()
    vi.setSystemTime(start)
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const reset = await queueResetLink('ana@agency.example')
    for (let index = 0; index < 5; index++) await queue(`officer${index}@agency.example`)
    const first = createEmailWorker({ provider: resend(), baseDelayMs: 30_000 })
    const second = createEmailWorker({ provider: resend(), baseDelayMs: 30_000 })
    const bothPoll = () => Promise.all([first.processDue(), second.processDue()])

    // Down for five minutes while both instances poll every ten seconds.
    fake.down()
    for (let elapsed = 0; elapsed < 300; elapsed += 10) {
      vi.setSystemTime(start + elapsed * 1000)
      await bothPoll()
    }
    let rows = await db.select().from(emailOutbox).orderBy(emailOutbox.id)
    expect(fake.received).toEqual([])
    // Tried at 0, 30, 90 and 210 s (30 s, then doubled), not at every poll; next at 450 s.
    expect(rows.map((row) => [row.status, row.attempts, row.nextAttemptAt.getTime() - start])).toEqual(Array(6).fill(['queued', 4, 450_000]))
    expect(rows.every((row) => /Provider is down/.test(row.lastError ?? ''))).toBe(true)

    fake.up()
    for (let elapsed = 300; elapsed <= 600; elapsed += 10) {
      vi.setSystemTime(start + elapsed * 1000)
      await bothPoll()
    }
    rows = await db.select().from(emailOutbox).orderBy(emailOutbox.id)
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 5 && row.lastError === null)).toBe(true)
    const keys = rows.map((row) => `liaison-outbox-${row.id}`)
    expect(fake.received.map((email) => email.idempotencyKey).sort()).toEqual([...keys].sort())
    // Every send, refused or accepted, carried the key of its row: five per email.
    expect(fake.requests).toHaveLength(30)
    for (const key of keys) expect(fake.requests.filter((request) => request.idempotencyKey === key)).toHaveLength(5)
    // The reset link that finally went out still works.
    const delivered = fake.requests.find((request) => request.status === 200 && request.idempotencyKey === `liaison-outbox-${reset.id}`)
    expect(delivered?.text).toContain(`/reset-password/${reset.token}`)
    expect(await findAuthTokenUser(reset.token, 'password_reset')).toMatchObject({ email: 'ana@agency.example' })
  })
})
