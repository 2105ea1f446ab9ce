import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/training._index'
import { Award, CalendarClock, CircleAlert, Clock, Download } from 'lucide-react'
import type { ReactNode } from 'react'
import { DateTime } from '~/components/date-time'
import { EmptyState, PageHeader } from '~/components/page-header'
import { requireUser } from '~/lib/auth/guards.server'
import { resolveContentLocale } from '~/lib/content/locale.server'
import { listPendingAcknowledgements } from '~/modules/guidelines/guidelines.server'
import { listMyModules, type ModuleCard } from '~/modules/training/training.server'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const locale = resolveContentLocale(request, user)
  // Reads only: certificates earned while an account waited are issued by its verification.
  const [modules, guidelinesToAcknowledge] = await Promise.all([listMyModules({ user, locale }), listPendingAcknowledgements({ viewer: user, locale })])
  return { ...modules, guidelinesToAcknowledge }
}

export const meta: Route.MetaFunction = () => [{ title: 'Training · Liaison' }]

type Card = ReturnType<typeof useLoaderData<typeof loader>>['assigned'][number]

function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total ? Math.floor((done / total) * 100) : 0
  return (
    <div className="flex items-center gap-3">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} sections`}
        className="h-2 flex-1 overflow-hidden rounded-full bg-line"
      >
        <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <span className="text-xs whitespace-nowrap text-muted">
        {done} / {total} sections
      </span>
    </div>
  )
}

function DueDate({ card }: { card: Pick<ModuleCard, 'dueOn' | 'overdue'> }) {
  if (!card.dueOn) return null
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-medium ${card.overdue ? 'text-danger' : 'text-muted'}`}>
      <CalendarClock aria-hidden size={14} />
      {card.overdue ? 'Overdue: was due' : 'Due'} <DateTime value={card.dueOn} dateOnly />
    </span>
  )
}

function CertificateLinks({ card }: { card: Card }) {
  const certificate = card.certificate
  if (!certificate) return null
  if (certificate.status !== 'valid') {
    return (
      <p className="text-xs text-warning">
        Certificate <Link to={`/certificates/${certificate.code}`}>{certificate.displayCode}</Link>{' '}
        {certificate.status === 'revoked' ? (
          'was revoked'
        ) : (
          <>
            expired on <DateTime value={certificate.expiresAt} dateOnly />
          </>
        )}
        .
      </p>
    )
  }
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      <span className="inline-flex items-center gap-1">
        <Award aria-hidden size={16} className="text-success" />
        Certificate{' '}
        <Link to={`/certificates/${certificate.code}`} className="font-mono">
          {certificate.displayCode}
        </Link>
        {certificate.version !== card.version ? <span className="text-muted">(version {certificate.version})</span> : null}
      </span>
      <span className="text-xs text-muted">
        Valid until <DateTime value={certificate.expiresAt} dateOnly />
      </span>
      <a href={`/training/${card.slug}/certificate.pdf`} className="inline-flex items-center gap-1 text-sm" download>
        <Download aria-hidden size={14} /> Download PDF
      </a>
    </div>
  )
}

function ModuleItem({ card, children }: { card: Card; children?: ReactNode }) {
  return (
    <li className="card flex flex-col gap-3">
      <div>
        <h3 className="font-semibold">
          <Link to={`/training/${card.slug}`} lang={card.locale}>
            {card.title}
          </Link>
          {card.status === 'draft' ? <span className="badge ml-2">Draft</span> : null}
        </h3>
        <p className="mt-1 line-clamp-3 text-sm text-muted" lang={card.locale}>
          {card.summary}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted">
        <span className="inline-flex items-center gap-1">
          <Clock aria-hidden size={14} /> About {card.estimatedMinutes} minutes
        </span>
        <span>
          {card.sectionsTotal} sections · version {card.version}
        </span>
        <DueDate card={card} />
      </div>
      {children}
    </li>
  )
}

type PendingGuideline = ReturnType<typeof useLoaderData<typeof loader>>['guidelinesToAcknowledge'][number]

/** Guidelines the officer has not acknowledged, or acknowledged in an earlier version. */
function GuidelinesToAcknowledge({ guidelines }: { guidelines: PendingGuideline[] }) {
  if (!guidelines.length) return null
  return (
    <section aria-labelledby="acknowledge-heading" className="card space-y-3 border-warning/40">
      <div>
        <h2 id="acknowledge-heading" className="flex items-center gap-2 text-lg font-semibold">
          <CircleAlert aria-hidden size={18} className="text-warning" /> Guidelines to acknowledge{' '}
          <span className="text-sm font-normal text-muted">({guidelines.length})</span>
        </h2>
        <p className="text-sm text-muted">Read each one and confirm it at the end of the page.</p>
      </div>
      <ul className="space-y-1.5 text-sm">
        {guidelines.map((guideline) => (
          <li key={guideline.slug} className="flex flex-wrap items-baseline gap-x-2">
            <Link to={`/guidelines/${guideline.slug}`} lang={guideline.locale} className="font-medium">
              {guideline.title}
            </Link>
            <span className="text-xs text-muted">
              {guideline.acknowledgedVersion
                ? `Updated to version ${guideline.version} since you acknowledged version ${guideline.acknowledgedVersion}`
                : `Version ${guideline.version}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Group({
  id,
  title,
  description,
  cards,
  render,
}: {
  id: string
  title: string
  description: string
  cards: Card[]
  render: (card: Card) => ReactNode
}) {
  if (!cards.length) return null
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <div>
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title} <span className="text-sm font-normal text-muted">({cards.length})</span>
        </h2>
        <p className="text-sm text-muted">{description}</p>
      </div>
      <ul className="grid gap-4 md:grid-cols-2">{cards.map((card) => render(card))}</ul>
    </section>
  )
}

export default function TrainingPage() {
  const { assigned, inProgress, completed, available, certificateWithheld, guidelinesToAcknowledge } = useLoaderData<typeof loader>()
  const nothing = !assigned.length && !inProgress.length && !completed.length && !available.length
  return (
    <div className="space-y-8">
      <PageHeader title="Training" description="Modules assigned to you, where you are in each, and the certificates you have earned." />
      {certificateWithheld === 'pending' ? (
        <p role="note" className="rounded-md border border-warning/40 bg-warning-soft px-4 py-3 text-sm text-warning">
          Your account is waiting for verification by your agency&apos;s outreach lead. You can take every module now; your certificates will be issued once
          your account is verified.
        </p>
      ) : null}
      <GuidelinesToAcknowledge guidelines={guidelinesToAcknowledge} />
      {nothing ? <EmptyState title="No training modules yet">Published modules will appear here.</EmptyState> : null}

      <Group
        id="assigned"
        title="Assigned to you"
        description="Modules your outreach lead asked you to complete, soonest due first."
        cards={assigned}
        render={(card) => (
          <ModuleItem key={card.slug} card={card}>
            {card.completedAt && !card.completionValid ? (
              <p className="text-xs text-warning">Your earlier completion has lapsed: take the module again to renew it.</p>
            ) : null}
            <CertificateLinks card={card} />
            <div>
              <Link to={`/training/${card.slug}`} className="btn-primary">
                Start
              </Link>
            </div>
          </ModuleItem>
        )}
      />
      <Group
        id="in-progress"
        title="In progress"
        description="Pick up where you left off."
        cards={inProgress}
        render={(card) => (
          <ModuleItem key={card.slug} card={card}>
            <ProgressBar done={card.sectionsDone} total={card.sectionsTotal} label={`Progress in ${card.title}`} />
            <CertificateLinks card={card} />
            <div>
              <Link to={`/training/${card.slug}`} className="btn-primary">
                {card.sectionsDone === card.sectionsTotal ? 'Take the quiz' : 'Continue'}
              </Link>
            </div>
          </ModuleItem>
        )}
      />
      <Group
        id="completed"
        title="Completed"
        description="Modules you passed, with their certificates."
        cards={completed}
        render={(card) => (
          <ModuleItem key={card.slug} card={card}>
            <p className="text-sm">
              {card.completionValid ? 'Completed' : 'Completed, now lapsed,'} on <DateTime value={card.completedAt} dateOnly />
              {card.completedVersion !== null && card.completedVersion !== card.version ? ` (version ${card.completedVersion})` : ''}
              {card.bestScore !== null ? ` · best score ${card.bestScore}%` : ''}
            </p>
            <CertificateLinks card={card} />
            {card.certificateWithheld === 'pending' ? (
              <p className="text-xs text-warning">Your certificate will be issued once your account is verified.</p>
            ) : null}
            {card.certificateWithheld === 'rejected' ? <p className="text-xs text-warning">Certificates are issued only to verified officers.</p> : null}
            {card.newVersionAvailable ? (
              <p className="text-xs text-muted">
                Version {card.version} is available. Your completion of version {card.completedVersion} stays valid until it expires;{' '}
                <Link to={`/training/${card.slug}`}>read the new version</Link> to renew it.
              </p>
            ) : null}
          </ModuleItem>
        )}
      />
      <Group
        id="available"
        title="Available"
        description="Other modules you can take at any time."
        cards={available}
        render={(card) => (
          <ModuleItem key={card.slug} card={card}>
            <div>
              <Link to={`/training/${card.slug}`} className="btn-secondary">
                Open
              </Link>
            </div>
          </ModuleItem>
        )}
      />
    </div>
  )
}
