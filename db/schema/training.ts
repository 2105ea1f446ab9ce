import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { timestampTz } from './columns'
import { users } from './users'

/** An officer's acknowledgement of one version of a guideline. */
export const guidelineAcknowledgements = pgTable(
  'guideline_acknowledgements',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    guidelineSlug: text('guideline_slug').notNull(),
    version: integer('version').notNull(),
    acknowledgedAt: timestampTz('acknowledged_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.guidelineSlug, table.version] }),
    index('guideline_acknowledgements_slug_idx').on(table.guidelineSlug, table.version),
  ],
)

/** A module assigned to an officer by a lead or admin, with a due date. */
export const trainingAssignments = pgTable(
  'training_assignments',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    moduleSlug: text('module_slug').notNull(),
    assignedById: uuid('assigned_by_id').references(() => users.id),
    dueOn: date('due_on', { mode: 'string' }),
    assignedAt: timestampTz('assigned_at').notNull(),
    remindedAt: timestampTz('reminded_at'),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.moduleSlug] }),
    index('training_assignments_module_idx').on(table.moduleSlug),
    // The calendar reads the due dates of the days in view.
    index('training_assignments_due_idx').on(table.dueOn),
  ],
)

/** Where an officer is in a module: sections done, where to resume, completion and best score. */
export const trainingProgress = pgTable(
  'training_progress',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    moduleSlug: text('module_slug').notNull(),
    moduleVersion: integer('module_version').notNull(),
    completedSectionIds: text('completed_section_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    lastSectionId: text('last_section_id'),
    startedAt: timestampTz('started_at').notNull(),
    completedAt: timestampTz('completed_at'),
    bestScore: integer('best_score'),
    updatedAt: timestampTz('updated_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.moduleSlug] }),
    index('training_progress_module_idx').on(table.moduleSlug, table.completedAt),
    // Completions in a date range (coverage trends and figures), read from the index alone.
    index('training_progress_completed_idx')
      .on(table.completedAt, table.userId)
      .where(sql`${table.completedAt} is not null`),
  ],
)

/** Every quiz attempt is kept; answers are graded on the server. */
export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    moduleSlug: text('module_slug').notNull(),
    moduleVersion: integer('module_version').notNull(),
    answers: jsonb('answers').$type<Record<string, string[]>>().notNull(),
    score: integer('score').notNull(),
    passed: boolean('passed').notNull(),
    submittedAt: timestampTz('submitted_at').notNull(),
  },
  (table) => [index('quiz_attempts_user_idx').on(table.userId, table.moduleSlug, table.submittedAt)],
)

/** A verifiable certificate: its short public code is all a verifier needs. */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    moduleSlug: text('module_slug').notNull(),
    moduleVersion: integer('module_version').notNull(),
    /** Snapshots at issue, so that the certificate reads the same later. */
    moduleTitle: text('module_title').notNull(),
    holderName: text('holder_name').notNull(),
    agencyName: text('agency_name'),
    score: integer('score').notNull(),
    issuedAt: timestampTz('issued_at').notNull(),
    expiresAt: timestampTz('expires_at').notNull(),
    revokedAt: timestampTz('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (table) => [uniqueIndex('certificates_code_unique').on(table.code), index('certificates_user_idx').on(table.userId, table.moduleSlug)],
)
