import { isRouteErrorResponse, Link, useRouteError } from 'react-router'

const messages: Record<number, { title: string; text: string }> = {
  400: { title: 'That request could not be read', text: 'Check what you entered and try again.' },
  403: { title: 'You do not have access', text: 'Your account cannot open this page. If you think it should, ask an administrator.' },
  404: { title: 'Page not found', text: 'The page you asked for does not exist, or you cannot see it.' },
  429: { title: 'Too many requests', text: 'Please wait a little and try again.' },
  503: { title: 'Liaison is briefly unavailable', text: 'The database is not answering. Please try again in a moment.' },
}

/** The friendly page for thrown responses and unexpected errors (never a stack trace). */
export function ErrorPage() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const message = messages[status] ?? { title: 'Something went wrong', text: 'The error has been logged. Please try again.' }
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-accent">Error {status}</p>
      <h1 className="mt-2 text-2xl font-bold">{message.title}</h1>
      <p className="mt-3 text-muted">{message.text}</p>
      <div className="mt-8 flex justify-center gap-3">
        <Link to="/" className="btn-secondary">
          Go to the start page
        </Link>
      </div>
    </div>
  )
}
