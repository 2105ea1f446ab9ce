import { afterEach, describe, expect, it } from 'vitest'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { jobQueueDatabase } from '~/lib/db.server'
import { createJobQueue, listJobRuns, startJobQueue, stopJobQueue } from '~/lib/jobs/queue.server'
import { scheduledJobs } from '~/modules/maintenance/maintenance.server'
import { action, loader } from './admin.jobs'

type Page = { running: boolean; queues: { name: string; cron: string; nextRun: Date; runs: { state: string }[] }[] }

describe('/admin/jobs', () => {
  afterEach(async () => {
    await stopJobQueue()
  })

  it('lists every queue with its schedule and next run, and runs one on demand', async () => {
    const admin = await createUser({ role: 'admin' })
    const { cookie } = await signInAs(admin)
    await startJobQueue(() => createJobQueue(scheduledJobs, { database: jobQueueDatabase(), pollingIntervalSeconds: 0.5, schedule: false }))

    const before = dataOf<Page>(await call(loader, makeRequest('/admin/jobs', { cookie })))
    expect(before.running).toBe(true)
    expect(before.queues.map((queue) => queue.name)).toEqual(['engagement-dates', 'expired-sessions', 'old-sign-in-attempts', 'reminders', 'digests'])
    expect(before.queues.find((queue) => queue.name === 'reminders')?.cron).toBe('*/5 * * * *')

    expect(statusOf(await call(action, makeRequest('/admin/jobs', { cookie, form: { intent: 'run', queue: 'reminders' } })))).toBe(302)
    const started = Date.now()
    while ((await listJobRuns(['reminders'])).reminders[0]?.state !== 'completed') {
      if (Date.now() - started > 15_000) throw new Error('the run did not complete')
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const after = dataOf<Page>(await call(loader, makeRequest('/admin/jobs', { cookie })))
    expect(after.queues.find((queue) => queue.name === 'reminders')?.runs[0].state).toBe('completed')
  })

  it('refuses an unknown job or run with 400', async () => {
    const admin = await createUser({ role: 'admin' })
    const { cookie } = await signInAs(admin)
    expect(statusOf(await call(action, makeRequest('/admin/jobs', { cookie, form: { intent: 'run', queue: 'no-such-job' } })))).toBe(400)
    expect(statusOf(await call(action, makeRequest('/admin/jobs', { cookie, form: { intent: 'retry', queue: 'reminders', id: 'not-a-uuid' } })))).toBe(400)
  })
})
