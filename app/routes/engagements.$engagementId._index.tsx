import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/engagements.$engagementId._index'
import { Pencil } from 'lucide-react'
import { PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { today } from '~/lib/clock.server'
import { timelineCursorOf, timelinePage } from '~/modules/activity/activity.server'
import { Timeline } from '~/modules/activity/timeline'
import { AddToCalendarLink } from '~/modules/calendar/add-to-calendar-link'
import { engagementKindLabels, topicLabels } from '~/modules/engagements/engagements-schema'
import { getEngagement } from '~/modules/engagements/engagements.server'
import { formatInZone } from '~/modules/engagements/local-time'
import { TaskList } from '~/modules/tasks/task-list'
import { RecordErrorPage } from '~/components/error-page'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const engagement = await getEngagement({ actor, engagementId: params.engagementId })
  if (!engagement) throw notFound()
  const timeline = await timelinePage({ target: { engagementId: engagement.id }, viewer: actor, before: timelineCursorOf(request.url) })
  return { engagement, timeline, today: today() }
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.engagement.title ?? 'Engagement'} · Liaison` }]

/** Links a lead may not see: counted, never named. */
function OtherRegions({ count, one, many }: { count: number; one: string; many: string }) {
  if (!count) return null
  return <span className="block text-muted">{count === 1 ? `+1 ${one} in another region` : `+${count} ${many} in other regions`}</span>
}

export default function EngagementPage() {
  const { engagement, timeline, today } = useLoaderData<typeof loader>()
  const when = `${formatInZone(engagement.startsAt, engagement.timeZone)}${engagement.endsAt ? ` – ${formatInZone(engagement.endsAt, engagement.timeZone)}` : ''}`
  return (
    <div>
      <PageHeader
        title={engagement.title}
        description={`${engagementKindLabels[engagement.kind]} · ${when}`}
        actions={
          <>
            <AddToCalendarLink href={`/engagements/${engagement.id}.ics`} />
            <Link to={`/engagements/${engagement.id}/edit`} className="btn-secondary">
              <Pencil aria-hidden size={16} /> Edit
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section className="card space-y-4" aria-label="Details">
            <dl className="grid gap-4 sm:grid-cols-2">
              <div>
                <dt className="text-xs text-muted">Agencies</dt>
                <dd className="text-sm">
                  {engagement.agencies.map((agency, index) => (
                    <span key={agency.id}>
                      {index ? ', ' : ''}
                      <Link to={`/agencies/${agency.id}`}>{agency.name}</Link>
                      {agency.archivedAt ? ' (archived)' : ''}
                    </span>
                  ))}
                  <OtherRegions count={engagement.otherRegions.agencies} one="agency" many="agencies" />
                </dd>
              </div>
              <div>
                <dt className="text-xs text-muted">Their people</dt>
                <dd className="text-sm">
                  {engagement.contacts.length
                    ? engagement.contacts.map((contact, index) => (
                        <span key={contact.id}>
                          {index ? ', ' : ''}
                          <Link to={`/contacts/${contact.id}`}>{contact.fullName}</Link>
                          {contact.archivedAt ? ' (archived)' : ''}
                        </span>
                      ))
                    : engagement.otherRegions.contacts
                      ? null
                      : '—'}
                  <OtherRegions count={engagement.otherRegions.contacts} one="contact" many="contacts" />
                </dd>
              </div>
              <div>
                <dt className="text-xs text-muted">Our staff</dt>
                <dd className="text-sm">{engagement.staff.map((person) => person.name).join(', ') || '—'}</dd>
              </div>
              <div>
                <dt className="text-xs text-muted">Where</dt>
                <dd className="text-sm">
                  {engagement.location ?? '—'}
                  {engagement.conferenceId ? (
                    <>
                      {' · at '}
                      <Link to={`/conferences/${engagement.conferenceId}`}>{engagement.conferenceName}</Link>
                    </>
                  ) : null}
                </dd>
              </div>
              <div className="sm:col-span-2">
                <dt className="text-xs text-muted">Topics</dt>
                <dd className="mt-1 flex flex-wrap gap-1">
                  {engagement.topics.length
                    ? engagement.topics.map((topic) => (
                        <span key={topic} className="badge">
                          {topicLabels[topic as keyof typeof topicLabels] ?? topic}
                        </span>
                      ))
                    : '—'}
                </dd>
              </div>
            </dl>
            {engagement.summary ? (
              <div>
                <h2 className="text-sm font-semibold">Summary</h2>
                <p className="mt-1 text-sm whitespace-pre-line">{engagement.summary}</p>
              </div>
            ) : null}
            {engagement.outcome ? (
              <div>
                <h2 className="text-sm font-semibold">Outcome</h2>
                <p className="mt-1 text-sm whitespace-pre-line">{engagement.outcome}</p>
              </div>
            ) : null}
          </section>
          <section className="card" aria-labelledby="followups-heading">
            <h2 id="followups-heading" className="mb-3 text-lg font-semibold">
              Follow-ups
            </h2>
            <TaskList
              tasks={engagement.tasks.map((task) => ({ ...task, agencyId: null, agencyName: null, engagementId: null }))}
              today={today}
              empty="No follow-up tasks."
            />
          </section>
        </div>
        <Timeline entries={timeline.entries} older={timeline.older} />
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="engagement" list={{ to: '/engagements', label: 'engagements', searchable: true }} />
}
