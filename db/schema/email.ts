import { bigint, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { createdAt, timestampTz } from './columns'

export const emailStatuses = ['queued', 'sending', 'sent', 'failed'] as const
export type EmailStatus = (typeof emailStatuses)[number]

/** Every email the app sends, written in the transaction of the action that causes it. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    /**
     * The token of the message's one-time link, sealed (app/lib/email/link-secret.server.ts);
     * `html` and `text` hold a mask in its place. Cleared once the message is sent or given up.
     */
    linkSecret: text('link_secret'),
    /** Extra headers for the provider: `List-Unsubscribe` and `List-Unsubscribe-Post` of a non-essential email. */
    headers: jsonb('headers').$type<Record<string, string>>(),
    status: text('status').$type<EmailStatus>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestampTz('next_attempt_at').notNull().defaultNow(),
    /** While `sending`: a worker holds the row until then; after it, another may retry. */
    lockedUntil: timestampTz('locked_until'),
    lastError: text('last_error'),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    createdAt: createdAt(),
    sentAt: timestampTz('sent_at'),
  },
  (table) => [
    index('email_outbox_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} in ('queued', 'sending')`),
    index('email_outbox_created_idx').on(table.createdAt),
    index('email_outbox_recipient_idx').on(table.recipient),
  ],
)
