import { inArray, sql, type Column, type SQL } from 'drizzle-orm'
import type { CurrentUser } from './guards.server'

/**
 * The region condition a module puts into its WHERE clause: nothing for those who see every
 * region, the user's regions for a lead, and "no rows" for a lead without regions. A record
 * outside it is simply not found.
 */
export function regionScope(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, regionColumn: Column): SQL | undefined {
  if (actor.allRegions) return undefined
  if (actor.regions.length === 0) return sql`false`
  return inArray(regionColumn, actor.regions)
}
