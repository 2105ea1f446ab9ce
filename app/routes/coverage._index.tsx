import { Form, Link, useLoaderData } from 'react-router'
import type { ReactNode } from 'react'
import type { Route } from './+types/coverage._index'
import { Figure } from '~/components/coverage-figure'
import { DateTime } from '~/components/date-time'
import { FilterSelect } from '~/components/filter-select'
import { PageHeader } from '~/components/page-header'
import { useRenderOnly } from '~/components/render-only'
import { requireStaff } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { formatPercent, metricLabels, parseCoverageFilters, type DashboardTable, type MetricKey, type RegionMetrics } from '~/modules/coverage/coverage-schema'
import { recentCoverageDashboard } from '~/modules/coverage/dashboard.server'
import { ConferenceFunnelTable, FunnelTable } from '~/modules/coverage/funnel-table'
import { TrendCharts } from '~/modules/coverage/trend-charts'
import { GoalFigure, GoalStatusBadge } from '~/components/goal-progress'
import { regionNames } from '#db/schema/vocabulary'

/** /coverage: the head's dashboard; a lead sees only their regions, an officer is refused. */
export async function loader({ request, url, context }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const { period, region } = parseCoverageFilters(url.searchParams, now())
  const { mapHtml, ...dashboard } = await recentCoverageDashboard({ actor, period, region })
  // On a document request the map's markup (most of the page) goes to the render only: the
  // browser keeps the rendered copy and needs no second one in the hydration data.
  context.renderOnly?.set(MAP_KEY, mapHtml)
  return { ...dashboard, mapHtml: context.renderOnly ? null : mapHtml }
}

const MAP_KEY = 'coverage-map'

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

/** A section's CSV export, for the page's filters. */
function CsvLink({ table, filters, what }: { table: DashboardTable; filters: string; what: string }) {
  return (
    <a href={`/coverage.csv?${filters}&table=${table}`} className="text-sm underline" download aria-label={`Export ${what} as CSV`}>
      CSV
    </a>
  )
}

function SectionHeading({ id, children, csv }: { id: string; children: ReactNode; csv: ReactNode }) {
  return (
    <div className="mb-3 flex items-baseline justify-between gap-3">
      <h2 id={id} className="text-lg font-semibold">
        {children}
      </h2>
      {csv}
    </div>
  )
}

export default function CoveragePage() {
  const { period, periods, region, regions, table, goals, leads, trends, funnels, conferenceFunnels, ...data } = useLoaderData<typeof loader>()
  const mapHtml = useRenderOnly(MAP_KEY, data.mapHtml)
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
            {period} · {region || (regions.length > 1 ? 'all regions' : regions.join(', ') || 'no regions assigned')} · figures as of{' '}
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
        <SectionHeading id="regions-heading" csv={<CsvLink table="regions" filters={filters} what="the region table" />}>
          Regions
        </SectionHeading>
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
        <SectionHeading id="trends-heading" csv={<CsvLink table="trends" filters={filters} what="the trends" />}>
          Trends
        </SectionHeading>
        <TrendCharts charts={trends.charts} asOf={trends.asOf} />
      </section>

      <section aria-labelledby="map-heading" className="card">
        <SectionHeading id="map-heading" csv={<CsvLink table="countries" filters={filters} what="the countries" />}>
          Coverage by country
        </SectionHeading>
        <p className="mb-3 text-sm text-muted">Share of each country's agencies engaged in the last 365 days. A country opens its region's drill-down.</p>
        {/* Drawn once per snapshot on the server (worldMapMarkup). After a document request the
            browser hydrates it with no markup in the data: React keeps the server's markup of a
            dangerouslySetInnerHTML element while hydrating. */}
        <div dangerouslySetInnerHTML={{ __html: mapHtml }} suppressHydrationWarning />
      </section>

      <section aria-labelledby="funnel-heading" className="card">
        <SectionHeading id="funnel-heading" csv={<CsvLink table="funnels" filters={filters} what="the funnels" />}>
          Outreach funnel, {period}
        </SectionHeading>
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
        <div className="mt-6 mb-2 flex items-baseline justify-between gap-3">
          <h3 className="font-semibold">By conference</h3>
          <CsvLink table="conferences" filters={filters} what="the conference funnels" />
        </div>
        {conferenceFunnels.length === 0 ? (
          <p className="text-sm text-muted">No talk was given at a conference in {period}.</p>
        ) : (
          <div className="overflow-x-auto">
            <ConferenceFunnelTable conferences={conferenceFunnels} caption={`Outreach funnel of each conference with a talk in ${period}`} />
          </div>
        )}
      </section>

      <section aria-labelledby="leads-heading" className="card overflow-x-auto">
        <SectionHeading id="leads-heading" csv={<CsvLink table="leads" filters={filters} what="the leads' quarter" />}>
          Leads this quarter
        </SectionHeading>
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
