import { Form, Link, useLoaderData, useLocation, useSearchParams } from 'react-router'
import type { Route } from './+types/engagements._index'
import { CalendarPlus, Download } from 'lucide-react'
import { engagementKinds, topics } from '#db/schema/vocabulary'
import { Pagination } from '~/components/pagination'
import { EmptyState, PageHeader } from '~/components/page-header'
import { useSearchShortcut } from '~/components/search-shortcut'
import { requireStaff } from '~/lib/auth/guards.server'
import { engagementKindLabels, engagementListFilters, topicLabels } from '~/modules/engagements/engagements-schema'
import { listEngagements, searchStaffOptions } from '~/modules/engagements/engagements.server'
import { FilterSelect } from '~/components/filter-select'
import { formatInZone } from '~/modules/engagements/local-time'

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const filters = engagementListFilters.parse(Object.fromEntries(url.searchParams))
  const [list, staff] = await Promise.all([listEngagements({ actor, filters }), searchStaffOptions('', 100)])
  return { ...list, regions: actor.regions, staff: staff.map((person) => ({ value: person.id, label: person.name })) }
}

export const meta: Route.MetaFunction = () => [{ title: 'Engagements · Liaison' }]

export default function EngagementsPage() {
  const { rows, total, page, pageCount, regions, staff } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const location = useLocation()
  useSearchShortcut('engagement-search')
  const value = (name: string) => searchParams.get(name) ?? ''
  return (
    <div>
      <PageHeader
        title="Engagements"
        description="Meetings, calls, training sessions, visits and emails with agencies in your regions."
        actions={
          <>
            <a href={`/engagements.csv${location.search}`} className="btn-secondary" download>
              <Download aria-hidden size={16} /> Export CSV
            </a>
            <Link to="/engagements/new" className="btn-primary">
              <CalendarPlus aria-hidden size={16} /> Log engagement
            </Link>
          </>
        }
      />
      <Form method="get" role="search" className="card mb-4 grid gap-3 sm:grid-cols-6">
        <div className="sm:col-span-2">
          <label htmlFor="engagement-search" className="mb-1 block text-xs font-medium text-muted">
            Title
          </label>
          <input id="engagement-search" name="q" type="search" defaultValue={value('q')} className="input" />
        </div>
        <div>
          <label htmlFor="kind" className="mb-1 block text-xs font-medium text-muted">
            Kind
          </label>
          <select id="kind" name="kind" defaultValue={value('kind')} className="input">
            <option value="">Any</option>
            {engagementKinds.map((kind) => (
              <option key={kind} value={kind}>
                {engagementKindLabels[kind]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="topic" className="mb-1 block text-xs font-medium text-muted">
            Topic
          </label>
          <select id="topic" name="topic" defaultValue={value('topic')} className="input">
            <option value="">Any</option>
            {topics.map((topic) => (
              <option key={topic} value={topic}>
                {topicLabels[topic]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="mb-1 block text-xs font-medium text-muted">
            From
          </label>
          <input id="from" name="from" type="date" defaultValue={value('from')} className="input" />
        </div>
        <div>
          <label htmlFor="to" className="mb-1 block text-xs font-medium text-muted">
            To
          </label>
          <input id="to" name="to" type="date" defaultValue={value('to')} className="input" />
        </div>
        <FilterSelect
          name="when"
          label="When"
          value={value('when')}
          anyLabel="Past and upcoming"
          options={[
            { value: 'upcoming', label: 'Upcoming' },
            { value: 'past', label: 'Past' },
          ]}
        />
        {regions.length > 1 ? (
          <FilterSelect
            name="region"
            label="Region"
            value={value('region')}
            anyLabel="All my regions"
            options={regions.map((code) => ({ value: code, label: code }))}
          />
        ) : null}
        <FilterSelect name="staff" label="Attended by" value={value('staff')} anyLabel="Anyone" options={staff} />
        {value('agency') ? <input type="hidden" name="agency" value={value('agency')} /> : null}
        <label className="inline-flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" name="mine" value="1" defaultChecked={value('mine') === '1'} className="accent-accent" /> Only those I attended
        </label>
        <div className="flex gap-2 sm:col-span-4 sm:justify-end">
          <Link to="/engagements" className="btn-secondary">
            Clear
          </Link>
          <button type="submit" className="btn-primary">
            Filter
          </button>
        </div>
      </Form>
      {rows.length === 0 ? (
        <EmptyState title="No engagement matches">
          <Link to="/engagements/new">Log one</Link> or change the filters.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Engagement</th>
                <th scope="col">Agencies</th>
                <th scope="col">Kind</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((engagement) => (
                <tr key={engagement.id} className="hover:bg-canvas">
                  <td className="whitespace-nowrap">{formatInZone(engagement.startsAt, engagement.timeZone)}</td>
                  <td>
                    <Link to={`/engagements/${engagement.id}`} className="font-medium">
                      {engagement.title}
                    </Link>
                  </td>
                  <td className="text-muted">{engagement.agencyNames.join(', ')}</td>
                  <td>{engagementKindLabels[engagement.kind]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? 'engagement' : 'engagements'} />
    </div>
  )
}
