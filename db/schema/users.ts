import { sql } from 'drizzle-orm'
import { check, index, pgTable, primaryKey, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { createdAt, timestampTz } from './columns'
import { agencies } from './crm'
import { regions } from './regions'
import { locales, officerVerificationStates, roles, userStatuses, type Locale, type OfficerVerification, type Role, type UserStatus } from './vocabulary'

const inList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '))

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Always stored lower-cased; unique. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    status: text('status').$type<UserStatus>().notNull().default('invited'),
    passwordHash: text('password_hash'),
    emailVerifiedAt: timestampTz('email_verified_at'),
    /** The language the user chose; null means none: content follows the browser's Accept-Language. */
    locale: text('locale').$type<Locale>(),
    /** IANA zone the user reads times in; null until the browser reports one or the user picks one. */
    timeZone: text('time_zone'),
    /** Officers: the agency they belong to. */
    agencyId: uuid('agency_id').references((): AnyPgColumn => agencies.id),
    officerVerification: text('officer_verification').$type<OfficerVerification>(),
    officerVerifiedById: uuid('officer_verified_by_id'),
    officerVerifiedAt: timestampTz('officer_verified_at'),
    officerVerificationNote: text('officer_verification_note'),
    lastLoginAt: timestampTz('last_login_at'),
    deactivatedAt: timestampTz('deactivated_at'),
    createdAt: createdAt(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(sql`lower(${table.email})`),
    index('users_role_idx').on(table.role),
    index('users_agency_idx').on(table.agencyId),
    check('users_role_check', sql`${table.role} in (${inList(roles)})`),
    check('users_status_check', sql`${table.status} in (${inList(userStatuses)})`),
    check('users_locale_check', sql`${table.locale} in (${inList(locales)})`),
    check(
      'users_officer_verification_check',
      sql`${table.officerVerification} is null or ${table.officerVerification} in (${inList(officerVerificationStates)})`,
    ),
  ],
)

/** Regions an outreach lead works in. */
export const userRegions = pgTable(
  'user_regions',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
  },
  (table) => [primaryKey({ columns: [table.userId, table.regionCode] })],
)
