import { getTableName, sql, type Column } from 'drizzle-orm'
import { toStorableText } from './forms/text'

/** Small helpers for building queries safely from what users type. */

/** `text` as an ILIKE pattern that matches it anywhere, with %, _ and \ taken literally. */
export function containsPattern(text: string) {
  return `%${escapeLike(text)}%`
}

/** `text` as an ILIKE pattern that matches values starting with it. */
export function prefixPattern(text: string) {
  return `${escapeLike(text)}%`
}

// NUL and lone surrogates are dropped too: PostgreSQL refuses NUL in any text parameter, so a
// search for "a\0b" would be a 500 rather than no match.
function escapeLike(text: string) {
  return toStorableText(text).replace(/[%_\\]/g, (character) => `\\${character}`)
}

/** Ids in URLs are checked before they reach a uuid column (which would throw). */
export { isUuid } from './uuid'

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
