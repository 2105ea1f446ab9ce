import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, agencies, conferences, engagementAgencies, engagements, presentations } from '#db/schema'
import type { RegionCode } from '#db/schema/vocabulary'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { loader as listLoader } from './conferences._index'
import { action as newAction, loader as newLoader } from './conferences.new'
import { loader as recordLoader } from './conferences.$conferenceId._index'
import { action as editAction, loader as editLoader } from './conferences.$conferenceId.edit'

type FormResult = { result: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } }
type ConflictResult = FormResult & { conflict: { version: number; values: Record<string, unknown> } | null }

const form = (overrides: Record<string, string> = {}) => ({
  name: 'Crimes Against Children Conference',
  organiser: 'Dallas Children’s Advocacy Center',
  startsOn: '2031-08-11',
  endsOn: '2031-08-14',
  city: 'Dallas',
  countryCode: 'US',
  website: 'https://www.cacconference.org',
  audience: 'law_enforcement_only',
  status: 'registered',
  expectedAttendance: '4000',
  notes: 'Booth and two talks.',
  ...overrides,
})

async function signedIn(role: 'admin' | 'global_head' | 'outreach_lead' | 'officer', regions?: RegionCode[]) {
  const user = await createUser({ role, regions })
  return { user, cookie: (await signInAs(user)).cookie }
}

async function insertConference(values: Partial<typeof conferences.$inferInsert> = {}) {
  const [row] = await db
    .insert(conferences)
    .values({
      name: 'Europol Cybercrime Conference',
      startsOn: '2031-10-01',
      endsOn: '2031-10-03',
      city: 'The Hague',
      countryCode: 'NL',
      regionCode: 'EMEA',
      ...values,
    })
    .returning()
  return row
}

describe('/conferences pages are for staff', () => {
  it('gives officers 403 on every page and action', async () => {
    const { cookie } = await signedIn('officer')
    const conference = await insertConference()
    const params = { conferenceId: conference.id }
    expect(statusOf(await call(listLoader, makeRequest('/conferences', { cookie })))).toBe(403)
    expect(statusOf(await call(newLoader, makeRequest('/conferences/new', { cookie })))).toBe(403)
    expect(statusOf(await call(newAction, makeRequest('/conferences/new', { cookie, form: form() })))).toBe(403)
    expect(statusOf(await call(recordLoader, makeRequest(`/conferences/${conference.id}`, { cookie }), params))).toBe(403)
    expect(statusOf(await call(editLoader, makeRequest(`/conferences/${conference.id}/edit`, { cookie }), params))).toBe(403)
    expect(statusOf(await call(editAction, makeRequest(`/conferences/${conference.id}/edit`, { cookie, form: { ...form(), version: '1' } }), params))).toBe(403)
    expect(await db.select().from(conferences)).toHaveLength(1)
  })

  it('sends anonymous visitors to sign in', async () => {
    const response = (await call(listLoader, makeRequest('/conferences'))) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/login?redirectTo=%2Fconferences')
  })
})

describe('/conferences', () => {
  it('lists every region to every lead, with filters from the URL, and only offers "new" to those with a region', async () => {
    await insertConference()
    await insertConference({
      name: 'National Law Enforcement Training on Child Exploitation',
      city: 'Atlanta',
      countryCode: 'US',
      regionCode: 'US',
      startsOn: '2031-04-01',
      endsOn: '2031-04-03',
    })
    const { cookie } = await signedIn('outreach_lead', ['US'])
    const all = (await call(listLoader, makeRequest('/conferences', { cookie }))) as {
      rows: { name: string }[]
      total: number
      canCreate: boolean
      years: number[]
    }
    expect(all.total).toBe(2)
    expect(all.canCreate).toBe(true)
    expect(all.years).toEqual([2031])
    const emea = (await call(listLoader, makeRequest('/conferences?region=EMEA&q=hague&status=bogus&page=zero', { cookie }))) as { rows: { name: string }[] }
    expect(emea.rows.map((row) => row.name)).toEqual(['Europol Cybercrime Conference'])

    const regionless = await signedIn('outreach_lead', [])
    const seen = (await call(listLoader, makeRequest('/conferences', { cookie: regionless.cookie }))) as { total: number; canCreate: boolean }
    expect(seen).toMatchObject({ total: 2, canCreate: false })
    expect(statusOf(await call(newLoader, makeRequest('/conferences/new', { cookie: regionless.cookie })))).toBe(403)
  })
})

describe('/conferences/new', () => {
  it('creates a conference in the region of its country and logs it', async () => {
    const { user, cookie } = await signedIn('outreach_lead', ['US'])
    const loaded = (await call(newLoader, makeRequest('/conferences/new', { cookie }))) as { regions: string[] }
    expect(loaded.regions).toEqual(['US'])
    const response = (await call(newAction, makeRequest('/conferences/new', { cookie, form: form() }))) as Response
    expect(response.status).toBe(302)
    const [created] = await db.select().from(conferences)
    expect(response.headers.get('Location')).toBe(`/conferences/${created.id}`)
    expect(created).toMatchObject({
      name: 'Crimes Against Children Conference',
      regionCode: 'US',
      startsOn: '2031-08-11',
      endsOn: '2031-08-14',
      audience: 'law_enforcement_only',
      status: 'registered',
      expectedAttendance: 4000,
      createdById: user.id,
    })
    const [logged] = await db.select().from(activity).where(eq(activity.conferenceId, created.id))
    expect(logged).toMatchObject({ name: 'conference.created', actorId: user.id, ip: '203.0.113.10' })
  })

  it('keeps the input and explains every invalid field (400), writing nothing', async () => {
    const { cookie } = await signedIn('admin')
    const response = await call(
      newAction,
      makeRequest('/conferences/new', { cookie, form: form({ endsOn: '2031-08-01', expectedAttendance: '-3', website: 'not a site' }) }),
    )
    expect(statusOf(response)).toBe(400)
    const { result } = dataOf<FormResult>(response)
    expect(Object.keys(result.error ?? {}).sort()).toEqual(['endsOn', 'expectedAttendance', 'website'])
    expect(result.error?.endsOn?.[0]).toMatch(/before the first day/)
    expect(result.initialValue).toMatchObject({ name: 'Crimes Against Children Conference', endsOn: '2031-08-01', expectedAttendance: '-3' })
    const garbage = await call(
      newAction,
      makeRequest('/conferences/new', { cookie, form: { name: 'x'.repeat(5000), startsOn: '2031-13-45', countryCode: '<script>', status: 'maybe' } }),
    )
    expect(statusOf(garbage)).toBe(400)
    expect(await db.select().from(conferences)).toEqual([])
  })

  it('refuses a US lead filing an EMEA conference with a field error, writing nothing', async () => {
    const { cookie } = await signedIn('outreach_lead', ['US'])
    const response = await call(newAction, makeRequest('/conferences/new', { cookie, form: form({ countryCode: 'DE', city: 'Berlin' }) }))
    expect(statusOf(response)).toBe(400)
    const { result } = dataOf<FormResult>(response)
    expect(result.error?.countryCode?.[0]).toMatch(/only in your regions \(US\)/)
    expect(result.initialValue).toMatchObject({ countryCode: 'DE', city: 'Berlin' })
    expect(await db.select().from(conferences)).toEqual([])
    expect(await db.select().from(activity)).toEqual([])
  })
})

describe('/conferences/:conferenceId', () => {
  it('lets a US lead read an EMEA conference, without the edit button, but not edit it (404, nothing written)', async () => {
    const conference = await insertConference()
    const { cookie } = await signedIn('outreach_lead', ['US'])
    const params = { conferenceId: conference.id }
    const page = (await call(recordLoader, makeRequest(`/conferences/${conference.id}`, { cookie }), params)) as {
      conference: { name: string; countryName: string }
      canEdit: boolean
    }
    expect(page.conference).toMatchObject({ name: 'Europol Cybercrime Conference', countryName: 'Netherlands' })
    expect(page.canEdit).toBe(false)
    expect(statusOf(await call(editLoader, makeRequest(`/conferences/${conference.id}/edit`, { cookie }), params))).toBe(404)
    const attempt = await call(
      editAction,
      makeRequest(`/conferences/${conference.id}/edit`, { cookie, form: { ...form({ countryCode: 'US' }), version: '1' } }),
      params,
    )
    expect(statusOf(attempt)).toBe(404)
    const [after] = await db.select().from(conferences).where(eq(conferences.id, conference.id))
    expect(after).toMatchObject({ name: 'Europol Cybercrime Conference', countryCode: 'NL', version: 1 })
    expect(await db.select().from(activity)).toEqual([])

    const emeaLead = await signedIn('outreach_lead', ['EMEA'])
    const own = (await call(recordLoader, makeRequest(`/conferences/${conference.id}`, { cookie: emeaLead.cookie }), params)) as { canEdit: boolean }
    expect(own.canEdit).toBe(true)
  })

  it("shows the agencies met there (within the reader's regions), its presentations and its timeline", async () => {
    const conference = await insertConference({ name: 'Crimes Against Children Conference', countryCode: 'US', regionCode: 'US', city: 'Dallas' })
    const [fbi, nca] = await db
      .insert(agencies)
      .values([
        { name: 'Federal Bureau of Investigation', kind: 'federal', countryCode: 'US', regionCode: 'US' },
        { name: 'National Crime Agency', kind: 'national_police', countryCode: 'GB', regionCode: 'EMEA' },
      ])
      .returning()
    const [meeting] = await db
      .insert(engagements)
      .values({ kind: 'conference_meeting', title: 'Coffee at CACC', startsAt: new Date('2031-08-12T15:00:00Z'), conferenceId: conference.id })
      .returning()
    await db.insert(engagementAgencies).values([
      { engagementId: meeting.id, agencyId: fbi.id },
      { engagementId: meeting.id, agencyId: nca.id },
    ])
    const [talk] = await db
      .insert(presentations)
      .values({ title: 'Responding to emergency requests', conferenceId: conference.id, presentedAt: new Date('2031-08-12T10:00:00Z') })
      .returning()
    const admin = await signedIn('admin')
    const params = { conferenceId: conference.id }
    await call(
      editAction,
      makeRequest(`/conferences/${conference.id}/edit`, { cookie: admin.cookie, form: { ...form(), status: 'attended', version: '1' } }),
      params,
    )

    type Page = { agenciesMet: { name: string }[]; presentations: { id: string; title: string }[]; timeline: { entries: { name: string }[] }; canEdit: boolean }
    const asAdmin = (await call(recordLoader, makeRequest(`/conferences/${conference.id}`, { cookie: admin.cookie }), params)) as Page
    expect(asAdmin.agenciesMet.map((agency) => agency.name)).toEqual(['Federal Bureau of Investigation', 'National Crime Agency'])
    expect(asAdmin.presentations).toEqual([expect.objectContaining({ id: talk.id, title: 'Responding to emergency requests' })])
    expect(asAdmin.timeline.entries.map((entry) => entry.name)).toEqual(['conference.updated'])
    expect(asAdmin.canEdit).toBe(true)

    const usLead = await signedIn('outreach_lead', ['US'])
    const asLead = (await call(recordLoader, makeRequest(`/conferences/${conference.id}`, { cookie: usLead.cookie }), params)) as Page
    expect(asLead.agenciesMet.map((agency) => agency.name)).toEqual(['Federal Bureau of Investigation'])
  })

  it('answers 404 for malformed and unknown ids', async () => {
    const { cookie } = await signedIn('admin')
    for (const conferenceId of ['nope', "1' or '1'='1", '00000000-0000-4000-8000-000000000000']) {
      expect(
        statusOf(await call(recordLoader, makeRequest(`/conferences/${encodeURIComponent(conferenceId)}`, { cookie }), { conferenceId })),
        conferenceId,
      ).toBe(404)
      expect(
        statusOf(await call(editLoader, makeRequest(`/conferences/${encodeURIComponent(conferenceId)}/edit`, { cookie }), { conferenceId })),
        conferenceId,
      ).toBe(404)
      expect(
        statusOf(
          await call(editAction, makeRequest(`/conferences/${encodeURIComponent(conferenceId)}/edit`, { cookie, form: { ...form(), version: '1' } }), {
            conferenceId,
          }),
        ),
        conferenceId,
      ).toBe(404)
    }
  })
})

describe('/conferences/:conferenceId/edit', () => {
  it('saves an edit and logs each change from/to', async () => {
    const { user, cookie } = await signedIn('outreach_lead', ['US'])
    await call(newAction, makeRequest('/conferences/new', { cookie, form: form() }))
    const [conference] = await db.select().from(conferences)
    const params = { conferenceId: conference.id }
    const loaded = (await call(editLoader, makeRequest(`/conferences/${conference.id}/edit`, { cookie }), params)) as { conference: { version: number } }
    expect(loaded.conference.version).toBe(1)
    const response = (await call(
      editAction,
      makeRequest(`/conferences/${conference.id}/edit`, { cookie, form: { ...form({ status: 'attended', city: 'Dallas, TX' }), version: '1' } }),
      params,
    )) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/conferences/${conference.id}`)
    const [after] = await db.select().from(conferences).where(eq(conferences.id, conference.id))
    expect(after).toMatchObject({ status: 'attended', city: 'Dallas, TX', version: 2 })
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'conference.updated'))
    expect(logged).toMatchObject({
      actorId: user.id,
      conferenceId: conference.id,
      properties: { changes: { status: { from: 'registered', to: 'attended' }, city: { from: 'Dallas', to: 'Dallas, TX' } } },
    })
  })

  it('refuses the second of two concurrent edits with 409, keeping its input and showing the saved version', async () => {
    const { cookie } = await signedIn('global_head')
    const conference = await insertConference()
    const params = { conferenceId: conference.id }
    const first = await call(
      editAction,
      makeRequest(`/conferences/${conference.id}/edit`, {
        cookie,
        form: { ...form({ countryCode: 'NL', city: 'The Hague', status: 'attended' }), version: '1' },
      }),
      params,
    )
    expect(statusOf(first)).toBe(302)
    const second = await call(
      editAction,
      makeRequest(`/conferences/${conference.id}/edit`, {
        cookie,
        form: { ...form({ countryCode: 'NL', city: 'Rotterdam', status: 'cancelled' }), version: '1' },
      }),
      params,
    )
    expect(statusOf(second)).toBe(409)
    const { result, conflict } = dataOf<ConflictResult>(second)
    expect(result.initialValue).toMatchObject({ city: 'Rotterdam', status: 'cancelled' })
    expect(result.error?.['']?.[0]).toMatch(/Someone else saved/)
    expect(conflict).toMatchObject({ version: 2, values: { status: 'Attended', place: 'The Hague, Netherlands' } })
    const [after] = await db.select().from(conferences).where(eq(conferences.id, conference.id))
    expect(after).toMatchObject({ city: 'The Hague', status: 'attended', version: 2 })
  })

  it('keeps the input on a validation error (400)', async () => {
    const { cookie } = await signedIn('admin')
    const conference = await insertConference()
    const params = { conferenceId: conference.id }
    const response = await call(
      editAction,
      makeRequest(`/conferences/${conference.id}/edit`, { cookie, form: { ...form({ name: '', expectedAttendance: 'lots' }), version: '1' } }),
      params,
    )
    expect(statusOf(response)).toBe(400)
    const { result, conflict } = dataOf<ConflictResult>(response)
    expect(result.error).toMatchObject({ name: [expect.any(String)], expectedAttendance: [expect.any(String)] })
    expect(result.initialValue).toMatchObject({ expectedAttendance: 'lots', city: 'Dallas' })
    expect(conflict).toBeNull()
    const missingVersion = await call(editAction, makeRequest(`/conferences/${conference.id}/edit`, { cookie, form: form() }), params)
    expect(statusOf(missingVersion)).toBe(400)
  })
})
