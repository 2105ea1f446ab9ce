import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, conferences, presentations } from '#db/schema'
import type { RegionCode, Role } from '#db/schema/vocabulary'
import { makeRequest } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { getUser } from '~/lib/auth/guards.server'
import { db } from '~/lib/db.server'
import { conferenceFormSchema, formatConferenceDates, isCalendarDate, parseConferenceFilters, type ConferenceInput } from './conferences-schema'
import {
  canEditConference,
  createConference,
  getConference,
  getConferenceForEdit,
  listConferenceOptions,
  listConferences,
  listConferenceYears,
  updateConference,
} from './conferences.server'

const meta = { ip: '203.0.113.10' }

async function actorWith(role: Role, regions?: RegionCode[]) {
  const user = await createUser({ role, regions })
  const { cookie } = await signInAs(user)
  return (await getUser(makeRequest('/', { cookie })))!
}

function input(overrides: Partial<ConferenceInput> = {}): ConferenceInput {
  return {
    name: 'Crimes Against Children Conference',
    organiser: 'Dallas Children’s Advocacy Center',
    startsOn: '2031-08-11',
    endsOn: '2031-08-14',
    city: 'Dallas',
    countryCode: 'US',
    website: 'https://www.cacconference.org',
    audience: 'law_enforcement_only',
    status: 'considering',
    expectedAttendance: 4000,
    notes: null,
    timeZone: 'America/Chicago',
    registrationDeadline: null,
    callForPapersDeadline: null,
    ...overrides,
  }
}

function isoDay(offsetDays: number) {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)
}

async function insertConference(values: Partial<typeof conferences.$inferInsert> & { name: string; startsOn: string }) {
  const [row] = await db
    .insert(conferences)
    .values({ endsOn: values.startsOn, countryCode: 'US', regionCode: 'US', ...values })
    .returning()
  return row
}

describe('conference form schema', () => {
  it('accepts a complete conference and turns blanks into nulls', () => {
    const parsed = conferenceFormSchema.safeParse({
      name: ' IACP ',
      startsOn: '2031-10-18',
      endsOn: '2031-10-21',
      countryCode: 'US',
      expectedAttendance: '16000',
    })
    expect(parsed.success).toBe(true)
    expect(parsed.data).toMatchObject({ name: 'IACP', organiser: null, website: null, audience: 'mixed', status: 'considering', expectedAttendance: 16000 })
  })

  it('refuses an end before the start, impossible days, negative or fractional attendance', () => {
    const issues = (value: Record<string, unknown>) =>
      conferenceFormSchema
        .safeParse({ name: 'X', startsOn: '2031-10-18', endsOn: '2031-10-21', countryCode: 'US', ...value })
        .error?.issues.map((issue) => issue.path.join('.'))
    expect(issues({ endsOn: '2031-10-17' })).toEqual(['endsOn'])
    expect(issues({ startsOn: '2031-02-30' })).toEqual(['startsOn'])
    expect(issues({ expectedAttendance: '-5' })).toEqual(['expectedAttendance'])
    expect(issues({ expectedAttendance: '2.5' })).toEqual(['expectedAttendance'])
    expect(issues({ website: 'javascript:alert(1)' })).toEqual(['website'])
    expect(issues({ audience: 'everyone' })).toEqual(['audience'])
  })

  it('knows calendar days and formats ranges', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true)
    expect(isCalendarDate('2027-02-29')).toBe(false)
    expect(isCalendarDate('99999-01-01')).toBe(false)
    expect(formatConferenceDates('2031-08-11', '2031-08-11')).toBe('11 Aug 2031')
    // The same text on the server and in any browser (no ICU-dependent spaces), so the page hydrates.
    expect(formatConferenceDates('2031-08-11', '2031-08-14')).toBe('11–14 Aug 2031')
    expect(formatConferenceDates('2031-09-29', '2031-10-02')).toBe('29 Sept – 2 Oct 2031')
    expect(formatConferenceDates('2031-12-30', '2032-01-02')).toBe('30 Dec 2031 – 2 Jan 2032')
  })

  it('ignores malformed list filters instead of failing', () => {
    const filters = parseConferenceFilters(new URLSearchParams('region=MARS&status=maybe&year=abc&sort=drop&page=-1&audience=mixed'))
    expect(filters).toEqual({ q: undefined, region: undefined, status: undefined, audience: 'mixed', year: undefined, sort: 'upcoming', page: 1 })
  })
})

describe('createConference', () => {
  it('derives the region from the country and logs the creation in the same transaction', async () => {
    const lead = await actorWith('outreach_lead', ['EMEA'])
    const outcome = await createConference({ actor: lead, input: input({ name: 'Europol Cybercrime Conference', countryCode: 'NL', city: 'The Hague' }), meta })
    expect(outcome.ok).toBe(true)
    const id = outcome.ok ? outcome.conference.id : ''
    const [row] = await db.select().from(conferences).where(eq(conferences.id, id))
    expect(row).toMatchObject({ regionCode: 'EMEA', countryCode: 'NL', version: 1, createdById: lead.id })
    const [logged] = await db.select().from(activity).where(eq(activity.conferenceId, id))
    expect(logged).toMatchObject({ name: 'conference.created', actorId: lead.id, targetName: 'Europol Cybercrime Conference', ip: meta.ip })
  })

  it('keeps the venue zone and deadlines, logs their changes, and clears a deadline left blank', async () => {
    const lead = await actorWith('outreach_lead', ['US'])
    const outcome = await createConference({ actor: lead, input: input({ registrationDeadline: '2031-07-15', callForPapersDeadline: '2031-02-01' }), meta })
    const id = outcome.ok ? outcome.conference.id : ''
    const [created] = await db.select().from(conferences).where(eq(conferences.id, id))
    expect(created).toMatchObject({ timeZone: 'America/Chicago', registrationDeadline: '2031-07-15', callForPapersDeadline: '2031-02-01' })
    const saved = await updateConference({
      actor: lead,
      conferenceId: id,
      input: { ...input({ timeZone: 'America/New_York', registrationDeadline: null }), version: 1 },
      meta,
    })
    expect(saved).toEqual({ ok: true })
    const [after] = await db.select().from(conferences).where(eq(conferences.id, id))
    expect(after).toMatchObject({ timeZone: 'America/New_York', registrationDeadline: null, callForPapersDeadline: null })
    const [logged] = await db
      .select()
      .from(activity)
      .where(and(eq(activity.conferenceId, id), eq(activity.name, 'conference.updated')))
    expect(logged.properties).toMatchObject({
      changes: { timeZone: { from: 'America/Chicago', to: 'America/New_York' }, registrationDeadline: { from: '2031-07-15', to: null } },
    })
  })

  it('refuses a lead outside their regions with a field error and writes nothing', async () => {
    const lead = await actorWith('outreach_lead', ['US'])
    const outcome = await createConference({ actor: lead, input: input({ countryCode: 'DE' }), meta })
    expect(outcome).toEqual({ ok: false, fieldErrors: { countryCode: [expect.stringContaining('only in your regions (US)')] } })
    const unknown = await createConference({ actor: lead, input: input({ countryCode: 'ZZ' }), meta })
    expect(unknown.ok).toBe(false)
    expect(await db.select().from(conferences)).toEqual([])
    expect(await db.select().from(activity).where(eq(activity.name, 'conference.created'))).toEqual([])
  })

  it('lets the global head file a conference anywhere', async () => {
    const head = await actorWith('global_head')
    expect((await createConference({ actor: head, input: input({ countryCode: 'AU', city: 'Canberra' }), meta })).ok).toBe(true)
  })
})

describe('updateConference', () => {
  it('saves, bumps the version and records each change as from/to', async () => {
    const lead = await actorWith('outreach_lead', ['US'])
    const created = await createConference({ actor: lead, input: input(), meta })
    const id = created.ok ? created.conference.id : ''
    const outcome = await updateConference({
      actor: lead,
      conferenceId: id,
      input: { ...input({ status: 'registered', expectedAttendance: 4500 }), version: 1 },
      meta,
    })
    expect(outcome).toEqual({ ok: true })
    const after = await getConference({ conferenceId: id })
    expect(after).toMatchObject({ status: 'registered', expectedAttendance: 4500, version: 2 })
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'conference.updated'))
    expect(logged).toMatchObject({
      conferenceId: id,
      actorId: lead.id,
      properties: { changes: { status: { from: 'considering', to: 'registered' }, expectedAttendance: { from: 4000, to: 4500 } } },
    })

    // Saving without a change writes no activity row.
    expect(
      await updateConference({ actor: lead, conferenceId: id, input: { ...input({ status: 'registered', expectedAttendance: 4500 }), version: 2 }, meta }),
    ).toEqual({ ok: true })
    expect(await db.select().from(activity).where(eq(activity.name, 'conference.updated'))).toHaveLength(1)
  })

  it('refuses a stale version and returns the current record, writing nothing', async () => {
    const head = await actorWith('global_head')
    const created = await createConference({ actor: head, input: input(), meta })
    const id = created.ok ? created.conference.id : ''
    await updateConference({ actor: head, conferenceId: id, input: { ...input({ status: 'registered' }), version: 1 }, meta })
    const stale = await updateConference({ actor: head, conferenceId: id, input: { ...input({ status: 'cancelled' }), version: 1 }, meta })
    expect(stale.ok).toBe(false)
    expect(!stale.ok && stale.reason).toBe('conflict')
    expect(!stale.ok && stale.reason === 'conflict' && stale.current).toMatchObject({ status: 'registered', version: 2 })
    expect(await getConference({ conferenceId: id })).toMatchObject({ status: 'registered' })
  })

  it('lets a lead read but not change a conference outside their regions', async () => {
    const head = await actorWith('global_head')
    const usLead = await actorWith('outreach_lead', ['US'])
    const created = await createConference({ actor: head, input: input({ countryCode: 'GB', city: 'London' }), meta })
    const id = created.ok ? created.conference.id : ''
    const conference = (await getConference({ conferenceId: id }))!
    expect(conference.regionCode).toBe('EMEA')
    expect(canEditConference(usLead, conference)).toBe(false)
    expect(canEditConference(head, conference)).toBe(true)
    expect(await getConferenceForEdit({ actor: usLead, conferenceId: id })).toBeNull()
    expect(await updateConference({ actor: usLead, conferenceId: id, input: { ...input({ countryCode: 'US' }), version: 1 }, meta })).toEqual({
      ok: false,
      reason: 'not_found',
    })
    expect(await getConference({ conferenceId: id })).toMatchObject({ countryCode: 'GB', version: 1 })
  })

  it('does not let a lead move their conference out of their regions', async () => {
    const lead = await actorWith('outreach_lead', ['US'])
    const created = await createConference({ actor: lead, input: input(), meta })
    const id = created.ok ? created.conference.id : ''
    const moved = await updateConference({ actor: lead, conferenceId: id, input: { ...input({ countryCode: 'FR' }), version: 1 }, meta })
    expect(moved).toEqual({ ok: false, reason: 'invalid', fieldErrors: { countryCode: [expect.any(String)] } })
  })

  it('answers not found for malformed and unknown ids', async () => {
    const head = await actorWith('admin')
    expect(await getConference({ conferenceId: 'not-a-uuid' })).toBeNull()
    expect(await updateConference({ actor: head, conferenceId: '00000000-0000-4000-8000-000000000000', input: { ...input(), version: 1 }, meta })).toEqual({
      ok: false,
      reason: 'not_found',
    })
  })
})

describe('listConferences', () => {
  it('puts upcoming conferences first (soonest first), then past ones (latest first)', async () => {
    await insertConference({ name: 'Long ago', startsOn: isoDay(-400) })
    await insertConference({ name: 'Next month', startsOn: isoDay(40) })
    await insertConference({ name: 'Last week', startsOn: isoDay(-8) })
    await insertConference({ name: 'Running now', startsOn: isoDay(-1), endsOn: isoDay(2) })
    await insertConference({ name: 'Next week', startsOn: isoDay(7) })
    const { rows, today } = await listConferences({ filters: parseConferenceFilters(new URLSearchParams()) })
    expect(rows.map((row) => row.name)).toEqual(['Running now', 'Next week', 'Next month', 'Last week', 'Long ago'])
    expect(today).toBe(isoDay(0))
    const latestFirst = await listConferences({ filters: parseConferenceFilters(new URLSearchParams('sort=-startsOn')) })
    expect(latestFirst.rows.map((row) => row.name)).toEqual(['Next month', 'Next week', 'Running now', 'Last week', 'Long ago'])
  })

  it('searches name, city and organiser, and filters by region, status, audience and year', async () => {
    await insertConference({
      name: 'Crimes Against Children Conference',
      organiser: 'Dallas CAC',
      city: 'Dallas',
      startsOn: '2031-08-11',
      status: 'registered',
      audience: 'law_enforcement_only',
    })
    await insertConference({
      name: 'Europol Cybercrime Conference',
      organiser: 'Europol',
      city: 'The Hague',
      countryCode: 'NL',
      regionCode: 'EMEA',
      startsOn: '2030-10-01',
    })
    await insertConference({
      name: 'CACP Annual Conference',
      organiser: 'Canadian Association of Chiefs of Police',
      city: 'Ottawa',
      countryCode: 'CA',
      regionCode: 'CA',
      startsOn: '2031-07-20',
    })
    const names = async (query: string) =>
      (await listConferences({ filters: parseConferenceFilters(new URLSearchParams(query)) })).rows.map((row) => row.name).sort()
    expect(await names('q=dallas')).toEqual(['Crimes Against Children Conference'])
    expect(await names('q=hague')).toEqual(['Europol Cybercrime Conference'])
    expect(await names('q=chiefs+police')).toEqual(['CACP Annual Conference'])
    expect(await names('q=100%25')).toEqual([])
    expect(await names('region=EMEA')).toEqual(['Europol Cybercrime Conference'])
    expect(await names('status=registered')).toEqual(['Crimes Against Children Conference'])
    expect(await names('audience=mixed')).toEqual(['CACP Annual Conference', 'Europol Cybercrime Conference'])
    expect(await names('year=2030')).toEqual(['Europol Cybercrime Conference'])
    expect(await listConferenceYears()).toEqual([2031, 2030])
  })

  it('pages by 50 and counts presentations', async () => {
    const rows = await db
      .insert(conferences)
      .values(
        Array.from({ length: 55 }, (_, index) => ({
          name: `Conference ${String(index).padStart(2, '0')}`,
          startsOn: '2031-01-01',
          endsOn: '2031-01-02',
          countryCode: 'US',
          regionCode: 'US',
        })),
      )
      .returning()
    const presentedAt = new Date('2031-01-01T10:00:00Z')
    await db.insert(presentations).values([
      { title: 'Talk one', conferenceId: rows[1].id, presentedAt },
      { title: 'Talk two', conferenceId: rows[1].id, presentedAt },
      { title: 'Elsewhere', presentedAt },
    ])
    const first = await listConferences({ filters: parseConferenceFilters(new URLSearchParams('sort=name')) })
    expect(first).toMatchObject({ total: 55, pageCount: 2, page: 1 })
    expect(first.rows).toHaveLength(50)
    expect(first.rows.slice(0, 3).map((row) => [row.name, row.presentations])).toEqual([
      ['Conference 00', 0],
      ['Conference 01', 2],
      ['Conference 02', 0],
    ])
    const second = await listConferences({ filters: parseConferenceFilters(new URLSearchParams('sort=name&page=2')) })
    expect(second.rows.map((row) => row.name)).toEqual(['Conference 50', 'Conference 51', 'Conference 52', 'Conference 53', 'Conference 54'])
  })

  it('offers a lead only the conferences they may add presentations to', async () => {
    await insertConference({ name: 'US event', startsOn: '2031-01-01' })
    await insertConference({ name: 'EMEA event', startsOn: '2031-02-01', countryCode: 'DE', regionCode: 'EMEA' })
    const lead = await actorWith('outreach_lead', ['US'])
    expect((await listConferenceOptions({ actor: lead })).map((row) => row.name)).toEqual(['US event'])
    const admin = await actorWith('admin')
    expect((await listConferenceOptions({ actor: admin })).map((row) => row.name)).toEqual(['EMEA event', 'US event'])
  })
})
