import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/coverage.$region.$country'
import { DateTime } from '~/components/date-time'
import { RecordErrorPage } from '~/components/error-page'
import { PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { pageFilter } from '~/lib/forms/fields'
import { Pagination } from '~/components/pagination'
import { parseCoverageFilters, quarterLabel } from '~/modules/coverage/coverage-schema'
import { countryAgencies, countryOf, regionParam } from '~/modules/coverage/coverage.server'

/** /coverage/:region/:country: the country's agencies with owner, priority, last engaged and officers trained. */
export async function loader({ request, params, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const region = regionParam(actor, params.region)
  const country = await countryOf(region, params.country)
  if (!country) throw notFound('There is no such country in this region.')
  const period = quarterLabel(parseCoverageFilters(url.searchParams, now()).period)
  const page = pageFilter.parse(url.searchParams.get('page') ?? undefined)
  return { region, country, period, agencies: await countryAgencies({ actor, country: country.code, page }) }
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.country.name ?? 'Country'} · Coverage · Liaison` }]

export default function CountryCoveragePage() {
  const { region, country, period, agencies: list } = useLoaderData<typeof loader>()
  const agencies = list.rows
  return (
    <div className="space-y-6">
      <PageHeader
        title={country.name}
        description={`${region} · ${list.total.toLocaleString('en')} active ${list.total === 1 ? 'agency' : 'agencies'}`}
        actions={
          <>
            <a href={`/coverage/${region}/${country.code}/agencies.csv`} className="btn-secondary" download>
              Export CSV
            </a>
            <Link to={`/coverage/${region}?period=${period}`} className="btn-secondary">
              Countries of {region}
            </Link>
            <Link to={`/agencies?country=${country.code}`} className="btn-secondary">
              In the agency list
            </Link>
          </>
        }
      />
      <section aria-labelledby="agencies-heading" className="card overflow-x-auto">
        <h2 id="agencies-heading" className="mb-3 text-lg font-semibold">
          Agencies
        </h2>
        {agencies.length === 0 ? (
          <p className="text-sm text-muted">No agency in {country.name} yet: this country has never been reached.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Agency</th>
                <th scope="col">Priority</th>
                <th scope="col">Owner</th>
                <th scope="col">Last engaged</th>
                <th scope="col">Officers trained</th>
              </tr>
            </thead>
            <tbody>
              {agencies.map((agency) => (
                <tr key={agency.id}>
                  <th scope="row">
                    <Link to={`/agencies/${agency.id}`}>{agency.name}</Link>
                  </th>
                  <td>P{agency.priority}</td>
                  <td>{agency.ownerName ?? '—'}</td>
                  <td>
                    <DateTime value={agency.lastEngagedAt} dateOnly />
                    {agency.stale ? <span className="ml-2 text-xs font-semibold text-warning">stale</span> : null}
                  </td>
                  <td className="tabular-nums">{agency.officersTrained}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pagination page={list.page} pageCount={list.pageCount} total={list.total} noun={list.total === 1 ? 'agency' : 'agencies'} />
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="country" list={{ to: '/coverage', label: 'coverage' }} />
}
