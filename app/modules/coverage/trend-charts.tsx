import { LineChart } from '~/components/charts/line-chart'
import type { LineChartGeometry } from '~/components/charts/chart-data'

const asOfFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' })

/** The two trends of /coverage: engagements and module completions per month (UTC) per region. */
export function TrendCharts({ charts, asOf }: { charts: { engagements: LineChartGeometry; completions: LineChartGeometry }; asOf?: Date }) {
  return (
    <div>
      <div className="grid gap-6 lg:grid-cols-2">
        <LineChart title="Engagements per month" valueLabel="Engagements" categoryLabel="Month (UTC)" chart={charts.engagements} />
        <LineChart title="Training module completions per month" valueLabel="Completions" categoryLabel="Month (UTC)" chart={charts.completions} />
      </div>
      {asOf ? <p className="mt-2 text-xs text-subtle">As of {asOfFormat.format(asOf)} UTC; the last month is the current one so far.</p> : null}
    </div>
  )
}
