import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { seriesStyle } from '~/components/charts/chart-geometry.server'
import { trendChartData, trendCharts } from './trend-charts.server'
import { TrendCharts } from './trend-charts'

const months = ['2026-10', '2026-11', '2026-12']

describe('trendChartData', () => {
  it('keeps a region’s look whichever regions are shown, with months as categories', () => {
    const data = trendChartData({ months, series: [{ regionCode: 'EMEA', label: 'Europe, Middle East and Africa', values: [1, 0, 4] }] })
    expect(data.categories.map((category) => category.label)).toEqual(['October 2026', 'November 2026', 'December 2026'])
    expect(data.series).toEqual([{ key: 'EMEA', label: 'Europe, Middle East and Africa', values: [1, 0, 4], tone: 3 }])
  })
})

describe('TrendCharts', () => {
  const window = { from: new Date('2025-12-01T00:00:00Z'), to: new Date('2026-12-07T21:00:00Z') }
  const charts = trendCharts({
    engagements: { ...window, months, series: [{ regionCode: 'US', label: 'United States', values: [2, 0, 5] }] },
    completions: { ...window, months, series: [{ regionCode: 'US', label: 'United States', values: [0, 9, 1] }] },
  })

  it('draws both trends, each with its own accessible name and figures', () => {
    const html = renderToString(<TrendCharts charts={charts} />)
    expect(html.match(/role="img"/g)).toHaveLength(2)
    expect(html).toMatch(/<title id="[^"]+">Engagements per month<\/title>/)
    expect(html).toMatch(/<title id="[^"]+">Training module completions per month<\/title>/)
    expect(html).toContain('<title>United States, November 2026: 9</title>')
    expect(html).toContain(`fill="${seriesStyle(0).color}"`)
    // Two charts, two distinct ids for their names.
    const ids = [...html.matchAll(/aria-labelledby="([^"]+)"/g)].map(([, value]) => value)
    expect(new Set(ids).size).toBe(2)
    expect(html).not.toContain('As of')
  })

  it('says as of when in UTC', () => {
    const html = renderToString(<TrendCharts charts={charts} asOf={new Date('2026-12-07T21:00:00Z')} />)
    expect(html).toContain('As of <!-- -->December 7, 2026 at 21:00<!-- --> UTC')
  })
})
