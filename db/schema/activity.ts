import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { timestampTz } from './columns'
import { agencies, conferences, contacts, engagements, presentations } from './crm'
import { users } from './users'

/**
 * One row per change or notable event (`<entity>.<action>`): the timeline of every record and
 * the audit log. Each target kind has its own nullable foreign key.
 */
export const activity = pgTable(
  'activity',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    /** The actor's name when it happened (names change; the log does not). */
    actorName: text('actor_name'),
    happenedAt: timestampTz('happened_at').notNull().defaultNow(),
    ip: text('ip'),
    /** Display name of the target when it happened. */
    targetName: text('target_name'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    userId: uuid('user_id').references(() => users.id),
    agencyId: uuid('agency_id').references(() => agencies.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    engagementId: uuid('engagement_id').references(() => engagements.id, { onDelete: 'set null' }),
    conferenceId: uuid('conference_id').references(() => conferences.id),
    presentationId: uuid('presentation_id').references(() => presentations.id, { onDelete: 'set null' }),
  },
  (table) => [
    index('activity_happened_idx').on(table.happenedAt),
    index('activity_user_idx').on(table.userId, table.happenedAt),
    index('activity_actor_idx').on(table.actorId, table.happenedAt),
    index('activity_name_idx').on(table.name, table.happenedAt),
    index('activity_agency_idx').on(table.agencyId, table.happenedAt),
    index('activity_contact_idx').on(table.contactId, table.happenedAt),
    index('activity_engagement_idx').on(table.engagementId, table.happenedAt),
    index('activity_conference_idx').on(table.conferenceId, table.happenedAt),
    index('activity_presentation_idx').on(table.presentationId, table.happenedAt),
  ],
)
