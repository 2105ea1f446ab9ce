import { and, asc, count, eq, sql } from 'drizzle-orm'
import { countries, regions, userRegions, users } from '#db/schema'
import { regionCodes } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { canWriteInRegion } from '~/lib/auth/region-access'
import { regionScope } from '~/lib/auth/region-scope.server'
import { db } from '~/lib/db.server'

// The vocabulary's order (US first, not alphabetical), as a Postgres array to sort by.
const regionOrder = sql`array[${sql.join(
  regionCodes.map((code) => sql`${code}`),
  sql`, `,
)}]::text[]`

/** The regions the actor works in, with how many countries and active leads each has. */
export async function listMyRegions(actor: CurrentUser) {
  const countryCounts = db
    .select({ regionCode: countries.regionCode, total: count().as('country_total') })
    .from(countries)
    .groupBy(countries.regionCode)
    .as('country_counts')
  const leadCounts = db
    .select({ regionCode: userRegions.regionCode, total: count().as('lead_total') })
    .from(userRegions)
    .innerJoin(users, and(eq(users.id, userRegions.userId), eq(users.status, 'active'), eq(users.role, 'outreach_lead')))
    .groupBy(userRegions.regionCode)
    .as('lead_counts')
  return db
    .select({
      code: regions.code,
      name: regions.name,
      countries: sql<number>`coalesce(${countryCounts.total}, 0)`.mapWith(Number),
      leads: sql<number>`coalesce(${leadCounts.total}, 0)`.mapWith(Number),
    })
    .from(regions)
    .leftJoin(countryCounts, eq(countryCounts.regionCode, regions.code))
    .leftJoin(leadCounts, eq(leadCounts.regionCode, regions.code))
    .where(regionScope(actor, regions.code))
    .orderBy(asc(sql`array_position(${regionOrder}, ${regions.code})`))
}

/** The region of a country, or null for an unknown code. */
async function regionOfCountry(code: string) {
  const [row] = await db.select({ regionCode: countries.regionCode, name: countries.name }).from(countries).where(eq(countries.code, code))
  return row ?? null
}

/**
 * Where a record filed in a country belongs: its region, or the country field's error when the
 * country is unknown or outside the actor's regions (`records` names what is filed, for the message).
 */
export async function placeInRegion(
  actor: CurrentUser,
  countryCode: string,
  records: string,
): Promise<{ regionCode: string } | { fieldErrors: Record<string, string[]> }> {
  const country = await regionOfCountry(countryCode)
  if (!country) return { fieldErrors: { countryCode: ['Choose a country from the list.'] } }
  if (!canWriteInRegion(actor, country.regionCode)) {
    return { fieldErrors: { countryCode: [`You can file ${records} only in your regions (${actor.regions.join(', ') || 'none'}).`] } }
  }
  return { regionCode: country.regionCode }
}
