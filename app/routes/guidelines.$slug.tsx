import { data, Form, Link, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/guidelines.$slug'
import { CheckCircle2, Printer } from 'lucide-react'
import { DateTime } from '~/components/date-time'
import { useRenderOnly } from '~/components/render-only'
import { SubmitButton } from '~/components/forms'
import { getUser, notFound, requireRole } from '~/lib/auth/guards.server'
import { localeNames } from '#db/schema/vocabulary'
import { resolveContentLocale } from '~/lib/content/locale.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { acknowledgeSchema } from '~/modules/guidelines/guidelines-schema'
import { acknowledgeGuideline, getGuideline } from '~/modules/guidelines/guidelines.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { NotFoundPage } from '~/components/error-page'
import { metaTranslator, Sentence, useI18n } from '~/lib/i18n/i18n'
import { requestTranslator } from '~/lib/i18n/i18n.server'

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = await getUser(request)
  const guideline = await getGuideline({ viewer: user, slug: params.slug, locale: resolveContentLocale(request, user) })
  if (!guideline) throw notFound()
  // On a document request the compiled HTML goes to the render only: the browser keeps the
  // rendered copy and needs no second one in the hydration data.
  const { html, ...rest } = guideline
  context.renderOnly?.set(ARTICLE_KEY, html)
  return { guideline: { ...rest, html: context.renderOnly ? null : html }, isOfficer: user?.role === 'officer', signedIn: Boolean(user) }
}

const ARTICLE_KEY = 'guideline-article'

export async function action({ request, params, context }: Route.ActionArgs) {
  const officer = await requireRole(request, 'officer')
  const t = requestTranslator(request, officer)
  const parsed = acknowledgeSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) return data({ error: t('guidelines.outOfDate') }, { status: 400 })
  const outcome = await acknowledgeGuideline({ actor: officer, slug: params.slug, version: parsed.data.version, meta: requestMeta(request, context) })
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
  if (!outcome.ok) return data({ error: t('guidelines.changedWhileReading') }, { status: 409 })
  return redirectWithToast(`/guidelines/${params.slug}`, { kind: 'success', message: t('guidelines.thanks') })
}

export const meta: Route.MetaFunction = ({ data, matches }) => {
  const t = metaTranslator(matches)
  return data
    ? [{ title: t('guidelines.guidelineTitle', { title: data.guideline.title }) }, { name: 'description', content: data.guideline.summary }]
    : [{ title: t('guidelines.fallbackTitle') }]
}

type Guideline = ReturnType<typeof useLoaderData<typeof loader>>['guideline']

/** Whether the reader reads the screens in a language this guideline has no text in. */
function useEnglishOnly(guideline: Guideline) {
  const { locale } = useI18n()
  return guideline.locale === 'en' && locale !== 'en'
}

/** Before the text: where the officer stands, and that the acknowledgement waits at the end. */
function AcknowledgementNotice({ guideline }: { guideline: Guideline }) {
  const { t } = useI18n()
  const { acknowledgement } = guideline
  if (acknowledgement.otherRegions) {
    return (
      <p role="note" className="no-print rounded-md border border-line bg-canvas px-4 py-3 text-sm text-muted">
        {t('guidelines.otherRegions')}
      </p>
    )
  }
  if (!acknowledgement.required) return null
  if (acknowledgement.current) {
    return (
      <p role="status" className="no-print flex items-center gap-2 rounded-md border border-success/30 bg-success-soft px-4 py-3 text-sm text-success">
        <CheckCircle2 aria-hidden size={16} /> {t('guidelines.acknowledgedVersion', { version: guideline.version })}
      </p>
    )
  }
  return (
    <p role="note" className="no-print rounded-md border border-warning/40 bg-warning-soft px-4 py-3 text-sm">
      {acknowledgement.outdated ? t('guidelines.updatedSince', { version: acknowledgement.acknowledgedVersion }) : t('guidelines.acknowledgeBelow')}{' '}
      <a href="#acknowledge">{t('guidelines.goToAcknowledgement')}</a>
    </p>
  )
}

/** At the end of the text, once it is read: what changed since the last acknowledgement, and the button. */
function Acknowledgement({ guideline }: { guideline: Guideline }) {
  const navigation = useNavigation()
  const { t } = useI18n()
  const englishOnly = useEnglishOnly(guideline)
  const { acknowledgement } = guideline
  if (!acknowledgement.required || acknowledgement.current) return null
  return (
    <section id="acknowledge" aria-labelledby="acknowledge-heading" className="no-print card scroll-mt-20 border-warning/40 bg-warning-soft/40">
      <h2 id="acknowledge-heading" className="font-semibold">
        {acknowledgement.outdated ? t('guidelines.updatedSince', { version: acknowledgement.acknowledgedVersion }) : t('guidelines.pleaseAcknowledgeTitle')}
      </h2>
      {acknowledgement.outdated && guideline.changes.length ? (
        <div className="mt-2 text-sm" lang={guideline.locale}>
          <p className="font-medium">{t('guidelines.whatChanged', { version: acknowledgement.acknowledgedVersion })}</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {guideline.changes.map((change) => (
              <li key={change.version}>
                <span className="font-medium">{t('guidelines.changeOfVersion', { version: change.version })}</span>
                {change.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {englishOnly ? <p className="mt-2 text-sm">{t('guidelines.englishOnlyAcknowledgement', { version: guideline.version })}</p> : null}
      <Form method="post" className="mt-3">
        <input type="hidden" name="version" value={guideline.version} />
        <SubmitButton pending={navigation.state === 'submitting'}>{t('guidelines.iHaveRead', { version: guideline.version })}</SubmitButton>
      </Form>
    </section>
  )
}

export default function GuidelinePage() {
  const { guideline, isOfficer } = useLoaderData<typeof loader>()
  const html = useRenderOnly(ARTICLE_KEY, guideline.html)
  const { t } = useI18n()
  const englishOnly = useEnglishOnly(guideline)
  return (
    <article lang={guideline.locale} className="grid gap-8 lg:grid-cols-[16rem_1fr]">
      <nav aria-label={t('guidelines.contents')} className="no-print lg:sticky lg:top-4 lg:self-start">
        <p className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">{t('guidelines.onThisPage')}</p>
        <ol className="space-y-1.5 text-sm">
          {guideline.toc.map((entry) => (
            <li key={entry.id}>
              <a href={`#${entry.id}`} className="text-muted no-underline hover:text-ink">
                {entry.title}
              </a>
            </li>
          ))}
        </ol>
        <p className="mt-6 text-sm">
          <Link to="/guidelines">{t('guidelines.all')}</Link>
        </p>
      </nav>
      <div className="min-w-0 space-y-6">
        {guideline.status === 'draft' ? (
          <p role="note" className="rounded-md border border-warning/40 bg-warning-soft px-4 py-2 text-sm font-semibold text-warning">
            {t('common.draftNotice')}
          </p>
        ) : null}
        {/* Printed too: a printed guideline starts with its title, version and date. */}
        <header className="print-keep space-y-2">
          <h1 className="text-3xl font-bold tracking-tight">{guideline.title}</h1>
          <p className="text-muted">{guideline.summary}</p>
          <div className="flex flex-wrap items-center gap-3 text-sm text-muted">
            <span>
              <Sentence
                i18nKey="common.versionUpdated"
                values={{ version: guideline.version }}
                components={{ date: <DateTime value={guideline.updated} dateOnly /> }}
              />
            </span>
            {englishOnly ? <span className="no-print">{t('common.onlyInEnglish')}</span> : null}
            {guideline.availableLocales.length > 1 ? (
              <span className="no-print flex gap-2" aria-label={t('guidelines.contentLanguage')}>
                {guideline.availableLocales.map((locale) =>
                  locale === guideline.locale ? (
                    <span key={locale} aria-current="true" className="font-semibold text-ink">
                      {localeNames[locale]}
                    </span>
                  ) : (
                    <Link key={locale} to={`?lang=${locale}`} lang={locale} hrefLang={locale}>
                      {localeNames[locale]}
                    </Link>
                  ),
                )}
              </span>
            ) : null}
            <button type="button" onClick={() => window.print()} className="no-print btn-secondary py-1">
              <Printer aria-hidden size={14} /> {t('common.print')}
            </button>
          </div>
        </header>
        {isOfficer ? <AcknowledgementNotice guideline={guideline} /> : null}
        {/* Trusted HTML: compiled from the repository's MDX at start, never from user input.
            After a document request the browser hydrates it with no HTML in the data: React keeps
            the server's markup of a dangerouslySetInnerHTML element while hydrating. */}
        <div className="prose-content" dangerouslySetInnerHTML={{ __html: html }} suppressHydrationWarning />
        {isOfficer ? <Acknowledgement guideline={guideline} /> : null}
      </div>
    </article>
  )
}

export function ErrorBoundary() {
  const { t } = useI18n()
  return (
    <NotFoundPage
      title={t('guidelines.notFound')}
      text={t('guidelines.notFoundText')}
      ways={[{ to: '/guidelines', label: t('guidelines.backToGuidelines') }]}
    />
  )
}
