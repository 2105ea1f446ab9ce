import { deleteExpiredSessions } from '~/lib/auth/session.server'
import { deleteOldAttempts } from '~/lib/auth/throttle.server'
import { now } from '~/lib/clock.server'
import type { JobDefinition } from '~/lib/jobs/queue.server'
import { rollEngagementDates } from '~/modules/engagements/engagements.server'
import { sendDigests, sendReminders } from '~/modules/notifications/notifications.server'

/**
 * The app's scheduled jobs, run on pg-boss (`lib/jobs`, ADR 014): each tick runs once across all
 * processes and instances. Every job is idempotent all the same, and the notifications are
 * written once each through their ledger, so a run repeated after a crash harms nothing.
 */
export const scheduledJobs: readonly JobDefinition[] = [
  // Scheduled engagements whose time has come count as their agencies' last.
  { name: 'engagement-dates', title: 'Engagement dates', schedule: { everyMinutes: 1 }, run: (at) => rollEngagementDates(at) },
  // Without these two, `sessions` and `login_attempts` would grow for ever.
  { name: 'expired-sessions', title: 'Expired sessions', schedule: { hourlyAt: 7 }, run: () => deleteExpiredSessions() },
  { name: 'old-sign-in-attempts', title: 'Old sign-in attempts', schedule: { hourlyAt: 17 }, run: () => deleteOldAttempts() },
  // Reminders and digests go out from 07:00 in each recipient's zone: a run every few minutes
  // finds those whose hour has come, and the ledger keeps each one to a single email.
  { name: 'reminders', title: 'Reminders', schedule: { everyMinutes: 5 }, run: (at) => sendReminders(at) },
  { name: 'digests', title: 'Digests', schedule: { everyMinutes: 15 }, run: (at) => sendDigests(at) },
]

/** Runs the clean-up jobs once, in order (tests; the queue runs them on their schedules). */
export async function runMaintenance(at: Date = now()) {
  for (const job of scheduledJobs.filter((job) => job.name !== 'reminders' && job.name !== 'digests')) await job.run(at)
}
