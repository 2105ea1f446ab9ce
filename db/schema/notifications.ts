import { bigint, boolean, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, timestampTz } from './columns'
import { emailOutbox } from './email'
import { users } from './users'
import type { EmailCategory } from './vocabulary'

/**
 * The ledger of scheduled notifications (ADR 014): one row per kind, recipient and subject (an
 * engagement, a due date, a week). Written in the transaction that queues the email, with
 * ON CONFLICT DO NOTHING: a job run twice, or by two workers at once, queues each email once.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What the notification is about, so that the same one is never sent twice: `<engagement id>`, `<slug>:<due date>`, `2026-W49`. */
    key: text('key').notNull(),
    emailId: bigint('email_id', { mode: 'number' }).references(() => emailOutbox.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('notifications_once').on(table.kind, table.recipientId, table.key),
    index('notifications_recipient_idx').on(table.recipientId, table.createdAt),
  ],
)

/** A user's choice per email category; no row means the category is on. */
export const emailPreferences = pgTable(
  'email_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: text('category').$type<EmailCategory>().notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.category] })],
)
