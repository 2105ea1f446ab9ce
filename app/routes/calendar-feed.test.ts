import { and, eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { describe, expect, it, vi } from 'vitest'
import { activity, calendarFeeds, conferences, engagements, presentationPresenters, presentations, trainingAssignments, users } from '#db/schema'
import { actorFor, createAgency, testMeta } from '#test/factories/crm'
import { renderPage } from '#test/factories/pages'
import { call, dataOf, headersOf, makeRequest, statusOf, testContext } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { issueCalendarFeedToken, revokeCalendarFeed } from '~/modules/calendar/calendar-feed.server'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { logEngagement, updateEngagement } from '~/modules/engagements/engagements.server'
import * as feedRoute from './calendar[.]ics'
import * as conferenceFile from './conferences.$conferenceId[.]ics'
import * as engagementFile from './engagements.$engagementId[.]ics'
import * as presentationFile from './presentations.$presentationId[.]ics'
import SettingsPage, * as settingsPage from './settings'
import FeedSettingsPage, * as feedSettings from './settings_.calendar-feed'
import * as trainingFile from './training.$slug.due[.]ics'

/** The day the tests live on: the feed holds 90 days back to a year ahead of it. */
const NOW = new Date('2026-11-20T12:00:00Z')

function atNow() {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
}

async function fetchFeed(token: string, ip = testContext.ip) {
  const result = await call(feedRoute.loader, makeRequest(`/calendar.ics?${new URLSearchParams({ token })}`), {}, { ...testContext, ip })
  return result as Response
}

/** Parses with ical.js (an independent parser) and registers the file's own VTIMEZONEs. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component))
  return { calendar, events, byUid: new Map(events.map((event) => [event.uid, event])) }
}

async function engagementIn(actor: ReturnType<typeof actorFor>, agencyId: string, values: Record<string, unknown> = {}) {
  const outcome = await logEngagement({
    actor,
    input: engagementFormSchema.parse({
      kind: 'meeting',
      title: 'Meeting with the BKA',
      startsAt: '2026-12-15T10:00',
      endsAt: '2026-12-15T11:30',
      timeZone: 'Europe/Berlin',
      location: 'Wiesbaden',
      agencyIds: [agencyId],
      ...values,
    }),
    meta: testMeta,
  })
  if (!outcome.ok) throw new Error('not logged')
  return outcome.engagement
}

/** A head's world: a German and a US agency with a meeting each, a conference in Berlin with a talk. */
async function world() {
  const head = await createUser({ role: 'global_head', name: 'Gloria Head' })
  const actor = actorFor(head)
  const bka = await createAgency({ name: 'Bundeskriminalamt', countryCode: 'DE' })
  const dallas = await createAgency({ name: 'Dallas Police Department', countryCode: 'US' })
  const berlinMeeting = await engagementIn(actor, bka.id)
  const dallasMeeting = await engagementIn(actor, dallas.id, {
    title: 'Call with Dallas PD',
    timeZone: 'America/Chicago',
    startsAt: '2026-12-16T09:00',
    endsAt: undefined,
  })
  const [conference] = await db
    .insert(conferences)
    .values({
      name: 'Europol Cybercrime Conference',
      startsOn: '2027-01-12',
      endsOn: '2027-01-14',
      city: 'Berlin',
      countryCode: 'DE',
      regionCode: 'EMEA',
      timeZone: 'Europe/Berlin',
      status: 'registered',
      registrationDeadline: '2026-12-20',
      callForPapersDeadline: '2026-10-01',
    })
    .returning()
  const [talk] = await db
    .insert(presentations)
    .values({ title: 'Emergency requests', conferenceId: conference.id, presentedAt: new Date('2027-01-13T13:30:00Z') })
    .returning()
  return { head, actor, bka, dallas, berlinMeeting, dallasMeeting, conference, talk }
}

describe('/calendar.ics', () => {
  it('serves a feed an independent parser reads: events, their zones with VTIMEZONE blocks, links back', async () => {
    atNow()
    const { head, berlinMeeting, dallasMeeting, conference, talk } = await world()
    const { token, url } = await issueCalendarFeedToken(head, testMeta)
    expect(url).toBe(`http://localhost:3000/calendar.ics?token=${encodeURIComponent(token)}`)
    const response = await fetchFeed(token)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    expect(response.headers.get('Cache-Control')).toContain('no-store')
    const text = await response.text()
    const { calendar, byUid } = parse(text)

    const zones = calendar.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'))
    expect(zones.sort()).toEqual(['America/Chicago', 'Europe/Berlin'])

    // A Berlin 10:00 meeting comes back as 10:00 Europe/Berlin, which is 09:00 UTC in December.
    const meeting = byUid.get(`engagement-${berlinMeeting.id}@localhost`)!
    expect(meeting.summary).toBe('Meeting with the BKA')
    expect(meeting.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin')
    expect(meeting.startDate.zone.tzid).toBe('Europe/Berlin')
    expect(meeting.startDate.toString()).toBe('2026-12-15T10:00:00')
    expect(meeting.startDate.toJSDate().toISOString()).toBe('2026-12-15T09:00:00.000Z')
    expect(meeting.endDate.toJSDate().toISOString()).toBe('2026-12-15T10:30:00.000Z')
    expect(meeting.location).toBe('Wiesbaden')
    expect(meeting.component.getFirstPropertyValue('url')).toBe(`http://localhost:3000/engagements/${berlinMeeting.id}`)
    expect(meeting.description).toContain(`http://localhost:3000/engagements/${berlinMeeting.id}`)
    expect(meeting.sequence).toBe(1)

    const call = byUid.get(`engagement-${dallasMeeting.id}@localhost`)!
    expect(call.startDate.zone.tzid).toBe('America/Chicago')
    expect(call.startDate.toJSDate().toISOString()).toBe('2026-12-16T15:00:00.000Z')

    // Conference days are all-day dates; DTEND is the day after the last.
    const summit = byUid.get(`conference-${conference.id}@localhost`)!
    expect(summit.startDate.isDate).toBe(true)
    expect([summit.startDate.toString(), summit.endDate.toString()]).toEqual(['2027-01-12', '2027-01-15'])
    expect(summit.location).toBe('Berlin, Germany')
    expect(summit.component.getFirstPropertyValue('status')).toBe('CONFIRMED')

    // A talk is shown in its conference's zone.
    const given = byUid.get(`presentation-${talk.id}@localhost`)!
    expect(given.startDate.zone.tzid).toBe('Europe/Berlin')
    expect(given.startDate.toString()).toBe('2027-01-13T14:30:00')
    expect(given.summary).toBe('Emergency requests (Europol Cybercrime Conference)')

    // Its deadlines are all-day events of their own, linking to the conference.
    const registration = byUid.get(`registration-deadline-${conference.id}@localhost`)!
    expect(registration.summary).toBe('Registration deadline: Europol Cybercrime Conference')
    expect([registration.startDate.toString(), registration.endDate.toString()]).toEqual(['2026-12-20', '2026-12-21'])
    expect(registration.component.getFirstPropertyValue('url')).toBe(`http://localhost:3000/conferences/${conference.id}`)
    expect(byUid.get(`call-for-papers-deadline-${conference.id}@localhost`)!.startDate.toString()).toBe('2026-10-01')
  })

  it('keeps UIDs between fetches and raises SEQUENCE after an edit, so a client updates the event in place', async () => {
    atNow()
    const { head, actor, bka, berlinMeeting } = await world()
    const { token } = await issueCalendarFeedToken(head, testMeta)
    const firstText = await (await fetchFeed(token)).text()
    const secondText = await (await fetchFeed(token)).text()
    // Nothing changed, nothing differs: not even DTSTAMP (the record's updated_at).
    expect(secondText).toBe(firstText)
    const first = parse(firstText)
    const second = parse(secondText)
    expect([...second.byUid.keys()].sort()).toEqual([...first.byUid.keys()].sort())
    expect(first.byUid.size).toBe(6)

    const edited = await updateEngagement({
      actor,
      engagementId: berlinMeeting.id,
      input: {
        ...engagementFormSchema.parse({
          kind: 'meeting',
          title: 'Meeting with the BKA (moved)',
          startsAt: '2026-12-15T11:00',
          timeZone: 'Europe/Berlin',
          agencyIds: [bka.id],
        }),
        version: 1,
      },
      meta: testMeta,
    })
    expect(edited).toEqual({ ok: true })
    const third = parse(await (await fetchFeed(token)).text())
    const uid = `engagement-${berlinMeeting.id}@localhost`
    expect(third.byUid.get(uid)!.sequence).toBeGreaterThan(first.byUid.get(uid)!.sequence)
    expect(third.byUid.get(uid)!.summary).toBe('Meeting with the BKA (moved)')
    expect(third.byUid.get(uid)!.startDate.toString()).toBe('2026-12-15T11:00:00')
  })

  it("holds only a lead's regions, and only the window from 90 days back to a year ahead", async () => {
    atNow()
    const { actor, bka, dallas, berlinMeeting, conference, talk } = await world()
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Lena Lead' })
    const longAgo = await engagementIn(actor, dallas.id, { title: 'Old call', startsAt: '2026-06-01T09:00', endsAt: undefined, timeZone: 'America/Chicago' })
    const farAhead = await engagementIn(actor, dallas.id, { title: 'Far call', startsAt: '2028-06-01T09:00', endsAt: undefined, timeZone: 'America/Chicago' })
    const shared = await engagementIn(actor, bka.id, { title: 'Shared meeting', agencyIds: [bka.id, dallas.id] })
    // A talk at no conference has no region: it is in the feed of those who give it.
    const [webinar, otherWebinar] = await db
      .insert(presentations)
      .values([
        { title: 'Webinar for US prosecutors', presentedAt: new Date('2026-12-01T17:00:00Z') },
        { title: 'Webinar given by someone else', presentedAt: new Date('2026-12-02T17:00:00Z') },
      ])
      .returning()
    await db.insert(presentationPresenters).values({ presentationId: webinar.id, userId: lead.id })
    // A conference beyond the window whose call for papers closes within it.
    await db.insert(conferences).values({
      name: 'CACC 2028',
      startsOn: '2028-08-07',
      endsOn: '2028-08-10',
      city: 'Dallas',
      countryCode: 'US',
      regionCode: 'US',
      callForPapersDeadline: '2027-03-01',
    })
    const { token } = await issueCalendarFeedToken(lead, testMeta)
    const { events } = parse(await (await fetchFeed(token)).text())
    const summaries = events.map((event) => event.summary).sort()
    expect(summaries).toEqual(['CACC 2028', 'Call for papers closes: CACC 2028', 'Call with Dallas PD', 'Shared meeting', 'Webinar for US prosecutors'])
    expect(events.some((event) => event.uid.includes(otherWebinar.id))).toBe(false)
    for (const hidden of [berlinMeeting.id, conference.id, talk.id, longAgo.id, farAhead.id])
      expect(events.some((event) => event.uid.includes(hidden))).toBe(false)
    expect(events.some((event) => event.uid === `engagement-${shared.id}@localhost`)).toBe(true)
  })

  it('caps a large feed at the next 750 and the last 250 engagements, nearest to today', async () => {
    atNow()
    const head = await createUser({ role: 'global_head' })
    const hour = 60 * 60_000
    // 800 meetings ahead, one an hour from tomorrow; 300 behind, one an hour back from yesterday.
    const ahead = Array.from({ length: 800 }, (_, index) => new Date(NOW.getTime() + 24 * hour + index * hour))
    const behind = Array.from({ length: 300 }, (_, index) => new Date(NOW.getTime() - 24 * hour - index * hour))
    await db
      .insert(engagements)
      .values([...ahead, ...behind].map((startsAt, index) => ({ kind: 'call' as const, title: `Call ${index}`, startsAt, timeZone: 'UTC' })))
    const { token } = await issueCalendarFeedToken(head, testMeta)
    const starts = parse(await (await fetchFeed(token)).text()).events.map((event) => event.startDate.toJSDate().getTime())
    expect(starts).toHaveLength(1000)
    expect(starts.filter((start) => start > NOW.getTime())).toHaveLength(750)
    expect(Math.max(...starts)).toBe(ahead[749].getTime())
    expect(Math.min(...starts)).toBe(behind[249].getTime())
  })

  it('gives an officer their training due dates (not a completed or undated one), and no CRM record', async () => {
    atNow()
    await world()
    const officer = await createUser({ role: 'officer', name: 'Dana Officer' })
    await db.insert(trainingAssignments).values([
      { userId: officer.id, moduleSlug: 'emergency-requests', dueOn: '2026-12-31', assignedAt: new Date('2026-11-01T09:00:00Z') },
      { userId: officer.id, moduleSlug: 'international-requests', dueOn: null, assignedAt: new Date('2026-11-01T09:00:00Z') },
    ])
    const { token } = await issueCalendarFeedToken(officer, testMeta)
    const { events } = parse(await (await fetchFeed(token)).text())
    expect(events).toHaveLength(1)
    const [due] = events
    expect(due.uid).toBe(`training-emergency-requests-${officer.id}@localhost`)
    expect(due.summary).toMatch(/^Training due: /)
    expect(due.startDate.isDate).toBe(true)
    expect(due.startDate.toString()).toBe('2026-12-31')
    expect(due.component.getFirstPropertyValue('url')).toBe('http://localhost:3000/training/emergency-requests')

    // A new due date moves the assignment on: the same UID, a higher SEQUENCE.
    await db
      .update(trainingAssignments)
      .set({ dueOn: '2027-01-15', assignedAt: new Date('2026-11-10T09:00:00Z') })
      .where(and(eq(trainingAssignments.userId, officer.id), eq(trainingAssignments.moduleSlug, 'emergency-requests')))
    const movedEvents = parse(await (await fetchFeed(token)).text()).events
    expect(movedEvents).toHaveLength(1)
    const [moved] = movedEvents
    expect(moved.uid).toBe(due.uid)
    expect(moved.sequence).toBeGreaterThan(due.sequence)
    expect(moved.startDate.toString()).toBe('2027-01-15')

    // In the language the officer chose for their screens.
    await db.update(users).set({ locale: 'es' }).where(eq(users.id, officer.id))
    const [spanish] = parse(await (await fetchFeed(token)).text()).events
    expect(spanish.summary).toMatch(/^Fecha límite de capacitación: /)
    expect(spanish.description).toContain('Abrir en Liaison: http://localhost:3000/training/emergency-requests')
  })

  it('stops serving a rotated or revoked token, or a deactivated user; every miss is a bare 404; rotation is logged', async () => {
    atNow()
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Lena Lead' })
    const first = await issueCalendarFeedToken(lead, testMeta)
    expect((await fetchFeed(first.token)).status).toBe(200)
    const second = await issueCalendarFeedToken(lead, testMeta)
    const rotatedAway = await fetchFeed(first.token)
    expect(rotatedAway.status).toBe(404)
    expect(await rotatedAway.text()).toBe('Not found.')
    expect((await fetchFeed(second.token)).status).toBe(200)
    // The database keeps no token: the id is a lookup key, the secret only as its hash.
    const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, lead.id))
    const [, secret] = second.token.split('.')
    expect(JSON.stringify(row)).not.toContain(secret)

    for (const wrong of ['', 'nonsense', `${second.token.split('.')[0]}.wrongsecret`, `${second.token}.extra`]) {
      expect((await fetchFeed(wrong)).status, wrong).toBe(404)
    }
    expect(await revokeCalendarFeed(lead, testMeta)).toBe(true)
    expect((await fetchFeed(second.token)).status).toBe(404)
    expect(await revokeCalendarFeed(lead, testMeta)).toBe(false)

    const logged = await db.select({ name: activity.name, ip: activity.ip }).from(activity).where(eq(activity.userId, lead.id))
    expect(logged.map((row) => row.name).sort()).toEqual(['user.calendar_feed_created', 'user.calendar_feed_revoked', 'user.calendar_feed_rotated'])
    expect(JSON.stringify(logged)).not.toContain(second.token)

    const former = await createUser({ role: 'global_head', status: 'deactivated' })
    const kept = await issueCalendarFeedToken(former, testMeta)
    expect((await fetchFeed(kept.token)).status).toBe(404)
  })

  it('throttles wrong tokens per IP with a 429 and Retry-After, even for a right token then; a right token costs nothing', async () => {
    atNow()
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { token } = await issueCalendarFeedToken(lead, testMeta)
    for (let index = 0; index < 35; index++) expect((await fetchFeed(token, '198.51.100.30')).status).toBe(200)
    for (let index = 0; index < 30; index++) expect((await fetchFeed(`guess${index}.guess`, '198.51.100.30')).status).toBe(404)
    for (const attempt of ['guess99.guess', token]) {
      const refused = await fetchFeed(attempt, '198.51.100.30')
      expect(refused.status).toBe(429)
      expect(Number(headersOf(refused).get('Retry-After'))).toBeGreaterThan(0)
    }
    expect((await fetchFeed(token, '198.51.100.31')).status).toBe(200)
  })
})

describe('Add to calendar (.ics downloads)', () => {
  it('downloads an engagement, a conference and a presentation for those who may open their pages', async () => {
    atNow()
    const { berlinMeeting, dallasMeeting, conference, talk } = await world()
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)

    const mine = (await call(engagementFile.loader, makeRequest(`/engagements/${dallasMeeting.id}.ics`, { cookie }), {
      engagementId: dallasMeeting.id,
    })) as Response
    expect(mine.status).toBe(200)
    expect(mine.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    expect(mine.headers.get('Content-Disposition')).toBe('attachment; filename="Call-with-Dallas-PD.ics"')
    const [event] = parse(await mine.text()).events
    expect(event.uid).toBe(`engagement-${dallasMeeting.id}@localhost`)
    expect(event.startDate.zone.tzid).toBe('America/Chicago')

    // Another region's engagement is not found, as on its page.
    const theirs = await call(engagementFile.loader, makeRequest(`/engagements/${berlinMeeting.id}.ics`, { cookie }), { engagementId: berlinMeeting.id })
    expect(statusOf(theirs)).toBe(404)
    expect(statusOf(await call(engagementFile.loader, makeRequest('/engagements/nonsense.ics', { cookie }), { engagementId: 'nonsense' }))).toBe(404)

    // Conferences and their talks are shared knowledge.
    const summit = (await call(conferenceFile.loader, makeRequest(`/conferences/${conference.id}.ics`, { cookie }), {
      conferenceId: conference.id,
    })) as Response
    expect(summit.headers.get('Content-Disposition')).toMatch(/^attachment; /)
    expect(parse(await summit.text()).events[0].uid).toBe(`conference-${conference.id}@localhost`)
    const given = (await call(presentationFile.loader, makeRequest(`/presentations/${talk.id}.ics`, { cookie }), { presentationId: talk.id })) as Response
    expect(parse(await given.text()).events[0].startDate.toString()).toBe('2027-01-13T14:30:00')
  })

  it("downloads an officer's training due date; a module not assigned to them is not found", async () => {
    atNow()
    const officer = await createUser({ role: 'officer' })
    await db
      .insert(trainingAssignments)
      .values({ userId: officer.id, moduleSlug: 'emergency-requests', dueOn: '2026-12-31', assignedAt: new Date('2026-11-01T09:00:00Z') })
    const { cookie } = await signInAs(officer)
    const file = (await call(trainingFile.loader, makeRequest('/training/emergency-requests/due.ics', { cookie }), { slug: 'emergency-requests' })) as Response
    expect(file.status).toBe(200)
    expect(file.headers.get('Content-Disposition')).toBe('attachment; filename="emergency-requests-due.ics"')
    expect(parse(await file.text()).events[0].startDate.toString()).toBe('2026-12-31')
    const other = await call(trainingFile.loader, makeRequest('/training/international-requests/due.ics', { cookie }), { slug: 'international-requests' })
    expect(statusOf(other)).toBe(404)
  })
})

describe('/settings/calendar-feed (the "Calendar feed" section of /settings)', () => {
  it('creates the link and shows it once, replaces it, and revokes it after the confirmation posts; each step is logged', async () => {
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Lena Lead' })
    const { cookie } = await signInAs(lead)
    const post = (form: Record<string, string>) => call(feedSettings.action, makeRequest('/settings/calendar-feed', { cookie, form }))

    const before = dataOf<{ calendarFeed: { active: boolean } }>(await call(settingsPage.loader, makeRequest('/settings', { cookie })))
    expect(before.calendarFeed).toEqual({ active: false })
    expect(
      await renderPage(
        SettingsPage,
        { ...before, user: { name: lead.name, email: lead.email, locale: null, role: lead.role, regions: ['US'], allRegions: false } },
        '/settings',
      ),
    ).toContain('Create feed link')

    const created = dataOf<{ url: string }>(await post({ intent: 'issue' }))
    expect(created.url).toMatch(/^http:\/\/localhost:3000\/calendar\.ics\?token=[a-z2-7]+\.[a-z2-7]+$/)
    const token = new URL(created.url).searchParams.get('token')!
    expect((await fetchFeed(token)).status).toBe(200)

    // Afterwards the page says a link is active but never shows it again.
    const after = dataOf<{ calendarFeed: { active: boolean } }>(await call(settingsPage.loader, makeRequest('/settings', { cookie })))
    expect(after.calendarFeed.active).toBe(true)
    const html = await renderPage(
      SettingsPage,
      { ...after, user: { name: lead.name, email: lead.email, locale: null, role: lead.role, regions: ['US'], allRegions: false } },
      '/settings',
    )
    expect(html).toContain('Replace link')
    expect(html).toContain('Revoke link')
    expect(html).not.toContain(token)
    // Without JavaScript the post lands on the section's own page, which renders on its own.
    const standalone = await renderPage(FeedSettingsPage, { status: after.calendarFeed, staff: true }, '/settings/calendar-feed')
    expect(standalone).toContain('Calendar feed')

    const replaced = dataOf<{ url: string }>(await post({ intent: 'issue' }))
    expect(replaced.url).not.toBe(created.url)
    expect((await fetchFeed(token)).status).toBe(404)

    const revoked = (await post({ intent: 'revoke' })) as Response
    expect(revoked.status).toBe(302)
    expect(revoked.headers.get('Location')).toBe('/settings')
    expect((await fetchFeed(new URL(replaced.url).searchParams.get('token')!)).status).toBe(404)

    expect(statusOf(await post({ intent: 'make-admin' }))).toBe(400)
    const logged = await db.select({ name: activity.name }).from(activity).where(eq(activity.userId, lead.id))
    expect(logged.map((row) => row.name).sort()).toEqual(['user.calendar_feed_created', 'user.calendar_feed_revoked', 'user.calendar_feed_rotated'])
  })
})
