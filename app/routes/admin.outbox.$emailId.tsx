import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/admin.outbox.$emailId'
import { DateTime } from '~/components/date-time'
import { PageHeader } from '~/components/page-header'
import { notFound, requireRole } from '~/lib/auth/guards.server'
import { getOutboxEmail } from '~/lib/email/outbox.server'
import { RecordErrorPage } from '~/components/error-page'

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  const email = await getOutboxEmail(Number(params.emailId))
  if (!email) throw notFound()
  return { email }
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.email.subject ?? 'Email'} · Outbox · Liaison` }]

export default function OutboxEmailPage() {
  const { email } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader
        title={email.subject}
        description={`To ${email.recipient} · ${email.template}`}
        actions={
          <Link to="/admin/outbox" className="btn-secondary">
            Back to the outbox
          </Link>
        }
      />
      <dl className="card mb-6 grid gap-4 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-muted">Status</dt>
          <dd className="font-medium">
            {email.status}
            {email.provider ? ` (${email.provider})` : ''}
          </dd>
        </div>
        <div>
          <dt className="text-muted">Queued</dt>
          <dd>
            <DateTime value={email.createdAt} />
          </dd>
        </div>
        <div>
          <dt className="text-muted">Sent</dt>
          <dd>
            <DateTime value={email.sentAt} />
          </dd>
        </div>
        <div>
          <dt className="text-muted">Attempts</dt>
          <dd className="tabular-nums">{email.attempts}</dd>
        </div>
        {email.status === 'queued' && email.attempts > 0 ? (
          <div>
            <dt className="text-muted">Next attempt</dt>
            <dd>
              <DateTime value={email.nextAttemptAt} />
            </dd>
          </div>
        ) : null}
        {email.lastError ? (
          <div className="sm:col-span-4">
            <dt className="text-muted">Last error</dt>
            <dd className="text-danger">{email.lastError}</dd>
          </div>
        ) : null}
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="text-heading" className="card">
          <h2 id="text-heading" className="mb-3 font-semibold">
            Plain text
          </h2>
          <pre data-testid="email-text" className="text-sm whitespace-pre-wrap">
            {email.text}
          </pre>
        </section>
        <section aria-labelledby="html-heading" className="card">
          <h2 id="html-heading" className="mb-3 font-semibold">
            As the recipient sees it
          </h2>
          {/* An empty sandbox: the message's HTML can neither run scripts nor navigate this page. */}
          <iframe title="Email preview" sandbox="" srcDoc={email.html} className="h-[480px] w-full rounded border border-line" />
        </section>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="email" list={{ to: '/admin/outbox', label: 'the outbox', searchable: true }} />
}
