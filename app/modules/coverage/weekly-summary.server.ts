import { and, count, eq, gte, lt, isNull, sql } from 'drizzle-orm'
import { agencies, engagementAgencies, engagements, presentations, conferences, trainingProgress, users } from '#db/schema'
import { regionCodes, type RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { db } from '~/lib/db.server'
import { staleCondition } from '~/modules/agencies/agencies.server'
import { quarterOf } from './coverage-schema'
import { goalsWithProgress } from './goals.server'

/**
 * What the global head's Monday digest reports for the week [from, to): engagements and
 * presentations per region, officers verified, modules completed, the quarter's goals behind,
 * and the priority-1 agencies that are stale (DOMAIN.md's rule, `staleCondition`).
 */
export async function weeklySummary(head: Pick<CurrentUser, 'id' | 'email' | 'name' | 'locale'>, from: Date, to: Date) {
  const engagementRows = await db
    .select({ regionCode: agencies.regionCode, total: sql<number>`count(distinct ${engagements.id})`.mapWith(Number) })
    .from(engagements)
    .innerJoin(engagementAgencies, eq(engagementAgencies.engagementId, engagements.id))
    .innerJoin(agencies, eq(agencies.id, engagementAgencies.agencyId))
    .where(and(gte(engagements.startsAt, from), lt(engagements.startsAt, to)))
    .groupBy(agencies.regionCode)
  const presentationRows = await db
    .select({ regionCode: conferences.regionCode, total: count() })
    .from(presentations)
    .innerJoin(conferences, eq(conferences.id, presentations.conferenceId))
    .where(and(gte(presentations.presentedAt, from), lt(presentations.presentedAt, to)))
    .groupBy(conferences.regionCode)
  const [{ verified }] = await db
    .select({ verified: count() })
    .from(users)
    .where(and(eq(users.officerVerification, 'verified'), gte(users.officerVerifiedAt, from), lt(users.officerVerifiedAt, to)))
  const [{ completions }] = await db
    .select({ completions: count() })
    .from(trainingProgress)
    .where(and(gte(trainingProgress.completedAt, from), lt(trainingProgress.completedAt, to)))
  const [{ stale }] = await db
    .select({ stale: count() })
    .from(agencies)
    // The agencies module's one rule for "stale" (DOMAIN.md), as /home, /agencies and /coverage read it.
    .where(and(eq(agencies.priority, 1), isNull(agencies.archivedAt), staleCondition(to)))
  const actor: CurrentUser = {
    ...head,
    timeZone: 'UTC',
    chosenTimeZone: null,
    role: 'global_head',
    agencyId: null,
    officerVerification: null,
    regions: [...regionCodes],
    allRegions: true,
    sessionId: '',
  }
  const goals = await goalsWithProgress({ actor, period: quarterOf(to) })
  const byRegion = (rows: { regionCode: string; total: number }[], code: RegionCode) => rows.find((row) => row.regionCode === code)?.total ?? 0
  return {
    regions: regionCodes.map((code) => ({ code, engagements: byRegion(engagementRows, code), presentations: byRegion(presentationRows, code) })),
    verifiedOfficers: verified,
    completions,
    staleTopPriority: stale,
    goalsBehind: goals
      .filter((goal) => goal.status === 'behind')
      .map((goal) => ({ regionCode: goal.regionCode, label: goal.label, value: goal.value, target: goal.target })),
  }
}
