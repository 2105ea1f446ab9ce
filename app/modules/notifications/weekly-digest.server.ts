import { TZDate } from '@date-fns/tz'
import { regionNames } from '#db/schema/vocabulary'
import { env } from '~/lib/env.server'
import { translator } from '~/lib/i18n/i18n.server'
import { weeklySummary } from '~/modules/coverage/weekly-summary.server'
import { findGlobalHeads } from '~/modules/users/recipients.server'
import { zoneOf } from '~/lib/time-zone'
import { addDays, formatDay, isSendingHour, localMoment } from './local-time'
import { localeOf, notifyOnce, type Notification, type NotifyOutcome } from './notify.server'

/** Midnight at the start of an ISO day in a zone, as a moment. */
function startOfDayIn(day: string, zone: string) {
  const [year, month, date] = day.split('-').map(Number)
  return new Date(new TZDate(year, month - 1, date, zone).getTime())
}

/** The global head: on Monday from 07:00 their time, the week just ended across regions. */
export async function sendWeeklyDigests(at: Date) {
  const summary: Record<NotifyOutcome, number> = { queued: 0, 'already-sent': 0, 'opted-out': 0 }
  for (const head of await findGlobalHeads()) {
    const zone = zoneOf(head)
    const local = localMoment(at, zone)
    if (local.weekday !== 1 || !isSendingHour(at, zone, env.NOTIFY_LOCAL_HOUR)) continue
    const weekStart = addDays(local.day, -7)
    const figures = await weeklySummary({ ...head }, startOfDayIn(weekStart, zone), startOfDayIn(local.day, zone))
    const locale = localeOf(head)
    const t = translator(locale)
    const week = formatDay(weekStart, locale)
    const engagements = figures.regions.reduce((total, region) => total + region.engagements, 0)
    const presentations = figures.regions.reduce((total, region) => total + region.presentations, 0)
    const notification: Notification = {
      kind: 'weekly-digest',
      category: 'digests',
      recipient: head,
      key: weekStart,
      subject: t('notify.weeklySubject', { engagements, presentations }),
      body: {
        preview: t('notify.weeklyPreview', { week }),
        paragraphs: [
          t('notify.weeklyIntro', { week }),
          t('notify.weeklyOfficers', { count: figures.verifiedOfficers }),
          t('notify.weeklyCompletions', { count: figures.completions }),
          t('notify.weeklyStale', { count: figures.staleTopPriority }),
        ],
        sections: [
          {
            heading: t('notify.weeklyRegionsHeading'),
            items: figures.regions.map((region) =>
              t('notify.weeklyRegion', { region: regionNames[region.code], engagements: region.engagements, presentations: region.presentations }),
            ),
          },
          {
            heading: t('notify.weeklyGoalsBehind'),
            items: figures.goalsBehind.map((goal) =>
              t('notify.weeklyGoalLine', { region: regionNames[goal.regionCode], metric: goal.label, actual: goal.value, target: goal.target }),
            ),
          },
        ],
        action: { label: t('notify.openCoverage'), url: `${env.APP_ORIGIN}/coverage` },
      },
    }
    summary[await notifyOnce(notification)] += 1
  }
  return summary
}
