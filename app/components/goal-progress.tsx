import { goalStatusLabels, type GoalStatus } from '~/modules/coverage/coverage-schema'

const statusClasses: Record<GoalStatus, string> = {
  met: 'bg-success-soft text-success',
  on_track: 'bg-success-soft text-success',
  behind: 'bg-danger-soft text-danger',
  missed: 'bg-danger-soft text-danger',
}

/** The on track / behind mark of a goal, in words (never colour alone). */
export function GoalStatusBadge({ status }: { status: GoalStatus }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${statusClasses[status]}`}>{goalStatusLabels[status]}</span>
}

/** "12 of 30" or "45 % of 80 %", or for a ceiling "3 (at most 0)". */
export function GoalFigure({ goal }: { goal: { value: number; target: number; unit: 'percent' | 'count'; direction: 'atLeast' | 'atMost' } }) {
  const unit = goal.unit === 'percent' ? ' %' : ''
  if (goal.direction === 'atMost')
    return (
      <span className="tabular-nums">
        {goal.value}
        {unit} (at most {goal.target}
        {unit})
      </span>
    )
  return (
    <span className="tabular-nums">
      {goal.value}
      {unit} of {goal.target}
      {unit}
    </span>
  )
}
