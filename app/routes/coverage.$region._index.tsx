import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/coverage.$region._index'
import { Figure } from '~/components/coverage-figure'
import { DateTime } from '~/components/date-time'
import { RecordErrorPage } from '~/components/error-page'
import { PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { regionNames } from '#db/schema/vocabulary'
import {
  countrySortValue,
  formatPercent,
  metricLabels,
  parseCountrySort,
  parseCoverageFilters,
  quarterLabel,
  type CountrySortKey,
} from '~/modules/coverage/coverage-schema'
import { countryTable, regionParam } from '~/modules/coverage/coverage.server'

/** /coverage/:region: the region's countries with their figures, sortable by any column. */
export async function loader({ request, params, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const region = regionParam(actor, params.region)
  const { period } = parseCoverageFilters(url.searchParams, now())
  const sort = parseCountrySort(url.searchParams.get('sort'))
  const table = await countryTable({ actor, period, region, sort })
  return { region, regionName: regionNames[region], period: quarterLabel(period), sort, ...table }
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.regionName ?? 'Region'} · Coverage · Liaison` }]

const columns: { key: CountrySortKey; label: string }[] = [
  { key: 'name', label: 'Country' },
  { key: 'agencies', label: 'Agencies' },
  { key: 'priority1', label: 'Priority 1' },
  { key: 'engaged90', label: 'Engaged, 90 days' },
  { key: 'engaged365', label: 'Engaged, 365 days' },
  { key: 'priority1Never', label: 'P1 never engaged' },
  { key: 'priority1Stale', label: 'P1 stale' },
  { key: 'engagements', label: 'Engagements this quarter' },
  { key: 'presentations', label: 'Presentations' },
  { key: 'officersRegistered', label: 'Officers registered' },
  { key: 'officersTrained', label: 'Officers trained' },
  { key: 'validCertificates', label: 'Valid certificates' },
]

export default function RegionCoveragePage() {
  const { region, regionName, period, sort, rows, asOf } = useLoaderData<typeof loader>()
  const sortHref = (key: CountrySortKey) => `?${new URLSearchParams({ period, sort: countrySortValue(key, sort) })}`
  return (
    <div className="space-y-6">
      <PageHeader
        title={regionName}
        description={
          <>
            {period} · countries of {region} · agencies as of <DateTime value={asOf} />
          </>
        }
        actions={
          <>
            <a
              href={`/coverage/${region}/countries.csv?${new URLSearchParams({ period, sort: sort.descending ? `-${sort.key}` : sort.key })}`}
              className="btn-secondary"
              download
            >
              Export CSV
            </a>
            <Link to={`/coverage?period=${period}&region=${region}`} className="btn-secondary">
              All regions
            </Link>
          </>
        }
      />
      <section aria-labelledby="countries-heading" className="card overflow-x-auto">
        <h2 id="countries-heading" className="mb-3 text-lg font-semibold">
          Countries
        </h2>
        <table className="data-table">
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.key} scope="col" aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                  <Link to={sortHref(column.key)}>
                    {column.label}
                    {sort.key === column.key ? (sort.descending ? ' ↓' : ' ↑') : ''}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">
                  <Link to={`/coverage/${region}/${row.code}?period=${period}`}>{row.name}</Link>
                </th>
                <td className="tabular-nums">
                  <Figure value={row.metrics.agencies} to={row.links.agencies} label={metricLabels.agencies} />
                </td>
                <td className="tabular-nums">
                  <Figure value={row.metrics.priority1} to={row.links.priority1} label={metricLabels.priority1} />
                </td>
                <td className="tabular-nums">
                  <Figure value={row.metrics.engaged90} to={row.links.engaged90} label={metricLabels.engaged90} />{' '}
                  <span className="text-xs text-muted">{formatPercent(row.metrics.engaged90, row.metrics.agencies)}</span>
                </td>
                <td className="tabular-nums">
                  <Figure value={row.metrics.engaged365} to={row.links.engaged365} label={metricLabels.engaged365} />{' '}
                  <span className="text-xs text-muted">{formatPercent(row.metrics.engaged365, row.metrics.agencies)}</span>
                </td>
                <td className="tabular-nums">
                  <Figure value={row.metrics.priority1Never} to={row.links.priority1Never} label={metricLabels.priority1Never} />
                </td>
                <td className="tabular-nums">
                  <Figure value={row.metrics.priority1Stale} to={row.links.priority1Stale} label={metricLabels.priority1Stale} />
                </td>
                <td className="tabular-nums">{row.metrics.engagements}</td>
                <td className="tabular-nums">{row.metrics.presentations}</td>
                <td className="tabular-nums">{row.metrics.officersRegistered}</td>
                <td className="tabular-nums">{row.metrics.officersTrained}</td>
                <td className="tabular-nums">{row.metrics.validCertificates}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="region" list={{ to: '/coverage', label: 'coverage' }} />
}
