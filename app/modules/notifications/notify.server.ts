import type { ReactElement } from 'react'
import { createElement } from 'react'
import { eq } from 'drizzle-orm'
import { notifications } from '#db/schema'
import type { EmailCategory, Locale } from '#db/schema/vocabulary'
import { now } from '~/lib/clock.server'
import { db, type Executor } from '~/lib/db.server'
import { sendEmail } from '~/lib/email/send.server'
import { NotificationEmail, type NotificationEmailProps } from '~/lib/email/templates/notification-email'
import { env } from '~/lib/env.server'
import { countryLocale } from '~/lib/i18n/country-locale'
import { wantsEmail } from './preferences.server'
import { unsubscribeHeaders, unsubscribeUrl } from './unsubscribe.server'

/** Who a notification goes to: enough to address it, write it in their language and time it in their zone. */
export type Recipient = {
  id: string
  email: string
  name: string
  locale: Locale | null
  timeZone: string | null
  /** The country of an officer's agency: their language until they choose one. */
  countryCode?: string | null
}

/** The language to write to someone in: theirs, else their agency country's, else English. */
export function localeOf(recipient: Pick<Recipient, 'locale' | 'countryCode'>): Locale {
  return recipient.locale ?? countryLocale(recipient.countryCode)
}

export type NotificationKind =
  | 'engagement-reminder'
  | 'task-digest'
  | 'conference-deadline'
  | 'training-due'
  | 'training-overdue'
  | 'certificate-expiring'
  | 'guideline-updated'
  | 'weekly-digest'

export type Notification = {
  kind: NotificationKind
  category: EmailCategory
  recipient: Recipient
  /** What it is about: the same kind, recipient and key are sent once, ever. */
  key: string
  subject: string
  body: Omit<NotificationEmailProps, 'unsubscribeUrl' | 'settingsUrl' | 'locale' | 'name'>
}

/**
 * For an email a person's action sends (a module assigned, a lead's reminder) that belongs to a
 * category: null when the recipient turned the category off, else the unsubscribe link and the
 * headers it goes with.
 */
export async function optionalEmail(executor: Executor, userId: string, category: EmailCategory) {
  if (!(await wantsEmail(executor, userId, category))) return null
  return { unsubscribeUrl: unsubscribeUrl(userId, category), headers: unsubscribeHeaders(userId, category) }
}

export type NotifyOutcome = 'queued' | 'already-sent' | 'opted-out'

/**
 * Queues a notification's email once (ADR 014). The ledger row and the outbox row are written in
 * one transaction, and the ledger's unique (kind, recipient, key) decides: the insert that wins
 * queues the email; a second run, or a second worker at the same moment, inserts nothing and
 * sends nothing. Someone who turned the category off gets nothing (and no ledger row, so turning
 * it on again brings the next one).
 */
export async function notifyOnce(notification: Notification): Promise<NotifyOutcome> {
  const { recipient, category } = notification
  const locale = localeOf(recipient)
  return db.transaction(async (tx) => {
    if (!(await wantsEmail(tx, recipient.id, category))) return 'opted-out'
    const [won] = await tx
      .insert(notifications)
      .values({ kind: notification.kind, recipientId: recipient.id, key: notification.key, createdAt: now() })
      .onConflictDoNothing()
      .returning({ id: notifications.id })
    if (!won) return 'already-sent'
    const body: ReactElement = createElement(NotificationEmail, {
      ...notification.body,
      locale,
      name: recipient.name,
      unsubscribeUrl: unsubscribeUrl(recipient.id, category),
      settingsUrl: `${env.APP_ORIGIN}/settings`,
    })
    const email = await sendEmail(tx, {
      to: recipient.email,
      template: notification.kind,
      subject: notification.subject,
      headers: unsubscribeHeaders(recipient.id, category),
      body,
    })
    await tx.update(notifications).set({ emailId: email.id }).where(eq(notifications.id, won.id))
    return 'queued'
  })
}
