import { eq } from 'drizzle-orm'
import { agencies, certificates, conferences, engagementAgencies, engagements, presentations, quizAttempts, trainingProgress, users } from '#db/schema'
import { db } from '~/lib/db.server'
import { createAgency } from './crm'
import { createUser } from './users'

/** The dashboard's clock in these worlds: mid-February 2027, inside 2027-Q1. */
export const COVERAGE_NOW = new Date('2027-02-15T12:00:00Z')

const at = (iso: string) => new Date(iso)

async function agency(
  name: string,
  countryCode: string,
  priority: 1 | 2 | 3,
  values: { lastEngagedAt?: string; nextEngagementAt?: string; archived?: boolean } = {},
) {
  const row = await createAgency({ name, countryCode })
  await db
    .update(agencies)
    .set({
      priority,
      lastEngagedAt: values.lastEngagedAt ? at(values.lastEngagedAt) : null,
      nextEngagementAt: values.nextEngagementAt ? at(values.nextEngagementAt) : null,
      archivedAt: values.archived ? at('2027-01-02T00:00:00Z') : null,
      createdAt: at('2025-01-01T00:00:00Z'),
    })
    .where(eq(agencies.id, row.id))
  return row.id
}

async function engagement(title: string, startsAt: string, agencyIds: string[], createdById?: string) {
  const [row] = await db
    .insert(engagements)
    .values({ kind: 'meeting', title, startsAt: at(startsAt), timeZone: 'UTC', createdById: createdById ?? null })
    .returning({ id: engagements.id })
  await db.insert(engagementAgencies).values(agencyIds.map((agencyId) => ({ engagementId: row.id, agencyId })))
  return row.id
}

async function officer(name: string, agencyId: string, createdAt: string, verification: 'pending' | 'verified', verifiedAt?: string) {
  const user = await createUser({ role: 'officer', name })
  await db
    .update(users)
    .set({ agencyId, createdAt: at(createdAt), officerVerification: verification, officerVerifiedAt: verifiedAt ? at(verifiedAt) : null })
    .where(eq(users.id, user.id))
  return user.id
}

async function progress(userId: string, moduleSlug: string, completedAt: string | null) {
  await db.insert(trainingProgress).values({
    userId,
    moduleSlug,
    moduleVersion: 1,
    startedAt: at('2026-10-01T00:00:00Z'),
    completedAt: completedAt ? at(completedAt) : null,
    updatedAt: at('2026-10-01T00:00:00Z'),
  })
}

async function quiz(userId: string, moduleSlug: string, passed: boolean, submittedAt: string) {
  await db.insert(quizAttempts).values({ userId, moduleSlug, moduleVersion: 1, answers: {}, score: passed ? 90 : 40, passed, submittedAt: at(submittedAt) })
}

let certificateSequence = 0
async function certificate(userId: string, moduleSlug: string, issuedAt: string, expiresAt: string, revoked = false) {
  certificateSequence += 1
  await db.insert(certificates).values({
    code: `COV-${certificateSequence}-${userId.slice(0, 6)}`,
    userId,
    moduleSlug,
    moduleVersion: 1,
    moduleTitle: moduleSlug,
    holderName: 'Holder',
    score: 90,
    issuedAt: at(issuedAt),
    expiresAt: at(expiresAt),
    revokedAt: revoked ? at('2027-01-10T00:00:00Z') : null,
  })
}

async function conference(name: string, countryCode: string, regionCode: string) {
  const [row] = await db
    .insert(conferences)
    .values({ name, countryCode, regionCode, startsOn: '2027-01-10', endsOn: '2027-01-12' })
    .returning({ id: conferences.id })
  return row.id
}

async function presentation(conferenceId: string, presentedAt: string, audienceSize: number | null) {
  await db.insert(presentations).values({ title: 'Talk', conferenceId, presentedAt: at(presentedAt), audienceSize })
}

/**
 * A small world whose 2027-Q1 figures are known by counting (as of COVERAGE_NOW):
 *
 * US — agencies: us1 (P1, engaged 1 Feb), us2 (P1, never engaged; a meeting planned for March),
 * us3 (P1, last engaged June 2026: stale), us4 (P2, engaged 10 Jan and 20 Nov 2026), us5 (P1,
 * archived since, engaged 5 Jan: its engagement counts, the agency does not). Engagements: this
 * quarter 3 (1 Feb with us1, 10 Jan with us1 and us4, 5 Jan with us5), last quarter 1; the March
 * meeting has not begun. Presentations: 3 in
 * the quarter at 2 conferences, audience 40 + 10; 1 in the quarter before. Officers: o1 (us1,
 * registered and verified in January), o2 (us4, registered in December, verified in January),
 * o3 (us1, registered in February, pending). Training: o1 completed two modules in February (quiz:
 * a fail then two passes); o2 completed one in December. Certificates: o1 one valid; o2 one
 * revoked and one expired.
 *
 * EMEA — emea1 (NL, P1, engaged 5 Jan), one presentation at an EMEA conference (audience 7).
 */
export async function buildCoverageWorld() {
  const us1 = await agency('US One', 'US', 1, { lastEngagedAt: '2027-02-01T10:00:00Z' })
  const us2 = await agency('US Two', 'US', 1, { nextEngagementAt: '2027-03-10T10:00:00Z' })
  const us3 = await agency('US Three', 'US', 1, { lastEngagedAt: '2026-06-01T10:00:00Z' })
  const us4 = await agency('US Four', 'US', 2, { lastEngagedAt: '2027-01-10T10:00:00Z' })
  const us5 = await agency('US Archived', 'US', 1, { lastEngagedAt: '2027-01-05T10:00:00Z', archived: true })
  const emea1 = await agency('Dutch Police', 'NL', 1, { lastEngagedAt: '2027-01-05T10:00:00Z' })

  await engagement('February meeting', '2027-02-01T10:00:00Z', [us1])
  await engagement('January meeting', '2027-01-10T10:00:00Z', [us1, us4])
  await engagement('November call', '2026-11-20T10:00:00Z', [us4])
  await engagement('Archived agency meeting', '2027-01-05T10:00:00Z', [us5])
  await engagement('Planned March meeting', '2027-03-10T10:00:00Z', [us2])
  await engagement('Dutch meeting', '2027-01-05T10:00:00Z', [emea1])

  const usSummit = await conference('US Summit', 'US', 'US')
  const usForum = await conference('US Forum', 'US', 'US')
  const emeaSummit = await conference('EMEA Summit', 'NL', 'EMEA')
  await presentation(usSummit, '2027-01-11T10:00:00Z', 40)
  await presentation(usSummit, '2027-01-12T10:00:00Z', null)
  await presentation(usSummit, '2026-12-01T10:00:00Z', 100)
  await presentation(usForum, '2027-02-10T10:00:00Z', 10)
  await presentation(emeaSummit, '2027-01-20T10:00:00Z', 7)

  const o1 = await officer('Officer One', us1, '2027-01-20T10:00:00Z', 'verified', '2027-01-21T10:00:00Z')
  const o2 = await officer('Officer Two', us4, '2026-12-01T10:00:00Z', 'verified', '2027-01-03T10:00:00Z')
  const o3 = await officer('Officer Three', us1, '2027-02-01T10:00:00Z', 'pending')
  await progress(o1, 'module-a', '2027-02-02T10:00:00Z')
  await progress(o1, 'module-b', '2027-02-03T10:00:00Z')
  await progress(o2, 'module-a', '2026-12-15T10:00:00Z')
  await progress(o3, 'module-a', null)
  await quiz(o1, 'module-a', false, '2027-02-01T10:00:00Z')
  await quiz(o1, 'module-a', true, '2027-02-02T10:00:00Z')
  await quiz(o1, 'module-b', true, '2027-02-03T10:00:00Z')
  await quiz(o2, 'module-a', true, '2026-12-15T10:00:00Z')
  await certificate(o1, 'module-a', '2027-02-02T10:00:00Z', '2029-02-02T10:00:00Z')
  await certificate(o2, 'module-a', '2026-12-15T10:00:00Z', '2028-12-15T10:00:00Z', true)
  await certificate(o2, 'module-b', '2024-01-01T10:00:00Z', '2026-01-01T10:00:00Z')

  return { agencies: { us1, us2, us3, us4, us5, emea1 }, officers: { o1, o2, o3 } }
}

/** The US figures of buildCoverageWorld for 2027-Q1, counted by hand. */
export const usFigures = {
  agencies: 4,
  priority1: 3,
  priority2: 1,
  priority3: 0,
  engaged90: 2,
  engaged365: 3,
  priority1Never: 1,
  priority1Stale: 2,
  engagements: 3,
  engagementsLastQuarter: 1,
  priority1Engaged: 1,
  presentations: 3,
  conferencesPresented: 2,
  audienceReached: 50,
  officersRegistered: 2,
  officersVerified: 2,
  officersTrained: 1,
  moduleCompletions: 2,
  quizAttempts: 3,
  quizPasses: 2,
  validCertificates: 1,
}
