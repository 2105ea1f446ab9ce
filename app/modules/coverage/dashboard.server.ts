import { max } from 'drizzle-orm'
import { activity } from '#db/schema'
import type { RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { runInBackground } from '~/lib/background.server'
import { now } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import { singleton } from '~/lib/singleton.server'
import { quarterBounds, quarterChoices, quarterLabel, quarterOf, type Quarter } from './coverage-schema'
import { leadActivity, regionTable } from './coverage.server'
import { conferenceFunnels, regionFunnels } from './funnel.server'
import { goalsWithProgress } from './goals.server'
import { countryMetrics, visibleRegions } from './metrics.server'
import { trendCharts } from './trend-charts.server'
import { recentTrends } from './trends.server'
import { worldMapData } from './world-map.server'
import { worldMapMarkup } from './world-map-markup.server'

/**
 * Everything /coverage shows for a quarter and an optional region, within the actor's regions:
 * the region table with its goals, each lead's quarter, the trends drawn as charts, the world map
 * and the funnels, per region and per conference. The page and the quarterly PDF both read it, so they never disagree.
 */
export async function coverageDashboard(
  { actor, period, region }: { actor: CurrentUser; period: Quarter; region?: RegionCode },
  { oneAtATime = false }: { oneAtATime?: boolean } = {},
) {
  const at = now()
  const scope = { actor, period, region }
  const parts = [
    () => regionTable(scope),
    () => leadActivity(scope),
    () => countryMetrics(scope),
    () => recentTrends(actor, { regions: region ? [region] : undefined }),
    () => regionFunnels({ viewer: actor, period: quarterBounds(period) }),
    () => conferenceFunnels({ viewer: actor, period: quarterBounds(period), region }),
  ] as const
  // Side by side when someone waits; one after another for a retake in the background, so that
  // it never fills the process's few database connections ahead of the requests.
  const [{ metrics, ...table }, leads, countries, trends, funnels, conferences] = oneAtATime
    ? [await parts[0](), await parts[1](), await parts[2](), await parts[3](), await parts[4](), await parts[5]()]
    : await Promise.all([parts[0](), parts[1](), parts[2](), parts[3](), parts[4](), parts[5]()])
  const goals = await goalsWithProgress({ ...scope, metrics })
  const map = worldMapData(
    [...countries].map(([code, figures]) => ({
      code,
      agencies: figures.agencies,
      engaged365: figures.engaged365,
      share: figures.agencies ? figures.engaged365 / figures.agencies : 0,
    })),
  )
  return {
    period: quarterLabel(period),
    periods: quarterChoices(quarterOf(at)),
    region: region ?? '',
    regions: visibleRegions({ actor }),
    table,
    goals,
    leads,
    map,
    trends: { charts: trendCharts(trends), asOf: trends.asOf },
    funnels: funnels.filter((funnel) => !region || funnel.regionCode === region),
    conferenceFunnels: conferences,
  }
}

export type CoverageDashboard = Awaited<ReturnType<typeof coverageDashboard>>

/**
 * How old the figures /coverage shows may be. At QUALITY.md scale the dashboard's queries take
 * about a second together (bench/README.md), so the page reads a snapshot per scope (regions,
 * quarter, region filter), kept per process:
 *
 * - Any change made through the app is in the activity log, in the same transaction. The
 *   snapshot remembers the newest activity row it saw; when a newer one is committed (by this
 *   process or another), the next request waits for new figures. So a lead's new engagement
 *   shows on the head's next look.
 * - Otherwise a snapshot older than this is retaken in the background while readers get the
 *   previous one: what changes with time alone (stale agencies, the quarter's progress) or
 *   without an activity row shows within this time plus the time to take one.
 *
 * The page says "as of" the snapshot's instant. Exports and the PDF always compute afresh.
 */
export const DASHBOARD_MAX_AGE_MS = 60_000
const MAX_SNAPSHOTS = 200

type Scope = Parameters<typeof coverageDashboard>[0]
/** What the page shows: the dashboard with the map drawn as markup (`worldMapMarkup`) in place of its data. */
export type DashboardPage = Omit<CoverageDashboard, 'map'> & { mapHtml: string; mappedCountries: number }
type Snapshot = { dashboard: DashboardPage; takenAt: number; activityMark: number }
const snapshots = singleton('coverage-dashboards', () => ({
  kept: new Map<string, Snapshot>(),
  /** The snapshot being taken per scope, for the activity mark it was started at. */
  taking: new Map<string, { mark: number; snapshot: Promise<Snapshot> }>(),
  /** Bumped when the snapshots are dropped, so that one being taken then is not kept. */
  generation: 0,
}))

function scopeKey({ actor, period, region }: Scope) {
  return [actor.allRegions ? '*' : [...actor.regions].sort().join(','), quarterLabel(period), region ?? ''].join('|')
}

/** The newest activity row committed: it moves with every change made through the app. */
async function activityMark() {
  const [row] = await db.select({ id: max(activity.id) }).from(activity)
  return row?.id ?? 0
}

/** Takes the scope's snapshot, or joins the one being taken when it started after the same changes. */
function take(key: string, scope: Scope, mark: number, { background = false } = {}) {
  const { kept, taking } = snapshots
  const inFlight = taking.get(key)
  if (inFlight && inFlight.mark === mark) return inFlight.snapshot
  const generation = snapshots.generation
  const snapshot = coverageDashboard(scope, { oneAtATime: background }).then(({ map, ...rest }) => {
    const dashboard: DashboardPage = { ...rest, mapHtml: worldMapMarkup(map), mappedCountries: map.countries.length }
    const taken = { dashboard, takenAt: dashboard.table.asOf.getTime(), activityMark: mark }
    const newest = kept.get(key)
    if (generation === snapshots.generation && (!newest || newest.activityMark <= mark)) {
      kept.delete(key)
      kept.set(key, taken)
      // The least recently taken go first.
      while (kept.size > MAX_SNAPSHOTS) kept.delete(kept.keys().next().value!)
    }
    return taken
  })
  const entry = { mark, snapshot }
  const done = () => {
    if (taking.get(key) === entry) taking.delete(key)
  }
  snapshot.then(done, done)
  taking.set(key, entry)
  return snapshot
}

/** What /coverage shows, from the scope's snapshot (see DASHBOARD_MAX_AGE_MS). */
export async function recentCoverageDashboard(scope: Scope): Promise<DashboardPage> {
  const key = scopeKey(scope)
  const mark = await activityMark()
  const current = snapshots.kept.get(key)
  if (!current || current.activityMark !== mark) return (await take(key, scope, mark)).dashboard
  if (now().getTime() - current.takenAt >= DASHBOARD_MAX_AGE_MS) runInBackground('coverage snapshot', () => take(key, scope, mark, { background: true }))
  return current.dashboard
}

/** Drops every snapshot (tests start from empty tables). */
export function forgetCoverageDashboards() {
  snapshots.generation += 1
  snapshots.kept.clear()
  snapshots.taking.clear()
}
