import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/guidelines._index'
import { CheckCircle2, CircleAlert } from 'lucide-react'
import { DateTime } from '~/components/date-time'
import { EmptyState, PageHeader } from '~/components/page-header'
import { getUser } from '~/lib/auth/guards.server'
import { resolveContentLocale } from '~/lib/content/locale.server'
import { listGuidelines } from '~/modules/guidelines/guidelines.server'
import { LEGAL_PROCESS_GUIDE_PATH } from '~/lib/content/legal-process-guide-path'
import { metaTranslator, Sentence, useI18n } from '~/lib/i18n/i18n'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getUser(request)
  const locale = resolveContentLocale(request, user)
  const guidelines = await listGuidelines({ viewer: user, locale })
  return { guidelines, isOfficer: user?.role === 'officer', locale }
}

export const meta: Route.MetaFunction = ({ matches }) => {
  const t = metaTranslator(matches)
  return [{ title: t('guidelines.pageTitle') }, { name: 'description', content: t('guidelines.metaDescription') }]
}

export default function GuidelinesPage() {
  const { guidelines, isOfficer } = useLoaderData<typeof loader>()
  const { t, locale } = useI18n()
  return (
    <div className="max-w-4xl">
      <PageHeader title={t('guidelines.title')} description={t('guidelines.description')} />
      <p className="card mb-6 flex flex-wrap items-center justify-between gap-3 border-accent/40 bg-accent-soft/40">
        <span>
          <span className="font-semibold">{t('guidelines.guidePrompt')}</span> <span className="text-sm text-muted">{t('guidelines.guidePromptText')}</span>
        </span>
        <Link to={LEGAL_PROCESS_GUIDE_PATH} className="btn-primary">
          {t('guidelines.guideLink')}
        </Link>
      </p>
      {guidelines.length === 0 ? (
        <EmptyState title={t('guidelines.noneYet')} />
      ) : (
        <ul className="space-y-3">
          {guidelines.map((guideline) => {
            const needsAcknowledgement = isOfficer && guideline.requiresAcknowledgement && guideline.acknowledgedVersion !== guideline.version
            return (
              <li key={guideline.slug} className="card">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h2 className="text-lg font-semibold">
                    <Link to={`/guidelines/${guideline.slug}`} lang={guideline.locale}>
                      {guideline.title}
                    </Link>
                    {guideline.status === 'draft' ? <span className="badge ml-2 bg-warning-soft text-warning">{t('common.draft')}</span> : null}
                  </h2>
                  <span className="text-xs text-muted">
                    <Sentence
                      i18nKey="common.versionUpdated"
                      values={{ version: guideline.version }}
                      components={{ date: <DateTime value={guideline.updated} dateOnly /> }}
                    />
                  </span>
                </div>
                <p className="mt-1 text-sm text-muted" lang={guideline.locale}>
                  {guideline.summary}
                </p>
                <div className="mt-2 flex flex-wrap items-center gap-2">
                  {guideline.topics.map((topic) => (
                    <span key={topic} className="badge">
                      {t(`topics.${topic}`)}
                    </span>
                  ))}
                  {guideline.locale === 'en' && locale !== 'en' ? <span className="badge">{t('common.onlyInEnglish')}</span> : null}
                  {needsAcknowledgement ? (
                    <span className="badge bg-warning-soft text-warning">
                      <CircleAlert aria-hidden size={12} className="mr-1" />
                      {guideline.acknowledgedVersion ? t('guidelines.acknowledgeAgain') : t('guidelines.pleaseAcknowledge')}
                    </span>
                  ) : isOfficer && guideline.requiresAcknowledgement ? (
                    <span className="badge bg-success-soft text-success">
                      <CheckCircle2 aria-hidden size={12} className="mr-1" /> {t('guidelines.acknowledged')}
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
