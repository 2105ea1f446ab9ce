import { useId } from 'react'
import { ChartAxes, ChartFigure, type ChartTextProps } from './chart-parts'
import { barChartGeometry, defaultChartSize, describeChart, formatCount, type BarLayout, type ChartData, type ChartSize } from './geometry'

/**
 * A bar chart per category, its series side by side ('grouped') or on top of each other
 * ('stacked'), drawn as SVG on the server, with a legend and the figures in a table below.
 */
export function BarChart({
  data,
  layout = 'grouped',
  size = defaultChartSize,
  title,
  description,
  valueLabel,
  categoryLabel,
  figuresOpen,
  formatValue = formatCount,
}: ChartTextProps & { data: ChartData; layout?: BarLayout; size?: ChartSize }) {
  const id = useId()
  const geometry = barChartGeometry(data, layout, size)
  return (
    <ChartFigure
      title={title}
      data={data}
      styles={geometry.series.map((series) => series.style)}
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
        <desc id={`${id}-desc`}>{description ?? describeChart(data, layout === 'stacked' ? 'Stacked bar chart' : 'Grouped bar chart')}</desc>
        <ChartAxes
          plot={geometry.plot}
          height={size.height}
          valueTicks={geometry.valueTicks}
          categoryTicks={geometry.categoryTicks}
          valueLabel={valueLabel}
          categoryLabel={categoryLabel}
        />
        {geometry.series.map((series) => (
          <g key={series.key} className="chart-series" data-series={series.key} fill={series.style.color}>
            {series.bars.map((bar) => (
              <rect key={bar.category.key} className="chart-bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
                <title>{`${series.label}, ${bar.category.label}: ${formatValue(bar.value)}`}</title>
              </rect>
            ))}
          </g>
        ))}
      </svg>
    </ChartFigure>
  )
}
