import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/conferences.$conferenceId._index'
import { Pencil, Presentation } from 'lucide-react'
import type { ReactNode } from 'react'
import { DateTime } from '~/components/date-time'
import { EmptyState, PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { timelineCursorOf, timelinePage } from '~/modules/activity/activity.server'
import { Timeline } from '~/modules/activity/timeline'
import { AddToCalendarLink } from '~/modules/calendar/add-to-calendar-link'
import { conferenceAudienceLabels, conferenceStatusLabels, conferenceStatusStyles, formatConferenceDates } from '~/modules/conferences/conferences-schema'
import { canEditConference, getConference } from '~/modules/conferences/conferences.server'
import { FUNNEL_WINDOW_DAYS } from '~/modules/coverage/funnel-steps'
import { conferenceFunnel } from '~/modules/coverage/funnel.server'
import { FunnelTable } from '~/modules/coverage/funnel-table'
import { listAgenciesMetAtConference } from '~/modules/engagements/engagements.server'
import { listPresentationsAtConference } from '~/modules/presentations/presentations.server'
import { RecordErrorPage } from '~/components/error-page'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const conference = await getConference({ conferenceId: params.conferenceId })
  if (!conference) throw notFound()
  const [presentations, agenciesMet, funnel, timeline] = await Promise.all([
    listPresentationsAtConference(conference.id),
    listAgenciesMetAtConference({ actor, conferenceId: conference.id }),
    conferenceFunnel({ viewer: actor, conferenceId: conference.id }),
    timelinePage({ target: { conferenceId: conference.id }, viewer: actor, before: timelineCursorOf(request.url) }),
  ])
  return { conference, presentations, agenciesMet, funnel, timeline, canEdit: canEditConference(actor, conference), seesAllRegions: actor.allRegions }
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.conference.name ?? 'Conference'} · Liaison` }]

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  )
}

export default function ConferencePage() {
  const { conference, presentations, agenciesMet, funnel, timeline, canEdit, seesAllRegions } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader
        title={conference.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {formatConferenceDates(conference.startsOn, conference.endsOn)} · {[conference.city, conference.countryName].filter(Boolean).join(', ')} (
            {conference.regionCode})<span className={`badge ${conferenceStatusStyles[conference.status]}`}>{conferenceStatusLabels[conference.status]}</span>
          </span>
        }
        actions={
          <>
            <AddToCalendarLink href={`/conferences/${conference.id}.ics`} />
            {canEdit ? (
              <>
                <Link to={`/presentations/new?conferenceId=${conference.id}`} className="btn-primary">
                  <Presentation aria-hidden size={16} /> Add presentation
                </Link>
                <Link to={`/conferences/${conference.id}/edit`} className="btn-secondary">
                  <Pencil aria-hidden size={16} /> Edit
                </Link>
              </>
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
              <Fact label="Organiser">{conference.organiser ?? '—'}</Fact>
              <Fact label="Audience">{conferenceAudienceLabels[conference.audience]}</Fact>
              <Fact label="Expected attendance">{conference.expectedAttendance?.toLocaleString('en') ?? '—'}</Fact>
              <Fact label="Venue time zone">{conference.timeZone.replaceAll('_', ' ')}</Fact>
              <Fact label="Registration closes">
                {conference.registrationDeadline ? formatConferenceDates(conference.registrationDeadline, conference.registrationDeadline) : '—'}
              </Fact>
              <Fact label="Call for papers closes">
                {conference.callForPapersDeadline ? formatConferenceDates(conference.callForPapersDeadline, conference.callForPapersDeadline) : '—'}
              </Fact>
              <Fact label="Website">
                {conference.website ? (
                  <a href={conference.website} rel="noreferrer noopener" target="_blank">
                    {conference.website.replace(/^https?:\/\//, '')}
                  </a>
                ) : (
                  '—'
                )}
              </Fact>
            </dl>
            {conference.notes ? <p className="mt-4 text-sm whitespace-pre-line text-muted">{conference.notes}</p> : null}
            {!canEdit ? (
              <p className="mt-4 text-xs text-muted">
                This conference is outside your regions: you can read it, and a lead of {conference.regionCode} keeps it up to date.
              </p>
            ) : null}
          </section>

          <section aria-labelledby="presentations-heading" className="card">
            <h2 id="presentations-heading" className="mb-3 text-lg font-semibold">
              Presentations
            </h2>
            {presentations.length === 0 ? (
              <EmptyState title="No presentations recorded">
                {canEdit ? (
                  <Link to={`/presentations/new?conferenceId=${conference.id}`}>Record a presentation given here</Link>
                ) : (
                  'Presentations given here appear once they are recorded.'
                )}
              </EmptyState>
            ) : (
              <ul className="divide-y divide-line">
                {presentations.map((presentation) => (
                  <li key={presentation.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
                    <span>
                      <Link to={`/presentations/${presentation.id}`} className="font-medium">
                        {presentation.title}
                      </Link>
                      <span className="block text-muted">{presentation.presenterNames.join(', ') || 'No presenter recorded'}</span>
                    </span>
                    <span className="text-right text-muted">
                      <DateTime value={presentation.presentedAt} />
                      <span className="block text-xs">
                        {presentation.audienceSize !== null ? `${presentation.audienceSize.toLocaleString('en')} attending` : null}
                        {presentation.audienceSize !== null && presentation.feedbackScore !== null ? ' · ' : null}
                        {presentation.feedbackScore !== null ? `feedback ${presentation.feedbackScore}/5` : null}
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div className="space-y-6">
          <section aria-labelledby="funnel-heading" className="card">
            <h2 id="funnel-heading" className="mb-1 text-lg font-semibold">
              Did it pay off?
            </h2>
            <p className="mb-3 text-xs text-muted">
              Agencies in the audience of a talk here or met here, and their officers who signed up within {FUNNEL_WINDOW_DAYS} days.
              {seesAllRegions ? '' : ' Counts agencies in your regions only.'}
            </p>
            <FunnelTable counts={funnel} caption={`Outreach funnel of ${conference.name}`} />
          </section>
          <section aria-labelledby="agencies-heading" className="card">
            <h2 id="agencies-heading" className="mb-2 text-lg font-semibold">
              Agencies met here
            </h2>
            {agenciesMet.length === 0 ? (
              <p className="text-sm text-muted">
                {seesAllRegions ? 'No agency met here yet.' : 'No agency of your regions met here yet.'} Log an engagement at this conference to add one.
              </p>
            ) : (
              <ul className="space-y-1 text-sm">
                {agenciesMet.map((agency) => (
                  <li key={agency.id}>
                    <Link to={`/agencies/${agency.id}`}>{agency.name}</Link> <span className="text-muted">· {agency.countryCode}</span>
                  </li>
                ))}
              </ul>
            )}
            {!seesAllRegions && agenciesMet.length > 0 ? <p className="mt-2 text-xs text-muted">Only agencies in your regions are shown.</p> : null}
          </section>
          <Timeline entries={timeline.entries} older={timeline.older} />
        </div>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="conference" list={{ to: '/conferences', label: 'conferences', searchable: true }} />
}
