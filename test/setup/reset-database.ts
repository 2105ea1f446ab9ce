import { sql } from 'drizzle-orm'
import { db } from '~/lib/db.server'

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
