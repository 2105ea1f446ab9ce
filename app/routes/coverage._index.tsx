import { Form, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/coverage._index'
import { Figure } from '~/components/coverage-figure'
import { DateTime } from '~/components/date-time'
import { FilterSelect } from '~/components/filter-select'
import { PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { formatPercent, metricLabels, parseCoverageFilters, type MetricKey, type RegionMetrics } from '~/modules/coverage/coverage-schema'
import { coverageDashboard } from '~/modules/coverage/dashboard.server'
import { FunnelTable } from '~/modules/coverage/funnel-table'
import { TrendCharts } from '~/modules/coverage/trend-charts'
import { WorldMap } from '~/components/world-map'
import { GoalFigure, GoalStatusBadge } from '~/components/goal-progress'
import { regionNames } from '#db/schema/vocabulary'

/** /coverage: the head's dashboard; a lead sees only their regions, an officer is refused. */
export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const { period, region } = parseCoverageFilters(url.searchParams, now())
  return coverageDashboard({ actor, period, region })
}

export const meta: Route.MetaFunction = () => [{ title: 'Coverage · Liaison' }]

type Links = Partial<Record<MetricKey, string>>

function FigureCells({ metrics: m, links }: { metrics: RegionMetrics; links: Links }) {
  const figure = (key: MetricKey) => <Figure value={m[key]} to={links[key]} label={metricLabels[key]} />
  return (
    <>
      <td className="tabular-nums">
        {figure('agencies')}
        <div className="text-xs text-muted">
          P1 {figure('priority1')} · P2 {figure('priority2')} · P3 {figure('priority3')}
        </div>
      </td>
      <td className="tabular-nums">
        <Figure value={formatPercent(m.engaged90, m.agencies)} to={links.engaged90} label={metricLabels.engaged90} />
        <div className="text-xs text-muted">{m.engaged90} agencies</div>
      </td>
      <td className="tabular-nums">
        <Figure value={formatPercent(m.engaged365, m.agencies)} to={links.engaged365} label={metricLabels.engaged365} />
        <div className="text-xs text-muted">{m.engaged365} agencies</div>
      </td>
      <td className="tabular-nums">
        {figure('priority1Never')} / {figure('priority1Stale')}
      </td>
      <td className="tabular-nums">
        {figure('engagements')}
        <div className="text-xs text-muted">
          <Figure value={m.engagementsLastQuarter} to={links.engagementsLastQuarter} label={metricLabels.engagementsLastQuarter} /> the quarter before{' '}
          {m.engagements !== m.engagementsLastQuarter
            ? `(${m.engagements > m.engagementsLastQuarter ? '+' : ''}${m.engagements - m.engagementsLastQuarter})`
            : ''}
        </div>
        <div className="text-xs text-muted">
          P1 agencies engaged: {figure('priority1Engaged')} ({formatPercent(m.priority1Engaged, m.priority1)})
        </div>
      </td>
      <td className="tabular-nums">
        {m.presentations}
        <div className="text-xs text-muted">
          at {m.conferencesPresented} conferences · audience {m.audienceReached}
        </div>
      </td>
      <td className="tabular-nums">
        {m.officersRegistered} / {m.officersVerified}
      </td>
      <td className="tabular-nums">
        {m.moduleCompletions}
        <div className="text-xs text-muted">
          by {m.officersTrained} officers · pass rate {formatPercent(m.quizPasses, m.quizAttempts)}
        </div>
      </td>
      <td className="tabular-nums">{m.validCertificates}</td>
    </>
  )
}

export default function CoveragePage() {
  const { period, periods, region, regions, table, goals, leads, map, trends, funnels } = useLoaderData<typeof loader>()
  const filters = new URLSearchParams({ period, ...(region ? { region } : {}) }).toString()
  return (
    <div className="space-y-6">
      <PageHeader
        title="Coverage"
        actions={
          <>
            <a href={`/coverage.pdf?${filters}`} className="btn-primary" download>
              Quarterly report (PDF)
            </a>
            <a href={`/coverage.csv?${filters}`} className="btn-secondary" download>
              Export CSV
            </a>
          </>
        }
        description={
          <>
            {period} · {region || (regions.length > 1 ? 'all regions' : regions.join(', ') || 'no regions assigned')} · agencies as of{' '}
            <DateTime value={table.asOf} />
          </>
        }
      />
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        <FilterSelect name="period" label="Quarter" options={periods.map((choice) => ({ value: choice, label: choice }))} value={period} anyLabel={null} />
        {regions.length > 1 ? (
          <FilterSelect name="region" label="Region" options={regions.map((code) => ({ value: code, label: code }))} value={region} anyLabel="All my regions" />
        ) : null}
        <button type="submit" className="btn-primary">
          Show
        </button>
      </Form>

      <section aria-labelledby="regions-heading" className="card overflow-x-auto">
        <h2 id="regions-heading" className="mb-3 text-lg font-semibold">
          Regions
        </h2>
        {table.rows.length === 0 ? (
          <p className="text-sm text-muted">No region to show.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col">Agencies (by priority)</th>
                <th scope="col">Engaged, 90 days</th>
                <th scope="col">Engaged, 365 days</th>
                <th scope="col">P1 never engaged / stale</th>
                <th scope="col">Engagements this quarter</th>
                <th scope="col">Presentations</th>
                <th scope="col">Officers registered / verified</th>
                <th scope="col">Module completions</th>
                <th scope="col">Valid certificates</th>
                <th scope="col">
                  <Link to={`/goals?period=${period}`}>Goals</Link>
                </th>
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.code}>
                  <th scope="row">
                    <Link to={`/coverage/${row.code}?period=${period}`}>{row.name}</Link>
                  </th>
                  <FigureCells metrics={row.metrics} links={row.links} />
                  <td>
                    <ul className="space-y-1 text-xs">
                      {goals
                        .filter((goal) => goal.regionCode === row.code)
                        .map((goal) => (
                          <li key={goal.id}>
                            {goal.label}: <GoalFigure goal={goal} /> <GoalStatusBadge status={goal.status} />
                          </li>
                        ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
            {table.total ? (
              <tfoot>
                <tr>
                  <th scope="row">All</th>
                  <FigureCells metrics={table.total.metrics} links={table.total.links} />
                  <td />
                </tr>
              </tfoot>
            ) : null}
          </table>
        )}
      </section>

      <section aria-labelledby="trends-heading" className="card">
        <h2 id="trends-heading" className="mb-3 text-lg font-semibold">
          Trends
        </h2>
        <TrendCharts charts={trends.charts} asOf={trends.asOf} />
      </section>

      <section aria-labelledby="map-heading" className="card">
        <h2 id="map-heading" className="mb-3 text-lg font-semibold">
          Coverage by country
        </h2>
        <p className="mb-3 text-sm text-muted">Share of each country's agencies engaged in the last 365 days. A country opens its region's drill-down.</p>
        <WorldMap map={map} />
      </section>

      <section aria-labelledby="funnel-heading" className="card">
        <h2 id="funnel-heading" className="mb-1 text-lg font-semibold">
          Outreach funnel, {period}
        </h2>
        <p className="mb-3 text-sm text-muted">
          Talks given in the quarter, the agencies they reached, and the officers of those agencies who signed up within 90 days, were verified and completed a
          module.
        </p>
        {funnels.length === 0 ? (
          <p className="text-sm text-muted">No region to show.</p>
        ) : (
          <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
            {funnels.map((funnel) => (
              <div key={funnel.regionCode}>
                <h3 className="mb-2 font-semibold">{regionNames[funnel.regionCode]}</h3>
                <FunnelTable counts={funnel.counts} caption={`Outreach funnel of ${regionNames[funnel.regionCode]}, ${period}`} />
              </div>
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="leads-heading" className="card overflow-x-auto">
        <h2 id="leads-heading" className="mb-3 text-lg font-semibold">
          Leads this quarter
        </h2>
        {leads.length === 0 ? (
          <p className="text-sm text-muted">No outreach lead works in these regions.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Lead</th>
                <th scope="col">Regions</th>
                <th scope="col">Engagements logged</th>
                <th scope="col">Agencies touched</th>
                <th scope="col">Tasks overdue</th>
              </tr>
            </thead>
            <tbody>
              {leads.map((lead) => (
                <tr key={lead.id}>
                  <th scope="row">{lead.name}</th>
                  <td>{lead.regions.join(', ')}</td>
                  <td className="tabular-nums">{lead.engagementsLogged}</td>
                  <td className="tabular-nums">{lead.agenciesTouched}</td>
                  <td className="tabular-nums">{lead.tasksOverdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
