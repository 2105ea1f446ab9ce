import { pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { bytea, createdAt } from './columns'
import { users } from './users'

/**
 * A user's personal calendar feed (`/calendar.ics?token=<id>.<secret>`): one per user. The id is
 * a lookup key; only the SHA-256 of the secret is stored, compared in constant time. Rotating
 * replaces the row, revoking deletes it: the old link then answers 404.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  id: text('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretHash: bytea('secret_hash').notNull(),
  createdAt: createdAt(),
})
