import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { buildCalendar, conferenceEvent, engagementEvent } from './ics.server'

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component)) }
}

const engagement = {
  id: '5b0f3c1e-8a47-4a55-9d43-0c1b2a3d4e5f',
  kind: 'meeting' as const,
  title: 'Meeting',
  endsAt: null,
  location: null,
  version: 3,
  updatedAt: new Date('2026-05-01T08:00:00Z'),
}

describe('the iCalendar writer', () => {
  it('writes a summer Berlin time with its zone (10:00 CEST is 08:00 UTC) and a UTC one as UTC', async () => {
    const text = buildCalendar(
      [
        engagementEvent({ ...engagement, startsAt: new Date('2026-07-01T08:00:00Z'), timeZone: 'Europe/Berlin' }),
        engagementEvent({ ...engagement, id: 'f6f0a1e2-0000-4000-8000-000000000001', startsAt: new Date('2026-07-01T15:00:00Z'), timeZone: 'UTC' }),
      ],
      { name: 'Test' },
    )
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20260701T100000')
    expect(text).toContain('DTSTART:20260701T150000Z')
    const { calendar, events } = parse(text)
    expect(calendar.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin'])
    expect(events.map((event) => event.startDate.toJSDate().toISOString())).toEqual(['2026-07-01T08:00:00.000Z', '2026-07-01T15:00:00.000Z'])
    expect(events[0].sequence).toBe(3)
  })

  it("writes an alias zone under its VTIMEZONE's canonical id, and an unknown one in UTC", () => {
    const text = buildCalendar(
      [
        engagementEvent({ ...engagement, startsAt: new Date('2026-07-01T04:30:00Z'), timeZone: 'Asia/Calcutta' }),
        engagementEvent({ ...engagement, id: 'f6f0a1e2-0000-4000-8000-000000000002', startsAt: new Date('2026-07-01T04:30:00Z'), timeZone: 'Nowhere/Else' }),
      ],
      { name: 'Test' },
    )
    expect(text).toContain('DTSTART;TZID=Asia/Kolkata:20260701T100000')
    expect(text).toContain('DTSTART:20260701T043000Z')
    expect(text).not.toContain('Asia/Calcutta')
    const { events } = parse(text)
    expect(events.map((event) => event.startDate.toJSDate().toISOString())).toEqual(['2026-07-01T04:30:00.000Z', '2026-07-01T04:30:00.000Z'])
  })

  it('writes conference days as all-day dates ending the day after, its status, and text with commas and semicolons intact', () => {
    const text = buildCalendar(
      [
        conferenceEvent({
          id: 'c0c0c0c0-0000-4000-8000-000000000003',
          name: 'Crimes Against Children Conference; Dallas, TX',
          startsOn: '2027-08-09',
          endsOn: '2027-08-12',
          city: 'Dallas',
          countryName: 'United States',
          status: 'cancelled',
          website: null,
          registrationDeadline: null,
          callForPapersDeadline: null,
          version: 2,
          updatedAt: new Date('2026-05-01T08:00:00Z'),
        }),
      ],
      { name: 'Test' },
    )
    const [event] = parse(text).events
    expect(event.summary).toBe('Crimes Against Children Conference; Dallas, TX')
    expect([event.startDate.toString(), event.endDate.toString()]).toEqual(['2027-08-09', '2027-08-13'])
    expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(text).not.toContain('BEGIN:VTIMEZONE')
  })
})
