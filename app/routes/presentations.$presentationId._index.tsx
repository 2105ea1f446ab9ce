import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/presentations.$presentationId._index'
import { Pencil } from 'lucide-react'
import type { ReactNode } from 'react'
import { DateTime } from '~/components/date-time'
import { PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { timelineCursorOf, timelinePage } from '~/modules/activity/activity.server'
import { Timeline } from '~/modules/activity/timeline'
import { AddToCalendarLink } from '~/modules/calendar/add-to-calendar-link'
import { formatConferenceDates } from '~/modules/conferences/conferences-schema'
import { topicLabels } from '~/modules/engagements/engagements-schema'
import { canEditPresentation, getPresentation } from '~/modules/presentations/presentations.server'
import { RecordErrorPage } from '~/components/error-page'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const presentation = await getPresentation({ presentationId: params.presentationId, viewer: actor })
  if (!presentation) throw notFound()
  const timeline = await timelinePage({ target: { presentationId: presentation.id }, viewer: actor, before: timelineCursorOf(request.url) })
  return { presentation, timeline, canEdit: canEditPresentation(actor, presentation) }
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.presentation.title ?? 'Presentation'} · Liaison` }]

function Fact({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  )
}

export default function PresentationPage() {
  const { presentation, timeline, canEdit } = useLoaderData<typeof loader>()
  const { conference } = presentation
  return (
    <div>
      <PageHeader
        title={presentation.title}
        description={
          conference ? (
            <>
              At <Link to={`/conferences/${conference.id}`}>{conference.name}</Link> · {formatConferenceDates(conference.startsOn, conference.endsOn)}
              {conference.city || conference.countryName ? ` · ${[conference.city, conference.countryName].filter(Boolean).join(', ')}` : ''}
            </>
          ) : (
            'Not given at a conference'
          )
        }
        actions={
          <>
            <AddToCalendarLink href={`/presentations/${presentation.id}.ics`} />
            {canEdit ? (
              <Link to={`/presentations/${presentation.id}/edit`} className="btn-secondary">
                <Pencil aria-hidden size={16} /> Edit
              </Link>
            ) : null}
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
              <Fact label="Presented">
                <DateTime value={presentation.presentedAt} />
              </Fact>
              <Fact label="Audience size">{presentation.audienceSize?.toLocaleString('en') ?? '—'}</Fact>
              <Fact label="Feedback score">{presentation.feedbackScore !== null ? `${presentation.feedbackScore} / 5` : 'Not rated'}</Fact>
              <Fact label="Materials">
                {presentation.materialsUrl ? (
                  <a href={presentation.materialsUrl} rel="noreferrer noopener" target="_blank">
                    Open materials
                  </a>
                ) : (
                  '—'
                )}
              </Fact>
              {/* A <dl> groups each term in one <div>: the wide facts take the class, not another wrapper. */}
              <Fact label="Presenters" className="col-span-2">
                {presentation.presenters.map((presenter) => presenter.name).join(', ') || 'None recorded'}
              </Fact>
              <Fact label="Topics" className="col-span-2">
                {presentation.topics.map((topic) => topicLabels[topic as keyof typeof topicLabels] ?? topic).join(', ') || '—'}
              </Fact>
            </dl>
            {presentation.notes ? <p className="mt-4 text-sm whitespace-pre-line text-muted">{presentation.notes}</p> : null}
            {!canEdit ? (
              <p className="mt-4 text-xs text-muted">This presentation belongs to a conference outside your regions: you can read it, not change it.</p>
            ) : null}
          </section>
          <section aria-labelledby="audience-heading" className="card">
            <h2 id="audience-heading" className="mb-2 text-lg font-semibold">
              Agencies in the audience
            </h2>
            {presentation.agencies.length === 0 ? (
              <p className="text-sm text-muted">{presentation.otherRegionAgencies ? 'None in your regions.' : 'None recorded.'}</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {presentation.agencies.map((agency) => (
                  <li key={agency.id}>
                    <Link to={`/agencies/${agency.id}`}>{agency.name}</Link> <span className="text-muted">· {agency.countryCode}</span>
                    {agency.archivedAt ? <span className="text-muted"> (archived)</span> : null}
                  </li>
                ))}
              </ul>
            )}
            {presentation.otherRegionAgencies ? (
              <p className="mt-2 text-xs text-muted">
                And {presentation.otherRegionAgencies === 1 ? '1 agency in another region' : `${presentation.otherRegionAgencies} agencies in other regions`}.
              </p>
            ) : null}
          </section>
        </div>
        <Timeline entries={timeline.entries} older={timeline.older} />
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="presentation" list={{ to: '/conferences', label: 'conferences', searchable: true }} />
}
