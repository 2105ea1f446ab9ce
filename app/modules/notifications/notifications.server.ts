import { env } from '~/lib/env.server'
import { translator } from '~/lib/i18n/i18n.server'
import { findCertificatesExpiring } from '~/modules/certificates/certificate-expiry.server'
import { findConferenceDeadlines } from '~/modules/conferences/conference-deadlines.server'
import { findEngagementAttendees } from '~/modules/engagements/engagement-reminders.server'
import { findOutdatedAcknowledgements } from '~/modules/guidelines/guideline-updates.server'
import { findOpenTasksDueBy } from '~/modules/tasks/task-digest.server'
import { findOpenAssignmentsDueBy, moduleTitle } from '~/modules/training/training-reminders.server'
import { findRegionStaff } from '~/modules/users/recipients.server'
import { zoneOf } from '~/lib/time-zone'
import { addDays, formatDay, formatMomentIn, isSendingHour, localMoment } from './local-time'
import { localeOf, notifyOnce, type Notification, type NotifyOutcome, type Recipient } from './notify.server'
import { sendWeeklyDigests } from './weekly-digest.server'

/**
 * The scheduled notifications. Each handler is given the moment it runs and decides, per
 * recipient and in their own zone, what is due: "the day before", "a week ahead", "from 07:00".
 * A run finds again what an earlier run sent; the ledger (notifyOnce) sends it once.
 */

const DAY_MS = 24 * 60 * 60_000
const origin = () => env.APP_ORIGIN

export type RunSummary = Record<NotifyOutcome, number>

async function sendAll(batch: Notification[]): Promise<RunSummary> {
  const summary: RunSummary = { queued: 0, 'already-sent': 0, 'opted-out': 0 }
  for (const notification of batch) summary[await notifyOnce(notification)] += 1
  return summary
}

function merge(...summaries: RunSummary[]): RunSummary {
  return summaries.reduce((total, next) => ({
    queued: total.queued + next.queued,
    'already-sent': total['already-sent'] + next['already-sent'],
    'opted-out': total['opted-out'] + next['opted-out'],
  }))
}

/** The recipient's day, and whether their sending hour has come. */
function clockOf(recipient: Recipient, at: Date) {
  const zone = zoneOf(recipient)
  return { zone, ...localMoment(at, zone), sending: isSendingHour(at, zone, env.NOTIFY_LOCAL_HOUR) }
}

/** Staff: the day before an engagement they attend, from 07:00 their time. */
export async function engagementReminders(at: Date) {
  const attendees = await findEngagementAttendees(at, new Date(at.getTime() + 3 * DAY_MS))
  const batch = attendees.flatMap((row): Notification[] => {
    const clock = clockOf(row.recipient, at)
    if (!clock.sending || localMoment(row.startsAt, clock.zone).day !== addDays(clock.day, 1)) return []
    const locale = localeOf(row.recipient)
    const t = translator(locale)
    return [
      {
        kind: 'engagement-reminder',
        category: 'reminders',
        recipient: row.recipient,
        key: `${row.engagementId}:${row.startsAt.toISOString()}`,
        subject: t('notify.engagementSubject', { title: row.title }),
        body: {
          preview: t('notify.engagementPreview', { title: row.title }),
          paragraphs: [
            t('notify.engagementIntro', { title: row.title, when: formatMomentIn(row.startsAt, clock.zone, locale) }),
            ...(row.location ? [t('notify.engagementWhere', { location: row.location })] : []),
          ],
          action: { label: t('notify.openEngagement'), url: `${origin()}/engagements/${row.engagementId}` },
        },
      },
    ]
  })
  return sendAll(batch)
}

/** Staff: a conference's registration and call-for-papers deadlines, a week ahead, to the region's leads and the global head. */
export async function conferenceDeadlineReminders(at: Date) {
  const utcDay = localMoment(at, 'UTC').day
  const deadlines = await findConferenceDeadlines(addDays(utcDay, 6), addDays(utcDay, 8))
  const staff = await findRegionStaff([...new Set(deadlines.map((deadline) => deadline.regionCode))])
  const batch = deadlines.flatMap((deadline) =>
    (staff.get(deadline.regionCode) ?? []).flatMap((recipient): Notification[] => {
      const clock = clockOf(recipient, at)
      if (!clock.sending || deadline.day !== addDays(clock.day, 7)) return []
      const t = translator(localeOf(recipient))
      const what = t(deadline.deadline === 'registration' ? 'notify.deadlineRegistration' : 'notify.deadlineCallForPapers')
      const date = formatDay(deadline.day, localeOf(recipient))
      return [
        {
          kind: 'conference-deadline',
          category: 'reminders',
          recipient,
          key: `${deadline.conferenceId}:${deadline.deadline}:${deadline.day}`,
          subject: t('notify.deadlineSubject', { deadline: what, conference: deadline.name }),
          body: {
            preview: t('notify.deadlinePreview', { deadline: what, conference: deadline.name, date }),
            paragraphs: [t('notify.deadlineIntro', { deadline: what, conference: deadline.name, date })],
            action: { label: t('notify.openConference'), url: `${origin()}/conferences/${deadline.conferenceId}` },
          },
        },
      ]
    }),
  )
  return sendAll(batch)
}

/** Officers: an assigned module due in 7 days, due tomorrow, and overdue (once per due date each). */
export async function trainingReminders(at: Date) {
  const assignments = await findOpenAssignmentsDueBy(addDays(localMoment(at, 'UTC').day, 8))
  const batch: Notification[] = []
  for (const row of assignments) {
    const clock = clockOf(row.recipient, at)
    if (!clock.sending) continue
    const daysLeft = row.dueOn === addDays(clock.day, 7) ? 7 : row.dueOn === addDays(clock.day, 1) ? 1 : row.dueOn < clock.day ? 'overdue' : null
    if (daysLeft === null) continue
    const locale = localeOf(row.recipient)
    const t = translator(locale)
    const title = await moduleTitle(row.moduleSlug, locale)
    const due = formatDay(row.dueOn, locale)
    const overdue = daysLeft === 'overdue'
    batch.push({
      kind: overdue ? 'training-overdue' : 'training-due',
      category: 'training',
      recipient: row.recipient,
      key: `${row.moduleSlug}:${row.dueOn}:${daysLeft}`,
      subject: overdue
        ? t('email.overdueSubject', { title })
        : daysLeft === 1
          ? t('notify.dueTomorrowSubject', { title })
          : t('notify.dueSubject', { title, days: 7 }),
      body: {
        preview: t('notify.duePreview', { title, due }),
        paragraphs: [t(overdue ? 'notify.overdueIntro' : 'notify.dueIntro', { title, due }), t('email.reminderNote')],
        action: { label: t('email.continueModule'), url: `${origin()}/training/${row.moduleSlug}` },
      },
    })
  }
  return sendAll(batch)
}

/** Officers: a certificate in force that expires within 30 days. */
export async function certificateExpiryReminders(at: Date) {
  const expiring = await findCertificatesExpiring(at, new Date(at.getTime() + 30 * DAY_MS))
  const batch = expiring.flatMap((row): Notification[] => {
    const clock = clockOf(row.recipient, at)
    if (!clock.sending) return []
    const locale = localeOf(row.recipient)
    const t = translator(locale)
    const date = formatDay(localMoment(row.expiresAt, clock.zone).day, locale)
    return [
      {
        kind: 'certificate-expiring',
        category: 'training',
        recipient: row.recipient,
        key: row.certificateId,
        subject: t('notify.certificateSubject', { title: row.moduleTitle, date }),
        body: {
          preview: t('notify.certificatePreview'),
          paragraphs: [t('notify.certificateIntro', { code: row.code, title: row.moduleTitle, date })],
          action: { label: t('email.continueModule'), url: `${origin()}/training/${row.moduleSlug}` },
        },
      },
    ]
  })
  return sendAll(batch)
}

/** Officers: a guideline they acknowledged has a new version, with what changed. */
export async function guidelineUpdateNotices(at: Date) {
  const outdated = await findOutdatedAcknowledgements()
  const batch = outdated.flatMap((row): Notification[] => {
    if (!clockOf(row.recipient, at).sending) return []
    const locale = localeOf(row.recipient)
    const t = translator(locale)
    const { title, changes } = row.wording(locale)
    return [
      {
        kind: 'guideline-updated',
        category: 'guidelines',
        recipient: row.recipient,
        key: `${row.slug}:v${row.version}`,
        subject: t('notify.guidelineSubject', { title }),
        body: {
          preview: t('notify.guidelinePreview', { title }),
          paragraphs: [t('notify.guidelineIntro', { title, version: row.version }), ...changes.map((summary) => t('notify.guidelineChanges', { summary }))],
          action: { label: t('notify.readGuideline'), url: `${origin()}/guidelines/${row.slug}` },
        },
      },
    ]
  })
  return sendAll(batch)
}

/** Staff: from 07:00 their time, the open tasks due today and overdue, only when there are some. */
export async function morningTaskDigests(at: Date) {
  const open = await findOpenTasksDueBy(addDays(localMoment(at, 'UTC').day, 1))
  const byRecipient = new Map<string, { recipient: Recipient; tasks: typeof open }>()
  for (const row of open) {
    const entry = byRecipient.get(row.recipient.id) ?? { recipient: row.recipient, tasks: [] }
    entry.tasks.push(row)
    byRecipient.set(row.recipient.id, entry)
  }
  const batch = [...byRecipient.values()].flatMap(({ recipient, tasks }): Notification[] => {
    const clock = clockOf(recipient, at)
    if (!clock.sending) return []
    const overdue = tasks.filter((task) => task.dueOn! < clock.day)
    const dueToday = tasks.filter((task) => task.dueOn === clock.day)
    if (overdue.length + dueToday.length === 0) return []
    const locale = localeOf(recipient)
    const t = translator(locale)
    const line = (task: (typeof tasks)[number]) => t('notify.digestItem', { title: task.title, due: formatDay(task.dueOn!, locale) })
    return [
      {
        kind: 'task-digest',
        category: 'digests',
        recipient,
        key: clock.day,
        subject: t('notify.digestSubject', { due: dueToday.length, overdue: overdue.length }),
        body: {
          preview: t('notify.digestPreview'),
          paragraphs: [t('notify.digestIntro')],
          sections: [
            { heading: t('notify.digestOverdue'), items: overdue.map(line) },
            { heading: t('notify.digestDueToday'), items: dueToday.map(line) },
          ],
          action: { label: t('notify.openTasks'), url: `${origin()}/tasks` },
        },
      },
    ]
  })
  return sendAll(batch)
}

/** The `reminders` job: every reminder whose time has come. */
export async function sendReminders(at: Date) {
  return merge(
    await engagementReminders(at),
    await conferenceDeadlineReminders(at),
    await trainingReminders(at),
    await certificateExpiryReminders(at),
    await guidelineUpdateNotices(at),
  )
}

/** The `digests` job: the staff's morning digests and the global head's Monday digest. */
export async function sendDigests(at: Date) {
  return merge(await morningTaskDigests(at), await sendWeeklyDigests(at))
}
