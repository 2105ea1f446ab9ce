import { Form, Link, useLoaderData, useLocation, useNavigation, useSearchParams, useSubmit } from 'react-router'
import type { Route } from './+types/agencies._index'
import { Download, Plus, Search, Upload } from 'lucide-react'
import { agencyKinds, agencyStatuses } from '#db/schema/vocabulary'
import { DateTime } from '~/components/date-time'
import { Pagination } from '~/components/pagination'
import { EmptyState, PageHeader } from '~/components/page-header'
import { useSearchShortcut } from '~/components/search-shortcut'
import { SortHeader } from '~/components/sort-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { parseAgencyFilters } from '~/modules/agencies/agencies-schema'
import { agencyKindLabels, agencyStatusLabels } from '~/modules/agencies/agency-labels'
import { listAgencies, listOwnerOptions } from '~/modules/agencies/agencies.server'
import { AgencyStatusBadge, StaleBadge } from '~/modules/agencies/agency-badges'
import { countryOptions } from '~/modules/regions/country-options'
import { FilterSelect } from '~/components/filter-select'

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const filters = parseAgencyFilters(url.searchParams)
  const [result, owners] = await Promise.all([listAgencies({ actor, filters }), listOwnerOptions()])
  return { ...result, q: filters.q, sort: filters.sort, owners, regions: actor.regions, canCreate: actor.regions.length > 0 }
}

export const meta: Route.MetaFunction = () => [{ title: 'Agencies · Liaison' }]

export default function AgenciesPage() {
  const { rows, total, match, q, page, pageCount, sort, owners, regions, canCreate } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const location = useLocation()
  const navigation = useNavigation()
  const submit = useSubmit()
  useSearchShortcut('agency-search')
  const value = (name: string) => searchParams.get(name) ?? ''
  const searching = navigation.state === 'loading' && navigation.location?.pathname === '/agencies'
  const filtered = [...searchParams.keys()].some((key) => !['page', 'sort'].includes(key))
  return (
    <div>
      <PageHeader
        title="Agencies"
        description="Law-enforcement and government agencies in your regions. Press / to search."
        actions={
          <>
            <a href={`/agencies.csv${location.search}`} className="btn-secondary" download>
              <Download aria-hidden size={16} /> Export CSV
            </a>
            {canCreate ? (
              <Link to="/import?kind=agencies" className="btn-secondary">
                <Upload aria-hidden size={16} /> Import CSV
              </Link>
            ) : null}
            {canCreate ? (
              <Link to="/agencies/new" className="btn-primary">
                <Plus aria-hidden size={16} /> New agency
              </Link>
            ) : null}
          </>
        }
      />
      <Form
        method="get"
        role="search"
        className="card mb-4 space-y-3"
        onChange={(event) => {
          // Selects and checkboxes apply at once; typing in the search box waits for Enter.
          if ((event.target as HTMLElement).tagName !== 'INPUT' || (event.target as HTMLInputElement).type === 'checkbox')
            submit(event.currentTarget, { replace: true })
        }}
      >
        <div className="flex gap-2">
          <div className="relative flex-1">
            <Search aria-hidden size={16} className="pointer-events-none absolute top-2.5 left-3 text-subtle" />
            <label htmlFor="agency-search" className="sr-only">
              Search agencies
            </label>
            <input
              id="agency-search"
              name="q"
              type="search"
              defaultValue={value('q')}
              placeholder="Name, city, tag or a contact's name — typos are fine"
              className="input pl-9"
            />
          </div>
          <button type="submit" className="btn-primary">
            Search
          </button>
        </div>
        <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {regions.length > 1 ? (
            <FilterSelect name="region" label="Region" value={value('region')} options={regions.map((code) => ({ value: code, label: code }))} />
          ) : null}
          <FilterSelect
            name="country"
            label="Country"
            value={value('country')}
            options={countryOptions(regions).map((country) => ({ value: country.code, label: country.name }))}
          />
          <FilterSelect name="kind" label="Kind" value={value('kind')} options={agencyKinds.map((kind) => ({ value: kind, label: agencyKindLabels[kind] }))} />
          <FilterSelect
            name="status"
            label="Status"
            value={value('status')}
            options={agencyStatuses.map((status) => ({ value: status, label: agencyStatusLabels[status] }))}
          />
          <FilterSelect
            name="owner"
            label="Owner"
            value={value('owner')}
            options={[{ value: 'none', label: 'Nobody' }, ...owners.map((owner) => ({ value: owner.id, label: owner.name }))]}
          />
          <div>
            <label htmlFor="filter-tag" className="mb-1 block text-xs font-medium text-muted">
              Tag
            </label>
            <input id="filter-tag" name="tag" defaultValue={value('tag')} className="input" placeholder="e.g. ICAC" />
          </div>
          <div>
            <label htmlFor="filter-after" className="mb-1 block text-xs font-medium text-muted">
              Last engaged after
            </label>
            <input id="filter-after" name="engagedAfter" type="date" defaultValue={value('engagedAfter')} className="input" />
          </div>
          <div>
            <label htmlFor="filter-before" className="mb-1 block text-xs font-medium text-muted">
              Last engaged before
            </label>
            <input id="filter-before" name="engagedBefore" type="date" defaultValue={value('engagedBefore')} className="input" />
          </div>
          <fieldset className="flex flex-col justify-end gap-1 text-sm sm:col-span-2">
            <legend className="sr-only">More filters</legend>
            <label className="inline-flex items-center gap-2">
              <input type="checkbox" name="never" value="1" defaultChecked={value('never') === '1'} className="accent-accent" /> Never engaged
            </label>
            <label className="inline-flex items-center gap-2">
              <input type="checkbox" name="stale" value="1" defaultChecked={value('stale') === '1'} className="accent-accent" /> Stale (180 days)
            </label>
            <label className="inline-flex items-center gap-2">
              <input type="checkbox" name="archived" value="1" defaultChecked={value('archived') === '1'} className="accent-accent" /> Archived only
            </label>
          </fieldset>
          {sort !== 'name' ? <input type="hidden" name="sort" value={sort} /> : null}
        </div>
        {filtered ? (
          <p className="text-sm">
            <Link to="/agencies">Clear all filters</Link>
          </p>
        ) : null}
      </Form>
      <div aria-busy={searching} className={searching ? 'opacity-60 transition-opacity' : ''}>
        {rows.length === 0 ? (
          <EmptyState title={filtered ? 'No agency matches these filters' : 'No agencies yet'}>
            {filtered ? (
              'Try fewer filters or another spelling.'
            ) : canCreate ? (
              <Link to="/agencies/new">Add the first agency</Link>
            ) : (
              'Agencies appear here once they are added.'
            )}
          </EmptyState>
        ) : (
          <>
            {match === 'close' ? (
              <p role="status" className="mb-2 text-sm text-muted">
                No exact match for “{q}” here; showing close spellings.
              </p>
            ) : null}
            <div className="overflow-x-auto rounded-lg border border-line bg-surface">
              <table className="data-table">
                <thead>
                  <tr>
                    <SortHeader label="Agency" sortKey="name" current={sort} />
                    <th scope="col">Where</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Status</th>
                    <SortHeader label="Priority" sortKey="priority" current={sort} />
                    <th scope="col">Owner</th>
                    <SortHeader label="Last engaged" sortKey="lastEngaged" current={sort} />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((agency) => (
                    <tr key={agency.id} className="hover:bg-canvas">
                      <td>
                        <Link to={`/agencies/${agency.id}`} className="font-medium">
                          {agency.name}
                        </Link>
                        {agency.tags.length ? <div className="mt-0.5 text-xs text-muted">{agency.tags.join(' · ')}</div> : null}
                      </td>
                      <td className="text-muted">
                        {[agency.city, agency.countryName].filter(Boolean).join(', ')}
                        <span className="ml-1 text-xs">({agency.regionCode})</span>
                      </td>
                      <td>{agencyKindLabels[agency.kind]}</td>
                      <td>
                        <AgencyStatusBadge status={agency.status} />
                      </td>
                      <td className="tabular-nums">P{agency.priority}</td>
                      <td>{agency.ownerName ?? <span className="text-subtle">—</span>}</td>
                      <td className="whitespace-nowrap">
                        <DateTime value={agency.lastEngagedAt} dateOnly /> {agency.stale && !agency.archivedAt ? <StaleBadge /> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? 'agency' : 'agencies'} />
      </div>
    </div>
  )
}
