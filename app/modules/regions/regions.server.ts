import { and, asc, count, eq, sql } from 'drizzle-orm'
import { countries, regions, userRegions, users } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { db } from '~/lib/db.server'
import { singleton } from '~/lib/singleton.server'

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
    .orderBy(asc(sql`array_position(array['US','CA','LATAM','EMEA','APAC'], ${regions.code})`))
}

// Countries are reference data that never change while the app runs: read them once.
const allCountries = singleton('country-options', () => ({ promise: undefined as Promise<{ code: string; name: string; regionCode: string }[]> | undefined }))

/** Countries the actor may file records in (all for those who see every region). */
export async function listCountryOptions(actor: Pick<CurrentUser, 'allRegions' | 'regions'>) {
  allCountries.promise ??= db
    .select({ code: countries.code, name: countries.name, regionCode: countries.regionCode })
    .from(countries)
    .orderBy(asc(countries.name))
    .catch((error) => {
      allCountries.promise = undefined
      throw error
    })
  const rows = await allCountries.promise
  return actor.allRegions ? rows : rows.filter((row) => (actor.regions as string[]).includes(row.regionCode))
}

/** The region of a country, or null for an unknown code. */
export async function regionOfCountry(code: string) {
  const [row] = await db.select({ regionCode: countries.regionCode, name: countries.name }).from(countries).where(eq(countries.code, code))
  return row ?? null
}
