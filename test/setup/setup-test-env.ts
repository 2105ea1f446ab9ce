import { afterEach, beforeEach, expect, vi } from 'vitest'

/**
 * Runs before every test file. The first file of a worker creates its database and migrates
 * it; every test then starts from empty tables (reference data kept).
 */
const state = globalThis as unknown as { __liaisonTestDb?: Promise<void> }

process.env.NODE_ENV = 'test'
process.env.APP_ORIGIN = 'http://localhost:3000'
process.env.EMAIL_WORKER = 'false'
process.env.DEMO_SEED = 'false'
delete process.env.RESEND_API_KEY

state.__liaisonTestDb ??= (async () => {
  const { prepareTestDatabaseEnv } = await import('./test-database')
  await prepareTestDatabaseEnv()
  const { db, migrateDatabase } = await import('~/lib/db.server')
  const { seedReferenceData } = await import('#db/seed/seed')
  await migrateDatabase()
  await seedReferenceData(db)
})()
await state.__liaisonTestDb

const { resetDatabase, resetDatabaseClock } = await import('./reset-database')
const { forgetTrendSnapshot } = await import('~/modules/coverage/trends.server')
const { forgetCoverageDashboards } = await import('~/modules/coverage/dashboard.server')
const { settleBackgroundWork } = await import('~/lib/background.server')

let consoleError: ReturnType<typeof vi.spyOn>

beforeEach(async () => {
  await resetDatabase()
  // Figures kept in memory from the tables just emptied.
  forgetTrendSnapshot()
  forgetCoverageDashboards()
  consoleError = vi.spyOn(console, 'error')
})

afterEach(async () => {
  // Work a test's requests left running must end before the next test empties the tables.
  await settleBackgroundWork()
  vi.useRealTimers()
  await resetDatabaseClock()
  // An unexpected console.error is a failure: errors must not pass silently.
  const calls = consoleError.mock.calls
  consoleError.mockRestore()
  expect(calls, 'console.error was called').toEqual([])
})
