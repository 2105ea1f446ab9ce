import { PDFDocument, rgb } from 'pdf-lib'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BarChart } from './bar-chart'
import { monthCategories, type ChartData } from './chart-data'
import { barChartGeometry, chartPalette, lineChartGeometry, seriesStyle } from './chart-geometry.server'
import { LineChart } from './line-chart'

const data: ChartData = {
  categories: monthCategories(['2025-12', '2026-01', '2026-02', '2026-03']),
  series: [
    { key: 'US', label: 'United States', values: [3, 0, 7, 1200] },
    { key: 'EMEA', label: 'Europe, Middle East and Africa', values: [0, 2, 0, 5] },
  ],
}

const count = (html: string, pattern: RegExp) => html.match(new RegExp(pattern, 'g'))?.length ?? 0

/** The table's body as text cells, row by row (row header first). */
function tableRows(html: string) {
  const body = html.match(/<tbody>(.*)<\/tbody>/)?.[1] ?? ''
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) => cell))
}

function tableHeader(html: string) {
  const head = html.match(/<thead>(.*)<\/thead>/)?.[1] ?? ''
  return [...head.matchAll(/<th[^>]*>(.*?)<\/th>/g)].map(([, cell]) => cell)
}

/** The accessible name and description: the ids aria-labelledby names, and their texts. */
function accessibleName(html: string) {
  const svg = html.match(/<svg class="chart-svg"[^>]*>/)?.[0] ?? ''
  expect(svg).toContain('role="img"')
  const ids = svg.match(/aria-labelledby="([^"]+)"/)?.[1].split(' ') ?? []
  expect(ids).toHaveLength(2)
  const textOf = (tag: string, id: string) => html.match(new RegExp(`<${tag} id="${id}">(.*?)</${tag}>`))?.[1]
  return { title: textOf('title', ids[0]), desc: textOf('desc', ids[1]) }
}

const line = (chart: ChartData = data) =>
  renderToString(<LineChart chart={lineChartGeometry(chart)} title="Engagements per month" valueLabel="Engagements" categoryLabel="Month (UTC)" />)

describe('monthCategories', () => {
  it('names months in English and UTC, with the year under the first month and every January', () => {
    expect(monthCategories(['2025-12', '2026-01', '2026-02'])).toEqual([
      { key: '2025-12', label: 'December 2025', tick: ['Dec', '2025'] },
      { key: '2026-01', label: 'January 2026', tick: ['Jan', '2026'] },
      { key: '2026-02', label: 'February 2026', tick: ['Feb'] },
    ])
  })
})

describe('LineChart', () => {
  it('has an accessible name and a description made from the data', () => {
    const { title, desc } = accessibleName(line())
    expect(title).toBe('Engagements per month')
    expect(desc).toBe(
      'Line chart of 2 series from December 2025 to March 2026. Highest: United States, 1,200 in March 2026. The figures are in the table with the chart.',
    )
  })

  it('draws a line per series and a point per month, each point titled with its figure', () => {
    const html = line()
    expect(count(html, /class="chart-line"/)).toBe(2)
    expect(count(html, /class="chart-point"/)).toBe(8)
    expect(html).toContain('<title>United States, March 2026: 1,200</title>')
    expect(html).toContain('<title>Europe, Middle East and Africa, January 2026: 2</title>')
  })

  it('has axis titles, month ticks and a legend naming every series', () => {
    const html = line()
    expect(html).toContain('>Engagements</text>')
    expect(html).toContain('>Month (UTC)</text>')
    expect(html).toMatch(/<tspan[^>]*>Dec<\/tspan><tspan[^>]*>2025<\/tspan>/)
    const legend = html.match(/<ul class="chart-legend"[^>]*>(.*?)<\/ul>/)?.[1] ?? ''
    expect(count(legend, /<li>/)).toBe(2)
    expect(legend).toContain('United States')
    expect(legend).toContain('Europe, Middle East and Africa')
  })

  it('puts every figure in the table, equal to the data', () => {
    const html = line()
    expect(tableHeader(html)).toEqual(['Month (UTC)', 'United States', 'Europe, Middle East and Africa'])
    expect(tableRows(html)).toEqual([
      ['December 2025', '3', '0'],
      ['January 2026', '0', '2'],
      ['February 2026', '7', '0'],
      ['March 2026', '1,200', '5'],
    ])
    expect(html).toContain('<details class="chart-figures">')
  })

  it('draws an all-zero or empty chart without NaN', () => {
    const zero = line({ categories: data.categories, series: [{ key: 'CA', label: 'Canada', values: [0, 0, 0, 0] }] })
    expect(zero).not.toContain('NaN')
    expect(count(zero, /class="chart-point"/)).toBe(4)
    const empty = line({ categories: data.categories, series: [] })
    expect(empty).not.toContain('NaN')
    expect(empty).not.toContain('chart-legend')
    expect(tableRows(empty)).toEqual([['December 2025'], ['January 2026'], ['February 2026'], ['March 2026']])
  })
})

describe('BarChart', () => {
  const grouped = () =>
    renderToString(<BarChart chart={barChartGeometry(data)} title="Engagements per month" valueLabel="Engagements" categoryLabel="Month (UTC)" figuresOpen />)

  it('draws a bar per series and month, with an accessible name, a legend and the figures', () => {
    const html = grouped()
    expect(count(html, /class="chart-bar"/)).toBe(8)
    expect(accessibleName(html).title).toBe('Engagements per month')
    expect(accessibleName(html).desc).toMatch(/^Grouped bar chart of 2 series/)
    expect(html).toContain('<title>United States, February 2026: 7</title>')
    expect(tableRows(html)[3]).toEqual(['March 2026', '1,200', '5'])
    expect(html).toContain('<details class="chart-figures" open="">')
  })

  it('stacks series on each other, the top of a stack at the total', () => {
    const geometry = barChartGeometry(data, 'stacked')
    const [us, emea] = geometry.series
    for (let index = 0; index < data.categories.length; index++) {
      // EMEA sits on the US bar, and bars of the same month share x and width.
      expect(emea.bars[index].y + emea.bars[index].height).toBeCloseTo(us.bars[index].y, 1)
      expect(emea.bars[index].x).toBe(us.bars[index].x)
    }
    // The tallest stack (March, 1,205) reaches at most the plot's top, and the value axis starts at 0 on the baseline.
    expect(emea.bars[3].y).toBeGreaterThanOrEqual(geometry.plot.top)
    expect(geometry.valueTicks[0]).toMatchObject({ value: 0, y: geometry.plot.bottom })
    const html = renderToString(<BarChart chart={geometry} title="Stacked" valueLabel="Engagements" categoryLabel="Month (UTC)" />)
    expect(count(html, /class="chart-bar"/)).toBe(8)
    expect(accessibleName(html).desc).toMatch(/^Stacked bar chart/)
  })

  it('gives grouped bars heights proportional to their values', () => {
    const geometry = barChartGeometry(data, 'grouped')
    const [us] = geometry.series
    expect(us.bars[1].height).toBe(0)
    expect(us.bars[2].height / us.bars[0].height).toBeCloseTo(7 / 3, 1)
    // Side by side: the EMEA bar of a month starts right of the US one.
    expect(geometry.series[1].bars[0].x).toBeGreaterThan(us.bars[0].x + us.bars[0].width - 0.01)
  })
})

describe('the paths a PDF draws', () => {
  it('are plain SVG path data: one line per series, one rectangle per bar', () => {
    const lines = lineChartGeometry(data)
    expect(lines.series[0].path).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3}$/)
    const bars = barChartGeometry(data, 'grouped')
    expect(count(bars.series[0].path, /M/)).toBe(4)
    expect(bars.series[0].path).toMatch(/^(M[\d.]+,[\d.]+h[\d.]+v[\d.]+h-?[\d.]+Z)+$/)
    expect(seriesStyle(0).marker).toMatch(/^M/)
  })

  it('can be drawn into a PDF with pdf-lib as they are', async () => {
    const pdf = await PDFDocument.create()
    const page = pdf.addPage([700, 300])
    const lines = lineChartGeometry(data)
    const bars = barChartGeometry(data, 'stacked')
    for (const series of lines.series) {
      page.drawSvgPath(series.path, { x: 0, y: 300, borderColor: rgb(0, 0.45, 0.7), borderWidth: 2 })
      for (const point of series.points) page.drawSvgPath(series.style.marker, { x: point.x, y: 300 - point.y, color: rgb(0, 0.45, 0.7) })
    }
    for (const series of bars.series) page.drawSvgPath(series.path, { x: 0, y: 300, color: rgb(0.8, 0.4, 0) })
    const bytes = await pdf.save()
    expect(bytes.length).toBeGreaterThan(1000)
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1)
  })

  it('give each tone its own colour, dash and marker, and wrap around the palette', () => {
    const styles = chartPalette.map((_, tone) => seriesStyle(tone))
    expect(new Set(styles.map((style) => style.color)).size).toBe(chartPalette.length)
    expect(new Set(styles.map((style) => style.marker)).size).toBe(chartPalette.length)
    expect(new Set(styles.map((style) => style.dash)).size).toBe(chartPalette.length)
    expect(seriesStyle(chartPalette.length)).toEqual(seriesStyle(0))
  })
})

describe('hydration-sensitive output', () => {
  const original = process.env.TZ
  afterEach(() => {
    process.env.TZ = original
    vi.useRealTimers()
  })

  it('renders the same markup from the geometry the loader sent (after serialisation) as from the server’s', () => {
    const geometry = lineChartGeometry(data)
    const sent = JSON.parse(JSON.stringify(geometry)) as typeof geometry
    const props = { title: 'Engagements per month', valueLabel: 'Engagements', categoryLabel: 'Month (UTC)' }
    expect(renderToString(<LineChart chart={sent} {...props} />)).toBe(renderToString(<LineChart chart={geometry} {...props} />))
    const bars = barChartGeometry(data, 'stacked')
    expect(renderToString(<BarChart chart={JSON.parse(JSON.stringify(bars)) as typeof bars} {...props} />)).toBe(
      renderToString(<BarChart chart={bars} {...props} />),
    )
  })

  it('renders the same markup whatever the machine time zone and clock', () => {
    process.env.TZ = 'UTC'
    const reference = line()
    for (const zone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kolkata']) {
      process.env.TZ = zone
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date('2031-01-01T00:30:00Z'))
      expect(line()).toBe(reference)
      expect(monthCategories(['2026-01'])[0].label).toBe('January 2026')
      vi.useRealTimers()
    }
  })
})
