import { useId } from 'react'
import { ChartAxes, ChartFigure, type ChartTextProps } from './chart-parts'
import { defaultChartSize, describeChart, formatCount, lineChartGeometry, type ChartData, type ChartSize } from './geometry'

/**
 * A multi-series line chart over categories (months, usually), drawn as SVG on the server: a
 * line per series with a marker on every point (hover shows its figure), a legend, and the
 * figures in a table below.
 */
export function LineChart({
  data,
  size = defaultChartSize,
  title,
  description,
  valueLabel,
  categoryLabel,
  figuresOpen,
  formatValue = formatCount,
}: ChartTextProps & { data: ChartData; size?: ChartSize }) {
  const id = useId()
  const geometry = lineChartGeometry(data, size)
  return (
    <ChartFigure
      title={title}
      data={data}
      styles={geometry.series.map((series) => series.style)}
      kind="line"
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
        <desc id={`${id}-desc`}>{description ?? describeChart(data, 'Line chart')}</desc>
        <ChartAxes
          plot={geometry.plot}
          height={size.height}
          valueTicks={geometry.valueTicks}
          categoryTicks={geometry.categoryTicks}
          valueLabel={valueLabel}
          categoryLabel={categoryLabel}
        />
        {geometry.series.map((series) => (
          <g key={series.key} className="chart-series" data-series={series.key}>
            <path className="chart-line" d={series.path} fill="none" stroke={series.style.color} strokeDasharray={series.style.dash} />
            {series.points.map((point) => (
              <path
                key={point.category.key}
                className="chart-point"
                d={series.style.marker}
                transform={`translate(${point.x} ${point.y})`}
                fill={series.style.color}
              >
                <title>{`${series.label}, ${point.category.label}: ${formatValue(point.value)}`}</title>
              </path>
            ))}
          </g>
        ))}
      </svg>
    </ChartFigure>
  )
}
