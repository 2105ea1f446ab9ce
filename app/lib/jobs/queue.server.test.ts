import { afterEach, describe, expect, it } from 'vitest'
import { jobQueueDatabase } from '../db.server'
import { createJobQueue, cronOf, listJobRuns, nextRunAfter, type JobDefinition, type JobQueue } from './queue.server'

describe('schedules', () => {
  it('become cron expressions and tell their next run', () => {
    expect(cronOf({ everyMinutes: 1 })).toBe('* * * * *')
    expect(cronOf({ everyMinutes: 15 })).toBe('*/15 * * * *')
    expect(cronOf({ hourlyAt: 7 })).toBe('7 * * * *')
    const at = new Date('2027-03-09T10:07:30Z')
    expect(nextRunAfter({ everyMinutes: 15 }, at).toISOString()).toBe('2027-03-09T10:15:00.000Z')
    expect(nextRunAfter({ everyMinutes: 1 }, at).toISOString()).toBe('2027-03-09T10:08:00.000Z')
    expect(nextRunAfter({ hourlyAt: 7 }, at).toISOString()).toBe('2027-03-09T11:07:00.000Z')
    expect(nextRunAfter({ hourlyAt: 17 }, at).toISOString()).toBe('2027-03-09T10:17:00.000Z')
  })
})

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('the job queue on pg-boss', () => {
  const running: JobQueue[] = []
  afterEach(async () => {
    for (const queue of running.splice(0)) await queue.stop()
  })

  function instance(jobs: JobDefinition[]) {
    const queue = createJobQueue(jobs, { database: jobQueueDatabase(), pollingIntervalSeconds: 0.5, schedule: false, settings: { retryLimit: 0 } })
    running.push(queue)
    return queue
  }

  it('runs a job once however many instances work the queue, and keeps its failures for a retry', async () => {
    const runs: string[] = []
    let fail = true
    const jobs = (label: string): JobDefinition[] => [
      {
        name: 'test-job',
        title: 'Test job',
        schedule: { everyMinutes: 5 },
        run: async () => {
          runs.push(label)
          if (fail) throw new Error('the provider is down')
        },
      },
    ]
    const first = instance(jobs('first'))
    const second = instance(jobs('second'))
    await first.start()
    await second.start()

    await first.runNow('test-job')
    await until(async () => (await listJobRuns(['test-job']))['test-job'][0]?.state === 'failed')
    // Both instances polled meanwhile: the job ran once.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(runs).toHaveLength(1)
    const [failed] = (await listJobRuns(['test-job']))['test-job']
    expect(failed.error).toBe('the provider is down')

    fail = false
    await second.retry('test-job', failed.id)
    await until(async () => (await listJobRuns(['test-job']))['test-job'][0]?.state === 'completed')
    expect(runs).toHaveLength(2)
  })
})
