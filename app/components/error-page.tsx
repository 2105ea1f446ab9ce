import { Form, isRouteErrorResponse, Link, useLocation, useRouteError } from 'react-router'
import type { ReactNode } from 'react'

const messages: Record<number, { title: string; text: string }> = {
  400: { title: 'That request could not be read', text: 'Check what you entered and try again.' },
  403: { title: 'You do not have access', text: 'Your account cannot open this page. If you think it should, ask an administrator.' },
  404: { title: 'Page not found', text: 'The page you asked for does not exist, or you cannot see it.' },
  429: { title: 'Too many requests', text: 'Please wait a little and try again.' },
  503: { title: 'Liaison is temporarily unavailable', text: 'The database is not answering. Nothing you saved is lost: please try again in a few seconds.' },
}

export type WayOn = { to: string; label: string }

function ErrorLayout({ status, title, text, children }: { status: number; title: string; text: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-accent">Error {status}</p>
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
  const status = isRouteErrorResponse(error) ? error.status : 500
  const location = useLocation()
  const message = messages[status] ?? { title: 'Something went wrong', text: 'The error has been logged. Please try again.' }
  const here = `${location.pathname}${location.search}`
  return (
    <ErrorLayout status={status} title={message.title} text={message.text}>
      <Ways ways={status === 503 ? [{ to: here, label: 'Try again' }] : [{ to: '/', label: 'Go to the start page' }]} />
    </ErrorLayout>
  )
}

/**
 * A route's ErrorBoundary when what its URL names can be missing: a 404 says what was not
 * found and offers ways on (and a search, when the list has one); every other error, 403 and
 * 500 included, gets the friendly ErrorPage. Rendered inside the root's AppShell.
 */
export function NotFoundPage({ title, text, ways, search }: { title: string; text: ReactNode; ways: WayOn[]; search?: { action: string; label: string } }) {
  const error = useRouteError()
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
            Search
          </button>
        </Form>
      ) : null}
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
