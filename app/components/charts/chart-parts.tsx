import { useId, type ReactNode } from 'react'
import { formatCount, type CategoryTick, type ChartData, type Frame, type Plot, type SeriesStyle, type ValueTick } from './chart-data'

export type ChartTextProps = {
  /** The chart's accessible name, also its visible caption. */
  title: string
  /** What the chart shows, read after the name; the summary made with its geometry when absent. */
  description?: string
  /** The value axis's title, e.g. "Engagements". */
  valueLabel: string
  /** The category axis's title, e.g. "Month (UTC)". */
  categoryLabel: string
  /** Show the figures table open (it is always in the page, for screen readers and print). */
  figuresOpen?: boolean
  formatValue?: (value: number) => string
}

/** Gridlines with the value ticks, the category ticks and both axis titles. */
export function ChartAxes({
  plot,
  height,
  valueTicks,
  categoryTicks,
  valueLabel,
  categoryLabel,
}: {
  plot: Plot
  height: number
  valueTicks: ValueTick[]
  categoryTicks: CategoryTick[]
  valueLabel: string
  categoryLabel: string
}) {
  return (
    <g className="chart-axes">
      {valueTicks.map((tick) => (
        <g key={tick.value} className="chart-tick">
          <line className="chart-grid" x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} />
          <text x={plot.left - 6} y={tick.y} dy="0.32em" textAnchor="end">
            {tick.label}
          </text>
        </g>
      ))}
      <line className="chart-baseline" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
      {categoryTicks.map((tick) => (
        <text key={tick.key} className="chart-tick" x={tick.x} y={plot.bottom + 14} textAnchor="middle">
          {tick.lines.map((line, index) => (
            <tspan key={index} x={tick.x} dy={index === 0 ? 0 : '1.1em'}>
              {line}
            </tspan>
          ))}
        </text>
      ))}
      <text className="chart-axis-title" transform={`translate(12 ${(plot.top + plot.bottom) / 2}) rotate(-90)`} textAnchor="middle">
        {valueLabel}
      </text>
      <text className="chart-axis-title" x={plot.right} y={height - 2} textAnchor="end">
        {categoryLabel}
      </text>
    </g>
  )
}

/** A series' key: its colour and, for lines, dash and marker (so that colour is never the only cue). */
export function LegendSwatch({ style, kind }: { style: SeriesStyle; kind: 'line' | 'bar' }) {
  return (
    <svg className="chart-swatch" width="28" height="12" viewBox="0 0 28 12" aria-hidden="true" focusable="false">
      {kind === 'line' ? (
        <>
          <line x1="1" x2="27" y1="6" y2="6" stroke={style.color} strokeWidth="2" strokeDasharray={style.dash} />
          <path d={style.marker} transform="translate(14 6)" fill={style.color} />
        </>
      ) : (
        <rect x="4" y="1" width="20" height="10" fill={style.color} />
      )}
    </svg>
  )
}

/** The chart in a figure with its caption, legend and a table of every figure it draws. */
export function ChartFigure({
  title,
  data,
  styles,
  kind,
  categoryLabel,
  figuresOpen,
  formatValue = formatCount,
  children,
}: {
  title: string
  data: ChartData
  styles: SeriesStyle[]
  kind: 'line' | 'bar'
  categoryLabel: string
  figuresOpen?: boolean
  formatValue?: (value: number) => string
  children: ReactNode
}) {
  return (
    <figure className="chart">
      <figcaption className="chart-caption">{title}</figcaption>
      {children}
      {data.series.length > 0 ? (
        <ul className="chart-legend" aria-label={`Legend: ${title}`}>
          {data.series.map((series, index) => (
            <li key={series.key}>
              <LegendSwatch style={styles[index]} kind={kind} />
              {series.label}
            </li>
          ))}
        </ul>
      ) : null}
      <details className="chart-figures" open={figuresOpen}>
        <summary>Figures: {title}</summary>
        <div className="chart-table-scroll">
          <table className="chart-table">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{categoryLabel}</th>
                {data.series.map((series) => (
                  <th key={series.key} scope="col">
                    {series.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.categories.map((category, index) => (
                <tr key={category.key}>
                  <th scope="row">{category.label}</th>
                  {data.series.map((series) => (
                    <td key={series.key}>{formatValue(series.values[index] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}

/**
 * What every chart shares: its figure (caption, legend, table of figures) and the SVG with its
 * accessible name, description and axes. The chart draws its series inside.
 */
export function ChartFrame({
  chart,
  kind,
  title,
  description,
  valueLabel,
  categoryLabel,
  figuresOpen,
  formatValue = formatCount,
  children,
}: ChartTextProps & { chart: Frame & { series: { style: SeriesStyle }[] }; kind: 'line' | 'bar'; children: ReactNode }) {
  const id = useId()
  const { data, size } = chart
  return (
    <ChartFigure
      title={title}
      data={data}
      styles={chart.series.map((series) => series.style)}
      kind={kind}
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
        {children}
      </svg>
    </ChartFigure>
  )
}
