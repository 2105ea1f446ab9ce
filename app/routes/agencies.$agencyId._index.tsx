import { data, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/agencies.$agencyId._index'
import { Archive, CalendarPlus, Pencil, RotateCcw, UserPlus } from 'lucide-react'
import { z } from 'zod'
import { ConfirmDialog } from '~/components/confirm-dialog'
import { DateTime } from '~/components/date-time'
import { EmptyState, PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { today } from '~/lib/clock.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { agencyTimelinePage, timelineCursorOf } from '~/modules/activity/activity.server'
import { Timeline } from '~/modules/activity/timeline'
import { agencyKindLabels } from '~/modules/agencies/agency-labels'
import { getAgency, setAgencyArchived } from '~/modules/agencies/agencies.server'
import { AgencyStatusBadge, StaleBadge } from '~/modules/agencies/agency-badges'
import { listAgencyContacts } from '~/modules/contacts/contacts.server'
import { EngagementList } from '~/modules/engagements/engagement-list'
import { listAgencyEngagements, listConferencesWhereAgencyMet } from '~/modules/engagements/engagements.server'
import { listAgencyTasks } from '~/modules/tasks/tasks.server'
import { TaskList } from '~/modules/tasks/task-list'
import { listOfficersOfAgency } from '~/modules/officers/officers.server'
import { RecordErrorPage } from '~/components/error-page'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const agency = await getAgency({ actor, agencyId: params.agencyId })
  if (!agency) throw notFound()
  const [contacts, engagements, conferences, tasks, officers, timeline] = await Promise.all([
    listAgencyContacts(agency.id),
    listAgencyEngagements(agency.id),
    listConferencesWhereAgencyMet(agency.id),
    listAgencyTasks(agency.id),
    listOfficersOfAgency(agency.id),
    agencyTimelinePage({ agencyId: agency.id, viewer: actor, before: timelineCursorOf(request.url) }),
  ])
  return { agency, contacts, engagements, conferences, tasks, officers, timeline, today: today() }
}

const intentSchema = z.object({ intent: z.enum(['archive', 'restore']) })

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const parsed = intentSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) return data({ error: 'Unknown action.' }, { status: 400 })
  const archived = parsed.data.intent === 'archive'
  const outcome = await setAgencyArchived({ actor, agencyId: params.agencyId, archived, meta: requestMeta(request, context) })
  if (!outcome.ok) throw notFound()
  return redirectWithToast(`/agencies/${params.agencyId}`, {
    kind: 'success',
    message: archived ? `${outcome.name} is archived.` : `${outcome.name} is restored.`,
  })
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.agency.name ?? 'Agency'} · Liaison` }]

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  )
}

export default function AgencyPage() {
  const { agency, contacts, engagements, conferences, tasks, officers, timeline, today } = useLoaderData<typeof loader>()
  const archived = Boolean(agency.archivedAt)
  return (
    <div>
      {archived ? (
        <div role="status" className="mb-4 rounded-md border border-warning/40 bg-warning-soft px-4 py-2 text-sm text-warning">
          This agency is archived. It stays in the record and can be restored.
        </div>
      ) : null}
      <PageHeader
        title={agency.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {agencyKindLabels[agency.kind]} · {[agency.city, agency.subdivision, agency.countryName].filter(Boolean).join(', ')} ({agency.regionCode})
            <AgencyStatusBadge status={agency.status} />
            {agency.stale && !archived ? <StaleBadge /> : null}
          </span>
        }
        actions={
          <>
            {!archived ? (
              <Link to={`/engagements/new?agencyId=${agency.id}`} className="btn-primary">
                <CalendarPlus aria-hidden size={16} /> Log engagement
              </Link>
            ) : null}
            <Link to={`/agencies/${agency.id}/edit`} className="btn-secondary">
              <Pencil aria-hidden size={16} /> Edit
            </Link>
            {archived ? (
              <ConfirmDialog
                trigger={
                  <>
                    <RotateCcw aria-hidden size={16} /> Restore
                  </>
                }
                title={`Restore ${agency.name}?`}
                confirmLabel="Restore"
                fields={{ intent: 'restore' }}
              >
                It returns to the lists and searches.
              </ConfirmDialog>
            ) : (
              <ConfirmDialog
                trigger={
                  <>
                    <Archive aria-hidden size={16} /> Archive
                  </>
                }
                title={`Archive ${agency.name}?`}
                confirmLabel="Archive"
                fields={{ intent: 'archive' }}
                danger
              >
                It leaves the lists and searches but keeps its history; you can restore it at any time.
              </ConfirmDialog>
            )}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section aria-labelledby="facts-heading" className="card">
            <h2 id="facts-heading" className="sr-only">
              Key facts
            </h2>
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              <Fact label="Owner">{agency.ownerName ?? '—'}</Fact>
              <Fact label="Priority">P{agency.priority}</Fact>
              <Fact label="Last engaged">
                <DateTime value={agency.lastEngagedAt} dateOnly />
              </Fact>
              <Fact label="Next engagement">
                <DateTime value={agency.nextEngagementAt} dateOnly />
              </Fact>
              <Fact label="Website">
                {agency.website ? (
                  <a href={agency.website} rel="noreferrer noopener" target="_blank">
                    {agency.website.replace(/^https?:\/\//, '')}
                  </a>
                ) : (
                  '—'
                )}
              </Fact>
              <Fact label="Phone">{agency.phone ?? '—'}</Fact>
              <Fact label="Email domains">{agency.emailDomains.join(', ') || '—'}</Fact>
              <Fact label="Tags">{agency.tags.join(', ') || '—'}</Fact>
            </dl>
            {agency.notes ? <p className="mt-4 text-sm whitespace-pre-line text-muted">{agency.notes}</p> : null}
          </section>

          <section aria-labelledby="contacts-heading" className="card">
            <div className="mb-3 flex items-center justify-between">
              <h2 id="contacts-heading" className="text-lg font-semibold">
                Contacts
              </h2>
              {!archived ? (
                <Link to={`/contacts/new?agencyId=${agency.id}`} className="btn-secondary">
                  <UserPlus aria-hidden size={16} /> Add contact
                </Link>
              ) : null}
            </div>
            {contacts.length === 0 ? (
              <EmptyState title="No contacts yet">Add the people you work with at this agency.</EmptyState>
            ) : (
              <ul className="divide-y divide-line">
                {contacts.map((contact) => (
                  <li key={contact.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
                    <span>
                      <Link to={`/contacts/${contact.id}`} className="font-medium">
                        {contact.fullName}
                      </Link>
                      {contact.isPrimary ? <span className="badge ml-2">Primary</span> : null}
                      <span className="block text-muted">{[contact.title, contact.unit].filter(Boolean).join(' · ')}</span>
                    </span>
                    <span className="text-muted">{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : (contact.phone ?? '')}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="engagements-heading" className="card">
            <div className="mb-3 flex items-center justify-between">
              <h2 id="engagements-heading" className="text-lg font-semibold">
                Engagements
              </h2>
              <Link to={`/engagements?agency=${agency.id}`} className="text-sm">
                See all
              </Link>
            </div>
            {engagements.length === 0 ? (
              <EmptyState title="Never engaged">Log the first meeting, call or visit with this agency.</EmptyState>
            ) : (
              <EngagementList engagements={engagements} />
            )}
          </section>

          <section aria-labelledby="tasks-heading" className="card">
            <h2 id="tasks-heading" className="mb-3 text-lg font-semibold">
              Open tasks
            </h2>
            <TaskList tasks={tasks} today={today} showAgency={false} empty="No open follow-ups for this agency." />
          </section>
        </div>
        <div className="space-y-6">
          <section aria-labelledby="officers-heading" className="card">
            <div className="mb-2 flex items-baseline justify-between">
              <h2 id="officers-heading" className="text-lg font-semibold">
                Officers and training
              </h2>
              {!archived ? (
                <Link to={`/officers/invite?agencyId=${agency.id}`} className="text-sm">
                  Invite an officer
                </Link>
              ) : null}
            </div>
            {officers.length === 0 ? (
              <p className="text-sm text-muted">No officer from this agency has an account yet.</p>
            ) : (
              <ul className="divide-y divide-line text-sm">
                {officers.map((officer) => (
                  <li key={officer.id} className="py-2">
                    <Link to={`/officers/${officer.id}`} className="font-medium">
                      {officer.name}
                    </Link>
                    <span className="ml-2 badge">{officer.status === 'active' ? (officer.officerVerification ?? 'unverified') : officer.status}</span>
                    <span className="block text-xs text-muted">
                      {officer.completedCount} completed · {officer.assignedCount} assigned
                      {officer.overdueCount ? <span className="font-semibold text-danger"> · {officer.overdueCount} overdue</span> : null}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="conferences-heading" className="card">
            <h2 id="conferences-heading" className="mb-2 text-lg font-semibold">
              Met at conferences
            </h2>
            {conferences.length === 0 ? (
              <p className="text-sm text-muted">Not met at a conference yet.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {conferences.map((conference) => (
                  <li key={conference.id}>
                    <Link to={`/conferences/${conference.id}`}>{conference.name}</Link>{' '}
                    <span className="text-muted">
                      · <DateTime value={conference.startsOn} dateOnly />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <Timeline entries={timeline.entries} older={timeline.older} />
        </div>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="agency" list={{ to: '/agencies', label: 'agencies', searchable: true }} />
}
