import { Form, isRouteErrorResponse, Link, useLocation, useRouteError } from 'react-router'
import type { ReactNode } from 'react'
import { useI18n } from '~/lib/i18n/i18n'

/** The statuses with their own words (errors.titleNNN, errors.textNNN); any other reads as a 500. */
const explained = [400, 403, 404, 429, 503] as const
type Explained = (typeof explained)[number] | 500

export type WayOn = { to: string; label: string }

function ErrorLayout({ status, title, text, children }: { status: number; title: string; text: ReactNode; children: ReactNode }) {
  const { t } = useI18n()
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-accent">{t('errors.status', { status })}</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      <p className="mt-3 text-muted">{text}</p>
      {children}
    </div>
  )
}

function Ways({ ways }: { ways: WayOn[] }) {
  return (
    <div className="mt-8 flex flex-wrap justify-center gap-3">
      {ways.map((way, index) => (
        <Link key={way.to} to={way.to} className={index === 0 ? 'btn-primary' : 'btn-secondary'}>
          {way.label}
        </Link>
      ))}
    </div>
  )
}

/** The friendly page for thrown responses and unexpected errors (never a stack trace). */
export function ErrorPage() {
  const error = useRouteError()
  const { t } = useI18n()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const location = useLocation()
  const known: Explained = (explained as readonly number[]).includes(status) ? (status as Explained) : 500
  // A 503 passes: the way on is the same page again.
  const here = `${location.pathname}${location.search}`
  return (
    <ErrorLayout status={status} title={t(`errors.title${known}`)} text={t(`errors.text${known}`)}>
      <Ways ways={status === 503 ? [{ to: here, label: t('errors.tryAgain') }] : [{ to: '/', label: t('errors.toStart') }]} />
    </ErrorLayout>
  )
}

/**
 * A route's ErrorBoundary when what its URL names can be missing: a 404 says what was not
 * found and offers ways on (and a search, when the list has one); every other error, 403 and
 * 500 included, gets the friendly ErrorPage. Rendered inside the root's AppShell.
 */
export function NotFoundPage({
  title,
  text,
  ways,
  search,
  children,
}: {
  title: string
  text: ReactNode
  ways: WayOn[]
  search?: { action: string; label: string }
  /** Shown above the ways on: a field to try again, for instance. */
  children?: ReactNode
}) {
  const error = useRouteError()
  const { t } = useI18n()
  if (!isRouteErrorResponse(error) || error.status !== 404) return <ErrorPage />
  return (
    <ErrorLayout status={404} title={title} text={text}>
      {search ? (
        <Form method="get" action={search.action} role="search" className="mx-auto mt-8 flex max-w-sm gap-2">
          <label htmlFor="not-found-search" className="sr-only">
            {search.label}
          </label>
          <input id="not-found-search" name="q" type="search" className="input" placeholder={search.label} />
          <button type="submit" className="btn-secondary">
            {t('errors.search')}
          </button>
        </Form>
      ) : null}
      {children}
      <Ways ways={ways} />
    </ErrorLayout>
  )
}

/**
 * The ErrorBoundary of a record page. A record outside the reader's regions is a 404 like a
 * missing one (docs/architecture.md, "Authorization"), so the page never says which it was.
 */
export function RecordErrorPage({ noun, list }: { noun: string; list: { to: string; label: string; searchable?: boolean } }) {
  return (
    <NotFoundPage
      title={`This ${noun} does not exist, or you cannot see it`}
      text={`The link may be mistyped or out of date, or the ${noun} is not one your account can open.`}
      ways={[{ to: list.to, label: `Back to ${list.label}` }]}
      search={list.searchable ? { action: list.to, label: `Search ${list.label}` } : undefined}
    />
  )
}
