import { Link, useFetcher } from 'react-router'
import { DateTime } from '~/components/date-time'

export type TaskRowData = {
  id: string
  title: string
  dueOn: string | null
  status: 'open' | 'done'
  agencyId: string | null
  agencyName: string | null
  engagementId: string | null
  assigneeName: string
}

function isOverdue(task: TaskRowData) {
  return task.status === 'open' && task.dueOn !== null && task.dueOn < new Date().toISOString().slice(0, 10)
}

/** One task with a checkbox that completes it at once (optimistically) and can be undone. */
function TaskRow({ task, showAgency }: { task: TaskRowData; showAgency: boolean }) {
  const fetcher = useFetcher({ key: `task-${task.id}` })
  const pendingIntent = fetcher.formData?.get('intent')
  const done = pendingIntent ? pendingIntent === 'complete' : task.status === 'done'
  return (
    <li className="flex items-start gap-3 py-2 text-sm">
      <fetcher.Form method="post" action="/tasks">
        <input type="hidden" name="taskId" value={task.id} />
        <input type="hidden" name="intent" value={done ? 'reopen' : 'complete'} />
        <button
          type="submit"
          role="checkbox"
          aria-checked={done}
          aria-label={done ? `Reopen “${task.title}”` : `Complete “${task.title}”`}
          className={`mt-0.5 flex h-4 w-4 items-center justify-center rounded border ${done ? 'border-success bg-success text-white' : 'border-subtle bg-surface'}`}
        >
          {done ? '✓' : ''}
        </button>
      </fetcher.Form>
      <div className="flex-1">
        <p className={done ? 'text-muted line-through' : ''}>{task.title}</p>
        <p className="text-xs text-muted">
          {task.dueOn ? (
            <span className={isOverdue(task) && !done ? 'font-semibold text-danger' : ''}>
              {isOverdue(task) && !done ? 'Overdue · ' : 'Due '}
              <DateTime value={task.dueOn} dateOnly />
            </span>
          ) : (
            'No due date'
          )}
          {showAgency && task.agencyId ? (
            <>
              {' · '}
              <Link to={`/agencies/${task.agencyId}`}>{task.agencyName}</Link>
            </>
          ) : null}
          {task.engagementId ? (
            <>
              {' · '}
              <Link to={`/engagements/${task.engagementId}`}>engagement</Link>
            </>
          ) : null}
        </p>
      </div>
    </li>
  )
}

export function TaskList({ tasks, showAgency = true, empty }: { tasks: TaskRowData[]; showAgency?: boolean; empty: string }) {
  if (tasks.length === 0) return <p className="text-sm text-muted">{empty}</p>
  return (
    <ul className="divide-y divide-line">
      {tasks.map((task) => (
        <TaskRow key={task.id} task={task} showAgency={showAgency} />
      ))}
    </ul>
  )
}
