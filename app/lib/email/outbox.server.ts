import { and, asc, eq, getTableColumns, inArray, lt, lte, or, sql } from 'drizzle-orm'
import { emailOutbox } from '#db/schema'
import { now } from '../clock.server'
import { db } from '../db.server'
import { singleton } from '../singleton.server'
import { providerFromEnv, type EmailProvider } from './provider.server'
import { containsPattern } from '../sql'
import { isAuthTokenLive } from '../auth/auth-token.server'
import { LINK_SECRET_MASK, openLinkSecret, revealLinkSecret } from './link-secret.server'

/**
 * The outbox worker (docs/decisions/003): rows are claimed with FOR UPDATE SKIP LOCKED, so
 * any number of app instances can run one and no email is sent twice; failures are retried
 * with exponential backoff and kept for the admin outbox.
 */
export type EmailWorkerOptions = {
  provider: EmailProvider
  batchSize?: number
  /** First retry delay; doubled for each further attempt, up to an hour. */
  baseDelayMs?: number
  maxAttempts?: number
  /** How long a claim holds before another worker may take the row over. */
  lockMs?: number
  pollMs?: number
}

export function retryDelayMs(attempts: number, baseDelayMs: number) {
  return Math.min(baseDelayMs * 2 ** Math.max(0, attempts - 1), 60 * 60_000)
}

export function createEmailWorker(options: EmailWorkerOptions) {
  const { provider, batchSize = 10, baseDelayMs = 30_000, maxAttempts = 8, lockMs = 60_000, pollMs = 2_000 } = options
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined
  let stopped = true

  async function claimDue() {
    const current = now()
    const due = db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(
        or(
          and(eq(emailOutbox.status, 'queued'), lte(emailOutbox.nextAttemptAt, current)),
          and(eq(emailOutbox.status, 'sending'), lt(emailOutbox.lockedUntil, current)),
        ),
      )
      .orderBy(asc(emailOutbox.id))
      .limit(batchSize)
      .for('update', { skipLocked: true })
    return db
      .update(emailOutbox)
      .set({
        status: 'sending',
        attempts: sql`${emailOutbox.attempts} + 1`,
        lockedUntil: new Date(current.getTime() + lockMs),
      })
      .where(inArray(emailOutbox.id, due))
      .returning()
  }

  /** Only the worker whose claim is still current may settle the row. */
  function claimOf(row: typeof emailOutbox.$inferSelect) {
    return and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, 'sending'), eq(emailOutbox.attempts, row.attempts))
  }

  /**
   * The message as the provider gets it: a link's token is opened only now, and only while it
   * can still be used, so that no retry (or a row queued again) sends a dead or revived link.
   */
  async function messageOf(row: typeof emailOutbox.$inferSelect): Promise<{ html: string; text: string } | { refused: string }> {
    if (!row.linkSecret && !row.html.includes(LINK_SECRET_MASK)) return { html: row.html, text: row.text }
    const token = row.linkSecret ? openLinkSecret(row.linkSecret, row.recipient) : null
    if (!token) return { refused: 'Not sent: its link can no longer be read (the app secret changed, or it was sent already). Ask for a new one.' }
    if (!(await isAuthTokenLive(db, token))) return { refused: 'Not sent: its link was used, replaced or expired before it could be sent.' }
    return { html: revealLinkSecret(row.html, token), text: revealLinkSecret(row.text, token) }
  }

  async function deliver(row: typeof emailOutbox.$inferSelect) {
    const mine = claimOf(row)
    const message = await messageOf(row)
    if ('refused' in message) {
      await db.update(emailOutbox).set({ status: 'failed', lastError: message.refused, lockedUntil: null, linkSecret: null }).where(mine)
      console.warn(`[mail] outbox #${row.id} not sent: ${message.refused}`)
      return
    }
    const result = await provider.deliver({ id: row.id, to: row.recipient, subject: row.subject, headers: row.headers, ...message })
    if (result.ok) {
      await db
        .update(emailOutbox)
        .set({
          status: 'sent',
          sentAt: now(),
          provider: result.provider,
          providerMessageId: result.messageId,
          lockedUntil: null,
          lastError: null,
          // The link went out: its token is kept nowhere any more (only its hash, to check it).
          linkSecret: null,
        })
        .where(mine)
      return
    }
    const giveUp = row.attempts >= maxAttempts
    await db
      .update(emailOutbox)
      .set({
        status: giveUp ? 'failed' : 'queued',
        provider: provider.name,
        lastError: result.error.slice(0, 2000),
        lockedUntil: null,
        nextAttemptAt: new Date(now().getTime() + retryDelayMs(row.attempts, baseDelayMs)),
        ...(giveUp ? { linkSecret: null } : {}),
      })
      .where(mine)
    console.warn(`[mail] delivery of outbox #${row.id} failed (attempt ${row.attempts}): ${result.error}`)
  }

  /** Delivers every due email; returns how many deliveries were tried. */
  async function processDue(): Promise<number> {
    let tried = 0
    for (;;) {
      const claimed = await claimDue()
      if (claimed.length === 0) return tried
      await Promise.all(claimed.map(deliver))
      tried += claimed.length
    }
  }

  function runSoon(delayMs: number) {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(async () => {
      if (running) return runSoon(pollMs)
      running = processDue().catch((error) => {
        console.error('[mail] outbox worker error', error)
        return 0
      })
      await running
      running = undefined
      runSoon(pollMs)
    }, delayMs)
    timer.unref?.()
  }

  return {
    processDue,
    start() {
      stopped = false
      runSoon(0)
    },
    /** A new email was queued: look soon rather than at the next poll. */
    nudge() {
      runSoon(100)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}

export type EmailWorker = ReturnType<typeof createEmailWorker>

const state = singleton('email-worker', () => ({ worker: undefined as EmailWorker | undefined }))

export function startEmailWorker() {
  state.worker ??= createEmailWorker({ provider: providerFromEnv() })
  state.worker.start()
  return state.worker
}

export async function stopEmailWorker() {
  await state.worker?.stop()
}

export function nudgeEmailWorker() {
  state.worker?.nudge()
}

export const OUTBOX_PAGE_SIZE = 50

/** The admin outbox: newest first, optionally by status or recipient. */
export async function listOutbox(filters: { status?: string; q?: string; page: number }) {
  const conditions = [
    filters.status ? eq(emailOutbox.status, filters.status as typeof emailOutbox.$inferSelect.status) : undefined,
    filters.q ? sql`${emailOutbox.recipient} ilike ${containsPattern(filters.q)}` : undefined,
  ]
  const where = and(...conditions)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: emailOutbox.id,
        recipient: emailOutbox.recipient,
        template: emailOutbox.template,
        subject: emailOutbox.subject,
        status: emailOutbox.status,
        attempts: emailOutbox.attempts,
        provider: emailOutbox.provider,
        lastError: emailOutbox.lastError,
        nextAttemptAt: emailOutbox.nextAttemptAt,
        createdAt: emailOutbox.createdAt,
        sentAt: emailOutbox.sentAt,
      })
      .from(emailOutbox)
      .where(where)
      .orderBy(sql`${emailOutbox.id} desc`)
      .limit(OUTBOX_PAGE_SIZE)
      .offset((filters.page - 1) * OUTBOX_PAGE_SIZE),
    db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(emailOutbox)
      .where(where),
  ])
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)) }
}

/** One email for the admin: everything but the sealed token of its link (the body shows a mask). */
export async function getOutboxEmail(id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) return null
  const { linkSecret: _sealed, ...shown } = getTableColumns(emailOutbox)
  const [row] = await db.select(shown).from(emailOutbox).where(eq(emailOutbox.id, id))
  return row ?? null
}
