import { data, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/contacts.$contactId._index'
import { Archive, Pencil, RotateCcw } from 'lucide-react'
import { z } from 'zod'
import { ConfirmDialog } from '~/components/confirm-dialog'
import { PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { contactTimelinePage, timelineCursorOf } from '~/modules/activity/activity.server'
import { Timeline } from '~/modules/activity/timeline'
import { getContact, listContactEngagements, setContactArchived } from '~/modules/contacts/contacts.server'
import { EngagementList } from '~/modules/engagements/engagement-list'
import { RecordErrorPage } from '~/components/error-page'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const contact = await getContact({ actor, contactId: params.contactId })
  if (!contact) throw notFound()
  const [engagements, timeline] = await Promise.all([
    listContactEngagements(contact.id),
    contactTimelinePage({ contactId: contact.id, viewer: actor, before: timelineCursorOf(request.url) }),
  ])
  return { contact, engagements, timeline }
}

const intentSchema = z.object({ intent: z.enum(['archive', 'restore']) })

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const parsed = intentSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) return data({ error: 'Unknown action.' }, { status: 400 })
  const archived = parsed.data.intent === 'archive'
  const outcome = await setContactArchived({ actor, contactId: params.contactId, archived, meta: requestMeta(request, context) })
  if (!outcome.ok) throw notFound()
  return redirectWithToast(`/contacts/${params.contactId}`, {
    kind: 'success',
    message: archived ? `${outcome.contact.fullName} is archived.` : `${outcome.contact.fullName} is restored.`,
  })
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.contact.fullName ?? 'Contact'} · Liaison` }]

export default function ContactPage() {
  const { contact, engagements, timeline } = useLoaderData<typeof loader>()
  const archived = Boolean(contact.archivedAt)
  return (
    <div>
      <PageHeader
        title={contact.fullName}
        description={
          <>
            {[contact.title, contact.unit].filter(Boolean).join(' · ')}
            {contact.title || contact.unit ? ' · ' : ''}
            <Link to={`/agencies/${contact.agencyId}`}>{contact.agencyName}</Link>
            {contact.isPrimary ? <span className="badge ml-2">Primary contact</span> : null}
            {archived ? <span className="badge ml-2">Archived</span> : null}
          </>
        }
        actions={
          <>
            <Link to={`/contacts/${contact.id}/edit`} className="btn-secondary">
              <Pencil aria-hidden size={16} /> Edit
            </Link>
            {archived ? (
              <ConfirmDialog
                trigger={
                  <>
                    <RotateCcw aria-hidden size={16} /> Restore
                  </>
                }
                title={`Restore ${contact.fullName}?`}
                confirmLabel="Restore"
                fields={{ intent: 'restore' }}
              >
                They return to the agency's contacts.
              </ConfirmDialog>
            ) : (
              <ConfirmDialog
                trigger={
                  <>
                    <Archive aria-hidden size={16} /> Archive
                  </>
                }
                title={`Archive ${contact.fullName}?`}
                confirmLabel="Archive"
                fields={{ intent: 'archive' }}
                danger
              >
                They leave the agency's contacts but stay in past engagements. You can restore them.
              </ConfirmDialog>
            )}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section className="card" aria-label="Details">
            <dl className="grid gap-4 sm:grid-cols-3">
              <div>
                <dt className="text-xs text-muted">Email</dt>
                <dd className="text-sm">{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : '—'}</dd>
              </div>
              <div>
                <dt className="text-xs text-muted">Phone</dt>
                <dd className="text-sm">{contact.phone ?? '—'}</dd>
              </div>
              <div>
                <dt className="text-xs text-muted">Preferred language</dt>
                <dd className="text-sm">{contact.preferredLanguage ?? '—'}</dd>
              </div>
            </dl>
            {contact.notes ? <p className="mt-4 text-sm whitespace-pre-line text-muted">{contact.notes}</p> : null}
          </section>
          <section className="card" aria-labelledby="attended-heading">
            <h2 id="attended-heading" className="mb-3 text-lg font-semibold">
              Engagements attended
            </h2>
            {engagements.length === 0 ? (
              <p className="text-sm text-muted">Not recorded at any engagement yet.</p>
            ) : (
              <EngagementList engagements={engagements} />
            )}
          </section>
        </div>
        <Timeline entries={timeline.entries} older={timeline.older} />
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="contact" list={{ to: '/contacts', label: 'contacts', searchable: true }} />
}
