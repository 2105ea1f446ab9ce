import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { seriesStyle } from '~/components/charts/geometry'
import { TrendCharts, trendChartData } from './trend-charts'

const months = ['2026-10', '2026-11', '2026-12']

describe('trendChartData', () => {
  it('keeps a region’s look whichever regions are shown, with months as categories', () => {
    const data = trendChartData({ months, series: [{ regionCode: 'EMEA', label: 'Europe, Middle East and Africa', values: [1, 0, 4] }] })
    expect(data.categories.map((category) => category.label)).toEqual(['October 2026', 'November 2026', 'December 2026'])
    expect(data.series).toEqual([{ key: 'EMEA', label: 'Europe, Middle East and Africa', values: [1, 0, 4], tone: 3 }])
  })
})

describe('TrendCharts', () => {
  it('draws both trends, each with its own accessible name and figures', () => {
    const engagements = { months, series: [{ regionCode: 'US' as const, label: 'United States', values: [2, 0, 5] }] }
    const completions = { months, series: [{ regionCode: 'US' as const, label: 'United States', values: [0, 9, 1] }] }
    const html = renderToString(
      <TrendCharts
        trends={{ engagements: { ...engagements, from: new Date(), to: new Date() }, completions: { ...completions, from: new Date(), to: new Date() } }}
      />,
    )
    expect(html.match(/role="img"/g)).toHaveLength(2)
    expect(html).toMatch(/<title id="[^"]+">Engagements per month<\/title>/)
    expect(html).toMatch(/<title id="[^"]+">Training module completions per month<\/title>/)
    expect(html).toContain('<title>United States, November 2026: 9</title>')
    expect(html).toContain(`fill="${seriesStyle(0).color}"`)
    // Two charts, two distinct ids for their names.
    const ids = [...html.matchAll(/aria-labelledby="([^"]+)"/g)].map(([, value]) => value)
    expect(new Set(ids).size).toBe(2)
  })
})
