import { regionCodes, type RegionCode } from '#db/schema/vocabulary'
import { monthCategories, type ChartData } from '~/components/charts/chart-data'
import { lineChartGeometry } from '~/components/charts/chart-geometry.server'
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

/** The two trend charts of /coverage, drawn on the server for the loader to send (and for the PDF). */
export function trendCharts(trends: Pick<Trends, 'engagements' | 'completions'>) {
  return { engagements: lineChartGeometry(trendChartData(trends.engagements)), completions: lineChartGeometry(trendChartData(trends.completions)) }
}

export type TrendChartsData = ReturnType<typeof trendCharts>
