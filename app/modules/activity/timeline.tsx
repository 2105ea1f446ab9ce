import { describeActivity } from './describe-activity'
import { DateTime } from '~/components/date-time'

type TimelineEntry = { id: number; name: string; actorName: string | null; targetName: string | null; properties: Record<string, unknown>; happenedAt: string | Date }

/** The story of a record, newest first, in sentences. */
export function Timeline({ entries, empty = 'Nothing has happened here yet.' }: { entries: TimelineEntry[]; empty?: string }) {
  return (
    <section aria-labelledby="timeline-heading" className="card">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        Timeline
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-sm text-muted">{empty}</p>
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
    </section>
  )
}
