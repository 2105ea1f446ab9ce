import { and, asc, count, countDistinct, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  activity,
  agencies,
  certificates,
  conferences,
  contacts,
  countries,
  engagementAgencies,
  engagements,
  presentationAgencies,
  presentations,
  tasks,
  trainingAssignments,
  trainingProgress,
  users,
} from '#db/schema'
import { seedDemoWorld } from '#db/seed/seed'
import { resetDatabase } from '#test/setup/reset-database'
import { db } from '~/lib/db.server'
import { toPersonName } from '~/lib/forms/text'
import { emailDomainProblem } from '~/modules/agencies/email-domains'

const DAY = 24 * 60 * 60_000
const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$ZGVtby1zYWx0LW9ubHk$ZGVtby1oYXNoLW9ubHktbm90LXJlYWwtcGFzc3dvcmQ'

async function total(query: Promise<Array<{ total: number }>>) {
  const [row] = await query
  return Number(row.total)
}

describe('the demo world', () => {
  it('seeds a living CRM world once, consistent with the reference data', async () => {
    const today = new Date()
    const started = performance.now()
    expect(await seedDemoWorld(db, { passwordHash, today })).toBe(true)
    const seconds = (performance.now() - started) / 1000
    console.info(`[demo-world.test] seeded in ${seconds.toFixed(2)} s`)

    expect(await total(db.select({ total: count() }).from(agencies))).toBeGreaterThanOrEqual(60)
    const regions = await db.selectDistinct({ region: agencies.regionCode }).from(agencies).orderBy(asc(agencies.regionCode))
    expect(regions.map((row) => row.region)).toEqual(['APAC', 'CA', 'EMEA', 'LATAM', 'US'])
    expect(await total(db.select({ total: count() }).from(conferences))).toBeGreaterThanOrEqual(8)
    // Each conference has its venue's zone, and deadlines that close before it starts.
    const conferenceDates = await db
      .select({
        timeZone: conferences.timeZone,
        startsOn: conferences.startsOn,
        registration: conferences.registrationDeadline,
        callForPapers: conferences.callForPapersDeadline,
      })
      .from(conferences)
    for (const row of conferenceDates) {
      expect(row.timeZone).not.toBe('UTC')
      expect(row.callForPapers! < row.registration! && row.registration! < row.startsOn).toBe(true)
    }

    const yearAgo = new Date(today.getTime() - 365 * DAY)
    expect(
      await total(
        db
          .select({ total: count() })
          .from(engagements)
          .where(and(gte(engagements.startsAt, yearAgo), lte(engagements.startsAt, today))),
      ),
    ).toBeGreaterThanOrEqual(200)
    expect(await total(db.select({ total: count() }).from(engagements).where(gt(engagements.startsAt, today)))).toBeGreaterThan(0)

    // Every agency sits in its country's region.
    const misplaced = await db
      .select({ name: agencies.name })
      .from(agencies)
      .innerJoin(countries, eq(countries.code, agencies.countryCode))
      .where(ne(agencies.regionCode, countries.regionCode))
    expect(misplaced).toEqual([])

    // Some agencies were never engaged, some are stale (last engaged more than 180 days ago).
    const cutoff = new Date(today.getTime() - 180 * DAY)
    const never = await total(db.select({ total: count() }).from(agencies).where(isNull(agencies.lastEngagedAt)))
    const stale = await total(
      db
        .select({ total: count() })
        .from(agencies)
        .where(and(isNotNull(agencies.lastEngagedAt), lt(agencies.lastEngagedAt, cutoff))),
    )
    const recent = await total(db.select({ total: count() }).from(agencies).where(gte(agencies.lastEngagedAt, cutoff)))
    expect(never).toBeGreaterThan(0)
    expect(stale).toBeGreaterThan(0)
    expect(recent).toBeGreaterThan(never + stale)
    expect(await total(db.select({ total: count() }).from(agencies).where(isNotNull(agencies.nextEngagementAt)))).toBeGreaterThan(0)

    // Contacts: at most one primary per agency; addresses never reach a real person.
    const primaries = await db
      .select({ agencyId: contacts.agencyId, total: count() })
      .from(contacts)
      .where(eq(contacts.isPrimary, true))
      .groupBy(contacts.agencyId)
      .having(sql`count(*) > 1`)
    expect(primaries).toEqual([])
    const emails = await db.select({ email: contacts.email }).from(contacts).where(isNotNull(contacts.email))
    expect(emails.length).toBeGreaterThan(100)
    const unsafe = emails.map((row) => row.email!).filter((email) => !email.endsWith('.example') && !email.startsWith('demo.'))
    expect(unsafe).toEqual([])

    // Every engagement has an agency and a logged activity; every agency was created.
    const engagementTotal = await total(db.select({ total: count() }).from(engagements))
    expect(await total(db.select({ total: countDistinct(engagementAgencies.engagementId) }).from(engagementAgencies))).toBe(engagementTotal)
    expect(await total(db.select({ total: count() }).from(activity).where(eq(activity.name, 'engagement.logged')))).toBe(engagementTotal)
    expect(await total(db.select({ total: count() }).from(activity).where(eq(activity.name, 'agency.created')))).toBe(
      await total(db.select({ total: count() }).from(agencies)),
    )
    expect(await total(db.select({ total: count() }).from(activity).where(gt(activity.happenedAt, today)))).toBe(0)

    expect(await total(db.select({ total: count() }).from(presentations))).toBeGreaterThanOrEqual(8)
    const taskTotal = await total(db.select({ total: count() }).from(tasks))
    expect(taskTotal).toBeGreaterThanOrEqual(40)
    expect(
      await total(
        db
          .select({ total: count() })
          .from(tasks)
          .where(and(eq(tasks.status, 'open'), lt(tasks.dueOn, today.toISOString().slice(0, 10)))),
      ),
    ).toBeGreaterThan(0)

    // The demo officers belong to an agency; their addresses are unchanged.
    const officers = await db.select({ email: users.email, agencyId: users.agencyId }).from(users).where(eq(users.role, 'officer')).orderBy(asc(users.email))
    expect(officers.map((officer) => officer.email)).toEqual(
      expect.arrayContaining(['demo.jamie.cole@fbi.gov', 'officer2@police.example', 'officer@police.example']),
    )
    expect(officers.every((officer) => officer.agencyId)).toBe(true)
    // The officers who signed up after a talk have made-up addresses on their agency's domain.
    expect(
      officers.filter((officer) => !['officer2@police.example', 'officer@police.example'].includes(officer.email) && !officer.email.startsWith('demo.')),
    ).toEqual([])

    // The outreach funnel tells a story: talks reached agencies, and some of their officers signed
    // up within 90 days, were verified and completed a module; conferences differ.
    const funnel = await db
      .select({
        conferenceId: presentations.conferenceId,
        reached: countDistinct(presentationAgencies.agencyId),
        signedUp: countDistinct(users.id),
        verified: sql<number>`count(distinct ${users.id}) filter (where ${users.officerVerification} = 'verified')`,
      })
      .from(presentations)
      .innerJoin(presentationAgencies, eq(presentationAgencies.presentationId, presentations.id))
      .leftJoin(
        users,
        and(
          eq(users.agencyId, presentationAgencies.agencyId),
          eq(users.role, 'officer'),
          gte(users.createdAt, presentations.presentedAt),
          lte(users.createdAt, sql`${presentations.presentedAt} + interval '90 days'`),
        ),
      )
      .groupBy(presentations.conferenceId)
    expect(funnel.length).toBeGreaterThanOrEqual(5)
    expect(funnel.every((row) => Number(row.reached) > 0)).toBe(true)
    const signedUp = funnel.map((row) => Number(row.signedUp))
    expect(signedUp.reduce((sum, value) => sum + value, 0)).toBeGreaterThanOrEqual(10)
    expect(Math.max(...signedUp)).toBeGreaterThan(Math.min(...signedUp))
    expect(funnel.some((row) => Number(row.verified) > 0 && Number(row.verified) < Number(row.signedUp))).toBe(true)
    expect(await total(db.select({ total: count() }).from(trainingProgress).where(isNotNull(trainingProgress.completedAt)))).toBeGreaterThan(5)

    // Every name and agency domain of the demo world passes the forms' rules as it is.
    const people = [
      ...(await db.select({ name: users.name }).from(users)).map((row) => row.name),
      ...(await db.select({ name: contacts.fullName }).from(contacts)).map((row) => row.name),
    ]
    expect(people.length).toBeGreaterThan(100)
    expect(people.filter((name) => toPersonName(name) !== name)).toEqual([])
    const domains = (await db.select({ domains: agencies.emailDomains }).from(agencies)).flatMap((row) => row.domains)
    expect(domains.filter((domain) => emailDomainProblem(domain) !== null)).toEqual([])

    // A second start changes nothing.
    const before = { agencies: await total(db.select({ total: count() }).from(agencies)), engagements: engagementTotal, tasks: taskTotal }
    expect(await seedDemoWorld(db, { passwordHash, today })).toBe(false)
    expect({
      agencies: await total(db.select({ total: count() }).from(agencies)),
      engagements: await total(db.select({ total: count() }).from(engagements)),
      tasks: await total(db.select({ total: count() }).from(tasks)),
    }).toEqual(before)
  })

  it('gives the demo officers training under way, a certificate and an overdue assignment', async () => {
    await seedDemoWorld(db, { passwordHash: 'not-a-real-hash', today: new Date('2026-11-20T12:00:00Z') })
    const progress = await db.select().from(trainingProgress)
    expect(progress.filter((row) => row.completedAt === null).length).toBeGreaterThanOrEqual(1)
    expect(progress.filter((row) => row.completedAt !== null).length).toBeGreaterThanOrEqual(1)
    const [certificate] = await db.select().from(certificates)
    expect(certificate).toMatchObject({ holderName: 'Rafael Osorio', revokedAt: null })
    const assignments = await db.select().from(trainingAssignments)
    expect(assignments.some((row) => row.dueOn! < '2026-11-20')).toBe(true)
    // Each demo officer joined before their first training activity and was verified by their region's lead.
    const officers = await db
      .select()
      .from(users)
      .where(inArray(users.email, ['officer@police.example', 'officer2@police.example']))
    expect(officers).toHaveLength(2)
    for (const officer of officers) {
      const first = Math.min(
        ...progress.filter((row) => row.userId === officer.id).map((row) => row.startedAt.getTime()),
        ...assignments.filter((row) => row.userId === officer.id).map((row) => row.assignedAt.getTime()),
      )
      expect(officer.createdAt.getTime(), officer.name).toBeLessThan(first)
      expect(officer.officerVerifiedAt!.getTime(), officer.name).toBeGreaterThan(officer.createdAt.getTime())
      const [verifier] = await db.select().from(users).where(eq(users.id, officer.officerVerifiedById!))
      expect(verifier.role, officer.name).toBe('outreach_lead')
    }
  })

  it('is the same world on every fresh start', async () => {
    const today = new Date('2026-03-10T12:00:00Z')
    const snapshot = async () => ({
      agencies: await db
        .select({ name: agencies.name, status: agencies.status, priority: agencies.priority, tags: agencies.tags })
        .from(agencies)
        .orderBy(asc(agencies.name)),
      contacts: (await db.select({ name: contacts.fullName }).from(contacts).orderBy(asc(contacts.fullName))).map((row) => row.name),
      engagements: (
        await db
          .select({ title: engagements.title, startsAt: engagements.startsAt })
          .from(engagements)
          .orderBy(asc(engagements.startsAt), asc(engagements.title))
      ).map((row) => `${row.startsAt.toISOString()} ${row.title}`),
    })
    await seedDemoWorld(db, { passwordHash, today })
    const first = await snapshot()
    await resetDatabase()
    await seedDemoWorld(db, { passwordHash, today })
    expect(await snapshot()).toEqual(first)
  })
})
