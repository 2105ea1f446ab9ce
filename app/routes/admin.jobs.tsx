import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/admin.jobs'
import { DateTime } from '~/components/date-time'
import { PageHeader } from '~/components/page-header'
import { requireRole } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { cronOf, listJobRuns, nextRunAfter, runningJobQueue } from '~/lib/jobs/queue.server'
import { redirectWithToast } from '~/lib/toast.server'
import { jobActionSchema } from '~/modules/maintenance/jobs-schema'
import { scheduledJobs } from '~/modules/maintenance/maintenance.server'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  const runs = await listJobRuns(scheduledJobs.map((job) => job.name))
  const at = now()
  return {
    running: runningJobQueue() !== undefined,
    queues: scheduledJobs.map((job) => ({
      name: job.name,
      title: job.title,
      cron: cronOf(job.schedule),
      nextRun: nextRunAfter(job.schedule, at),
      runs: runs[job.name] ?? [],
    })),
  }
}

export async function action({ request }: Route.ActionArgs) {
  await requireRole(request, 'admin')
  const submission = parseWithZod(await readFormData(request), { schema: jobActionSchema })
  if (submission.status !== 'success') return data({ error: 'That job or run does not exist.' }, { status: 400 })
  const job = scheduledJobs.find((candidate) => candidate.name === submission.value.queue)
  if (!job) return data({ error: 'That job does not exist.' }, { status: 400 })
  const queue = runningJobQueue()
  if (!queue) return data({ error: 'The job queue is not running in this process: try again in a moment.' }, { status: 503 })
  if (submission.value.intent === 'run') {
    await queue.runNow(job.name)
    return redirectWithToast('/admin/jobs', { kind: 'success', message: `${job.title}: a run is queued.` })
  }
  await queue.retry(job.name, submission.value.id)
  return redirectWithToast('/admin/jobs', { kind: 'success', message: `${job.title}: the failed run is queued again.` })
}

export const meta: Route.MetaFunction = () => [{ title: 'Jobs · Admin · Liaison' }]

const stateStyles: Record<string, string> = {
  completed: 'bg-success-soft text-success',
  active: 'bg-accent-soft text-accent-strong',
  created: 'bg-warning-soft text-warning',
  retry: 'bg-warning-soft text-warning',
  failed: 'bg-danger-soft text-danger',
  cancelled: 'bg-canvas text-muted',
}

export default function JobsPage() {
  const { queues, running } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  return (
    <div>
      <PageHeader
        title="Jobs"
        description="The scheduled jobs (pg-boss): each run happens once across every instance. A failed run is tried again up to three times, then kept here for a retry."
      />
      {!running ? (
        <p role="status" className="mb-4 text-sm text-warning">
          The job queue is not running in this process.
        </p>
      ) : null}
      {actionData?.error ? (
        <p role="alert" className="mb-4 text-sm text-danger">
          {actionData.error}
        </p>
      ) : null}
      <div className="space-y-6">
        {queues.map((queue) => {
          const failures = queue.runs.filter((run) => run.state === 'failed')
          return (
            <section key={queue.name} className="card" aria-labelledby={`queue-${queue.name}`}>
              <div className="flex flex-wrap items-baseline justify-between gap-3">
                <h2 id={`queue-${queue.name}`} className="text-lg font-semibold">
                  {queue.title}
                </h2>
                <Form method="post">
                  <input type="hidden" name="intent" value="run" />
                  <input type="hidden" name="queue" value={queue.name} />
                  <button type="submit" className="btn-secondary" disabled={busy}>
                    Run now<span className="sr-only"> ({queue.title})</span>
                  </button>
                </Form>
              </div>
              <p className="mt-1 text-sm text-muted">
                <code>{queue.name}</code> · schedule <code>{queue.cron}</code> (UTC) · next run <DateTime value={queue.nextRun} />
                {failures.length ? (
                  <span className="ml-2 font-medium text-danger">{failures.length === 1 ? '1 failure' : `${failures.length} failures`}</span>
                ) : null}
              </p>
              {queue.runs.length === 0 ? (
                <p className="mt-3 text-sm text-muted">No run yet.</p>
              ) : (
                <div className="mt-3 overflow-x-auto">
                  <table className="data-table">
                    <caption className="sr-only">Last runs of {queue.title}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Queued</th>
                        <th scope="col">Started</th>
                        <th scope="col">Finished</th>
                        <th scope="col">State</th>
                        <th scope="col">
                          <span className="sr-only">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {queue.runs.map((run) => (
                        <tr key={run.id}>
                          <td className="whitespace-nowrap">
                            <DateTime value={run.createdOn} />
                          </td>
                          <td className="whitespace-nowrap">
                            <DateTime value={run.startedOn} />
                          </td>
                          <td className="whitespace-nowrap">
                            <DateTime value={run.completedOn} />
                          </td>
                          <td>
                            <span className={`badge ${stateStyles[run.state] ?? ''}`}>{run.state}</span>
                            {run.retryCount > 0 ? <span className="ml-2 text-xs text-muted">retried {run.retryCount}×</span> : null}
                            {run.error ? (
                              <p className="mt-1 max-w-md break-words text-xs text-danger" title={run.error}>
                                {run.error}
                              </p>
                            ) : null}
                          </td>
                          <td>
                            {run.state === 'failed' ? (
                              <Form method="post">
                                <input type="hidden" name="intent" value="retry" />
                                <input type="hidden" name="queue" value={queue.name} />
                                <input type="hidden" name="id" value={run.id} />
                                <button type="submit" className="btn-secondary" disabled={busy}>
                                  Retry<span className="sr-only"> this run of {queue.title}</span>
                                </button>
                              </Form>
                            ) : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          )
        })}
      </div>
    </div>
  )
}
