/**
 * What the charts draw, in plain data that the loader sends and the components render: the
 * categories and series, and the geometry (numbers and SVG path strings) computed on the server
 * by chart-geometry.server.ts, so that d3 never reaches the browser. Nothing here depends on the
 * clock, the locale or the time zone, so the server's render and the hydration agree.
 */

/** One position on the x axis: a stable key, its full name (tables, tooltips) and its tick text (one line each). */
export type ChartCategory = { key: string; label: string; tick: string[] }

/** One series; `tone` picks its colour, dash and marker (defaults to its position), so a region keeps its look across charts. */
export type ChartSeries = { key: string; label: string; values: number[]; tone?: number }

export type ChartData = { categories: ChartCategory[]; series: ChartSeries[] }

export type ChartSize = { width: number; height: number }

export const defaultChartSize: ChartSize = { width: 640, height: 260 }

/** A series' look: colour, dash pattern (lines) and a marker path centred on 0,0. */
export type SeriesStyle = { color: string; dash: string | undefined; marker: string }

export type Plot = { left: number; top: number; right: number; bottom: number }
export type ValueTick = { value: number; y: number; label: string }
export type CategoryTick = { key: string; x: number; lines: string[] }

export type Frame = {
  data: ChartData
  size: ChartSize
  plot: Plot
  valueTicks: ValueTick[]
  categoryTicks: CategoryTick[]
  /** What the chart shows, for its `<desc>`. */
  summary: string
}

export type LinePoint = { x: number; y: number }
export type LineSeriesGeometry = { key: string; style: SeriesStyle; /** The whole line, SVG path data. */ path: string; points: LinePoint[] }
export type LineChartGeometry = Frame & { kind: 'line'; series: LineSeriesGeometry[] }

export type Bar = { x: number; y: number; width: number; height: number }
export type BarSeriesGeometry = { key: string; style: SeriesStyle; bars: Bar[]; /** Every bar of the series as one SVG path. */ path: string }
export type BarLayout = 'grouped' | 'stacked'
export type BarChartGeometry = Frame & { kind: 'bar'; layout: BarLayout; series: BarSeriesGeometry[] }

const counts = new Intl.NumberFormat('en', { maximumFractionDigits: 1 })

/** A number as the charts and their tables print it ('en', so that server and browser agree). */
export function formatCount(value: number) {
  return counts.format(value)
}

const monthNames = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' })
const monthYearNames = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })

/**
 * Categories for `YYYY-MM` months: "December 2025" in tables, "Dec" on the axis with the year
 * under the first month and under every January.
 */
export function monthCategories(months: readonly string[]): ChartCategory[] {
  return months.map((month, index) => {
    const [year, monthNumber] = month.split('-').map(Number)
    const date = new Date(Date.UTC(year, monthNumber - 1, 1))
    const tick = index === 0 || monthNumber === 1 ? [monthNames.format(date), String(year)] : [monthNames.format(date)]
    return { key: month, label: monthYearNames.format(date), tick }
  })
}

/** A short description of a chart, for its `<desc>`: the span and the highest figure. */
export function describeChart(data: ChartData, kind: string) {
  const first = data.categories[0]
  const last = data.categories.at(-1)
  const span = first && last ? ` from ${first.label} to ${last.label}` : ''
  let highest: { series: string; category: string; value: number } | undefined
  for (const series of data.series)
    series.values.forEach((value, index) => {
      if (!highest || value > highest.value) highest = { series: series.label, category: data.categories[index]?.label ?? '', value }
    })
  const peak = highest ? ` Highest: ${highest.series}, ${formatCount(highest.value)} in ${highest.category}.` : ''
  const count = data.series.length === 1 ? '1 series' : `${data.series.length} series`
  return `${kind} of ${count}${span}.${peak} The figures are in the table with the chart.`
}
