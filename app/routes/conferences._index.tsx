import { Form, Link, useLoaderData, useNavigation, useSearchParams, useSubmit } from 'react-router'
import type { Route } from './+types/conferences._index'
import { Plus, Presentation, Search } from 'lucide-react'
import { Fragment } from 'react'
import { conferenceAudiences, conferenceStatuses, regionCodes } from '#db/schema/vocabulary'
import { Pagination } from '~/components/pagination'
import { EmptyState, PageHeader } from '~/components/page-header'
import { useSearchShortcut } from '~/components/search-shortcut'
import { SortHeader } from '~/components/sort-header'
import { requireStaff } from '~/lib/auth/guards.server'
import {
  conferenceAudienceLabels,
  conferenceStatusLabels,
  conferenceStatusStyles,
  formatConferenceDates,
  parseConferenceFilters,
} from '~/modules/conferences/conferences-schema'
import { listConferences, listConferenceYears } from '~/modules/conferences/conferences.server'
import { FilterSelect } from '~/components/filter-select'

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const filters = parseConferenceFilters(url.searchParams)
  const [result, years] = await Promise.all([listConferences({ filters }), listConferenceYears()])
  return { ...result, sort: filters.sort, years, canCreate: actor.regions.length > 0 }
}

export const meta: Route.MetaFunction = () => [{ title: 'Conferences · Liaison' }]

export default function ConferencesPage() {
  const { rows, total, page, pageCount, sort, years, today, canCreate } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const submit = useSubmit()
  useSearchShortcut('conference-search')
  const value = (name: string) => searchParams.get(name) ?? ''
  const searching = navigation.state === 'loading' && navigation.location?.pathname === '/conferences'
  const filtered = [...searchParams.keys()].some((key) => !['page', 'sort'].includes(key))
  const upcomingFirst = new URLSearchParams(searchParams)
  upcomingFirst.delete('sort')
  upcomingFirst.delete('page')
  // In the default order, past conferences follow the upcoming ones: a row marks where.
  const firstPast = sort === 'upcoming' ? rows.findIndex((conference) => conference.endsOn < today) : -1
  return (
    <div>
      <PageHeader
        title="Conferences"
        description="Events the team considers, attends and speaks at, in every region. Press / to search."
        actions={
          <>
            <Link to="/presentations/new" className="btn-secondary">
              <Presentation aria-hidden size={16} /> Record a presentation
            </Link>
            {canCreate ? (
              <Link to="/conferences/new" className="btn-primary">
                <Plus aria-hidden size={16} /> New conference
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
          // Selects apply at once; typing in the search box waits for Enter.
          if ((event.target as HTMLElement).tagName === 'SELECT') submit(event.currentTarget, { replace: true })
        }}
      >
        <div className="flex gap-2">
          <div className="relative flex-1">
            <Search aria-hidden size={16} className="pointer-events-none absolute top-2.5 left-3 text-subtle" />
            <label htmlFor="conference-search" className="sr-only">
              Search conferences
            </label>
            <input id="conference-search" name="q" type="search" defaultValue={value('q')} placeholder="Name, city or organiser" className="input pl-9" />
          </div>
          <button type="submit" className="btn-primary">
            Search
          </button>
        </div>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <FilterSelect name="region" label="Region" value={value('region')} options={regionCodes.map((code) => ({ value: code, label: code }))} />
          <FilterSelect
            name="status"
            label="Status"
            value={value('status')}
            options={conferenceStatuses.map((status) => ({ value: status, label: conferenceStatusLabels[status] }))}
          />
          <FilterSelect
            name="audience"
            label="Audience"
            value={value('audience')}
            options={conferenceAudiences.map((audience) => ({ value: audience, label: conferenceAudienceLabels[audience] }))}
          />
          <FilterSelect name="year" label="Year" value={value('year')} options={years.map((year) => ({ value: String(year), label: String(year) }))} />
          {sort !== 'upcoming' ? <input type="hidden" name="sort" value={sort} /> : null}
        </div>
        {filtered || sort !== 'upcoming' ? (
          <p className="flex gap-4 text-sm">
            {filtered ? <Link to="/conferences">Clear all filters</Link> : null}
            {sort !== 'upcoming' ? <Link to={`/conferences?${upcomingFirst}`}>Upcoming first</Link> : null}
          </p>
        ) : null}
      </Form>
      <div aria-busy={searching} className={searching ? 'opacity-60 transition-opacity' : ''}>
        {rows.length === 0 ? (
          <EmptyState title={filtered ? 'No conference matches these filters' : 'No conferences yet'}>
            {filtered ? (
              'Try fewer filters or another spelling.'
            ) : canCreate ? (
              <Link to="/conferences/new">Add the first conference</Link>
            ) : (
              'Conferences appear here once a lead adds them.'
            )}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-line bg-surface">
            <table className="data-table">
              <thead>
                <tr>
                  <SortHeader label="Conference" sortKey="name" current={sort} />
                  <SortHeader label="Dates" sortKey="startsOn" current={sort} />
                  <th scope="col">Where</th>
                  <th scope="col">Audience</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="text-right">
                    Expected
                  </th>
                  <th scope="col" className="text-right">
                    Presentations
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((conference, index) => (
                  <Fragment key={conference.id}>
                    {index === firstPast ? (
                      <tr>
                        <th scope="rowgroup" colSpan={7} className="bg-canvas text-left text-xs font-semibold tracking-wide text-muted uppercase">
                          Past conferences
                        </th>
                      </tr>
                    ) : null}
                    <tr className="hover:bg-canvas">
                      <td>
                        <Link to={`/conferences/${conference.id}`} className="font-medium">
                          {conference.name}
                        </Link>
                        {conference.organiser ? <div className="mt-0.5 text-xs text-muted">{conference.organiser}</div> : null}
                      </td>
                      <td className="whitespace-nowrap">
                        <time dateTime={conference.startsOn}>{formatConferenceDates(conference.startsOn, conference.endsOn)}</time>
                      </td>
                      <td className="text-muted">
                        {[conference.city, conference.countryName].filter(Boolean).join(', ')}
                        <span className="ml-1 text-xs">({conference.regionCode})</span>
                      </td>
                      <td>{conferenceAudienceLabels[conference.audience]}</td>
                      <td>
                        <span className={`badge ${conferenceStatusStyles[conference.status]}`}>{conferenceStatusLabels[conference.status]}</span>
                      </td>
                      <td className="text-right tabular-nums">
                        {conference.expectedAttendance?.toLocaleString('en') ?? <span className="text-subtle">—</span>}
                      </td>
                      <td className="text-right tabular-nums">{conference.presentations}</td>
                    </tr>
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? 'conference' : 'conferences'} />
      </div>
    </div>
  )
}
