import { useId } from 'react'
import { ChartAxes, ChartFigure, type ChartTextProps } from './chart-parts'
import { formatCount, type BarChartGeometry } from './chart-data'

/**
 * A bar chart per category, its series side by side ('grouped') or on top of each other
 * ('stacked'), as SVG with a legend and the figures in a table below. It draws the geometry
 * that `barChartGeometry` computed on the server (no d3 in the browser).
 */
export function BarChart({
  chart,
  title,
  description,
  valueLabel,
  categoryLabel,
  figuresOpen,
  formatValue = formatCount,
}: ChartTextProps & { chart: BarChartGeometry }) {
  const id = useId()
  const { data, size } = chart
  return (
    <ChartFigure
      title={title}
      data={data}
      styles={chart.series.map((series) => series.style)}
      kind="bar"
      categoryLabel={categoryLabel}
      figuresOpen={figuresOpen}
      formatValue={formatValue}
    >
      <svg
        className="chart-svg"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${size.width} ${size.height}`}
        width={size.width}
        height={size.height}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description ?? chart.summary}</desc>
        <ChartAxes
          plot={chart.plot}
          height={size.height}
          valueTicks={chart.valueTicks}
          categoryTicks={chart.categoryTicks}
          valueLabel={valueLabel}
          categoryLabel={categoryLabel}
        />
        {chart.series.map((series, seriesIndex) => (
          <g key={series.key} className="chart-series" data-series={series.key} fill={series.style.color}>
            {series.bars.map((bar, index) => (
              <rect key={data.categories[index].key} className="chart-bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
                <title>{`${data.series[seriesIndex].label}, ${data.categories[index].label}: ${formatValue(data.series[seriesIndex].values[index])}`}</title>
              </rect>
            ))}
          </g>
        ))}
      </svg>
    </ChartFigure>
  )
}
