import { asc, eq, sql } from 'drizzle-orm'
import { agencies, presentationAgencies, presentations, trainingProgress, users } from '../schema'
import type { Transaction } from '../../app/lib/db.server'
import { getContentLibrary } from '../../app/lib/content/compile.server'
import { createRandom } from './demo-world'

const DAY = 24 * 60 * 60_000
const SEED = 20261207

const givenNames = [
  'Alex',
  'Jordan',
  'Morgan',
  'Taylor',
  'Casey',
  'Riley',
  'Avery',
  'Quinn',
  'Elena',
  'Marco',
  'Priya',
  'Kenji',
  'Amara',
  'Lucas',
  'Sofia',
  'Noah',
]
const familyNames = [
  'Moreno',
  'Okafor',
  'Lindqvist',
  'Tanaka',
  'Brennan',
  'Haddad',
  'Costa',
  'Novak',
  'Singh',
  'Walsh',
  'Ferreira',
  'Kowalski',
  'Nakamura',
  'Dubois',
]

/**
 * Officers who signed up after a talk reached their agency, so that the outreach funnel tells a
 * story on first start: some talks paid off (sign-ups within weeks, verified, a module done),
 * others did not. Runs after the CRM world and the training demo, on their rows.
 */
export async function seedFunnelDemo(tx: Transaction, options: { today: Date }) {
  const { today } = options
  const random = createRandom(SEED)
  const [template] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, 'officer@police.example'))
  const library = await getContentLibrary()
  const modules = [...library.modules.values()].map((versions) => versions.get('en')).filter((module) => module !== undefined)
  const reaches = await tx
    .select({ presentationId: presentations.id, presentedAt: presentations.presentedAt, agencyId: agencies.id, domains: agencies.emailDomains })
    .from(presentationAgencies)
    .innerJoin(presentations, eq(presentations.id, presentationAgencies.presentationId))
    .innerJoin(agencies, eq(agencies.id, presentationAgencies.agencyId))
    .orderBy(asc(presentations.presentedAt), asc(presentations.title), asc(agencies.name))
  const taken = new Set((await tx.select({ email: sql<string>`lower(${users.email})` }).from(users)).map((row) => row.email))
  // How well each talk landed: the chance that one of its agencies sends officers.
  const pull = new Map<string, number>()
  const officerRows: (typeof users.$inferInsert)[] = []
  const progressRows: (typeof trainingProgress.$inferInsert)[] = []
  for (const reach of reaches) {
    if (!pull.has(reach.presentationId)) pull.set(reach.presentationId, random.pick([0.1, 0.35, 0.6, 0.85]))
    const domain = reach.domains[0]
    if (!domain || !random.chance(pull.get(reach.presentationId)!)) continue
    for (let index = random.int(1, 3); index > 0; index--) {
      const createdAt = new Date(reach.presentedAt.getTime() + random.int(4, 80) * DAY + random.int(8, 18) * 3_600_000)
      if (createdAt.getTime() > today.getTime() - DAY) continue
      const given = random.pick(givenNames)
      const family = random.pick(familyNames)
      const email = `demo.${given}.${family}@${domain}`.toLowerCase()
      if (taken.has(email)) continue
      taken.add(email)
      const verified = random.chance(0.75)
      const id = crypto.randomUUID()
      officerRows.push({
        id,
        email,
        name: `${given} ${family}`,
        role: 'officer',
        status: 'active',
        passwordHash: template?.passwordHash ?? null,
        emailVerifiedAt: createdAt,
        agencyId: reach.agencyId,
        officerVerification: verified ? 'verified' : 'pending',
        officerVerifiedAt: verified ? new Date(createdAt.getTime() + random.int(1, 5) * DAY) : null,
        createdAt,
        updatedAt: createdAt,
      })
      const module = modules.length ? random.pick(modules) : undefined
      const completedAt = new Date(createdAt.getTime() + random.int(7, 40) * DAY)
      if (verified && module && random.chance(0.55) && completedAt.getTime() < today.getTime()) {
        progressRows.push({
          userId: id,
          moduleSlug: module.slug,
          moduleVersion: module.frontmatter.version,
          completedSectionIds: module.sections.map((section) => section.id),
          lastSectionId: module.sections.at(-1)?.id ?? null,
          startedAt: new Date(completedAt.getTime() - 2 * DAY),
          completedAt,
          bestScore: random.int(80, 100),
          updatedAt: completedAt,
        })
      }
    }
  }
  if (officerRows.length) await tx.insert(users).values(officerRows)
  if (progressRows.length) await tx.insert(trainingProgress).values(progressRows)
  return { officers: officerRows.length, completed: progressRows.length }
}
