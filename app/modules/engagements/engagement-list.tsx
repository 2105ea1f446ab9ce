import { Link } from 'react-router'
import type { EngagementKind } from '#db/schema/vocabulary'
import { engagementKindLabels } from './engagements-schema'
import { formatInZone } from './local-time'

type EngagementRow = { id: string; title: string; kind: EngagementKind; startsAt: string | Date; timeZone: string }

/** Engagements on a record page: title, kind and when, on the engagement's own clock. */
export function EngagementList({ engagements }: { engagements: EngagementRow[] }) {
  return (
    <ul className="divide-y divide-line">
      {engagements.map((engagement) => (
        <li key={engagement.id} className="py-2 text-sm">
          <Link to={`/engagements/${engagement.id}`} className="font-medium">
            {engagement.title}
          </Link>
          <span className="block text-muted">
            {engagementKindLabels[engagement.kind]} · {formatInZone(engagement.startsAt, engagement.timeZone)}
          </span>
        </li>
      ))}
    </ul>
  )
}
