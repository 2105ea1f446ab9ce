import { sql } from 'drizzle-orm'
import { boolean, check, date, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, timestampTz } from './columns'
import { countries, regions } from './regions'
import { users } from './users'

import {
  agencyKinds,
  agencyStatuses,
  conferenceAudiences,
  conferenceStatuses,
  engagementKinds,
  taskStatuses,
  type AgencyKind,
  type AgencyStatus,
  type ConferenceAudience,
  type ConferenceStatus,
  type EngagementKind,
  type TaskStatus,
} from './vocabulary'

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '))

export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').$type<AgencyKind>().notNull(),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
    /** Always the region of the country (set with it, in the same statement). */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    subdivision: text('subdivision'),
    city: text('city'),
    website: text('website'),
    /** Organisational email domains, lower-case: officers sign up with these. */
    emailDomains: text('email_domains')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    phone: text('phone'),
    status: text('status').$type<AgencyStatus>().notNull().default('prospect'),
    priority: smallint('priority').notNull().default(2),
    ownerId: uuid('owner_id').references(() => users.id),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text('notes'),
    /** Latest start of an engagement that has begun; kept by the engagements module. */
    lastEngagedAt: timestampTz('last_engaged_at'),
    /** Earliest start of an engagement still to come; rolled into lastEngagedAt when it passes. */
    nextEngagementAt: timestampTz('next_engagement_at'),
    /** Name, city, tags and contacts' names: what the search looks in. */
    searchDocument: text('search_document').notNull().default(''),
    archivedAt: timestampTz('archived_at'),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (table) => [
    check('agencies_kind_check', sql`${table.kind} in (${inList(agencyKinds)})`),
    check('agencies_status_check', sql`${table.status} in (${inList(agencyStatuses)})`),
    check('agencies_priority_check', sql`${table.priority} between 1 and 3`),
    index('agencies_region_name_idx').on(table.regionCode, table.name),
    index('agencies_name_idx').on(table.name),
    index('agencies_country_idx').on(table.countryCode),
    index('agencies_owner_idx').on(table.ownerId),
    index('agencies_status_idx').on(table.status),
    index('agencies_last_engaged_idx').on(table.regionCode, table.lastEngagedAt),
    // Stale lists and counts on /home and the unfiltered list read only these (bench/README.md).
    index('agencies_stale_order_idx')
      .on(table.priority, sql`${table.lastEngagedAt} asc nulls first`, table.name)
      .where(sql`${table.archivedAt} is null`),
    index('agencies_active_dates_idx')
      .on(table.regionCode, table.lastEngagedAt, table.nextEngagementAt)
      .where(sql`${table.archivedAt} is null`),
    index('agencies_next_engagement_idx').on(table.nextEngagementAt),
    // A country's drill-down on /coverage: its active agencies by priority and name, a page at a time.
    index('agencies_country_order_idx')
      .on(table.countryCode, table.priority, table.name, table.id)
      .where(sql`${table.archivedAt} is null`),
    // The tag filter ignores case ("icac" finds "ICAC"); lower_tags() is created in migration 0007.
    index('agencies_tags_lower_idx').using('gin', sql`lower_tags(${table.tags})`),
    index('agencies_email_domains_idx').using('gin', table.emailDomains),
    index('agencies_search_fts_idx').using('gin', sql`to_tsvector('simple', ${table.searchDocument})`),
    index('agencies_search_trgm_idx').using('gin', sql`${table.searchDocument} gin_trgm_ops`),
    index('agencies_name_trgm_idx').using('gin', sql`${table.name} gin_trgm_ops`),
  ],
)

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    fullName: text('full_name').notNull(),
    title: text('title'),
    unit: text('unit'),
    email: text('email'),
    phone: text('phone'),
    preferredLanguage: text('preferred_language'),
    isPrimary: boolean('is_primary').notNull().default(false),
    notes: text('notes'),
    archivedAt: timestampTz('archived_at'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (table) => [
    index('contacts_agency_idx').on(table.agencyId, table.fullName),
    index('contacts_email_idx').on(sql`lower(${table.email})`),
    index('contacts_name_trgm_idx').using('gin', sql`${table.fullName} gin_trgm_ops`),
    // One primary contact per agency, held by the database even when two people save at once.
    uniqueIndex('contacts_one_primary_idx')
      .on(table.agencyId)
      .where(sql`${table.isPrimary}`),
  ],
)

export const conferences = pgTable(
  'conferences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    organiser: text('organiser'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    city: text('city'),
    countryCode: text('country_code')
      .notNull()
      .references(() => countries.code),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    website: text('website'),
    /** IANA zone of the venue: presentation times are entered and shown in it. */
    timeZone: text('time_zone').notNull().default('UTC'),
    registrationDeadline: date('registration_deadline', { mode: 'string' }),
    callForPapersDeadline: date('call_for_papers_deadline', { mode: 'string' }),
    audience: text('audience').$type<ConferenceAudience>().notNull().default('mixed'),
    status: text('status').$type<ConferenceStatus>().notNull().default('considering'),
    expectedAttendance: integer('expected_attendance'),
    notes: text('notes'),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (table) => [
    check('conferences_audience_check', sql`${table.audience} in (${inList(conferenceAudiences)})`),
    check('conferences_status_check', sql`${table.status} in (${inList(conferenceStatuses)})`),
    check('conferences_dates_check', sql`${table.endsOn} >= ${table.startsOn}`),
    index('conferences_starts_idx').on(table.startsOn),
    index('conferences_region_idx').on(table.regionCode, table.startsOn),
  ],
)

export const engagements = pgTable(
  'engagements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<EngagementKind>().notNull(),
    title: text('title').notNull(),
    startsAt: timestampTz('starts_at').notNull(),
    endsAt: timestampTz('ends_at'),
    /** IANA time zone the meeting was planned in, for display. */
    timeZone: text('time_zone').notNull().default('UTC'),
    location: text('location'),
    summary: text('summary'),
    outcome: text('outcome'),
    topics: text('topics')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    conferenceId: uuid('conference_id').references(() => conferences.id),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (table) => [
    check('engagements_kind_check', sql`${table.kind} in (${inList(engagementKinds)})`),
    check('engagements_time_check', sql`${table.endsAt} is null or ${table.endsAt} >= ${table.startsAt}`),
    index('engagements_starts_idx').on(table.startsAt),
    index('engagements_conference_idx').on(table.conferenceId),
    // The outreach funnel of a period reads the meetings held at conferences in it.
    index('engagements_at_conference_starts_idx')
      .on(table.startsAt)
      .where(sql`${table.conferenceId} is not null`),
    // Each lead's quarter on /coverage: the engagements they logged in it.
    index('engagements_created_by_idx').on(table.createdById, table.createdAt),
  ],
)

export const engagementAgencies = pgTable(
  'engagement_agencies',
  {
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
  },
  (table) => [primaryKey({ columns: [table.engagementId, table.agencyId] }), index('engagement_agencies_agency_idx').on(table.agencyId)],
)

export const engagementContacts = pgTable(
  'engagement_contacts',
  {
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
  },
  (table) => [primaryKey({ columns: [table.engagementId, table.contactId] }), index('engagement_contacts_contact_idx').on(table.contactId)],
)

export const engagementStaff = pgTable(
  'engagement_staff',
  {
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (table) => [primaryKey({ columns: [table.engagementId, table.userId] }), index('engagement_staff_user_idx').on(table.userId)],
)

export const presentations = pgTable(
  'presentations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    conferenceId: uuid('conference_id').references(() => conferences.id),
    presentedAt: timestampTz('presented_at').notNull(),
    audienceSize: integer('audience_size'),
    topics: text('topics')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    materialsUrl: text('materials_url'),
    feedbackScore: smallint('feedback_score'),
    notes: text('notes'),
    version: integer('version').notNull().default(1),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (table) => [
    check('presentations_feedback_check', sql`${table.feedbackScore} is null or ${table.feedbackScore} between 1 and 5`),
    index('presentations_conference_idx').on(table.conferenceId),
    index('presentations_presented_idx').on(table.presentedAt),
  ],
)

export const presentationPresenters = pgTable(
  'presentation_presenters',
  {
    presentationId: uuid('presentation_id')
      .notNull()
      .references(() => presentations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (table) => [primaryKey({ columns: [table.presentationId, table.userId] }), index('presentation_presenters_user_idx').on(table.userId)],
)

/** Agencies in a presentation's audience (picked like an engagement's agencies): the first step of the outreach funnel. */
export const presentationAgencies = pgTable(
  'presentation_agencies',
  {
    presentationId: uuid('presentation_id')
      .notNull()
      .references(() => presentations.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
  },
  (table) => [primaryKey({ columns: [table.presentationId, table.agencyId] }), index('presentation_agencies_agency_idx').on(table.agencyId)],
)

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    assigneeId: uuid('assignee_id')
      .notNull()
      .references(() => users.id),
    status: text('status').$type<TaskStatus>().notNull().default('open'),
    agencyId: uuid('agency_id').references(() => agencies.id),
    engagementId: uuid('engagement_id').references(() => engagements.id, { onDelete: 'set null' }),
    notes: text('notes'),
    doneAt: timestampTz('done_at'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (table) => [
    check('tasks_status_check', sql`${table.status} in (${inList(taskStatuses)})`),
    index('tasks_assignee_idx').on(table.assigneeId, table.status, table.dueOn),
    index('tasks_agency_idx').on(table.agencyId, table.status),
    index('tasks_engagement_idx').on(table.engagementId),
  ],
)

export type Agency = typeof agencies.$inferSelect
export type Contact = typeof contacts.$inferSelect
export type Engagement = typeof engagements.$inferSelect
export type Conference = typeof conferences.$inferSelect
export type Presentation = typeof presentations.$inferSelect
export type Task = typeof tasks.$inferSelect
