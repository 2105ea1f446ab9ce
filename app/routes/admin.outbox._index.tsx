import { Form, Link, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/admin.outbox._index'
import { z } from 'zod'
import { DateTime } from '~/components/date-time'
import { Pagination } from '~/components/pagination'
import { EmptyState, PageHeader } from '~/components/page-header'
import { requireRole } from '~/lib/auth/guards.server'
import { listOutbox } from '~/lib/email/outbox.server'
import { env } from '~/lib/env.server'

const filtersSchema = z.object({
  status: z.enum(['queued', 'sending', 'sent', 'failed']).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})

export async function loader({ request, url }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  const filters = filtersSchema.parse(Object.fromEntries(url.searchParams))
  return { ...(await listOutbox(filters)), localMode: !env.RESEND_API_KEY }
}

export const meta: Route.MetaFunction = () => [{ title: 'Email outbox · Admin · Liaison' }]

const statusStyles: Record<string, string> = {
  sent: 'bg-success-soft text-success',
  queued: 'bg-warning-soft text-warning',
  sending: 'bg-accent-soft text-accent-strong',
  failed: 'bg-danger-soft text-danger',
}

export default function OutboxPage() {
  const { rows, total, page, pageCount, localMode } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  return (
    <div>
      <PageHeader
        title="Email outbox"
        description={
          localMode
            ? 'Local mail mode: nothing leaves this machine. Every message the app would send is kept here, its one-time links masked.'
            : 'Every email the app sends, with its delivery status; one-time links are masked. Failed deliveries are retried with backoff.'
        }
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <div className="min-w-64 flex-1">
          <label htmlFor="q" className="mb-1 block text-sm font-medium">
            Recipient
          </label>
          <input id="q" name="q" type="search" defaultValue={searchParams.get('q') ?? ''} className="input" placeholder="name@agency.gov" />
        </div>
        <div>
          <label htmlFor="status" className="mb-1 block text-sm font-medium">
            Status
          </label>
          <select id="status" name="status" defaultValue={searchParams.get('status') ?? ''} className="input">
            <option value="">Any</option>
            <option value="queued">Queued</option>
            <option value="sending">Sending</option>
            <option value="sent">Sent</option>
            <option value="failed">Failed</option>
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </Form>
      {rows.length === 0 ? (
        <EmptyState title="No email here yet">Invitations and password resets appear here as soon as they are queued.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((email) => (
                <tr key={email.id} className="hover:bg-canvas">
                  <td className="whitespace-nowrap">
                    <DateTime value={email.createdAt} />
                  </td>
                  <td>{email.recipient}</td>
                  <td>
                    <Link to={`/admin/outbox/${email.id}`}>{email.subject}</Link>
                  </td>
                  <td>
                    <span className={`badge ${statusStyles[email.status]}`}>{email.status}</span>
                    {email.provider ? <span className="ml-2 text-xs text-muted">{email.provider}</span> : null}
                    {/* A queued email whose sends fail says so here, not only on its own page. */}
                    {email.lastError ? (
                      <p className="mt-1 max-w-md truncate text-xs text-danger" title={email.lastError}>
                        {email.status === 'queued' ? 'Failing: ' : 'Last error: '}
                        {email.lastError}
                      </p>
                    ) : null}
                    {email.status === 'queued' && email.attempts > 0 ? (
                      <p className="text-xs text-muted">
                        Next attempt <DateTime value={email.nextAttemptAt} />
                      </p>
                    ) : null}
                  </td>
                  <td className="tabular-nums">{email.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? 'email' : 'emails'} />
    </div>
  )
}
