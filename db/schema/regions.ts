import { index, pgTable, text } from 'drizzle-orm/pg-core'

export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
})

/** Every ISO 3166-1 country, each in exactly one region. */
export const countries = pgTable(
  'countries',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
  },
  (table) => [index('countries_region_idx').on(table.regionCode)],
)
