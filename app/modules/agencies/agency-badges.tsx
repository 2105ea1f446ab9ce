import { agencyStatusLabels } from './agency-labels'

const statusStyles: Record<string, string> = {
  prospect: 'bg-canvas text-muted',
  engaged: 'bg-accent-soft text-accent-strong ring-accent/20',
  partner: 'bg-success-soft text-success ring-success/20',
  dormant: 'bg-warning-soft text-warning ring-warning/20',
}

export function AgencyStatusBadge({ status }: { status: keyof typeof agencyStatusLabels }) {
  return <span className={`badge ${statusStyles[status]}`}>{agencyStatusLabels[status]}</span>
}

export function StaleBadge() {
  return (
    <span className="badge bg-danger-soft text-danger ring-danger/20" title="No engagement for 180 days">
      Stale
    </span>
  )
}
