import { index, integer, pgTable, text, uuid, bigint } from 'drizzle-orm/pg-core'
import { bytea, createdAt, timestampTz } from './columns'
import { users } from './users'

/**
 * Sign-in sessions (the Lucia design): the cookie carries `<id>.<secret>`; only the SHA-256
 * of the secret is stored.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: bytea('secret_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastVerifiedAt: timestampTz('last_verified_at').notNull(),
    /** The earlier of the idle and the absolute limit; rows past it are dead. */
    expiresAt: timestampTz('expires_at').notNull(),
    absoluteExpiresAt: timestampTz('absolute_expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (table) => [index('sessions_user_idx').on(table.userId), index('sessions_expires_idx').on(table.expiresAt)],
)

export const authTokenPurposes = ['password_reset', 'invitation', 'email_verification'] as const
export type AuthTokenPurpose = (typeof authTokenPurposes)[number]

/** Single-use tokens sent by email; only the SHA-256 of the token is stored. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose').$type<AuthTokenPurpose>().notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestampTz('expires_at').notNull(),
    usedAt: timestampTz('used_at'),
    createdAt: createdAt(),
  },
  (table) => [index('auth_tokens_user_idx').on(table.userId, table.purpose)],
)

/** Throttling counters, kept in Postgres so that they hold across app instances. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** What is throttled: `login`, `password_reset`, `invitation`, `signup`. */
    action: text('action').notNull(),
    /** `account:<email>` or `ip:<address>`. */
    key: text('key').notNull(),
    attemptedAt: timestampTz('attempted_at').notNull(),
    /** Failed attempts count against sign-in; every request counts for the others. */
    counted: integer('counted').notNull().default(1),
  },
  (table) => [index('login_attempts_key_idx').on(table.action, table.key, table.attemptedAt)],
)
