import type { RegionCode } from '#db/schema/vocabulary'
import { regionCodes } from '#db/schema/vocabulary'
import { LineChart } from '~/components/charts/line-chart'
import { monthCategories, type ChartData } from '~/components/charts/geometry'
import type { Trend, Trends } from './trends.server'

/** A region's tone: its place in the fixed region order, so that it has the same colour, dash and marker on every chart. */
export function regionTone(code: RegionCode) {
  return regionCodes.indexOf(code)
}

/** A trend as chart data: months as categories, a series per region. */
export function trendChartData(trend: Pick<Trend, 'months' | 'series'>): ChartData {
  return {
    categories: monthCategories(trend.months),
    series: trend.series.map((series) => ({ key: series.regionCode, label: series.label, values: series.values, tone: regionTone(series.regionCode) })),
  }
}

/** The two trends of /coverage: engagements and module completions per month per region. */
export function TrendCharts({ trends }: { trends: Pick<Trends, 'engagements' | 'completions'> }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <LineChart title="Engagements per month" valueLabel="Engagements" categoryLabel="Month (UTC)" data={trendChartData(trends.engagements)} />
      <LineChart title="Training module completions per month" valueLabel="Completions" categoryLabel="Month (UTC)" data={trendChartData(trends.completions)} />
    </div>
  )
}
