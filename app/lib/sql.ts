import { getTableName, sql, type Column } from 'drizzle-orm'

/** Small helpers for building queries safely from what users type. */

/** `text` as an ILIKE pattern that matches it anywhere, with %, _ and \ taken literally. */
export function containsPattern(text: string) {
  return `%${text.replace(/[%_\\]/g, (character) => `\\${character}`)}%`
}

/** `text` as an ILIKE pattern that matches values starting with it. */
export function prefixPattern(text: string) {
  return `${text.replace(/[%_\\]/g, (character) => `\\${character}`)}%`
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids in URLs are checked before they reach a uuid column (which would throw). */
export function isUuid(value: string | null | undefined): value is string {
  return typeof value === 'string' && uuidPattern.test(value)
}

/**
 * A column written with its table name. Drizzle leaves columns unqualified in the select list
 * of a one-table query, so a correlated subquery there must name the outer column this way.
 */
export function qualified(column: Column) {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`
}

/**
 * A moment as a SQL timestamptz literal parameter. Raw `sql` templates bypass column mapping,
 * and postgres.js cannot send a Date there (PGlite can), so moments go in as ISO text.
 */
export function timestamptz(moment: Date) {
  return sql`${moment.toISOString()}::timestamptz`
}
