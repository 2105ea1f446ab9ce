import { sql } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { db } from '~/lib/db.server'

const DAY = 24 * 60 * 60_000

// The two tests run in order: the test setup's afterEach runs between them, as it does between
// a test that moves the clock ahead and whatever test comes next in the same worker.
describe('the database after a test moved the clock ahead', () => {
  it('answers while the clock is a year ahead', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 365 * DAY)
    await db.execute(sql`select count(*) from regions`)
    await db.execute(sql`select count(*) from regions`)
  })

  it('asks Node for no timer longer than it can hold once the clock is real again', async () => {
    const overflows: string[] = []
    const listen = (warning: Error) => {
      if (warning.name === 'TimeoutOverflowWarning') overflows.push(warning.message)
    }
    process.on('warning', listen)
    try {
      // A statement timeout arms Postgres's alarm for 100 ms; when it rings, Postgres sets the
      // alarm again for whichever of its timers is due next.
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local statement_timeout = '100ms'`)
        await tx.execute(sql`select 1`)
      })
      await new Promise((resolve) => setTimeout(resolve, 300))
    } finally {
      process.off('warning', listen)
    }
    expect(overflows).toEqual([])
  })
})
