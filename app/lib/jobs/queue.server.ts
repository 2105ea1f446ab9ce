import { sql } from 'drizzle-orm'
import PgBoss from 'pg-boss'
import { now } from '../clock.server'
import { db, type JobQueueDatabase } from '../db.server'
import { singleton } from '../singleton.server'

/**
 * Scheduled jobs on pg-boss (ADR 014). pg-boss keeps the schedules and the jobs in its own
 * `pgboss` schema: each cron tick becomes one job, whichever instance (and process) inserts it,
 * and one worker claims it (SKIP LOCKED). A job that still runs twice (a retry after a crash, an
 * expired claim) does no harm: every handler is idempotent, and every notification is written
 * once through the `notifications` ledger.
 */

/** When a job runs: every N minutes (N divides 60), or once an hour at a minute. UTC. */
export type JobSchedule = { everyMinutes: number } | { hourlyAt: number }

export type JobDefinition = {
  /** The queue's name: lower-case words joined by hyphens. */
  name: string
  /** What the admin reads at /admin/jobs. */
  title: string
  schedule: JobSchedule
  /** The work, given the moment it runs (the app's clock, so that tests can move it). */
  run: (at: Date) => Promise<unknown>
}

export function cronOf(schedule: JobSchedule) {
  if ('hourlyAt' in schedule) return `${schedule.hourlyAt} * * * *`
  return schedule.everyMinutes === 1 ? '* * * * *' : `*/${schedule.everyMinutes} * * * *`
}

/** The first scheduled moment after `at`. */
export function nextRunAfter(schedule: JobSchedule, at: Date): Date {
  const next = new Date(at)
  next.setUTCSeconds(0, 0)
  if ('hourlyAt' in schedule) {
    next.setUTCMinutes(schedule.hourlyAt)
    if (next <= at) next.setUTCHours(next.getUTCHours() + 1)
    return next
  }
  const step = schedule.everyMinutes
  next.setUTCMinutes(Math.floor(next.getUTCMinutes() / step) * step + step)
  return next
}

export type JobQueueOptions = {
  database: JobQueueDatabase
  /** How often a worker looks for a job (seconds). */
  pollingIntervalSeconds?: number
  /** Run the cron monitor (turns schedules into jobs) in this process. */
  schedule?: boolean
  log?: Pick<Console, 'error' | 'warn'>
  /** Retries and expiry of every queue (tests shorten them). */
  settings?: Partial<typeof queueSettings>
}

/** A failed job is tried again after 1, 2, 4 minutes; one running longer than 15 minutes is given up. */
export const queueSettings: { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number } = {
  retryLimit: 3,
  retryDelay: 60,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
}

export function createJobQueue(jobs: readonly JobDefinition[], options: JobQueueOptions) {
  const { database, pollingIntervalSeconds = 2, schedule = true, log = console } = options
  const settings = { ...queueSettings, ...options.settings }
  const boss =
    database.kind === 'postgres'
      ? new PgBoss({ connectionString: database.connectionString, max: 2, application_name: 'liaison-jobs', schedule })
      : new PgBoss({ db: { executeSql: database.executeSql }, schedule })
  boss.on('error', (error) => log.error('[jobs] pg-boss error', error))
  let started = false

  function definition(name: string) {
    const job = jobs.find((candidate) => candidate.name === name)
    if (!job) throw new Error(`No job is called ${name}`)
    return job
  }

  return {
    boss,
    async start() {
      if (started) return
      await boss.start()
      started = true
      for (const job of jobs) {
        await boss.createQueue(job.name, { name: job.name, ...settings })
        await boss.updateQueue(job.name, { name: job.name, ...settings })
        await boss.schedule(job.name, cronOf(job.schedule), {}, { tz: 'UTC' })
        await boss.work(job.name, { pollingIntervalSeconds }, async () => {
          await job.run(now())
        })
      }
      // A job removed from the code stops being scheduled.
      for (const scheduled of await boss.getSchedules()) {
        if (!jobs.some((job) => job.name === scheduled.name)) await boss.unschedule(scheduled.name)
      }
    },
    /** Queues a run at once (the admin's "Run now"). */
    async runNow(name: string) {
      definition(name)
      return boss.send(name, {})
    },
    /** Tries a failed job again. */
    async retry(name: string, id: string) {
      definition(name)
      await boss.retry(name, id)
    },
    async stop() {
      if (!started) return
      started = false
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 })
    },
  }
}

export type JobQueue = ReturnType<typeof createJobQueue>

const state = singleton('job-queue', () => ({ queue: undefined as JobQueue | undefined }))

/** Starts this process's job queue (once). */
export async function startJobQueue(create: () => JobQueue) {
  state.queue ??= create()
  await state.queue.start()
  return state.queue
}

/** The process's job queue, or undefined while the server has not started one (tests). */
export function runningJobQueue() {
  return state.queue
}

export async function stopJobQueue() {
  const queue = state.queue
  state.queue = undefined
  await queue?.stop()
}

export type JobRun = {
  id: string
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed'
  createdOn: Date
  startedOn: Date | null
  completedOn: Date | null
  retryCount: number
  error: string | null
}

/** The latest runs of each queue, newest first (pg-boss keeps completed jobs, then archives them). */
export async function listJobRuns(names: readonly string[], perQueue = 10): Promise<Record<string, JobRun[]>> {
  const byName = Object.fromEntries(names.map((name) => [name, [] as JobRun[]]))
  const [{ present }] = await rows<{ present: boolean }>(sql`select to_regclass('pgboss.archive') is not null as present`)
  if (!present || names.length === 0) return byName
  const found = await rows<{
    id: string
    name: string
    state: JobRun['state']
    created_on: string | Date
    started_on: string | Date | null
    completed_on: string | Date | null
    retry_count: number
    output: unknown
  }>(sql`
    select id, name, state, created_on, started_on, completed_on, retry_count, output
    from (
      select *, row_number() over (partition by name order by created_on desc) as n
      from (
        select id, name, state, created_on, started_on, completed_on, retry_count, output from pgboss.job
        where name in ${names}
        union all
        select id, name, state, created_on, started_on, completed_on, retry_count, output from pgboss.archive
        where name in ${names}
      ) runs
    ) numbered
    where n <= ${perQueue}
    order by name, created_on desc`)
  for (const row of found) {
    byName[row.name]?.push({
      id: String(row.id),
      state: row.state,
      createdOn: new Date(row.created_on),
      startedOn: row.started_on ? new Date(row.started_on) : null,
      completedOn: row.completed_on ? new Date(row.completed_on) : null,
      retryCount: Number(row.retry_count),
      error: row.state === 'failed' || row.state === 'retry' ? errorOf(row.output) : null,
    })
  }
  return byName
}

function errorOf(output: unknown): string | null {
  if (output && typeof output === 'object') {
    const { message, value } = output as { message?: unknown; value?: unknown }
    if (typeof message === 'string') return message
    if (typeof value === 'string') return value
    return JSON.stringify(output).slice(0, 2000)
  }
  return output == null ? null : String(output)
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await db.execute(query)
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[]
}
