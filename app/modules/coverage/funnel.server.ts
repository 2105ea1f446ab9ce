import { and, eq, gte, inArray, isNotNull, lt, lte, ne, sql, type Column, type SQL } from 'drizzle-orm'
import { unionAll } from 'drizzle-orm/pg-core'
import { agencies, conferences, engagementAgencies, engagements, presentationAgencies, presentations, trainingProgress, users } from '#db/schema'
import { regionCodes, type RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import { emptyFunnel, FUNNEL_WINDOW_DAYS, type FunnelCounts } from './funnel-steps'

/*
 * The outreach funnel: did presenting pay off? Each step is a distinct count.
 *
 * 1. Presentations: presentations given (their `presentedAt` has passed).
 * 2. Agencies reached: the agencies in a presentation's audience, reached at its `presentedAt`;
 *    and the agencies of an engagement logged at a conference, reached at the engagement's
 *    `startsAt` (only once it has begun). One agency reached several times counts once.
 * 3. Officers signed up: officer accounts of a reached agency created (`users.createdAt`, the
 *    moment they signed up or were invited; a pending invitation does not count) at or after a
 *    moment their agency was reached and at most 90 days later (exactly 90 days still counts).
 * 4. Verified: those of step 3 whose officer account is verified now.
 * 5. Completed a module: those of step 3 who have completed at least one training module.
 *
 * Per conference: the presentations given at it, the agencies reached at it. Per region and
 * period [start, end): the presentations given in the period at a conference of the region or
 * to an audience with an agency of the region; the agencies of the region reached in the period.
 * The 90-day window follows each reach, so an officer may sign up after the period ends.
 *
 * Region scope: a lead gets only their regions' funnels, and counts only agencies (and so
 * officers) of their regions, as "Agencies met here" on a conference's page shows them.
 */

type Viewer = Pick<CurrentUser, 'allRegions' | 'regions'>
export type FunnelPeriod = { start: Date; end: Date }

/** Each moment an agency was reached, and at which conference, from the two sources, before `at`. */
function reaches(at: Date, filter: { conferenceIds?: string[]; period?: FunnelPeriod }) {
  const within = (moment: Column, conference: Column) =>
    and(
      lte(moment, at),
      filter.conferenceIds ? inArray(conference, filter.conferenceIds) : undefined,
      filter.period ? and(gte(moment, filter.period.start), lt(moment, filter.period.end)) : undefined,
    )
  return unionAll(
    db
      .select({
        agencyId: presentationAgencies.agencyId,
        conferenceId: sql<string | null>`${presentations.conferenceId}`.as('conference_id'),
        reachedAt: sql<Date>`${presentations.presentedAt}`.as('reached_at'),
      })
      .from(presentationAgencies)
      .innerJoin(presentations, eq(presentations.id, presentationAgencies.presentationId))
      .where(within(presentations.presentedAt, presentations.conferenceId)),
    db
      .select({
        agencyId: engagementAgencies.agencyId,
        conferenceId: sql<string | null>`${engagements.conferenceId}`.as('conference_id'),
        reachedAt: sql<Date>`${engagements.startsAt}`.as('reached_at'),
      })
      .from(engagementAgencies)
      .innerJoin(engagements, eq(engagements.id, engagementAgencies.engagementId))
      .where(and(isNotNull(engagements.conferenceId), within(engagements.startsAt, engagements.conferenceId))),
  ).as('reach')
}

const countDistinct = (column: Column, filter?: SQL) =>
  filter ? sql<number>`(count(distinct ${column}) filter (where ${filter}))::int` : sql<number>`(count(distinct ${column}))::int`

/** Steps 2 to 5 for the reaches given, grouped by the agency's region or by the conference. */
function reachedCounts(viewer: Viewer, reach: ReturnType<typeof reaches>, by: 'region' | 'conference' = 'region') {
  const key = by === 'region' ? agencies.regionCode : reach.conferenceId
  const completedAny = sql`exists (select 1 from ${trainingProgress} where ${trainingProgress.userId} = ${users.id} and ${trainingProgress.completedAt} is not null)`
  return db
    .select({
      key: sql<string>`${key}`,
      agencies: countDistinct(agencies.id),
      signedUp: countDistinct(users.id),
      verified: countDistinct(users.id, sql`${users.officerVerification} = 'verified'`),
      completed: countDistinct(users.id, completedAny),
    })
    .from(reach)
    .innerJoin(agencies, eq(agencies.id, reach.agencyId))
    .leftJoin(
      users,
      and(
        eq(users.agencyId, agencies.id),
        eq(users.role, 'officer'),
        ne(users.status, 'invited'),
        gte(users.createdAt, reach.reachedAt),
        lte(users.createdAt, sql`${reach.reachedAt} + make_interval(days => ${FUNNEL_WINDOW_DAYS})`),
      ),
    )
    .where(regionScope(viewer, agencies.regionCode))
    .groupBy(key)
}

/** The funnel of one conference, as the viewer may see it (agencies of their regions only). */
export async function conferenceFunnel({ viewer, conferenceId }: { viewer: Viewer; conferenceId: string }): Promise<FunnelCounts> {
  const at = now()
  const [[given], byRegion] = await Promise.all([
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(presentations)
      .where(and(eq(presentations.conferenceId, conferenceId), lte(presentations.presentedAt, at))),
    reachedCounts(viewer, reaches(at, { conferenceIds: [conferenceId] })),
  ])
  // An agency belongs to one region, so the regions' counts add up without double counting.
  const counts = { ...emptyFunnel, presentations: given.total }
  for (const row of byRegion) {
    counts.agencies += row.agencies
    counts.signedUp += row.signedUp
    counts.verified += row.verified
    counts.completed += row.completed
  }
  return counts
}

/** The funnel of each region the viewer sees, for presentations and reaches in the period. */
export async function regionFunnels({ viewer, period }: { viewer: Viewer; period: FunnelPeriod }): Promise<{ regionCode: RegionCode; counts: FunnelCounts }[]> {
  const at = now()
  const inPeriod = and(lte(presentations.presentedAt, at), gte(presentations.presentedAt, period.start), lt(presentations.presentedAt, period.end))
  const presentationRegions = unionAll(
    db
      .select({ presentationId: presentations.id, regionCode: sql<string>`${conferences.regionCode}`.as('region_code') })
      .from(presentations)
      .innerJoin(conferences, eq(conferences.id, presentations.conferenceId))
      .where(inPeriod),
    db
      .select({ presentationId: presentations.id, regionCode: sql<string>`${agencies.regionCode}`.as('region_code') })
      .from(presentations)
      .innerJoin(presentationAgencies, eq(presentationAgencies.presentationId, presentations.id))
      .innerJoin(agencies, eq(agencies.id, presentationAgencies.agencyId))
      .where(inPeriod),
  ).as('presentation_regions')
  const [given, reached] = await Promise.all([
    db
      .select({ regionCode: presentationRegions.regionCode, total: sql<number>`(count(distinct ${presentationRegions.presentationId}))::int` })
      .from(presentationRegions)
      .where(viewer.allRegions ? undefined : inArray(presentationRegions.regionCode, [...viewer.regions, '']))
      .groupBy(presentationRegions.regionCode),
    reachedCounts(viewer, reaches(at, { period })),
  ])
  const visible = viewer.allRegions ? regionCodes : regionCodes.filter((code) => (viewer.regions as string[]).includes(code))
  return visible.map((regionCode) => {
    const row = reached.find((candidate) => candidate.key === regionCode)
    return {
      regionCode,
      counts: {
        presentations: given.find((candidate) => candidate.regionCode === regionCode)?.total ?? 0,
        agencies: row?.agencies ?? 0,
        signedUp: row?.signedUp ?? 0,
        verified: row?.verified ?? 0,
        completed: row?.completed ?? 0,
      },
    }
  })
}

export type ConferenceFunnel = { id: string; name: string; regionCode: RegionCode; startsOn: string; counts: FunnelCounts }

/**
 * The funnel of each conference the viewer sees (of their regions, or of `region`) where a
 * presentation was given in the period: did that conference pay off? Each conference's counts
 * are its whole funnel, as its own page shows it. Two grouped queries, however many conferences.
 */
export async function conferenceFunnels({
  viewer,
  period,
  region,
}: {
  viewer: Viewer
  period: FunnelPeriod
  region?: RegionCode
}): Promise<ConferenceFunnel[]> {
  const at = now()
  const given = await db
    .select({
      id: conferences.id,
      name: conferences.name,
      regionCode: conferences.regionCode,
      startsOn: conferences.startsOn,
      total: sql<number>`count(*)::int`,
    })
    .from(presentations)
    .innerJoin(conferences, eq(conferences.id, presentations.conferenceId))
    .where(and(lte(presentations.presentedAt, at), regionScope(viewer, conferences.regionCode), region ? eq(conferences.regionCode, region) : undefined))
    .groupBy(conferences.id)
    .having(sql`bool_or(${and(gte(presentations.presentedAt, period.start), lt(presentations.presentedAt, period.end))})`)
  if (given.length === 0) return []
  const reached = await reachedCounts(viewer, reaches(at, { conferenceIds: given.map((row) => row.id) }), 'conference')
  return given
    .map((row) => {
      const counts = reached.find((candidate) => candidate.key === row.id)
      return {
        id: row.id,
        name: row.name,
        regionCode: row.regionCode as RegionCode,
        startsOn: row.startsOn,
        counts: {
          presentations: row.total,
          agencies: counts?.agencies ?? 0,
          signedUp: counts?.signedUp ?? 0,
          verified: counts?.verified ?? 0,
          completed: counts?.completed ?? 0,
        },
      }
    })
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.name.localeCompare(b.name))
}
