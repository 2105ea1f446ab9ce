import { scaleBand, scaleLinear, scalePoint } from 'd3-scale'
import { line, stack, symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape'
import {
  defaultChartSize,
  describeChart,
  formatCount,
  type Bar,
  type BarChartGeometry,
  type BarLayout,
  type ChartData,
  type ChartSize,
  type LineChartGeometry,
  type Plot,
  type SeriesStyle,
} from './chart-data'

/**
 * The geometry of the charts, computed on the server with d3-scale and d3-shape: plain numbers
 * and SVG path strings that the loader sends to the chart components (d3 stays on the server)
 * and that a PDF can draw as they are (pdf-lib's drawSvgPath takes SVG path data, y pointing down).
 */

const margin = { top: 12, right: 16, bottom: 40, left: 44 }

/**
 * Colours told apart by readers with any common colour-vision deficiency (the Okabe–Ito set,
 * darkened where needed for 3:1 contrast on white); lines also differ by dash and marker.
 */
export const chartPalette = ['#0072B2', '#D55E00', '#007D5E', '#B3589A', '#8A6A00', '#4D4D4D'] as const
const dashes = [undefined, '6 3', '2 3', '8 3 2 3', '12 4', '4 2 1 2'] as const
const markers: readonly SymbolType[] = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolCross, symbolWye]

/** The look of the series with this tone: colour, dash pattern and a marker path centred on 0,0. */
export function seriesStyle(tone: number): SeriesStyle {
  const index = ((tone % chartPalette.length) + chartPalette.length) % chartPalette.length
  return { color: chartPalette[index], dash: dashes[index], marker: symbol(markers[index], 36).digits(2)()! }
}

const round = (value: number) => Math.round(value * 100) / 100

function plotArea(size: ChartSize): Plot {
  return { left: margin.left, top: margin.top, right: size.width - margin.right, bottom: size.height - margin.bottom }
}

/** The value axis from 0 to a round maximum; whole-number ticks only when every value is whole. */
function valueScale(data: ChartData, maximum: number, plot: Plot) {
  const wholeNumbers = data.series.every((series) => series.values.every((value) => Number.isInteger(value)))
  const y = scaleLinear()
    .domain([0, maximum > 0 ? maximum : 1])
    .nice(5)
    .range([plot.bottom, plot.top])
  const ticks = y.ticks(5).filter((value) => !wholeNumbers || Number.isInteger(value))
  return { y, valueTicks: ticks.map((value) => ({ value, y: round(y(value)), label: formatCount(value) })) }
}

/** A line per series across the categories (e.g. months), on a value axis from 0. */
export function lineChartGeometry(data: ChartData, size: ChartSize = defaultChartSize): LineChartGeometry {
  const plot = plotArea(size)
  const x = scalePoint<string>()
    .domain(data.categories.map((category) => category.key))
    .range([plot.left, plot.right])
    .padding(0.5)
  const { y, valueTicks } = valueScale(data, Math.max(0, ...data.series.flatMap((series) => series.values)), plot)
  const xOf = (index: number) => round(x(data.categories[index].key) ?? plot.left)
  const draw = line<number>()
    .x((_, index) => xOf(index))
    .y((value) => round(y(value)))
    .digits(2)
  return {
    kind: 'line',
    data,
    size,
    plot,
    valueTicks,
    categoryTicks: data.categories.map((category, index) => ({ key: category.key, x: xOf(index), lines: category.tick })),
    summary: describeChart(data, 'Line chart'),
    series: data.series.map((series, index) => ({
      key: series.key,
      style: seriesStyle(series.tone ?? index),
      path: draw(series.values) ?? '',
      points: series.values.map((value, pointIndex) => ({ x: xOf(pointIndex), y: round(y(value)) })),
    })),
  }
}

const rectPath = (bar: Bar) => `M${bar.x},${bar.y}h${bar.width}v${bar.height}h${round(-bar.width)}Z`

/** Bars per category: side by side per series ('grouped') or on top of each other ('stacked'). */
export function barChartGeometry(data: ChartData, layout: BarLayout = 'grouped', size: ChartSize = defaultChartSize): BarChartGeometry {
  const plot = plotArea(size)
  const keys = data.categories.map((category) => category.key)
  const x = scaleBand<string>().domain(keys).range([plot.left, plot.right]).paddingInner(0.2).paddingOuter(0.1)
  const positive = (value: number | undefined) => Math.max(0, value ?? 0)
  const totals = data.categories.map((_, index) => data.series.reduce((sum, series) => sum + positive(series.values[index]), 0))
  const maximum = layout === 'stacked' ? Math.max(0, ...totals) : Math.max(0, ...data.series.flatMap((series) => series.values))
  const { y, valueTicks } = valueScale(data, maximum, plot)

  let barsOf: (seriesIndex: number) => Bar[]
  if (layout === 'stacked') {
    const rows = data.categories.map((_, index) => data.series.map((series) => positive(series.values[index])))
    const layers = stack<number[], number>()
      .keys(data.series.map((_, index) => index))
      .value((row, key) => row[key])(rows)
    barsOf = (seriesIndex) =>
      layers[seriesIndex].map(([low, high], index) => {
        const top = round(y(high))
        return { x: round(x(keys[index]) ?? 0), y: top, width: round(x.bandwidth()), height: round(y(low) - top) }
      })
  } else {
    const inner = scaleBand<number>()
      .domain(data.series.map((_, index) => index))
      .range([0, x.bandwidth()])
      .padding(0.08)
    barsOf = (seriesIndex) =>
      data.series[seriesIndex].values.map((value, index) => {
        const top = round(y(positive(value)))
        return { x: round((x(keys[index]) ?? 0) + (inner(seriesIndex) ?? 0)), y: top, width: round(inner.bandwidth()), height: round(plot.bottom - top) }
      })
  }

  return {
    kind: 'bar',
    layout,
    data,
    size,
    plot,
    valueTicks,
    categoryTicks: data.categories.map((category) => ({ key: category.key, x: round((x(category.key) ?? 0) + x.bandwidth() / 2), lines: category.tick })),
    summary: describeChart(data, layout === 'stacked' ? 'Stacked bar chart' : 'Grouped bar chart'),
    series: data.series.map((series, index) => {
      const bars = barsOf(index)
      return { key: series.key, style: seriesStyle(series.tone ?? index), bars, path: bars.map(rectPath).join('') }
    }),
  }
}
