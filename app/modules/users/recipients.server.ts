import { eq, inArray, sql } from 'drizzle-orm'
import { agencies, userRegions, users } from '#db/schema'
import type { RegionCode } from '#db/schema/vocabulary'
import { db } from '~/lib/db.server'

/** What a notification needs of its recipient: address, name, language and zone (and an officer's agency country). */
export const recipientColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  locale: users.locale,
  timeZone: users.timeZone,
  countryCode: sql<string | null>`(select ${agencies.countryCode} from ${agencies} where ${agencies.id} = ${users.agencyId})`,
}

/** Only active accounts are written to (invited, deactivated: nothing). */
export const isActiveAccount = eq(users.status, 'active')

/**
 * The staff who follow a region's calendar: its outreach leads and every global head. Keyed by
 * region; each recipient once per region.
 */
export async function findRegionStaff(regionCodes: readonly RegionCode[]) {
  if (regionCodes.length === 0) return new Map<RegionCode, Awaited<ReturnType<typeof staffRows>>>()
  const rows = await staffRows()
  const byRegion = new Map<RegionCode, typeof rows>()
  for (const code of regionCodes) {
    byRegion.set(
      code,
      rows.filter((row) => row.role === 'global_head' || row.regions.includes(code)),
    )
  }
  return byRegion
}

async function staffRows() {
  return db
    .select({
      ...recipientColumns,
      role: users.role,
      regions: sql<RegionCode[]>`coalesce((select array_agg(${userRegions.regionCode}) from ${userRegions} where ${userRegions.userId} = ${users.id}), '{}')`,
    })
    .from(users)
    .where(sql`${isActiveAccount} and ${inArray(users.role, ['outreach_lead', 'global_head'])}`)
}

/** Active global heads (the Monday digest). */
export async function findGlobalHeads() {
  return db
    .select(recipientColumns)
    .from(users)
    .where(sql`${isActiveAccount} and ${users.role} = 'global_head'`)
}
