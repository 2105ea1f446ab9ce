import { ChartFrame, type ChartTextProps } from './chart-parts'
import { formatCount, type BarChartGeometry } from './chart-data'

/**
 * A bar chart per category, its series side by side ('grouped') or on top of each other
 * ('stacked'), as SVG with a legend and the figures in a table below. It draws the geometry
 * that `barChartGeometry` computed on the server (no d3 in the browser).
 */
export function BarChart({ chart, formatValue = formatCount, ...text }: ChartTextProps & { chart: BarChartGeometry }) {
  const { data } = chart
  return (
    <ChartFrame chart={chart} kind="bar" formatValue={formatValue} {...text}>
      {chart.series.map((series, seriesIndex) => (
        <g key={series.key} className="chart-series" data-series={series.key} fill={series.style.color}>
          {series.bars.map((bar, index) => (
            <rect key={data.categories[index].key} className="chart-bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
              <title>{`${data.series[seriesIndex].label}, ${data.categories[index].label}: ${formatValue(data.series[seriesIndex].values[index])}`}</title>
            </rect>
          ))}
        </g>
      ))}
    </ChartFrame>
  )
}
