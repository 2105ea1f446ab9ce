import { Link, useLocation } from 'react-router'
import { describeActivity } from './describe-activity'
import { DateTime } from '~/components/date-time'

type TimelineEntry = {
  id: number
  name: string
  actorName: string | null
  targetName: string | null
  properties: Record<string, unknown>
  happenedAt: string | Date
}

/** This page's URL with `before` set (or removed), the other search parameters kept. */
function withBefore(location: { pathname: string; search: string }, before: string | null) {
  const params = new URLSearchParams(location.search)
  if (before) params.set('before', before)
  else params.delete('before')
  const query = params.toString()
  return query ? `${location.pathname}?${query}` : location.pathname
}

/**
 * The story of a record, newest first, in sentences. With `older` (the cursor of the next page
 * from the loader) it offers "Show older"; on an older page, a way back to the newest.
 */
export function Timeline({
  entries,
  older = null,
  empty = 'Nothing has happened here yet.',
  title = 'Timeline',
}: {
  entries: TimelineEntry[]
  older?: string | null
  empty?: string
  title?: string
}) {
  const location = useLocation()
  const onOlderPage = new URLSearchParams(location.search).has('before')
  return (
    <section aria-labelledby="timeline-heading" className="card">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        {title}
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-sm text-muted">{onOlderPage ? 'Nothing older.' : empty}</p>
      ) : (
        <ol className="mt-3 space-y-3 border-l border-line pl-4">
          {entries.map((entry) => (
            <li key={entry.id} className="text-sm">
              <p>{describeActivity(entry)}</p>
              <p className="text-xs text-muted">
                <DateTime value={entry.happenedAt} />
              </p>
            </li>
          ))}
        </ol>
      )}
      {older || onOlderPage ? (
        <nav aria-label="Timeline pages" className="mt-4 flex gap-4 text-sm">
          {onOlderPage ? (
            <Link to={withBefore(location, null)} preventScrollReset>
              Back to the newest
            </Link>
          ) : null}
          {older ? (
            <Link to={withBefore(location, older)} preventScrollReset>
              Show older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  )
}
