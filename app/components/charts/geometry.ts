import { scaleBand, scaleLinear, scalePoint } from 'd3-scale'
import { line, stack, symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape'

/**
 * The geometry of the charts, as plain numbers and SVG path strings: the components draw it, and
 * a PDF can draw the same paths (pdf-lib's drawSvgPath takes SVG path data, y pointing down).
 * Nothing here depends on the clock, the locale or the environment, so the server's render and
 * the browser's hydration produce the same markup.
 */

/** One position on the x axis: a stable key, its full name (tables, tooltips) and its tick text (one line each). */
export type ChartCategory = { key: string; label: string; tick: string[] }

/** One series; `tone` picks its colour, dash and marker (defaults to its position), so a region keeps its look across charts. */
export type ChartSeries = { key: string; label: string; values: number[]; tone?: number }

export type ChartData = { categories: ChartCategory[]; series: ChartSeries[] }

export type ChartSize = { width: number; height: number }

export const defaultChartSize: ChartSize = { width: 640, height: 260 }

const margin = { top: 12, right: 16, bottom: 40, left: 44 }

/**
 * Colours told apart by readers with any common colour-vision deficiency (the Okabe–Ito set,
 * darkened where needed for 3:1 contrast on white); lines also differ by dash and marker.
 */
export const chartPalette = ['#0072B2', '#D55E00', '#007D5E', '#B3589A', '#8A6A00', '#4D4D4D'] as const
const dashes = [undefined, '6 3', '2 3', '8 3 2 3', '12 4', '4 2 1 2'] as const
const markers: readonly SymbolType[] = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolCross, symbolWye]

export type SeriesStyle = { color: string; dash: string | undefined; marker: string }

/** The look of the series with this tone: colour, dash pattern and a marker path centred on 0,0. */
export function seriesStyle(tone: number): SeriesStyle {
  const index = ((tone % chartPalette.length) + chartPalette.length) % chartPalette.length
  return { color: chartPalette[index], dash: dashes[index], marker: symbol(markers[index], 36).digits(2)()! }
}

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

const round = (value: number) => Math.round(value * 100) / 100

type Plot = { left: number; top: number; right: number; bottom: number }

export type ValueTick = { value: number; y: number; label: string }
export type CategoryTick = { key: string; x: number; lines: string[] }

function plotArea(size: ChartSize): Plot {
  return { left: margin.left, top: margin.top, right: size.width - margin.right, bottom: size.height - margin.bottom }
}

/** The value axis from 0 to a round maximum; whole-number ticks only when every value is whole. */
function valueScale(maximum: number, plot: Plot, wholeNumbers: boolean) {
  const y = scaleLinear()
    .domain([0, maximum > 0 ? maximum : 1])
    .nice(5)
    .range([plot.bottom, plot.top])
  const ticks = y.ticks(5).filter((value) => !wholeNumbers || Number.isInteger(value))
  return { y, ticks: ticks.map((value) => ({ value, y: round(y(value)), label: formatCount(value) })) }
}

const allWhole = (data: ChartData) => data.series.every((series) => series.values.every((value) => Number.isInteger(value)))

export type LinePoint = { x: number; y: number; value: number; category: ChartCategory }
export type LineSeriesGeometry = { key: string; label: string; style: SeriesStyle; path: string; points: LinePoint[] }
export type LineChartGeometry = { size: ChartSize; plot: Plot; valueTicks: ValueTick[]; categoryTicks: CategoryTick[]; series: LineSeriesGeometry[] }

/** A line per series across the categories (e.g. months), on a value axis from 0. */
export function lineChartGeometry(data: ChartData, size: ChartSize = defaultChartSize): LineChartGeometry {
  const plot = plotArea(size)
  const x = scalePoint<string>()
    .domain(data.categories.map((category) => category.key))
    .range([plot.left, plot.right])
    .padding(0.5)
  const maximum = Math.max(0, ...data.series.flatMap((series) => series.values))
  const { y, ticks } = valueScale(maximum, plot, allWhole(data))
  const xOf = (index: number) => round(x(data.categories[index].key) ?? plot.left)
  const draw = line<number>()
    .x((_, index) => xOf(index))
    .y((value) => round(y(value)))
    .digits(2)
  return {
    size,
    plot,
    valueTicks: ticks,
    categoryTicks: data.categories.map((category, index) => ({ key: category.key, x: xOf(index), lines: category.tick })),
    series: data.series.map((series, index) => ({
      key: series.key,
      label: series.label,
      style: seriesStyle(series.tone ?? index),
      path: draw(series.values) ?? '',
      points: series.values.map((value, pointIndex) => ({ x: xOf(pointIndex), y: round(y(value)), value, category: data.categories[pointIndex] })),
    })),
  }
}

export type Bar = { x: number; y: number; width: number; height: number; value: number; category: ChartCategory }
export type BarSeriesGeometry = { key: string; label: string; style: SeriesStyle; bars: Bar[]; /** Every bar of the series as one path. */ path: string }
export type BarChartGeometry = { size: ChartSize; plot: Plot; valueTicks: ValueTick[]; categoryTicks: CategoryTick[]; series: BarSeriesGeometry[] }
export type BarLayout = 'grouped' | 'stacked'

const rectPath = (bar: Pick<Bar, 'x' | 'y' | 'width' | 'height'>) => `M${bar.x},${bar.y}h${bar.width}v${bar.height}h${round(-bar.width)}Z`

/** Bars per category: side by side per series ('grouped') or on top of each other ('stacked'). */
export function barChartGeometry(data: ChartData, layout: BarLayout = 'grouped', size: ChartSize = defaultChartSize): BarChartGeometry {
  const plot = plotArea(size)
  const keys = data.categories.map((category) => category.key)
  const x = scaleBand<string>().domain(keys).range([plot.left, plot.right]).paddingInner(0.2).paddingOuter(0.1)
  const totals = data.categories.map((_, index) => data.series.reduce((sum, series) => sum + Math.max(0, series.values[index] ?? 0), 0))
  const maximum = layout === 'stacked' ? Math.max(0, ...totals) : Math.max(0, ...data.series.flatMap((series) => series.values))
  const { y, ticks } = valueScale(maximum, plot, allWhole(data))

  let barsOf: (seriesIndex: number) => Bar[]
  if (layout === 'stacked') {
    const rows = data.categories.map((_, index) => data.series.map((series) => Math.max(0, series.values[index] ?? 0)))
    const layers = stack<number[], number>()
      .keys(data.series.map((_, index) => index))
      .value((row, key) => row[key])(rows)
    barsOf = (seriesIndex) =>
      layers[seriesIndex].map(([low, high], index) => {
        const top = round(y(high))
        return {
          x: round(x(keys[index]) ?? 0),
          y: top,
          width: round(x.bandwidth()),
          height: round(y(low) - top),
          value: data.series[seriesIndex].values[index],
          category: data.categories[index],
        }
      })
  } else {
    const inner = scaleBand<number>()
      .domain(data.series.map((_, index) => index))
      .range([0, x.bandwidth()])
      .padding(0.08)
    barsOf = (seriesIndex) =>
      data.series[seriesIndex].values.map((value, index) => {
        const top = round(y(Math.max(0, value)))
        return {
          x: round((x(keys[index]) ?? 0) + (inner(seriesIndex) ?? 0)),
          y: top,
          width: round(inner.bandwidth()),
          height: round(plot.bottom - top),
          value,
          category: data.categories[index],
        }
      })
  }

  return {
    size,
    plot,
    valueTicks: ticks,
    categoryTicks: data.categories.map((category) => ({ key: category.key, x: round((x(category.key) ?? 0) + x.bandwidth() / 2), lines: category.tick })),
    series: data.series.map((series, index) => {
      const bars = barsOf(index)
      return { key: series.key, label: series.label, style: seriesStyle(series.tone ?? index), bars, path: bars.map(rectPath).join('') }
    }),
  }
}

/** A short description of what a chart shows, for its `<desc>`: the span and the highest figure. */
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
