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
import { metaTranslator, Sentence, useI18n } from '~/lib/i18n/i18n'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const locale = resolveContentLocale(request, user)
  // Reads only: certificates earned while an account waited are issued by its verification.
  const [modules, guidelinesToAcknowledge] = await Promise.all([listMyModules({ user, locale }), listPendingAcknowledgements({ viewer: user, locale })])
  return { ...modules, guidelinesToAcknowledge }
}

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('training.pageTitle') }]

type Card = ReturnType<typeof useLoaderData<typeof loader>>['assigned'][number]

function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total ? Math.floor((done / total) * 100) : 0
  const { t } = useI18n()
  return (
    <div className="flex items-center gap-3">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={t('training.sectionsOf', { done, total })}
        className="h-2 flex-1 overflow-hidden rounded-full bg-line"
      >
        <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <span className="text-xs whitespace-nowrap text-muted">{t('training.sectionsCount', { done, total })}</span>
    </div>
  )
}

function DueDate({ card }: { card: Pick<ModuleCard, 'dueOn' | 'overdue'> }) {
  if (!card.dueOn) return null
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-medium ${card.overdue ? 'text-danger' : 'text-muted'}`}>
      <CalendarClock aria-hidden size={14} />
      <Sentence i18nKey={card.overdue ? 'training.overdue' : 'training.due'} components={{ date: <DateTime value={card.dueOn} dateOnly /> }} />
    </span>
  )
}

function CertificateLinks({ card }: { card: Card }) {
  const certificate = card.certificate
  const { t } = useI18n()
  if (!certificate) return null
  if (certificate.status !== 'valid') {
    return (
      <p className="text-xs text-warning">
        <Sentence
          i18nKey={certificate.status === 'revoked' ? 'training.certificateRevoked' : 'training.certificateExpired'}
          values={{ code: certificate.displayCode }}
          components={{ cert: <Link to={`/certificates/${certificate.code}`} />, date: <DateTime value={certificate.expiresAt} dateOnly /> }}
        />
      </p>
    )
  }
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      <span className="inline-flex items-center gap-1">
        <Award aria-hidden size={16} className="text-success" />
        {t('training.certificate')}{' '}
        <Link to={`/certificates/${certificate.code}`} className="font-mono">
          {certificate.displayCode}
        </Link>
        {certificate.version !== card.version ? (
          <span className="text-muted">{t('training.certificateOfVersion', { version: certificate.version })}</span>
        ) : null}
      </span>
      <span className="text-xs text-muted">
        <Sentence i18nKey="training.validUntil" components={{ date: <DateTime value={certificate.expiresAt} dateOnly /> }} />
      </span>
      <a href={`/training/${card.slug}/certificate.pdf`} className="inline-flex items-center gap-1 text-sm" download>
        <Download aria-hidden size={14} /> {t('training.downloadPdf')}
      </a>
    </div>
  )
}

function ModuleItem({ card, children }: { card: Card; children?: ReactNode }) {
  const { t, locale } = useI18n()
  return (
    <li className="card flex flex-col gap-3">
      <div>
        <h3 className="font-semibold">
          <Link to={`/training/${card.slug}`} lang={card.locale}>
            {card.title}
          </Link>
          {card.status === 'draft' ? <span className="badge ml-2">{t('common.draft')}</span> : null}
        </h3>
        <p className="mt-1 line-clamp-3 text-sm text-muted" lang={card.locale}>
          {card.summary}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted">
        <span className="inline-flex items-center gap-1">
          <Clock aria-hidden size={14} /> {t('training.aboutMinutes', { minutes: card.estimatedMinutes })}
        </span>
        <span>{t('training.sectionsVersion', { count: card.sectionsTotal, version: card.version })}</span>
        {card.locale === 'en' && locale !== 'en' ? <span>{t('common.onlyInEnglish')}</span> : null}
        <DueDate card={card} />
      </div>
      {children}
    </li>
  )
}

type PendingGuideline = ReturnType<typeof useLoaderData<typeof loader>>['guidelinesToAcknowledge'][number]

/** Guidelines the officer has not acknowledged, or acknowledged in an earlier version. */
function GuidelinesToAcknowledge({ guidelines }: { guidelines: PendingGuideline[] }) {
  const { t, locale } = useI18n()
  if (!guidelines.length) return null
  return (
    <section aria-labelledby="acknowledge-heading" className="card space-y-3 border-warning/40">
      <div>
        <h2 id="acknowledge-heading" className="flex items-center gap-2 text-lg font-semibold">
          <CircleAlert aria-hidden size={18} className="text-warning" /> {t('training.toAcknowledge')}{' '}
          <span className="text-sm font-normal text-muted">({guidelines.length})</span>
        </h2>
        <p className="text-sm text-muted">{t('training.toAcknowledgeHelp')}</p>
      </div>
      <ul className="space-y-1.5 text-sm">
        {guidelines.map((guideline) => (
          <li key={guideline.slug} className="flex flex-wrap items-baseline gap-x-2">
            <Link to={`/guidelines/${guideline.slug}`} lang={guideline.locale} className="font-medium">
              {guideline.title}
            </Link>
            <span className="text-xs text-muted">
              {guideline.acknowledgedVersion
                ? t('training.updatedSinceAcknowledged', { version: guideline.version, acknowledged: guideline.acknowledgedVersion })
                : t('training.version', { version: guideline.version })}
              {guideline.locale === 'en' && locale !== 'en' ? ` · ${t('common.onlyInEnglish')}` : ''}
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
  const { t } = useI18n()
  return (
    <div className="space-y-8">
      <PageHeader title={t('training.title')} description={t('training.description')} />
      {certificateWithheld === 'pending' ? (
        <p role="note" className="rounded-md border border-warning/40 bg-warning-soft px-4 py-3 text-sm text-warning">
          {t('training.waitingVerification')}
        </p>
      ) : null}
      <GuidelinesToAcknowledge guidelines={guidelinesToAcknowledge} />
      {nothing ? <EmptyState title={t('training.noModules')}>{t('training.noModulesHelp')}</EmptyState> : null}

      <Group
        id="assigned"
        title={t('training.assigned')}
        description={t('training.assignedHelp')}
        cards={assigned}
        render={(card) => (
          <ModuleItem key={card.slug} card={card}>
            {card.completedAt && !card.completionValid ? <p className="text-xs text-warning">{t('training.lapsed')}</p> : null}
            <CertificateLinks card={card} />
            <div>
              <Link to={`/training/${card.slug}`} className="btn-primary">
                {t('training.start')}
              </Link>
            </div>
          </ModuleItem>
        )}
      />
      <Group
        id="in-progress"
        title={t('training.inProgress')}
        description={t('training.inProgressHelp')}
        cards={inProgress}
        render={(card) => (
          <ModuleItem key={card.slug} card={card}>
            <ProgressBar done={card.sectionsDone} total={card.sectionsTotal} label={t('training.progressIn', { title: card.title })} />
            <CertificateLinks card={card} />
            <div>
              <Link to={`/training/${card.slug}`} className="btn-primary">
                {card.sectionsDone === card.sectionsTotal ? t('training.takeQuiz') : t('training.continue')}
              </Link>
            </div>
          </ModuleItem>
        )}
      />
      <Group
        id="completed"
        title={t('training.completed')}
        description={t('training.completedHelp')}
        cards={completed}
        render={(card) => (
          <ModuleItem key={card.slug} card={card}>
            <p className="text-sm">
              <Sentence
                i18nKey={card.completionValid ? 'training.completedOn' : 'training.completedLapsedOn'}
                components={{ date: <DateTime value={card.completedAt} dateOnly /> }}
              />
              {card.completedVersion !== null && card.completedVersion !== card.version ? t('training.ofVersion', { version: card.completedVersion }) : ''}
              {card.bestScore !== null ? t('training.bestScore', { score: card.bestScore }) : ''}
            </p>
            <CertificateLinks card={card} />
            {card.certificateWithheld === 'pending' ? <p className="text-xs text-warning">{t('training.issuedOnceVerified')}</p> : null}
            {card.certificateWithheld === 'rejected' ? <p className="text-xs text-warning">{t('training.onlyVerified')}</p> : null}
            {card.newVersionAvailable ? (
              <p className="text-xs text-muted">
                <Sentence
                  i18nKey="training.newVersion"
                  values={{ version: card.version, completed: card.completedVersion }}
                  components={{ read: <Link to={`/training/${card.slug}`} /> }}
                />
              </p>
            ) : null}
          </ModuleItem>
        )}
      />
      <Group
        id="available"
        title={t('training.available')}
        description={t('training.availableHelp')}
        cards={available}
        render={(card) => (
          <ModuleItem key={card.slug} card={card}>
            <div>
              <Link to={`/training/${card.slug}`} className="btn-secondary">
                {t('training.open')}
              </Link>
            </div>
          </ModuleItem>
        )}
      />
    </div>
  )
}
