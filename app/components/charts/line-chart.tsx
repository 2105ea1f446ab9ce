import { ChartFrame, type ChartTextProps } from './chart-parts'
import { formatCount, type LineChartGeometry } from './chart-data'

/**
 * A multi-series line chart over categories (months, usually) as SVG: a line per series with a
 * marker on every point (hover shows its figure), a legend, and the figures in a table below.
 * It draws the geometry that `lineChartGeometry` computed on the server (no d3 in the browser).
 */
export function LineChart({ chart, formatValue = formatCount, ...text }: ChartTextProps & { chart: LineChartGeometry }) {
  const { data } = chart
  return (
    <ChartFrame chart={chart} kind="line" formatValue={formatValue} {...text}>
      {chart.series.map((series, seriesIndex) => (
        <g key={series.key} className="chart-series" data-series={series.key}>
          <path className="chart-line" d={series.path} fill="none" stroke={series.style.color} strokeDasharray={series.style.dash} />
          {series.points.map((point, index) => (
            <path
              key={data.categories[index].key}
              className="chart-point"
              d={series.style.marker}
              transform={`translate(${point.x} ${point.y})`}
              fill={series.style.color}
            >
              <title>{`${data.series[seriesIndex].label}, ${data.categories[index].label}: ${formatValue(data.series[seriesIndex].values[index])}`}</title>
            </path>
          ))}
        </g>
      ))}
    </ChartFrame>
  )
}
