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
import { RecordErrorPage } from '~/components/error-page'
import { readFormData } from '~/lib/forms/form-data.server'

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
  const parsed = acknowledgeSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) return data({ error: 'The form is out of date; reload the page.' }, { status: 400 })
  const outcome = await acknowledgeGuideline({ actor: officer, slug: params.slug, version: parsed.data.version, meta: requestMeta(request, context) })
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
  if (!outcome.ok) return data({ error: 'This guideline changed while you were reading it. Read the new version, then acknowledge it.' }, { status: 409 })
  return redirectWithToast(`/guidelines/${params.slug}`, { kind: 'success', message: 'Thank you: your acknowledgement is recorded.' })
}

export const meta: Route.MetaFunction = ({ data }) =>
  data
    ? [{ title: `${data.guideline.title} · Guidelines · Liaison` }, { name: 'description', content: data.guideline.summary }]
    : [{ title: 'Guideline · Liaison' }]

function Acknowledgement({ guideline }: { guideline: ReturnType<typeof useLoaderData<typeof loader>>['guideline'] }) {
  const navigation = useNavigation()
  const { acknowledgement } = guideline
  if (!acknowledgement.required) return null
  if (acknowledgement.current) {
    return (
      <p role="status" className="no-print flex items-center gap-2 rounded-md border border-success/30 bg-success-soft px-4 py-3 text-sm text-success">
        <CheckCircle2 aria-hidden size={16} /> You acknowledged version {guideline.version} of this guideline.
      </p>
    )
  }
  return (
    <section aria-labelledby="acknowledge-heading" className="no-print card border-warning/40 bg-warning-soft/40">
      <h2 id="acknowledge-heading" className="font-semibold">
        {acknowledgement.outdated ? `Updated since you acknowledged version ${acknowledgement.acknowledgedVersion}` : 'Please acknowledge this guideline'}
      </h2>
      {acknowledgement.outdated && guideline.changes ? (
        <p className="mt-1 text-sm">
          <span className="font-medium">What changed: </span>
          {guideline.changes}
        </p>
      ) : null}
      <Form method="post" className="mt-3">
        <input type="hidden" name="version" value={guideline.version} />
        <SubmitButton pending={navigation.state === 'submitting'}>I have read and understood version {guideline.version}</SubmitButton>
      </Form>
    </section>
  )
}

export default function GuidelinePage() {
  const { guideline, isOfficer } = useLoaderData<typeof loader>()
  const html = useRenderOnly(ARTICLE_KEY, guideline.html)
  return (
    <article lang={guideline.locale} className="grid gap-8 lg:grid-cols-[16rem_1fr]">
      <nav aria-label="Contents" className="no-print lg:sticky lg:top-4 lg:self-start">
        <p className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">On this page</p>
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
          <Link to="/guidelines">All guidelines</Link>
        </p>
      </nav>
      <div className="min-w-0 space-y-6">
        {guideline.status === 'draft' ? (
          <p role="note" className="rounded-md border border-warning/40 bg-warning-soft px-4 py-2 text-sm font-semibold text-warning">
            Draft: visible only to administrators and the global head until it is published.
          </p>
        ) : null}
        <header className="space-y-2">
          <h1 className="text-3xl font-bold tracking-tight">{guideline.title}</h1>
          <p className="text-muted">{guideline.summary}</p>
          <div className="flex flex-wrap items-center gap-3 text-sm text-muted">
            <span>
              Version {guideline.version} · updated <DateTime value={guideline.updated} dateOnly />
            </span>
            {guideline.availableLocales.length > 1 ? (
              <span className="no-print flex gap-2" aria-label="Language">
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
              <Printer aria-hidden size={14} /> Print
            </button>
          </div>
        </header>
        {isOfficer ? <Acknowledgement guideline={guideline} /> : null}
        {/* Trusted HTML: compiled from the repository's MDX at start, never from user input.
            After a document request the browser hydrates it with no HTML in the data: React keeps
            the server's markup of a dangerouslySetInnerHTML element while hydrating. */}
        <div className="prose-content" dangerouslySetInnerHTML={{ __html: html }} suppressHydrationWarning />
      </div>
    </article>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="guideline" list={{ to: '/guidelines', label: 'guidelines' }} />
}
