import { goalFigureText, goalStatusLabels, type GoalStatus } from '~/modules/coverage/coverage-schema'

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

/** A goal's progress: "12 of 30", "45 % of 80 %", or for a ceiling "3 (at most 0)". */
export function GoalFigure({ goal }: { goal: Parameters<typeof goalFigureText>[0] }) {
  return <span className="tabular-nums">{goalFigureText(goal)}</span>
}
