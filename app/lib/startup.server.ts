import { seedDemoWorld, seedReferenceData } from '#db/seed/seed'
import { DEMO_PASSWORD, demoAccounts } from '#db/seed/demo-accounts'
import { hashPassword } from './auth/password.server'
import { closeDatabase, databaseKind, db, migrateDatabase } from './db.server'
import { startEmailWorker, stopEmailWorker } from './email/outbox.server'
import { env } from './env.server'
import { singleton } from './singleton.server'

/** What the server does once before it takes requests: migrate, seed, start the email worker. */
export function startServices() {
  return singleton('services-started', async () => {
    await migrateDatabase()
    await seedReferenceData(db)
    if (env.DEMO_SEED) {
      const seeded = await seedDemoWorld(db, { passwordHash: await hashPassword(DEMO_PASSWORD) })
      if (seeded) console.info('[seed] demo world created')
      console.info(
        `[seed] demo sign-ins (password "${DEMO_PASSWORD}"):\n${demoAccounts.map((account) => `  ${account.role.padEnd(13)} ${account.email}`).join('\n')}`,
      )
    }
    if (env.EMAIL_WORKER) startEmailWorker()
    console.info(`[db] ${databaseKind === 'pglite' ? `embedded PGlite in ${env.PGLITE_DIR}` : 'PostgreSQL'}; mail: ${env.RESEND_API_KEY ? 'Resend' : 'local mode (see /admin/outbox)'}`)
  })
}

/** Graceful shutdown: stop taking work, then close the pool. */
export async function stopServices() {
  await stopEmailWorker()
  await closeDatabase()
}
