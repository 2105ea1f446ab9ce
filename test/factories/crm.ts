import { eq } from 'drizzle-orm'
import { agencies, contacts, countries } from '#db/schema'
import { regionCodes, type AgencyKind, type AgencyStatus } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { db } from '~/lib/db.server'
import { refreshAgencySearch } from '~/modules/agencies/agencies.server'

let sequence = 0

export async function createAgency(
  values: {
    name?: string
    countryCode?: string
    kind?: AgencyKind
    status?: AgencyStatus
    city?: string
    tags?: string[]
    emailDomains?: string[]
    ownerId?: string | null
    createdAt?: Date
  } = {},
) {
  sequence += 1
  const countryCode = values.countryCode ?? 'US'
  const [country] = await db.select().from(countries).where(eq(countries.code, countryCode))
  const [agency] = await db
    .insert(agencies)
    .values({
      name: values.name ?? `Test Agency ${sequence}`,
      kind: values.kind ?? 'local',
      countryCode,
      regionCode: country.regionCode,
      city: values.city ?? null,
      status: values.status ?? 'prospect',
      tags: values.tags ?? [],
      emailDomains: values.emailDomains ?? [],
      ownerId: values.ownerId ?? null,
      ...(values.createdAt ? { createdAt: values.createdAt } : {}),
    })
    .returning()
  await refreshAgencySearch(db, [agency.id])
  return agency
}

export async function createContact(agencyId: string, values: { fullName?: string; email?: string | null; isPrimary?: boolean } = {}) {
  sequence += 1
  const [contact] = await db
    .insert(contacts)
    .values({ agencyId, fullName: values.fullName ?? `Contact Person ${sequence}`, email: values.email ?? null, isPrimary: values.isPrimary ?? false })
    .returning()
  await refreshAgencySearch(db, [agencyId])
  return contact
}

/** The CurrentUser a module function expects, for a user row made by createUser. */
export function actorFor(user: { id: string; name: string; email: string; role: CurrentUser['role'] }, regions: CurrentUser['regions'] = []): CurrentUser {
  const allRegions = user.role === 'admin' || user.role === 'global_head'
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    locale: 'en',
    agencyId: null,
    officerVerification: null,
    regions: allRegions ? [...regionCodes] : regions,
    allRegions,
    timeZone: 'UTC',
    chosenTimeZone: null,
    sessionId: 'test-session',
  }
}

export const testMeta = { ip: '203.0.113.10', userAgent: 'vitest' }
