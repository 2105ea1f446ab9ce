import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { createdAt, timestampTz } from './columns'
import { regions } from './regions'
import { users } from './users'

/**
 * A region's target for one quarter on one metric of the coverage list (app/modules/coverage/
 * coverage-schema.ts `goalMetrics`). Progress is computed from the data, never stored.
 */
export const goals = pgTable(
  'goals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    /** The quarter, as in the URL: `2027-Q1`. */
    period: text('period').notNull(),
    metric: text('metric').notNull(),
    target: integer('target').notNull(),
    setById: uuid('set_by_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestampTz('updated_at').notNull().defaultNow(),
  },
  (table) => [
    check('goals_period_check', sql`${table.period} ~ '^[0-9]{4}-Q[1-4]$'`),
    check('goals_target_check', sql`${table.target} >= 0`),
    // One goal per region, quarter and metric: a second is an edit of the first.
    uniqueIndex('goals_region_period_metric_idx').on(table.regionCode, table.period, table.metric),
    index('goals_period_idx').on(table.period),
  ],
)

export type Goal = typeof goals.$inferSelect
