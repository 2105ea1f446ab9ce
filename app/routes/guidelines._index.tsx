import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/guidelines._index'
import { CheckCircle2, CircleAlert } from 'lucide-react'
import { DateTime } from '~/components/date-time'
import { EmptyState, PageHeader } from '~/components/page-header'
import { getUser } from '~/lib/auth/guards.server'
import { resolveContentLocale } from '~/lib/content/locale.server'
import { topicLabels } from '~/modules/engagements/topic-labels'
import { listGuidelines } from '~/modules/guidelines/guidelines.server'
import { LEGAL_PROCESS_GUIDE_PATH } from '~/lib/content/legal-process-guide-path'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getUser(request)
  const locale = resolveContentLocale(request, user)
  const guidelines = await listGuidelines({ viewer: user, locale })
  return { guidelines, isOfficer: user?.role === 'officer', locale }
}

export const meta: Route.MetaFunction = () => [
  { title: 'Guidelines for law enforcement · Liaison' },
  {
    name: 'description',
    content:
      'How law-enforcement agencies request user data from the platform: legal process, preservation, emergencies, child safety and international requests.',
  },
]

export default function GuidelinesPage() {
  const { guidelines, isOfficer } = useLoaderData<typeof loader>()
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="Guidelines for law enforcement"
        description="How to request user data from the platform, what each kind of legal process can obtain, and what to do in an emergency."
      />
      <p className="card mb-6 flex flex-wrap items-center justify-between gap-3 border-accent/40 bg-accent-soft/40">
        <span>
          <span className="font-semibold">Not sure which legal process you need?</span>{' '}
          <span className="text-sm text-muted">
            Answer a few questions about your case and agency, and the guide names the process and the sections to read.
          </span>
        </span>
        <Link to={LEGAL_PROCESS_GUIDE_PATH} className="btn-primary">
          Which legal process do I need?
        </Link>
      </p>
      {guidelines.length === 0 ? (
        <EmptyState title="No guideline is published yet" />
      ) : (
        <ul className="space-y-3">
          {guidelines.map((guideline) => {
            const needsAcknowledgement = isOfficer && guideline.requiresAcknowledgement && guideline.acknowledgedVersion !== guideline.version
            return (
              <li key={guideline.slug} className="card">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 className="text-lg font-semibold">
                    <Link to={`/guidelines/${guideline.slug}`}>{guideline.title}</Link>
                    {guideline.status === 'draft' ? <span className="badge ml-2 bg-warning-soft text-warning">Draft</span> : null}
                  </h2>
                  <span className="text-xs text-muted">
                    Version {guideline.version} · updated <DateTime value={guideline.updated} dateOnly />
                  </span>
                </div>
                <p className="mt-1 text-sm text-muted">{guideline.summary}</p>
                <div className="mt-2 flex flex-wrap items-center gap-2">
                  {guideline.topics.map((topic) => (
                    <span key={topic} className="badge">
                      {topicLabels[topic]}
                    </span>
                  ))}
                  {needsAcknowledgement ? (
                    <span className="badge bg-warning-soft text-warning">
                      <CircleAlert aria-hidden size={12} className="mr-1" />
                      {guideline.acknowledgedVersion ? 'Updated: acknowledge again' : 'Please acknowledge'}
                    </span>
                  ) : isOfficer && guideline.requiresAcknowledgement ? (
                    <span className="badge bg-success-soft text-success">
                      <CheckCircle2 aria-hidden size={12} className="mr-1" /> Acknowledged
                    </span>
                  ) : null}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
