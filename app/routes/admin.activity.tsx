import { Form, Link, useLoaderData, useLocation, useSearchParams } from 'react-router'
import type { Route } from './+types/admin.activity'
import { z } from 'zod'
import { DateTime } from '~/components/date-time'
import { EmptyState, PageHeader } from '~/components/page-header'
import { requireRole } from '~/lib/auth/guards.server'
import { listActivity } from '~/modules/activity/activity.server'
import { describeActivity } from '~/modules/activity/describe-activity'

const filtersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
})

export async function loader({ request, url }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  return listActivity(filtersSchema.parse(Object.fromEntries(url.searchParams)))
}

export const meta: Route.MetaFunction = () => [{ title: 'Activity log · Admin · Liaison' }]

export default function ActivityLogPage() {
  const { rows, nextBefore } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const location = useLocation()
  const older = new URLSearchParams(location.search)
  if (nextBefore) older.set('before', String(nextBefore))
  return (
    <div>
      <PageHeader title="Activity log" description="Every sign-in, failure, change and export, with who, when (UTC) and from where." />
      <Form method="get" className="mb-4 flex gap-3" role="search">
        <input
          name="q"
          type="search"
          aria-label="Search the log"
          defaultValue={searchParams.get('q') ?? ''}
          placeholder="Person or event, e.g. login_failed"
          className="input max-w-md"
        />
        <button type="submit" className="btn-secondary">
          Search
        </button>
      </Form>
      {rows.length === 0 ? (
        <EmptyState title="Nothing matches" />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What happened</th>
                <th scope="col">Event</th>
                <th scope="col">IP</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <tr key={entry.id}>
                  <td className="whitespace-nowrap">
                    <DateTime value={entry.happenedAt} />
                  </td>
                  <td>{describeActivity(entry)}</td>
                  <td>
                    <code className="text-xs">{entry.name}</code>
                  </td>
                  <td className="text-muted">{entry.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore ? (
        <p className="mt-4">
          <Link to={`${location.pathname}?${older}`} className="btn-secondary">
            Older entries
          </Link>
        </p>
      ) : null}
    </div>
  )
}
