import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, conferences, engagements, trainingAssignments, users } from '#db/schema'
import { actorFor, createAgency, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { getEngagement, logEngagement, moveEngagement } from '~/modules/engagements/engagements.server'
import { calendarSearchSchema, visibleDays } from './calendar-schema'
import { listCalendarEvents } from './calendar.server'

async function world() {
  const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
  const actor = actorFor(lead, ['US'])
  const us = await createAgency({ name: 'Chicago Police Department', countryCode: 'US' })
  const emea = await createAgency({ name: 'Bundeskriminalamt', countryCode: 'DE' })
  const head = actorFor(await createUser({ role: 'global_head' }))
  async function meeting(title: string, startsAt: string, agencyId = us.id, timeZone = 'Europe/Berlin', staffIds: string[] = []) {
    const logged = await logEngagement({
      actor: head,
      input: engagementFormSchema.parse({ kind: 'meeting', title, startsAt, timeZone, agencyIds: [agencyId], staffIds }),
      meta: testMeta,
    })
    if (!logged.ok) throw new Error('not logged')
    return logged.engagement.id
  }
  return { lead, actor, us, emea, meeting }
}

const search = (values: Record<string, string>) => calendarSearchSchema.parse(values)

describe('calendar', () => {
  it('shows a 10:00 meeting in Berlin at the right hour in Chicago, also in the weeks when only one of the two has changed its clocks', async () => {
    const { actor, meeting } = await world()
    // Chicago is 7 hours behind Berlin, except from the second Sunday of March (US) to the last
    // Sunday of March (EU), and from the last Sunday of October (EU) to the first Sunday of November (US): 6.
    const cases = [
      { day: '2027-01-13', chicago: '2027-01-13T03:00' }, // both on winter time
      { day: '2027-03-24', chicago: '2027-03-24T04:00' }, // last week of March: Chicago on summer time, Berlin not yet
      { day: '2027-03-31', chicago: '2027-03-31T03:00' }, // both on summer time
      { day: '2027-10-27', chicago: '2027-10-27T03:00' }, // last week of October: both still on summer time
      { day: '2027-11-03', chicago: '2027-11-03T04:00' }, // Berlin back on winter time on 31 October, Chicago not until 7 November
    ]
    for (const { day } of cases) await meeting(`Briefing ${day}`, `${day}T10:00`)
    for (const { day, chicago } of cases) {
      const week = await listCalendarEvents({ actor, search: search({ view: 'week', date: day }), timeZone: 'America/Chicago' })
      expect(week.events.map((event) => [event.title, event.start, event.end])).toEqual([
        [`Briefing ${day}`, chicago, chicago.replace(/T0(\d)/, (_, hour) => `T0${Number(hour) + 1}`)],
      ])
      const berlin = await listCalendarEvents({ actor, search: search({ view: 'day', date: day }), timeZone: 'Europe/Berlin' })
      expect(berlin.events.map((event) => event.start)).toEqual([`${day}T10:00`])
    }
  })

  it("fetches only the days in view, in the lead's regions, and filters by kind, region and person", async () => {
    const { actor, lead, us, emea, meeting } = await world()
    const mine = await meeting('Mine', '2027-05-12T09:00', us.id, 'America/Chicago', [lead.id])
    await meeting('Someone else', '2027-05-13T09:00', us.id, 'America/Chicago')
    await meeting('Other region', '2027-05-12T09:00', emea.id, 'Europe/Berlin')
    await meeting('Next month', '2027-06-20T09:00', us.id, 'America/Chicago')
    await db.insert(conferences).values([
      {
        name: 'US Summit',
        startsOn: '2027-05-20',
        endsOn: '2027-05-21',
        countryCode: 'US',
        regionCode: 'US',
        registrationDeadline: '2027-05-03',
        callForPapersDeadline: '2027-03-01',
      },
      { name: 'EU Summit', startsOn: '2027-05-20', endsOn: '2027-05-21', countryCode: 'DE', regionCode: 'EMEA' },
    ])
    const officer = await createUser({ role: 'officer' })
    await db.update(users).set({ agencyId: us.id }).where(eq(users.id, officer.id))
    await db.insert(trainingAssignments).values({ userId: officer.id, moduleSlug: 'international-requests', dueOn: '2027-05-28', assignedAt: new Date() })

    expect(visibleDays('month', '2027-05-12')).toEqual({ from: '2027-04-26', to: '2027-06-06' })
    const month = await listCalendarEvents({ actor, search: search({ date: '2027-05-12' }), timeZone: 'America/Chicago' })
    expect(month.events.map((event) => `${event.start} ${event.title}`)).toEqual([
      '2027-05-03T00:00 Registration closes: US Summit',
      '2027-05-12T09:00 Mine',
      '2027-05-13T09:00 Someone else',
      '2027-05-20T00:00 US Summit',
      '2027-05-28T00:00 Training due: 1 officer of Chicago Police Department',
    ])
    expect(month.events.find((event) => event.title === 'US Summit')).toMatchObject({
      allDay: true,
      end: '2027-05-22T00:00',
      href: expect.stringMatching(/^\/conferences\//),
    })
    const onlyMine = await listCalendarEvents({ actor, search: search({ date: '2027-05-12', mine: '1' }), timeZone: 'America/Chicago' })
    expect(onlyMine.events.map((event) => event.title)).toEqual(['Mine'])
    expect(onlyMine.events[0]).toMatchObject({ href: `/engagements/${mine}`, move: { engagementId: mine, version: 1 } })
    const conferencesOnly = await listCalendarEvents({ actor, search: search({ date: '2027-05-12', kind: 'conference' }), timeZone: 'UTC' })
    expect(conferencesOnly.events.map((event) => event.title)).toEqual(['Registration closes: US Summit', 'US Summit'])
    const otherRegion = await listCalendarEvents({ actor, search: search({ date: '2027-05-12', region: 'EMEA' }), timeZone: 'UTC' })
    expect(otherRegion.events).toEqual([])
    // A bad address falls back to the defaults instead of failing.
    expect(search({ view: 'year', date: '2027-02-30', kind: 'x', owner: 'me' })).toEqual({})
  })

  it('draws a few engagements a day and counts the rest, linked to the list of that day', async () => {
    const { actor, us, meeting } = await world()
    for (const hour of [9, 10, 11, 12, 13, 14]) await meeting(`Call ${hour}`, `2027-05-12T${String(hour).padStart(2, '0')}:00`, us.id, 'America/Chicago')
    const month = await listCalendarEvents({ actor, search: search({ date: '2027-05-12' }), timeZone: 'America/Chicago' })
    expect(month.events.map((event) => event.title)).toEqual(['More engagements: see the list', 'Call 9', 'Call 10', 'Call 11', 'Call 12'])
    expect(month.events[0]).toMatchObject({ allDay: true, href: '/engagements?from=2027-05-12&to=2027-05-12' })
    const day = await listCalendarEvents({ actor, search: search({ view: 'day', date: '2027-05-12' }), timeZone: 'America/Chicago' })
    expect(day.events).toHaveLength(6)
  })

  it('moves an engagement keeping its length and zone, as a normal edit: version check and activity log', async () => {
    const { actor, us, meeting } = await world()
    const id = await meeting('Briefing', '2027-03-24T10:00', us.id)
    await db
      .update(engagements)
      .set({ endsAt: new Date('2027-03-24T10:30:00Z') })
      .where(eq(engagements.id, id))
    const moved = await moveEngagement({ actor, engagementId: id, version: 1, startsAt: new Date('2027-03-25T14:00:00Z'), meta: testMeta })
    expect(moved).toEqual({ ok: true })
    const after = await getEngagement({ actor, engagementId: id })
    expect(after).toMatchObject({ startsAt: new Date('2027-03-25T14:00:00Z'), endsAt: new Date('2027-03-25T15:30:00Z'), timeZone: 'Europe/Berlin', version: 2 })
    expect(after?.agencies.map((agency) => agency.id)).toEqual([us.id])
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'engagement.updated'))
    expect(logged.properties).toMatchObject({ changes: { startsAt: { to: expect.stringContaining('15:00') } } })
    const stale = await moveEngagement({ actor, engagementId: id, version: 1, startsAt: new Date('2027-03-26T14:00:00Z'), meta: testMeta })
    expect(stale).toMatchObject({ ok: false, reason: 'conflict' })
  })
})
