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

// `today` comes from the page's loader, not the browser's clock: the server's render and the
// hydrated one then agree, and a browser in another time zone does not move the line.
function isOverdue(task: TaskRowData, today: string) {
  return task.status === 'open' && task.dueOn !== null && task.dueOn < today
}

/** One task with a checkbox that completes it at once (optimistically) and can be undone. */
function TaskRow({ task, today, showAgency }: { task: TaskRowData; today: string; showAgency: boolean }) {
  const fetcher = useFetcher({ key: `task-${task.id}` })
  const pendingIntent = fetcher.formData?.get('intent')
  const done = pendingIntent ? pendingIntent === 'complete' : task.status === 'done'
  const overdue = isOverdue(task, today) && !done
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
            <span className={overdue ? 'font-semibold text-danger' : ''}>
              {overdue ? 'Overdue · ' : 'Due '}
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

/** `today` is the loader's `today()` (YYYY-MM-DD, from clock.server), which decides "overdue". */
export function TaskList({ tasks, today, showAgency = true, empty }: { tasks: TaskRowData[]; today: string; showAgency?: boolean; empty: string }) {
  if (tasks.length === 0) return <p className="text-sm text-muted">{empty}</p>
  return (
    <ul className="divide-y divide-line">
      {tasks.map((task) => (
        <TaskRow key={task.id} task={task} today={today} showAgency={showAgency} />
      ))}
    </ul>
  )
}
