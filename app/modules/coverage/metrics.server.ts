import { and, count, countDistinct, eq, gte, isNotNull, isNull, lt, lte, or, sql, type Column, type SQL } from 'drizzle-orm'
import { agencies, certificates, conferences, engagementAgencies, engagements, presentations, quizAttempts, trainingProgress, users } from '#db/schema'
import { regionCodes, type RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now, today } from '~/lib/clock.server'
import { db as defaultDb, type Executor } from '~/lib/db.server'
import { timestamptz } from '~/lib/sql'
import { lastEngagedExpression, staleCondition } from '~/modules/agencies/agencies.server'
import { metricKeys, previousQuarter, quarterBounds, type MetricKey, type Quarter, type RegionMetrics } from './coverage-schema'

const DAY = 24 * 60 * 60_000

export type MetricsScope = {
  actor: Pick<CurrentUser, 'allRegions' | 'regions'>
  period: Quarter
  region?: RegionCode
  /** The seed computes figures inside its transaction, on the day it seeds. */
  executor?: Executor
  at?: Date
}

/** The regions a dashboard shows: the actor's, narrowed to one by the filter. */
export function visibleRegions({ actor, region }: Pick<MetricsScope, 'actor' | 'region'>): RegionCode[] {
  const mine = actor.allRegions ? [...regionCodes] : regionCodes.filter((code) => actor.regions.includes(code))
  return region ? mine.filter((code) => code === region) : mine
}

function regionCondition(scope: MetricsScope, column: Column): SQL | undefined {
  return and(regionScope(scope.actor, column), scope.region ? eq(column, scope.region) : undefined)
}

const n = (value: SQL) => value.mapWith(Number)

/**
 * Every coverage figure for each region the actor sees, for one quarter. One grouped query per
 * source table (agencies, engagements, presentations, officers, training, quizzes, certificates),
 * run side by side: the cost does not grow with the number of regions.
 *
 * Snapshot figures (agencies, engaged in 90/365 days, never engaged, stale, valid certificates)
 * are as of now, with the same rules as the agency list's filters, so the list a figure links to
 * has exactly that many rows. Period figures count what began within the quarter and has begun by
 * now: a planned engagement counts once its start has passed.
 *
 * Indexes relied on: agencies_active_dates_idx (region, last engaged, next engagement; active
 * agencies), engagements_starts_idx, engagement_agencies pk, presentations_presented_idx,
 * users_agency_idx, training_progress pk, quiz_attempts_user_idx, certificates_user_idx.
 */
export async function regionMetrics(scope: MetricsScope): Promise<Map<RegionCode, RegionMetrics>> {
  const figures = await groupedMetrics(scope, 'region')
  const byRegion = new Map<RegionCode, RegionMetrics>()
  for (const code of visibleRegions(scope)) byRegion.set(code, figures.get(code) ?? emptyMetrics())
  return byRegion
}

/**
 * The same figures per country of the regions in scope (the region drill-down), keyed by the
 * country's code; countries without any figure are absent.
 */
export function countryMetrics(scope: MetricsScope): Promise<Map<string, RegionMetrics>> {
  return groupedMetrics(scope, 'country')
}

async function groupedMetrics(scope: MetricsScope, by: 'region' | 'country'): Promise<Map<string, RegionMetrics>> {
  const agencyKey = by === 'region' ? agencies.regionCode : agencies.countryCode
  const conferenceKey = by === 'region' ? conferences.regionCode : conferences.countryCode
  const at = scope.at ?? now()
  const db = scope.executor ?? defaultDb
  const { start, end } = quarterBounds(scope.period)
  const previous = quarterBounds(previousQuarter(scope.period))
  // Up to the end of today (as the engagement list's `to` day counts), never past the quarter.
  const tomorrow = new Date(`${today(new Date(at.getTime() + DAY))}T00:00:00Z`)
  const until = end.getTime() < tomorrow.getTime() ? end : tomorrow
  const inPeriod = (column: Column) => sql`(${column} >= ${timestamptz(start)} and ${column} < ${timestamptz(until)})`
  const lastEngaged = lastEngagedExpression(at)
  // From the start of the day, as the agency list's engagedAfter filter counts (the figure's link).
  const since = (days: number) => timestamptz(new Date(`${engagedSince(at, days)}T00:00:00Z`))
  const neverEngaged = and(isNull(agencies.lastEngagedAt), or(isNull(agencies.nextEngagementAt), sql`${agencies.nextEngagementAt} > ${timestamptz(at)}`))

  const agencyFigures = db
    .select({
      key: agencyKey,
      agencies: count(),
      priority1: n(sql`count(*) filter (where ${agencies.priority} = 1)`),
      priority2: n(sql`count(*) filter (where ${agencies.priority} = 2)`),
      priority3: n(sql`count(*) filter (where ${agencies.priority} = 3)`),
      engaged90: n(sql`count(*) filter (where ${lastEngaged} >= ${since(90)})`),
      engaged365: n(sql`count(*) filter (where ${lastEngaged} >= ${since(365)})`),
      priority1Never: n(sql`count(*) filter (where ${agencies.priority} = 1 and ${neverEngaged})`),
      priority1Stale: n(sql`count(*) filter (where ${agencies.priority} = 1 and ${staleCondition(at)})`),
    })
    .from(agencies)
    .where(and(isNull(agencies.archivedAt), regionCondition(scope, agencies.regionCode)))
    .groupBy(agencyKey)

  const periodEngagements = db
    .select({
      key: agencyKey,
      engagements: n(sql`count(distinct ${engagements.id}) filter (where ${inPeriod(engagements.startsAt)})`),
      engagementsLastQuarter: n(
        sql`count(distinct ${engagements.id}) filter (where ${engagements.startsAt} >= ${timestamptz(previous.start)} and ${engagements.startsAt} < ${timestamptz(previous.end)})`,
      ),
      // Of the active priority-1 agencies (the share's denominator); engagements count whatever became of their agencies.
      priority1Engaged: n(
        sql`count(distinct ${agencies.id}) filter (where ${inPeriod(engagements.startsAt)} and ${agencies.priority} = 1 and ${agencies.archivedAt} is null)`,
      ),
    })
    .from(engagements)
    .innerJoin(engagementAgencies, eq(engagementAgencies.engagementId, engagements.id))
    .innerJoin(agencies, eq(agencies.id, engagementAgencies.agencyId))
    .where(
      and(
        gte(engagements.startsAt, previous.start),
        lt(engagements.startsAt, end),
        lt(engagements.startsAt, until),
        regionCondition(scope, agencies.regionCode),
      ),
    )
    .groupBy(agencyKey)

  const periodPresentations = db
    .select({
      key: conferenceKey,
      presentations: count(),
      conferencesPresented: countDistinct(presentations.conferenceId),
      audienceReached: n(sql`coalesce(sum(${presentations.audienceSize}), 0)`),
    })
    .from(presentations)
    .innerJoin(conferences, eq(conferences.id, presentations.conferenceId))
    .where(and(inPeriod(presentations.presentedAt), regionCondition(scope, conferences.regionCode)))
    .groupBy(conferenceKey)

  const officerFigures = db
    .select({
      key: agencyKey,
      officersRegistered: n(sql`count(*) filter (where ${inPeriod(users.createdAt)})`),
      officersVerified: n(sql`count(*) filter (where ${users.officerVerification} = 'verified' and ${inPeriod(users.officerVerifiedAt)})`),
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(users.role, 'officer'), regionCondition(scope, agencies.regionCode)))
    .groupBy(agencyKey)

  const trainingFigures = db
    .select({
      key: agencyKey,
      moduleCompletions: count(),
      officersTrained: countDistinct(trainingProgress.userId),
    })
    .from(trainingProgress)
    .innerJoin(users, eq(users.id, trainingProgress.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(isNotNull(trainingProgress.completedAt), inPeriod(trainingProgress.completedAt), regionCondition(scope, agencies.regionCode)))
    .groupBy(agencyKey)

  const quizFigures = db
    .select({
      key: agencyKey,
      quizAttempts: count(),
      quizPasses: n(sql`count(*) filter (where ${quizAttempts.passed})`),
    })
    .from(quizAttempts)
    .innerJoin(users, eq(users.id, quizAttempts.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(inPeriod(quizAttempts.submittedAt), regionCondition(scope, agencies.regionCode)))
    .groupBy(agencyKey)

  const certificateFigures = db
    .select({ key: agencyKey, validCertificates: count() })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        isNull(certificates.revokedAt),
        lte(certificates.issuedAt, at),
        sql`${certificates.expiresAt} > ${timestamptz(at)}`,
        regionCondition(scope, agencies.regionCode),
      ),
    )
    .groupBy(agencyKey)

  const results = await Promise.all([agencyFigures, periodEngagements, periodPresentations, officerFigures, trainingFigures, quizFigures, certificateFigures])
  const grouped = new Map<string, RegionMetrics>()
  for (const rows of results) {
    for (const { key, ...figures } of rows as { key: string }[]) {
      if (!grouped.has(key)) grouped.set(key, emptyMetrics())
      Object.assign(grouped.get(key)!, figures)
    }
  }
  return grouped
}

/** The ISO day `days` before `at`: agencies engaged on or after it count as engaged in the last `days` days. */
export function engagedSince(at: Date, days: number) {
  return today(new Date(at.getTime() - days * DAY))
}

export function emptyMetrics(): RegionMetrics {
  return Object.fromEntries(metricKeys.map((key) => [key, 0])) as RegionMetrics
}

/** The figures of several regions added up (shares are recomputed from the sums). */
export function totalMetrics(rows: Iterable<RegionMetrics>): RegionMetrics {
  const total = emptyMetrics()
  for (const row of rows) for (const key of metricKeys) total[key as MetricKey] += row[key as MetricKey]
  return total
}
