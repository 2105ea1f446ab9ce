import { Link } from 'react-router'
import { funnelSteps, type FunnelCounts } from './funnel-steps'

/**
 * The outreach funnel as a table: each step, its count, and a plain CSS bar (decorative: the
 * count is the figure). Reads without JavaScript and prints as it is.
 */
export function FunnelTable({ counts, caption }: { counts: FunnelCounts; caption: string }) {
  const largest = Math.max(1, ...funnelSteps.map((step) => counts[step.key]))
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Count</th>
        </tr>
      </thead>
      <tbody>
        {funnelSteps.map((step) => (
          <tr key={step.key} className="align-middle">
            <th scope="row" className="py-1 pr-3 text-left font-normal">
              {step.label}
              <span aria-hidden className="mt-1 block h-2 rounded bg-accent-soft">
                <span className="block h-2 rounded bg-accent" style={{ width: `${(counts[step.key] / largest) * 100}%` }} />
              </span>
            </th>
            <td className="py-1 text-right font-medium tabular-nums">{counts[step.key].toLocaleString('en')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

type ConferenceRow = { id: string; name: string; regionCode: string; startsOn: string; counts: FunnelCounts }

/** The funnel of each conference of the quarter, a row each, the conference linking to its page. */
export function ConferenceFunnelTable({ conferences, caption }: { conferences: ConferenceRow[]; caption: string }) {
  return (
    <table className="data-table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Conference</th>
          <th scope="col">Region</th>
          {funnelSteps.map((step) => (
            <th key={step.key} scope="col" className="text-right">
              {step.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {conferences.map((conference) => (
          <tr key={conference.id}>
            <th scope="row">
              <Link to={`/conferences/${conference.id}`}>{conference.name}</Link>
              <div className="text-xs font-normal text-muted">{conference.startsOn}</div>
            </th>
            <td>{conference.regionCode}</td>
            {funnelSteps.map((step) => (
              <td key={step.key} className="text-right tabular-nums">
                {conference.counts[step.key].toLocaleString('en')}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
