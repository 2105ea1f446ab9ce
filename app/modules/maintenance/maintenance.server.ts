import { deleteExpiredSessions } from '~/lib/auth/session.server'
import { deleteOldAttempts } from '~/lib/auth/throttle.server'
import { rollEngagementDates } from '~/modules/engagements/engagements.server'

/**
 * The periodic work of a server process. Every job is idempotent, so every process of every
 * instance may run it: two runs at once do the same work twice, never harm.
 */
export const maintenanceJobs = [
  // Scheduled engagements whose time has come count as their agencies' last.
  { name: 'engagement dates', everyMs: 60_000, run: rollEngagementDates },
  // Without these two, `sessions` and `login_attempts` would grow for ever.
  { name: 'expired sessions', everyMs: 60 * 60_000, run: deleteExpiredSessions },
  { name: 'old sign-in attempts', everyMs: 60 * 60_000, run: deleteOldAttempts },
] as const

/** Runs one job, logging a failure instead of throwing (the next tick tries again). */
export async function runMaintenanceJob(job: (typeof maintenanceJobs)[number]) {
  try {
    await job.run()
  } catch (error) {
    console.error(`[maintenance] ${job.name} failed`, error)
  }
}

/** Runs every job once, in order. */
export async function runMaintenance() {
  for (const job of maintenanceJobs) await runMaintenanceJob(job)
}
