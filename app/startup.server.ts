import { seedDemoWorld, seedReferenceData } from '#db/seed/seed'
import { DEMO_PASSWORD, demoAccounts } from '#db/seed/demo-accounts'
import { hashPassword } from './lib/auth/password.server'
import { getContentLibrary } from './lib/content/compile.server'
import { settleBackgroundWork } from './lib/background.server'
import { closeDatabase, databaseKind, db, jobQueueDatabase, migrateDatabase } from './lib/db.server'
import { startEmailWorker, stopEmailWorker } from './lib/email/outbox.server'
import { env } from './lib/env.server'
import { singleton } from './lib/singleton.server'
import { createJobQueue, startJobQueue, stopJobQueue } from './lib/jobs/queue.server'
import { scheduledJobs } from './modules/maintenance/maintenance.server'

/** What the server does once before it takes requests: migrate, seed, start the email worker. */
export function startServices() {
  return singleton('services-started', async () => {
    // Content is compiled (or read from its hash cache) before the first request, never during one.
    await Promise.all([migrateDatabase(), getContentLibrary()])
    await seedReferenceData(db)
    if (env.DEMO_SEED) {
      const seeded = await seedDemoWorld(db, { passwordHash: await hashPassword(DEMO_PASSWORD) })
      if (seeded) console.info('[seed] demo world created')
      console.info(
        `[seed] demo sign-ins (password "${DEMO_PASSWORD}"):\n${demoAccounts.map((account) => `  ${account.role.padEnd(13)} ${account.email}`).join('\n')}`,
      )
    }
    if (env.EMAIL_WORKER) startEmailWorker()
    await startJobs()
    console.info(
      `[db] ${databaseKind === 'pglite' ? `embedded PGlite in ${env.PGLITE_DIR}` : 'PostgreSQL'}; mail: ${env.RESEND_API_KEY ? 'Resend' : 'local mode (see /admin/outbox)'}`,
    )
  })
}

/** The scheduled jobs on pg-boss (`modules/maintenance`, ADR 014): each tick runs once across instances. */
async function startJobs() {
  await startJobQueue(() => createJobQueue(scheduledJobs, { database: jobQueueDatabase() }))
}

/** Graceful shutdown: stop taking work, then close the pool. */
export async function stopServices() {
  await settleBackgroundWork()
  await stopJobQueue()
  await stopEmailWorker()
  await closeDatabase()
}
