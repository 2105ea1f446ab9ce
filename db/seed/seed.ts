import { count, eq, sql } from 'drizzle-orm'
import { countries, regions, userRegions, users } from '../schema'
import type { Database } from '../../app/lib/db.server'
import { countries as countryList, regions as regionList } from '../schema/vocabulary'
import { demoAccounts } from './demo-accounts'
import { seedCrmDemoWorld } from './demo-world'
import { seedFunnelDemo } from './demo-funnel'
import { seedTrainingDemo } from './demo-training'
import { seedGoalsDemo } from './demo-goals'

/** Regions and countries: reference data every database needs. Safe to run at every start. */
export async function seedReferenceData(db: Database) {
  await db
    .insert(regions)
    .values([...regionList])
    .onConflictDoNothing()
  await db
    .insert(countries)
    .values(countryList.map((country) => ({ code: country.code, name: country.name, regionCode: country.region })))
    .onConflictDoUpdate({ target: countries.code, set: { name: sql`excluded.name`, regionCode: sql`excluded.region_code` } })
}

/**
 * The demo world, seeded only into a database without users, so that it never touches a
 * database someone already works in: the demo accounts, then the CRM world around them
 * (agencies, contacts, conferences, a year of engagements, tasks, the audiences of the talks given
 * and officers who signed up after them), all in one transaction.
 */
export async function seedDemoWorld(db: Database, options: { passwordHash: string; today?: Date }) {
  const [{ total }] = await db.select({ total: count() }).from(users)
  if (total > 0) return false
  await db.transaction(async (tx) => {
    const today = options.today ?? new Date()
    const daysAgo = (days: number) => new Date(today.getTime() - days * 24 * 60 * 60_000)
    const created = await tx
      .insert(users)
      .values(
        demoAccounts.map((account) => {
          const joined = account.officer ? daysAgo(account.officer.joinedDaysAgo) : today
          return {
            email: account.email,
            name: account.name,
            role: account.role,
            status: 'active' as const,
            passwordHash: options.passwordHash,
            emailVerifiedAt: joined,
            officerVerification: account.role === 'officer' ? ('verified' as const) : null,
            createdAt: joined,
            updatedAt: joined,
          }
        }),
      )
      .returning({ id: users.id, email: users.email })
    const idByEmail = new Map(created.map((row) => [row.email, row.id]))
    // Each demo officer was verified by their region's lead two days after signing up.
    for (const account of demoAccounts) {
      if (!account.officer) continue
      const verifiedAt = daysAgo(account.officer.joinedDaysAgo - 2)
      await tx
        .update(users)
        .set({ officerVerifiedById: idByEmail.get(account.officer.verifiedBy), officerVerifiedAt: verifiedAt })
        .where(eq(users.id, idByEmail.get(account.email)!))
    }
    const assignments = demoAccounts.flatMap((account) => account.regions.map((regionCode) => ({ userId: idByEmail.get(account.email)!, regionCode })))
    if (assignments.length) await tx.insert(userRegions).values(assignments)
    await seedCrmDemoWorld(tx, { today })
    await seedTrainingDemo(tx, { today })
    await seedFunnelDemo(tx, { today })
    // Goals last: their targets are paced from the world's own figures.
    await seedGoalsDemo(tx, { today })
  })
  return true
}
