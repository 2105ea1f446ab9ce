import type { RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { quarterBounds, quarterChoices, quarterLabel, quarterOf, type Quarter } from './coverage-schema'
import { leadActivity, regionTable } from './coverage.server'
import { conferenceFunnels, regionFunnels } from './funnel.server'
import { goalsWithProgress } from './goals.server'
import { countryMetrics, visibleRegions } from './metrics.server'
import { trendCharts } from './trend-charts.server'
import { recentTrends } from './trends.server'
import { worldMapData } from './world-map.server'

/**
 * Everything /coverage shows for a quarter and an optional region, within the actor's regions:
 * the region table with its goals, each lead's quarter, the trends drawn as charts, the world map
 * and the funnels, per region and per conference. The page and the quarterly PDF both read it, so they never disagree.
 */
export async function coverageDashboard({ actor, period, region }: { actor: CurrentUser; period: Quarter; region?: RegionCode }) {
  const at = now()
  const scope = { actor, period, region }
  const [{ metrics, ...table }, leads, countries, trends, funnels, conferences] = await Promise.all([
    regionTable(scope),
    leadActivity(scope),
    countryMetrics(scope),
    recentTrends(actor, { regions: region ? [region] : undefined }),
    regionFunnels({ viewer: actor, period: quarterBounds(period) }),
    conferenceFunnels({ viewer: actor, period: quarterBounds(period), region }),
  ])
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
