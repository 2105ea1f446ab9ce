import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import {
  certificates,
  conferences,
  emailOutbox,
  engagementStaff,
  engagements,
  guidelineAcknowledgements,
  notifications,
  tasks,
  trainingAssignments,
  trainingProgress,
  users,
} from '#db/schema'
import type { Locale } from '#db/schema/vocabulary'
import { createAgency } from '#test/factories/crm'
import { createUser, type TestUserOptions } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { createEmailWorker } from '~/lib/email/outbox.server'
import type { EmailProvider } from '~/lib/email/provider.server'
import {
  certificateExpiryReminders,
  conferenceDeadlineReminders,
  engagementReminders,
  guidelineUpdateNotices,
  morningTaskDigests,
  sendDigests,
  sendReminders,
  trainingReminders,
} from './notifications.server'
import { setEmailPreferences } from './preferences.server'
import { readUnsubscribeToken } from './unsubscribe.server'
import { sendWeeklyDigests } from './weekly-digest.server'

async function person(options: TestUserOptions & { timeZone?: string | null; locale?: Locale | null; agencyId?: string } = {}) {
  const { timeZone = null, locale = null, agencyId, ...rest } = options
  const user = await createUser(rest)
  await db
    .update(users)
    .set({ timeZone, locale, agencyId: agencyId ?? null })
    .where(eq(users.id, user.id))
  return user
}

async function outbox() {
  return db.select().from(emailOutbox).orderBy(emailOutbox.id)
}

async function engagementAt(startsAt: Date, attendees: string[], title = 'Meeting with the sheriff') {
  const [engagement] = await db.insert(engagements).values({ kind: 'meeting', title, startsAt, location: 'Dallas HQ' }).returning()
  await db.insert(engagementStaff).values(attendees.map((userId) => ({ engagementId: engagement.id, userId })))
  return engagement
}

describe('engagement reminders', () => {
  it('reach each attendee once, the day before, from 07:00 in their own zone', async () => {
    const newYork = await person({ timeZone: 'America/New_York' })
    const tokyo = await person({ timeZone: 'Asia/Tokyo' })
    // 15:00 UTC on 10 March 2027: 10:00 in New York (EST) and already the 11th, 00:00, in Tokyo.
    const engagement = await engagementAt(new Date('2027-03-10T15:00:00Z'), [newYork.id, tokyo.id])

    // 06:30 in New York on the 9th, 20:30 in Tokyo on the 9th: neither is due.
    expect((await engagementReminders(new Date('2027-03-09T11:30:00Z'))).queued).toBe(0)
    // 07:05 in New York on the 9th: New York's reminder; Tokyo's day before (the 10th) has not begun.
    expect((await engagementReminders(new Date('2027-03-09T12:05:00Z'))).queued).toBe(1)
    expect((await outbox()).map((email) => email.recipient)).toEqual([newYork.email])
    // Later runs the same day send nothing more to New York.
    expect(await engagementReminders(new Date('2027-03-09T18:00:00Z'))).toEqual({ queued: 0, 'already-sent': 1, 'opted-out': 0 })
    // 07:00 on the 10th in Tokyo is 22:00 UTC on the 9th.
    expect((await engagementReminders(new Date('2027-03-09T22:01:00Z'))).queued).toBe(1)

    const sent = await outbox()
    expect(sent.map((email) => email.recipient)).toEqual([newYork.email, tokyo.email])
    expect(sent[0].subject).toBe('Tomorrow: Meeting with the sheriff')
    expect(sent[0].text).toContain(`/engagements/${engagement.id}`)
    expect(sent[0].text).toContain('tomorrow, Wednesday, 10:00 GMT-5.')
    expect(sent[1].text).toContain('tomorrow, Thursday, 00:00 GMT+9.')
  })

  it('never reach someone who turned reminders off, and carry a working one-click unsubscribe', async () => {
    const optedOut = await person({ timeZone: null })
    const keen = await person({ timeZone: null })
    await setEmailPreferences(optedOut.id, { reminders: false })
    await engagementAt(new Date('2027-03-10T15:00:00Z'), [optedOut.id, keen.id])

    expect(await engagementReminders(new Date('2027-03-09T08:00:00Z'))).toEqual({ queued: 1, 'already-sent': 0, 'opted-out': 1 })
    const [email] = await outbox()
    expect(email.recipient).toBe(keen.email)
    expect(email.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    const link = email.headers?.['List-Unsubscribe'].match(/<https?:\/\/[^>]+\/unsubscribe\/([^>]+)>/)?.[1]
    expect(link && readUnsubscribeToken(link)).toEqual({ userId: keen.id, category: 'reminders' })
    expect(email.text).toContain('/unsubscribe/')
  })

  it('are sent once when two workers run the same job at the same moment', async () => {
    const attendees = [await person(), await person(), await person()]
    await engagementAt(
      new Date('2027-03-10T15:00:00Z'),
      attendees.map((attendee) => attendee.id),
    )
    const at = new Date('2027-03-09T09:00:00Z')

    const runs = await Promise.all([sendReminders(at), sendReminders(at), sendReminders(at)])

    expect(runs.reduce((total, run) => total + run.queued, 0)).toBe(3)
    const sent = await outbox()
    expect(sent.map((email) => email.recipient).sort()).toEqual(attendees.map((attendee) => attendee.email).sort())
    const ledger = await db.select().from(notifications)
    expect(ledger).toHaveLength(3)
    expect(ledger.every((row) => row.emailId !== null)).toBe(true)
  })
})

describe('training reminders', () => {
  async function officer(options: { locale?: Locale | null; countryCode?: string; timeZone?: string } = {}) {
    const agency = await createAgency({ countryCode: options.countryCode ?? 'US' })
    return person({ role: 'officer', agencyId: agency.id, locale: options.locale ?? null, timeZone: options.timeZone ?? null })
  }

  async function assign(userId: string, dueOn: string, moduleSlug = 'emergency-requests') {
    await db.insert(trainingAssignments).values({ userId, moduleSlug, dueOn, assignedAt: new Date('2027-01-01T00:00:00Z') })
  }

  it('remind 7 days and 1 day ahead, then once overdue, in the officer’s language', async () => {
    const dana = await officer()
    const rafael = await officer({ countryCode: 'CO' })
    await assign(dana.id, '2027-03-17')
    await assign(rafael.id, '2027-03-17')

    await trainingReminders(new Date('2027-03-10T08:00:00Z'))
    await trainingReminders(new Date('2027-03-10T20:00:00Z'))
    await trainingReminders(new Date('2027-03-12T08:00:00Z'))
    await trainingReminders(new Date('2027-03-16T08:00:00Z'))
    await trainingReminders(new Date('2027-03-18T08:00:00Z'))
    await trainingReminders(new Date('2027-03-25T08:00:00Z'))

    const sent = await outbox()
    expect(sent.filter((email) => email.recipient === dana.email).map((email) => email.subject)).toEqual([
      'Due in 7 days: Emergency requests',
      'Due tomorrow: Emergency requests',
      'Overdue training: Emergency requests',
    ])
    // No language chosen, an agency in Colombia: Spanish.
    const spanish = sent.filter((email) => email.recipient === rafael.email)
    expect(spanish).toHaveLength(3)
    expect(spanish[0].subject).toMatch(/^Vence en 7 días: /)
    expect(spanish[0].html).toContain('lang="es"')
  })

  it('say nothing of a completed module, nor to an officer who turned training emails off', async () => {
    const done = await officer()
    const optedOut = await officer()
    await assign(done.id, '2027-03-11')
    await assign(optedOut.id, '2027-03-11')
    await db.insert(trainingProgress).values({
      userId: done.id,
      moduleSlug: 'emergency-requests',
      moduleVersion: 1,
      startedAt: new Date('2027-03-01T00:00:00Z'),
      completedAt: new Date('2027-03-02T00:00:00Z'),
      updatedAt: new Date('2027-03-02T00:00:00Z'),
    })
    await setEmailPreferences(optedOut.id, { training: false })

    expect(await trainingReminders(new Date('2027-03-10T08:00:00Z'))).toEqual({ queued: 0, 'already-sent': 0, 'opted-out': 1 })
    expect(await outbox()).toEqual([])
  })

  it('warn of a certificate expiring within 30 days, once', async () => {
    const holder = await officer()
    await db.insert(certificates).values({
      code: 'ABCD-2345',
      userId: holder.id,
      moduleSlug: 'emergency-requests',
      moduleVersion: 1,
      moduleTitle: 'Emergency requests',
      holderName: holder.name,
      score: 90,
      issuedAt: new Date('2026-04-01T00:00:00Z'),
      expiresAt: new Date('2027-04-01T00:00:00Z'),
    })

    expect((await certificateExpiryReminders(new Date('2027-02-20T08:00:00Z'))).queued).toBe(0)
    expect((await certificateExpiryReminders(new Date('2027-03-03T08:00:00Z'))).queued).toBe(1)
    expect((await certificateExpiryReminders(new Date('2027-03-04T08:00:00Z'))).queued).toBe(0)
    const [email] = await outbox()
    expect(email.subject).toBe('Your certificate for Emergency requests expires on 1 April 2027')
  })

  it('tell an officer who acknowledged an older version of a guideline what changed', async () => {
    const reader = await officer()
    await db
      .insert(guidelineAcknowledgements)
      .values({ userId: reader.id, guidelineSlug: 'emergency-disclosure-requests', version: 1, acknowledgedAt: new Date('2026-01-01T00:00:00Z') })

    expect((await guidelineUpdateNotices(new Date('2027-03-03T08:00:00Z'))).queued).toBe(1)
    expect((await guidelineUpdateNotices(new Date('2027-03-04T08:00:00Z'))).queued).toBe(0)
    const [email] = await outbox()
    expect(email.subject).toMatch(/^Updated guideline: /)
    expect(email.text).toContain('What changed: Corrected the section on requests from outside the United States')
  })
})

describe('staff digests and deadlines', () => {
  it('send the morning digest of tasks due and overdue only on days with something to say', async () => {
    const lead = await person({ timeZone: 'Europe/Madrid' })
    await db.insert(tasks).values([
      { title: 'Send the deck', dueOn: '2027-03-10', assigneeId: lead.id },
      { title: 'Call the chief', dueOn: '2027-03-08', assigneeId: lead.id },
      { title: 'Book the room', dueOn: '2027-03-20', assigneeId: lead.id },
      { title: 'Already done', dueOn: '2027-03-09', assigneeId: lead.id, status: 'done' },
    ])

    // 06:50 in Madrid (CET): too early.
    expect((await morningTaskDigests(new Date('2027-03-10T05:50:00Z'))).queued).toBe(0)
    expect((await sendDigests(new Date('2027-03-10T06:05:00Z'))).queued).toBe(1)
    expect((await sendDigests(new Date('2027-03-10T12:00:00Z'))).queued).toBe(0)

    const [digest] = await outbox()
    expect(digest.subject).toBe('Your tasks today: 1 due, 1 overdue')
    expect(digest.text).toContain('Send the deck')
    expect(digest.text).toContain('Call the chief')
    expect(digest.text).not.toContain('Book the room')
    expect(digest.text).not.toContain('Already done')

    // Nothing due any more: no digest.
    await db.update(tasks).set({ status: 'done' })
    expect((await morningTaskDigests(new Date('2027-03-11T06:05:00Z'))).queued).toBe(0)
  })

  it('warn the region’s leads and the global head of a conference deadline a week ahead', async () => {
    const usLead = await person({ role: 'outreach_lead', regions: ['US'] })
    const emeaLead = await person({ role: 'outreach_lead', regions: ['EMEA'] })
    const head = await person({ role: 'global_head' })
    const [conference] = await db
      .insert(conferences)
      .values({
        name: 'Police Tech Summit',
        startsOn: '2027-05-01',
        endsOn: '2027-05-03',
        countryCode: 'US',
        regionCode: 'US',
        registrationDeadline: '2027-03-17',
        callForPapersDeadline: '2027-02-01',
      })
      .returning()

    expect((await conferenceDeadlineReminders(new Date('2027-03-09T08:00:00Z'))).queued).toBe(0)
    expect((await conferenceDeadlineReminders(new Date('2027-03-10T08:00:00Z'))).queued).toBe(2)
    expect((await conferenceDeadlineReminders(new Date('2027-03-10T09:00:00Z'))).queued).toBe(0)

    const sent = await outbox()
    expect(sent.map((email) => email.recipient).sort()).toEqual([usLead.email, head.email].sort())
    expect(sent.map((email) => email.recipient)).not.toContain(emeaLead.email)
    expect(sent[0].subject).toBe('In a week: registration deadline of Police Tech Summit')
    expect(sent[0].text).toContain(`/conferences/${conference.id}`)
  })

  it('send the global head a Monday digest in their time zone, once a week', async () => {
    const head = await person({ role: 'global_head', timeZone: 'America/Los_Angeles' })
    const lead = await person({ role: 'outreach_lead', regions: ['US'] })
    const agency = await createAgency({ countryCode: 'US' })
    const [engagement] = await db
      .insert(engagements)
      .values({ kind: 'meeting', title: 'Briefing', startsAt: new Date('2027-03-10T15:00:00Z') })
      .returning()
    const { engagementAgencies } = await import('#db/schema')
    await db.insert(engagementAgencies).values({ engagementId: engagement.id, agencyId: agency.id })

    // Monday 15 March, 06:30 in Los Angeles (PDT): not yet; then 07:10.
    expect((await sendWeeklyDigests(new Date('2027-03-15T13:30:00Z'))).queued).toBe(0)
    expect((await sendWeeklyDigests(new Date('2027-03-15T14:10:00Z'))).queued).toBe(1)
    expect((await sendWeeklyDigests(new Date('2027-03-15T20:00:00Z'))).queued).toBe(0)
    // Tuesday: nothing.
    expect((await sendWeeklyDigests(new Date('2027-03-16T15:00:00Z'))).queued).toBe(0)

    const sent = await outbox()
    expect(sent.map((email) => email.recipient)).toEqual([head.email])
    expect(sent.map((email) => email.recipient)).not.toContain(lead.email)
    expect(sent[0].subject).toBe('Outreach this week: 1 engagements, 0 presentations')
    expect(sent[0].text).toContain('United States: 1 engagements, 0 presentations')
  })
})

describe('a provider outage', () => {
  it('delays the notifications and loses none, nor sends one twice', async () => {
    const attendees = [await person(), await person()]
    await engagementAt(
      new Date('2027-03-10T15:00:00Z'),
      attendees.map((attendee) => attendee.id),
    )
    await sendReminders(new Date('2027-03-09T09:00:00Z'))

    let down = true
    const delivered: string[] = []
    const provider: EmailProvider = {
      name: 'flaky',
      async deliver(message) {
        if (down) return { ok: false, error: 'Provider is down' }
        delivered.push(message.to)
        return { ok: true, provider: 'flaky', messageId: null }
      },
    }
    const worker = createEmailWorker({ provider, baseDelayMs: 60_000 })
    await worker.processDue()
    expect(delivered).toEqual([])
    expect((await outbox()).map((email) => email.status)).toEqual(['queued', 'queued'])

    // The job runs again meanwhile: nothing new is queued.
    await sendReminders(new Date('2027-03-09T09:05:00Z'))
    // Still down at the first retry; back up for the second.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 2 * 60_000)
    await worker.processDue()
    expect(delivered).toEqual([])
    down = false
    vi.setSystemTime(Date.now() + 5 * 60_000)
    await worker.processDue()
    expect(delivered.sort()).toEqual(attendees.map((attendee) => attendee.email).sort())
    expect((await outbox()).map((email) => email.status)).toEqual(['sent', 'sent'])
  })
})
