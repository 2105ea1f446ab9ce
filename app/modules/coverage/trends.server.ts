import { and, countDistinct, eq, gte, inArray, isNotNull, lte, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { agencies, engagementAgencies, engagements, trainingProgress, users } from '#db/schema'
import { regionCodes, regionNames, type RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { runInBackground } from '~/lib/background.server'
import { now } from '~/lib/clock.server'
import { db } from '~/lib/db.server'

/**
 * Trends on /coverage: engagements and training completions per month per region.
 *
 * The window is the 12 full calendar months before the current one plus the current month so
 * far (13 months, oldest first), with months in UTC: a month is `YYYY-MM` of the instant in UTC,
 * from its first day 00:00 UTC (inclusive) to the next month's (exclusive). Nothing after "now"
 * counts, so a meeting planned for later this month is not in the current month yet.
 *
 * - Engagements: an engagement that has begun (starts at ≤ now) counts once in the month it
 *   started, in every region one of its agencies is in. An engagement with agencies in two
 *   regions therefore counts once in each, and the region figures do not add up to the number of
 *   engagements (as on /engagements, an engagement belongs to every region of its agencies).
 * - Training completions: a module completion (`training_progress.completed_at`) of an officer,
 *   in the month it was completed, in the region of the officer's agency. Officers without an
 *   agency belong to no region and are not counted.
 *
 * Each series is one grouped query on a range of an indexed timestamp; months without any
 * record are filled in as 0.
 */
export const TREND_MONTH_COUNT = 13

export type TrendSeries = { regionCode: RegionCode; label: string; values: number[] }

export type Trend = {
  /** `YYYY-MM` in UTC, oldest first; the last one is the current month. */
  months: string[]
  /** One series per region in the window, in the fixed region order; `values` align with `months`. */
  series: TrendSeries[]
  /** First instant counted (the first month's first day, 00:00 UTC) and the last ("now"). */
  from: Date
  to: Date
}

export type Trends = { engagements: Trend; completions: Trend }

export type TrendOptions = {
  /** Only these regions (e.g. the page's region filter); always within the actor's regions. */
  regions?: readonly RegionCode[]
  at?: Date
}

/** The first instant of the month `offset` months from the month of `at`, in UTC. */
function monthStartUtc(at: Date, offset = 0) {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1))
}

function monthKey(at: Date) {
  return at.toISOString().slice(0, 7)
}

/** The months of the window, `YYYY-MM` oldest first, and its first instant. */
export function trendWindow(at: Date = now()) {
  const from = monthStartUtc(at, -(TREND_MONTH_COUNT - 1))
  const months = Array.from({ length: TREND_MONTH_COUNT }, (_, index) => monthKey(monthStartUtc(at, index - (TREND_MONTH_COUNT - 1))))
  return { from, to: at, months }
}

/** The regions shown: the actor's (all for head and admin), narrowed by the filter, in the fixed order. */
function shownRegions(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, filter?: readonly RegionCode[]) {
  return regionCodes.filter(
    (code) => (actor.allRegions || actor.regions.includes(code)) && (filter === undefined || filter.length === 0 || filter.includes(code)),
  )
}

/** The month of a timestamp in UTC, whatever the session's time zone. */
function utcMonth(column: AnyColumn) {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM')`
}

function toTrend(window: ReturnType<typeof trendWindow>, regions: RegionCode[], rows: Array<{ regionCode: string; month: string; count: number }>): Trend {
  const position = new Map(window.months.map((month, index) => [month, index]))
  const byRegion = new Map(regions.map((code) => [code as string, Array<number>(window.months.length).fill(0)]))
  for (const row of rows) {
    const index = position.get(row.month)
    const values = byRegion.get(row.regionCode)
    if (index !== undefined && values) values[index] += Number(row.count)
  }
  return {
    months: window.months,
    series: regions.map((code) => ({ regionCode: code, label: regionNames[code], values: byRegion.get(code)! })),
    from: window.from,
    to: window.to,
  }
}

function regionConditions(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, regions: RegionCode[], filter?: readonly RegionCode[]) {
  const conditions: Array<SQL | undefined> = [regionScope(actor, agencies.regionCode)]
  if (filter && filter.length > 0) conditions.push(inArray(agencies.regionCode, regions))
  return conditions
}

/** Engagements per month per region (see the module comment for what counts). */
export async function engagementTrend(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, options: TrendOptions = {}): Promise<Trend> {
  const window = trendWindow(options.at)
  const regions = shownRegions(actor, options.regions)
  if (regions.length === 0) return toTrend(window, regions, [])
  const month = utcMonth(engagements.startsAt)
  const rows = await db
    .select({ regionCode: agencies.regionCode, month, count: countDistinct(engagements.id) })
    .from(engagements)
    .innerJoin(engagementAgencies, eq(engagementAgencies.engagementId, engagements.id))
    .innerJoin(agencies, eq(agencies.id, engagementAgencies.agencyId))
    .where(and(gte(engagements.startsAt, window.from), lte(engagements.startsAt, window.to), ...regionConditions(actor, regions, options.regions)))
    .groupBy(agencies.regionCode, month)
  return toTrend(window, regions, rows)
}

/** Module completions per month per region of the officer's agency (see the module comment). */
export async function completionTrend(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, options: TrendOptions = {}): Promise<Trend> {
  const window = trendWindow(options.at)
  const regions = shownRegions(actor, options.regions)
  if (regions.length === 0) return toTrend(window, regions, [])
  const month = utcMonth(trainingProgress.completedAt)
  const rows = await db
    .select({ regionCode: agencies.regionCode, month, count: sql<number>`count(*)::int` })
    .from(trainingProgress)
    .innerJoin(users, eq(users.id, trainingProgress.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        isNotNull(trainingProgress.completedAt),
        gte(trainingProgress.completedAt, window.from),
        lte(trainingProgress.completedAt, window.to),
        ...regionConditions(actor, regions, options.regions),
      ),
    )
    .groupBy(agencies.regionCode, month)
  return toTrend(window, regions, rows)
}

/** Both trends for the same instant (the page's "now"), queried side by side. */
export async function getTrends(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, options: TrendOptions = {}): Promise<Trends> {
  const at = options.at ?? now()
  const [engagementSeries, completionSeries] = await Promise.all([engagementTrend(actor, { ...options, at }), completionTrend(actor, { ...options, at })])
  return { engagements: engagementSeries, completions: completionSeries }
}

/**
 * How old the trends on /coverage may be: they come from a snapshot of every region taken in
 * this process, so that a busy page does not run the two grouped queries (hundreds of
 * milliseconds at QUALITY.md scale) on every request. A snapshot older than this is retaken by
 * the next request while the readers meanwhile get the previous one, so a new engagement or
 * completion shows within this time plus the time to take a snapshot (under a second). The page
 * says "as of" the snapshot's instant.
 */
export const TRENDS_MAX_AGE_MS = 60_000

type TrendSnapshot = { takenAt: Date; firstMonth: string; trends: Trends }
/** The latest snapshot taken, and the one being taken (shared by every request that needs it). */
let latest: TrendSnapshot | undefined
let taking: { firstMonth: string; snapshot: Promise<TrendSnapshot> } | undefined
/** Bumped when the snapshots are dropped, so that one being taken then is not kept. */
let generation = 0

const everyRegion = { allRegions: true, regions: [...regionCodes] }

function takeSnapshot(at: Date, firstMonth: string) {
  const snapshot = getTrends(everyRegion, { at }).then((trends) => ({ takenAt: at, firstMonth, trends }))
  const current = { firstMonth, snapshot }
  const takenIn = generation
  taking = current
  snapshot.then(
    (taken) => {
      if (takenIn === generation && (!latest || latest.takenAt.getTime() <= taken.takenAt.getTime())) latest = taken
    },
    () => undefined,
  )
  const done = () => {
    if (taking === current) taking = undefined
  }
  snapshot.then(done, done)
  // Counted as background work, so that a graceful shutdown (and a test's end) waits for it.
  runInBackground('trend snapshot', () => snapshot)
  return snapshot
}

function inRegions(trend: Trend, regions: readonly RegionCode[]): Trend {
  return { ...trend, series: trend.series.filter((series) => regions.includes(series.regionCode)) }
}

/**
 * The trends the actor may see (their regions, narrowed by the filter, the regionScope rule
 * applied to the snapshot's series), with the snapshot's instant. A snapshot older than
 * TRENDS_MAX_AGE_MS is retaken in the background; when a new month has begun (or there is no
 * snapshot yet) the request waits for the new one.
 */
export async function recentTrends(
  actor: Pick<CurrentUser, 'allRegions' | 'regions'>,
  options: Pick<TrendOptions, 'regions'> = {},
): Promise<Trends & { asOf: Date }> {
  const at = now()
  const firstMonth = trendWindow(at).months[0]
  const usable = latest?.firstMonth === firstMonth ? latest : undefined
  let snapshot = usable
  if (!usable || at.getTime() - usable.takenAt.getTime() >= TRENDS_MAX_AGE_MS) {
    const inFlight = taking?.firstMonth === firstMonth ? taking.snapshot : takeSnapshot(at, firstMonth)
    if (!usable) snapshot = await inFlight
  }
  const { trends, takenAt } = snapshot!
  const regions = shownRegions(actor, options.regions)
  return { engagements: inRegions(trends.engagements, regions), completions: inRegions(trends.completions, regions), asOf: takenAt }
}

/** Drops the snapshots (tests start from empty tables, and so from no snapshot). */
export function forgetTrendSnapshot() {
  generation += 1
  latest = undefined
  taking = undefined
}
