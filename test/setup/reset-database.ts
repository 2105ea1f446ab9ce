import { sql } from 'drizzle-orm'
import { databaseKind, db } from '~/lib/db.server'

const keep = new Set(['regions', 'countries', '__drizzle_migrations'])
let tables: string[] | undefined

/** Empties every table but the reference data, between tests. */
export async function resetDatabase() {
  if (!tables) {
    const result = await db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public'`)
    const rows = (Array.isArray(result) ? result : (result as unknown as { rows: { tablename: string }[] }).rows) as { tablename: string }[]
    tables = rows.map((row) => row.tablename).filter((name) => !keep.has(name))
  }
  if (tables.length) await db.execute(sql.raw(`truncate ${tables.map((name) => `"${name}"`).join(', ')} restart identity cascade`))
}

/**
 * The embedded PGlite runs in this process and so reads the test's clock. When a test moves
 * `Date` ahead (vi.setSystemTime), Postgres dates its pending statistics, and the idle timer
 * that flushes them, at that future moment. Back on the real clock, it asks for a timer months
 * long, which Node cannot hold: Node warns (TimeoutOverflowWarning), fires it after 1 ms, and
 * Postgres asks again, for the rest of the worker. Flushing the statistics now, at the real time,
 * cancels that timer. A Postgres server keeps its own clock, so it needs nothing.
 */
export async function resetDatabaseClock() {
  if (databaseKind === 'pglite') await db.execute(sql`select pg_stat_force_next_flush()`)
}
