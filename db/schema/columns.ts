import { customType, timestamp } from 'drizzle-orm/pg-core'

/** Timestamps are stored with their time zone and handled as JS Dates (UTC). */
export const timestampTz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const createdAt = () => timestampTz('created_at').notNull().defaultNow()

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value),
})
