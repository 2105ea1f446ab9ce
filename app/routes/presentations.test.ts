import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { activity, conferences, presentationAgencies, presentationPresenters, presentations, users } from '#db/schema'
import type { RegionCode } from '#db/schema/vocabulary'
import { createAgency } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { loader as conferenceLoader } from './conferences.$conferenceId._index'
import { action as newAction, loader as newLoader } from './presentations.new'
import { loader as recordLoader } from './presentations.$presentationId._index'
import { action as editAction, loader as editLoader } from './presentations.$presentationId.edit'

type FormResult = { result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } }
type ConflictResult = FormResult & { conflict: { version: number; values: Record<string, unknown> } | null }

async function signedIn(role: 'admin' | 'global_head' | 'outreach_lead' | 'officer', regions?: RegionCode[], name?: string) {
  const user = await createUser({ role, regions, name })
  return { user, cookie: (await signInAs(user)).cookie }
}

async function insertConference(values: Partial<typeof conferences.$inferInsert> = {}) {
  const [row] = await db
    .insert(conferences)
    .values({
      name: 'Crimes Against Children Conference',
      startsOn: '2031-08-11',
      endsOn: '2031-08-14',
      city: 'Dallas',
      countryCode: 'US',
      regionCode: 'US',
      ...values,
    })
    .returning()
  return row
}

const emeaConference = () =>
  insertConference({
    name: 'Europol Cybercrime Conference',
    city: 'The Hague',
    countryCode: 'NL',
    regionCode: 'EMEA',
    startsOn: '2031-10-01',
    endsOn: '2031-10-03',
  })

const form = (overrides: Record<string, string | string[]> = {}) => ({
  title: 'Responding to emergency disclosure requests',
  presentedAt: '2031-08-12T14:30',
  audienceSize: '250',
  topics: ['emergency_response', 'data_disclosure'],
  materialsUrl: 'https://example.org/slides.pdf',
  feedbackScore: '4',
  notes: 'Many questions on preservation.',
  ...overrides,
})

async function presentationRows() {
  return db.select().from(presentations)
}

describe('/presentations pages are for staff', () => {
  it('gives officers 403 on every page and action', async () => {
    const { cookie } = await signedIn('officer')
    const [talk] = await db
      .insert(presentations)
      .values({ title: 'A talk', presentedAt: new Date('2031-01-01T10:00:00Z') })
      .returning()
    const params = { presentationId: talk.id }
    expect(statusOf(await call(newLoader, makeRequest('/presentations/new', { cookie })))).toBe(403)
    expect(statusOf(await call(newAction, makeRequest('/presentations/new', { cookie, form: form() })))).toBe(403)
    expect(statusOf(await call(recordLoader, makeRequest(`/presentations/${talk.id}`, { cookie }), params))).toBe(403)
    expect(statusOf(await call(editLoader, makeRequest(`/presentations/${talk.id}/edit`, { cookie }), params))).toBe(403)
    expect(statusOf(await call(editAction, makeRequest(`/presentations/${talk.id}/edit`, { cookie, form: { ...form(), version: '1' } }), params))).toBe(403)
    expect(await presentationRows()).toHaveLength(1)
  })
})

describe('/presentations/new', () => {
  it('preselects a conference from ?conferenceId= only when the reader may add to it', async () => {
    const us = await insertConference()
    const emea = await emeaConference()
    const { user, cookie } = await signedIn('outreach_lead', ['US'])
    type Loaded = { conferences: { id: string }[]; staff: { id: string }[]; defaults: { conferenceId: string; presentedAt: string; presenterIds: string[] } }
    const preselected = (await call(newLoader, makeRequest(`/presentations/new?conferenceId=${us.id}`, { cookie }))) as Loaded
    expect(preselected.defaults).toEqual({ conferenceId: us.id, presentedAt: '2031-08-11T09:00', presenterIds: [user.id] })
    expect(preselected.conferences.map((conference) => conference.id)).toEqual([us.id])
    expect(preselected.staff.map((person) => person.id)).toContain(user.id)
    for (const conferenceId of [emea.id, 'garbage', '']) {
      const loaded = (await call(newLoader, makeRequest(`/presentations/new?conferenceId=${conferenceId}`, { cookie }))) as Loaded
      expect(loaded.defaults.conferenceId, conferenceId).toBe('')
    }
  })

  it('records a presentation with its presenters and topics, logged on it and on its conference', async () => {
    const conference = await insertConference()
    const { user, cookie } = await signedIn('outreach_lead', ['US'], 'Lena Lead')
    const colleague = await createUser({ role: 'global_head', name: 'Gus Head' })
    const response = (await call(
      newAction,
      makeRequest('/presentations/new', { cookie, form: form({ conferenceId: conference.id, presenterIds: [user.id, colleague.id] }) }),
    )) as Response
    expect(response.status).toBe(302)
    const [talk] = await presentationRows()
    expect(response.headers.get('Location')).toBe(`/presentations/${talk.id}`)
    expect(talk).toMatchObject({
      conferenceId: conference.id,
      audienceSize: 250,
      feedbackScore: 4,
      topics: ['emergency_response', 'data_disclosure'],
      createdById: user.id,
    })
    expect(talk.presentedAt.toISOString()).toBe('2031-08-12T14:30:00.000Z')
    const presenters = await db.select().from(presentationPresenters).where(eq(presentationPresenters.presentationId, talk.id))
    expect(presenters.map((row) => row.userId).sort()).toEqual([user.id, colleague.id].sort())
    const [logged] = await db.select().from(activity).where(eq(activity.presentationId, talk.id))
    expect(logged).toMatchObject({ name: 'presentation.created', conferenceId: conference.id, actorId: user.id })

    const page = (await call(recordLoader, makeRequest(`/presentations/${talk.id}`, { cookie }), { presentationId: talk.id })) as {
      presentation: { conference: { name: string } | null; presenters: { name: string }[] }
      timeline: { entries: { name: string }[] }
      canEdit: boolean
    }
    expect(page.presentation.conference?.name).toBe('Crimes Against Children Conference')
    expect(page.presentation.presenters.map((presenter) => presenter.name)).toEqual(['Gus Head', 'Lena Lead'])
    expect(page.timeline.entries.map((entry) => entry.name)).toEqual(['presentation.created'])
    expect(page.canEdit).toBe(true)
    const conferencePage = (await call(conferenceLoader, makeRequest(`/conferences/${conference.id}`, { cookie }), { conferenceId: conference.id })) as {
      presentations: { title: string; presenterNames: string[] }[]
      timeline: { entries: { name: string }[] }
    }
    expect(conferencePage.presentations).toEqual([
      expect.objectContaining({ title: 'Responding to emergency disclosure requests', presenterNames: ['Gus Head', 'Lena Lead'] }),
    ])
    expect(conferencePage.timeline.entries.map((entry) => entry.name)).toEqual(['presentation.created'])
  })

  it('lets any staff member record a presentation given outside a conference', async () => {
    const { cookie } = await signedIn('outreach_lead', ['APAC'])
    const response = await call(newAction, makeRequest('/presentations/new', { cookie, form: form({ conferenceId: '' }) }))
    expect(statusOf(response)).toBe(302)
    const [talk] = await presentationRows()
    expect(talk.conferenceId).toBeNull()
  })

  it('refuses a US lead adding a presentation to an EMEA conference, writing nothing', async () => {
    const emea = await emeaConference()
    const { cookie } = await signedIn('outreach_lead', ['US'])
    const response = await call(
      newAction,
      makeRequest('/presentations/new', { cookie, form: form({ conferenceId: emea.id, presentedAt: '2031-10-02T09:00' }) }),
    )
    expect(statusOf(response)).toBe(400)
    const { result } = dataOf<FormResult>(response)
    expect(result.error?.conferenceId?.[0]).toMatch(/only to conferences in your regions \(US\)/)
    expect(result.initialValue).toMatchObject({ title: 'Responding to emergency disclosure requests', conferenceId: emea.id })
    expect(await presentationRows()).toEqual([])
    expect(await db.select().from(activity)).toEqual([])
  })

  it('keeps the input and explains invalid fields (400), writing nothing', async () => {
    const conference = await insertConference()
    const { cookie } = await signedIn('admin')
    const invalid = await call(
      newAction,
      makeRequest('/presentations/new', {
        cookie,
        form: form({
          title: ' ',
          presentedAt: '2031-02-30T10:00',
          feedbackScore: '7',
          audienceSize: '-1',
          topics: ['gossip'],
          materialsUrl: 'javascript:alert(1)',
          presenterIds: ['not-an-id'],
        }),
      }),
    )
    expect(statusOf(invalid)).toBe(400)
    const { result } = dataOf<FormResult>(invalid)
    expect(Object.keys(result.error ?? {}).sort()).toEqual([
      'audienceSize',
      'feedbackScore',
      'materialsUrl',
      'presentedAt',
      'presenterIds[0]',
      'title',
      'topics[0]',
    ])
    expect(result.initialValue).toMatchObject({ presentedAt: '2031-02-30T10:00', feedbackScore: '7', notes: 'Many questions on preservation.' })

    // Well-formed but wrong: a time far from the conference, a presenter who is not staff.
    const officer = await createUser({ role: 'officer' })
    const wrong = await call(
      newAction,
      makeRequest('/presentations/new', { cookie, form: form({ conferenceId: conference.id, presentedAt: '2031-09-20T10:00', presenterIds: [officer.id] }) }),
    )
    expect(statusOf(wrong)).toBe(400)
    const wrongResult = dataOf<FormResult>(wrong).result
    expect(wrongResult.error?.presentedAt?.[0]).toMatch(/runs from 2031-08-11 to 2031-08-14/)
    expect(wrongResult.error?.presenterIds?.[0]).toMatch(/from the list/)
    const unknownConference = await call(
      newAction,
      makeRequest('/presentations/new', { cookie, form: form({ conferenceId: '00000000-0000-4000-8000-000000000000' }) }),
    )
    expect(dataOf<FormResult>(unknownConference).result.error?.conferenceId).toBeTruthy()
    expect(await presentationRows()).toEqual([])
  })
})

describe('/presentations/:presentationId', () => {
  it('lets a US lead read a presentation given at an EMEA conference but not edit it (404, nothing written)', async () => {
    const emea = await emeaConference()
    const [talk] = await db
      .insert(presentations)
      .values({ title: 'Lawful access in the EU', conferenceId: emea.id, presentedAt: new Date('2031-10-02T09:00:00Z') })
      .returning()
    const { cookie } = await signedIn('outreach_lead', ['US'])
    const params = { presentationId: talk.id }
    const page = (await call(recordLoader, makeRequest(`/presentations/${talk.id}`, { cookie }), params)) as {
      presentation: { title: string }
      canEdit: boolean
    }
    expect(page).toMatchObject({ presentation: { title: 'Lawful access in the EU' }, canEdit: false })
    expect(statusOf(await call(editLoader, makeRequest(`/presentations/${talk.id}/edit`, { cookie }), params))).toBe(404)
    const attempt = await call(
      editAction,
      makeRequest(`/presentations/${talk.id}/edit`, { cookie, form: { ...form({ conferenceId: '' }), version: '1' } }),
      params,
    )
    expect(statusOf(attempt)).toBe(404)
    const [after] = await presentationRows()
    expect(after).toMatchObject({ title: 'Lawful access in the EU', conferenceId: emea.id, version: 1 })
    expect(await db.select().from(activity)).toEqual([])
  })

  it('answers 404 for malformed and unknown ids', async () => {
    const { cookie } = await signedIn('admin')
    for (const presentationId of ['nope', '00000000-0000-4000-8000-000000000000']) {
      expect(statusOf(await call(recordLoader, makeRequest(`/presentations/${presentationId}`, { cookie }), { presentationId })), presentationId).toBe(404)
      expect(statusOf(await call(editLoader, makeRequest(`/presentations/${presentationId}/edit`, { cookie }), { presentationId })), presentationId).toBe(404)
      expect(
        statusOf(
          await call(editAction, makeRequest(`/presentations/${presentationId}/edit`, { cookie, form: { ...form(), version: '1' } }), { presentationId }),
        ),
        presentationId,
      ).toBe(404)
    }
  })
})

describe('/presentations/:presentationId/edit', () => {
  it('saves an edit, replaces the presenters and logs the changes with display values', async () => {
    const conference = await insertConference()
    const { user, cookie } = await signedIn('outreach_lead', ['US'], 'Lena Lead')
    const colleague = await createUser({ role: 'admin', name: 'Ada Admin' })
    await call(newAction, makeRequest('/presentations/new', { cookie, form: form({ conferenceId: conference.id, presenterIds: [user.id] }) }))
    const [talk] = await presentationRows()
    const params = { presentationId: talk.id }
    const loaded = (await call(editLoader, makeRequest(`/presentations/${talk.id}/edit`, { cookie }), params)) as {
      presentation: { version: number }
      conferences: { id: string }[]
    }
    expect(loaded.presentation.version).toBe(1)
    expect(loaded.conferences.map((option) => option.id)).toEqual([conference.id])
    const response = (await call(
      editAction,
      makeRequest(`/presentations/${talk.id}/edit`, {
        cookie,
        form: { ...form({ conferenceId: conference.id, presenterIds: [colleague.id], feedbackScore: '5', topics: ['child_safety'] }), version: '1' },
      }),
      params,
    )) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/presentations/${talk.id}`)
    const [after] = await presentationRows()
    expect(after).toMatchObject({ feedbackScore: 5, topics: ['child_safety'], version: 2 })
    const presenters = await db.select().from(presentationPresenters)
    expect(presenters.map((row) => row.userId)).toEqual([colleague.id])
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'presentation.updated'))
    expect(logged).toMatchObject({
      presentationId: talk.id,
      conferenceId: conference.id,
      properties: {
        changes: {
          feedbackScore: { from: 4, to: 5 },
          topics: { from: ['Emergency response', 'Data disclosure'], to: ['Child safety'] },
          presenters: { from: ['Lena Lead'], to: ['Ada Admin'] },
        },
      },
    })
  })

  it('refuses the second of two concurrent edits with 409, keeping its input', async () => {
    const { cookie } = await signedIn('global_head')
    const [talk] = await db
      .insert(presentations)
      .values({ title: 'Preservation 101', presentedAt: new Date('2031-03-03T10:00:00Z') })
      .returning()
    const params = { presentationId: talk.id }
    expect(
      statusOf(
        await call(
          editAction,
          makeRequest(`/presentations/${talk.id}/edit`, { cookie, form: { ...form({ title: 'Preservation 101 (updated)' }), version: '1' } }),
          params,
        ),
      ),
    ).toBe(302)
    const second = await call(
      editAction,
      makeRequest(`/presentations/${talk.id}/edit`, { cookie, form: { ...form({ title: 'Preservation basics' }), version: '1' } }),
      params,
    )
    expect(statusOf(second)).toBe(409)
    const { result, conflict } = dataOf<ConflictResult>(second)
    expect(result.initialValue).toMatchObject({ title: 'Preservation basics' })
    expect(result.error?.['']?.[0]).toMatch(/Someone else saved/)
    expect(conflict).toMatchObject({ version: 2, values: { title: 'Preservation 101 (updated)' } })
    const [after] = await presentationRows()
    expect(after).toMatchObject({ title: 'Preservation 101 (updated)', version: 2 })
  })

  it('keeps the input on a validation error (400)', async () => {
    const { cookie } = await signedIn('admin')
    const [talk] = await db
      .insert(presentations)
      .values({ title: 'Preservation 101', presentedAt: new Date('2031-03-03T10:00:00Z') })
      .returning()
    const params = { presentationId: talk.id }
    const response = await call(
      editAction,
      makeRequest(`/presentations/${talk.id}/edit`, { cookie, form: { ...form({ presentedAt: 'yesterday' }), version: '1' } }),
      params,
    )
    expect(statusOf(response)).toBe(400)
    const { result, conflict } = dataOf<ConflictResult>(response)
    expect(result.error?.presentedAt).toBeTruthy()
    expect(result.initialValue).toMatchObject({ presentedAt: 'yesterday', title: 'Responding to emergency disclosure requests' })
    expect(conflict).toBeNull()
    const [after] = await presentationRows()
    expect(after).toMatchObject({ title: 'Preservation 101', version: 1 })
  })
})

describe('agencies in the audience', () => {
  type Page = {
    presentation: { agencies: { id: string; name: string }[]; otherRegionAgencies: number }
    timeline: { entries: { name: string; properties: Record<string, unknown> }[] }
  }
  const audienceOf = async (presentationId: string) =>
    (await db.select().from(presentationAgencies).where(eq(presentationAgencies.presentationId, presentationId))).map((row) => row.agencyId).sort()

  it('records the audience a lead picks, lists it on the presentation, and the conference funnel counts it', async () => {
    // A month after the talk (given 2031-08-12).
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2031-09-12T00:00:00Z'))
    const conference = await insertConference()
    const dallas = await createAgency({ name: 'Dallas Police Department', countryCode: 'US' })
    const { cookie } = await signedIn('outreach_lead', ['US'])
    const response = await call(newAction, makeRequest('/presentations/new', { cookie, form: form({ conferenceId: conference.id, agencyIds: [dallas.id] }) }))
    expect(statusOf(response)).toBe(302)
    const [talk] = await presentationRows()
    expect(await audienceOf(talk.id)).toEqual([dallas.id])
    const [logged] = await db.select().from(activity).where(eq(activity.presentationId, talk.id))
    expect(logged.properties).toEqual({ conference: conference.name, agencies: 1 })
    const page = (await call(recordLoader, makeRequest(`/presentations/${talk.id}`, { cookie }), { presentationId: talk.id })) as Page
    expect(page.presentation.agencies.map((agency) => agency.name)).toEqual(['Dallas Police Department'])

    // Four weeks after the talk, an officer of the agency signed up: the conference page shows the chain.
    const officer = await createUser({ role: 'officer' })
    await db
      .update(users)
      .set({ agencyId: dallas.id, createdAt: new Date('2031-09-10T00:00:00Z') })
      .where(eq(users.id, officer.id))
    const conferencePage = (await call(conferenceLoader, makeRequest(`/conferences/${conference.id}`, { cookie }), { conferenceId: conference.id })) as {
      funnel: Record<string, number>
    }
    expect(conferencePage.funnel).toEqual({ presentations: 1, agencies: 1, signedUp: 1, verified: 1, completed: 0 })
  })

  it("refuses an agency outside the lead's regions (400), writing nothing", async () => {
    const hague = await createAgency({ name: 'Politie Den Haag', countryCode: 'NL' })
    const { cookie } = await signedIn('outreach_lead', ['US'])
    const response = await call(newAction, makeRequest('/presentations/new', { cookie, form: form({ conferenceId: '', agencyIds: [hague.id] }) }))
    expect(statusOf(response)).toBe(400)
    expect(dataOf<FormResult>(response).result.error?.agencyIds?.[0]).toBe('Choose agencies in your regions.')
    expect(await presentationRows()).toEqual([])
    expect(await db.select().from(presentationAgencies)).toEqual([])
  })

  it('keeps the agencies of other regions when a lead edits, shows them counted, and logs who was removed', async () => {
    const dallas = await createAgency({ name: 'Dallas Police Department', countryCode: 'US' })
    const hague = await createAgency({ name: 'Politie Den Haag', countryCode: 'NL' })
    const head = await signedIn('global_head')
    await call(newAction, makeRequest('/presentations/new', { cookie: head.cookie, form: form({ conferenceId: '', agencyIds: [dallas.id, hague.id] }) }))
    const [talk] = await presentationRows()
    expect(await audienceOf(talk.id)).toEqual([dallas.id, hague.id].sort())

    const lead = await signedIn('outreach_lead', ['US'])
    const params = { presentationId: talk.id }
    const before = (await call(recordLoader, makeRequest(`/presentations/${talk.id}`, { cookie: lead.cookie }), params)) as Page
    expect(before.presentation.agencies.map((agency) => agency.name)).toEqual(['Dallas Police Department'])
    expect(before.presentation.otherRegionAgencies).toBe(1)
    // The lead's form holds only Dallas; they remove it and save.
    const saved = await call(
      editAction,
      makeRequest(`/presentations/${talk.id}/edit`, { cookie: lead.cookie, form: { ...form({ conferenceId: '' }), version: '1' } }),
      params,
    )
    expect(statusOf(saved)).toBe(302)
    expect(await audienceOf(talk.id)).toEqual([hague.id])
    const [updated] = await db.select().from(activity).where(eq(activity.name, 'presentation.updated'))
    expect(updated.properties).toEqual({
      changes: { audience: { added: [], removed: [{ id: dallas.id, name: 'Dallas Police Department', region: 'US' }] } },
    })
    // A lead of another region reads that an agency left the audience, never which one.
    const emeaLead = await signedIn('outreach_lead', ['EMEA'])
    const seenByEmea = (await call(recordLoader, makeRequest(`/presentations/${talk.id}`, { cookie: emeaLead.cookie }), params)) as Page
    const [entry] = seenByEmea.timeline.entries.filter((item) => item.name === 'presentation.updated')
    expect(entry.properties.changes).toEqual({ audience: { added: [], removed: [], addedElsewhere: 0, removedElsewhere: 1 } })
    expect(seenByEmea.presentation.agencies.map((agency) => agency.name)).toEqual(['Politie Den Haag'])
    expect(seenByEmea.presentation.otherRegionAgencies).toBe(0)
    const after = (await call(recordLoader, makeRequest(`/presentations/${talk.id}`, { cookie: lead.cookie }), params)) as Page
    expect(after.presentation.agencies).toEqual([])
    expect(after.presentation.otherRegionAgencies).toBe(1)
  })
})
