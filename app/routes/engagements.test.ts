import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, agencies, conferences, contacts, engagementAgencies, engagementContacts, engagements } from '#db/schema'
import { actorFor, createAgency, createContact, testMeta } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { describeActivity, type DescribableActivity } from '~/modules/activity/describe-activity'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { logEngagement } from '~/modules/engagements/engagements.server'
import { formatInZone } from '~/modules/engagements/local-time'
import * as contactPage from './contacts.$contactId._index'
import * as engagementEdit from './engagements.$engagementId.edit'
import * as engagementPage from './engagements.$engagementId._index'

type FormReply = {
  result: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> }
  conflict: { version: number; values: Record<string, unknown> } | null
}
type TimelineData = { timeline: { entries: (DescribableActivity & { id: number })[]; older: string | null } }

/** A US lead with an agency, two of its people and an engagement they logged. */
async function world() {
  const user = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Maria Ortiz' })
  const lead = actorFor(user, ['US'])
  const agency = await createAgency({ name: 'Dallas Police Department', countryCode: 'US' })
  const ada = await createContact(agency.id, { fullName: 'Sgt. Ada Quill' })
  const bram = await createContact(agency.id, { fullName: 'Det. Bram Oakes' })
  const logged = await logEngagement({
    actor: lead,
    input: engagementFormSchema.parse({
      kind: 'meeting',
      title: 'ICAC briefing',
      startsAt: '2026-03-10T14:00',
      timeZone: 'America/Chicago',
      agencyIds: [agency.id],
      contactIds: [ada.id],
      staffIds: [lead.id],
    }),
    meta: testMeta,
  })
  if (!logged.ok) throw new Error('setup failed')
  const { cookie } = await signInAs(user)
  const engagementId = logged.engagement.id
  const form = (overrides: Record<string, string | string[]> = {}) => ({
    kind: 'meeting',
    title: 'ICAC briefing',
    startsAt: '2026-03-10T14:00',
    timeZone: 'America/Chicago',
    agencyIds: [agency.id],
    contactIds: [ada.id],
    staffIds: [lead.id],
    version: '1',
    ...overrides,
  })
  const save = (values: Record<string, string | string[]>) =>
    call(engagementEdit.action, makeRequest(`/engagements/${engagementId}/edit`, { cookie, form: values }), { engagementId })
  return { lead, agency, ada, bram, engagementId, cookie, form, save }
}

async function updatesOf(engagementId: string) {
  return db
    .select()
    .from(activity)
    .where(and(eq(activity.engagementId, engagementId), eq(activity.name, 'engagement.updated')))
    .orderBy(activity.id)
}

describe('editing an engagement', () => {
  it('saves, redirects to the engagement and writes a timeline row of what changed', async () => {
    const { engagementId, cookie, form, save } = await world()
    const saved = await save(form({ title: 'ICAC briefing, part 1', location: 'Dallas HQ' }))
    expect(statusOf(saved)).toBe(302)
    expect((saved as Response).headers.get('Location')).toBe(`/engagements/${engagementId}`)
    const [row] = await db.select().from(engagements).where(eq(engagements.id, engagementId))
    expect(row).toMatchObject({ title: 'ICAC briefing, part 1', location: 'Dallas HQ', version: 2 })
    const [update] = await updatesOf(engagementId)
    expect(update).toMatchObject({ actorName: 'Maria Ortiz', targetName: 'ICAC briefing, part 1' })
    const page = (await call(engagementPage.loader, makeRequest(`/engagements/${engagementId}`, { cookie }), { engagementId })) as TimelineData
    expect(describeActivity(page.timeline.entries[0])).toBe(
      'Maria Ortiz changed title from ICAC briefing to ICAC briefing, part 1 and changed location from nothing to Dallas HQ on ICAC briefing, part 1',
    )
  })

  it('refuses the second of two saves from the same version with a clear message, keeping what was typed', async () => {
    const { engagementId, form, save } = await world()
    expect(statusOf(await save(form({ title: 'Saved first' })))).toBe(302)
    const late = await save(form({ title: 'Typed second', location: 'Room 4' }))
    expect(statusOf(late)).toBe(409)
    const reply = dataOf<FormReply>(late)
    expect(reply.result.error?.['']?.[0]).toMatch(/Someone else saved this engagement while you were editing/)
    expect(reply.result.initialValue).toMatchObject({ title: 'Typed second', location: 'Room 4' })
    expect(reply.conflict).toMatchObject({ version: 2, values: { title: 'Saved first', agencies: 'Dallas Police Department' } })
    const [row] = await db.select().from(engagements).where(eq(engagements.id, engagementId))
    expect(row).toMatchObject({ title: 'Saved first', location: null, version: 2 })
    expect(await updatesOf(engagementId)).toHaveLength(1)
  })

  it('answers invalid input with 400, a message per field and the values typed, and saves nothing', async () => {
    const { engagementId, form, save } = await world()
    const invalid = await save(form({ title: '', timeZone: 'Mars/Olympus', location: 'Dallas HQ', summary: 'What we said', agencyIds: [] }))
    expect(statusOf(invalid)).toBe(400)
    const reply = dataOf<FormReply>(invalid).result
    expect(Object.keys(reply.error ?? {}).sort()).toEqual(['agencyIds', 'timeZone', 'title'])
    expect(reply.initialValue).toMatchObject({ location: 'Dallas HQ', summary: 'What we said', timeZone: 'Mars/Olympus' })
    const backwards = await save(form({ endsAt: '2026-03-10T13:00' }))
    expect(statusOf(backwards)).toBe(400)
    expect(Object.keys(dataOf<FormReply>(backwards).result.error ?? {})).toEqual(['endsAt'])
    expect(dataOf<FormReply>(backwards).result.initialValue).toMatchObject({ endsAt: '2026-03-10T13:00' })

    // Valid in form, refused by the server: a contact of an agency that is not on the engagement.
    const elsewhere = await createContact((await createAgency({ countryCode: 'US' })).id, { fullName: 'Lt. Otto Brenner' })
    const refused = await save(form({ contactIds: [elsewhere.id], title: 'Kept title' }))
    expect(statusOf(refused)).toBe(400)
    expect(Object.keys(dataOf<FormReply>(refused).result.error ?? {})).toEqual(['contactIds'])
    expect(dataOf<FormReply>(refused).result.initialValue).toMatchObject({ title: 'Kept title' })
    const [row] = await db.select().from(engagements).where(eq(engagements.id, engagementId))
    expect(row).toMatchObject({ title: 'ICAC briefing', version: 1 })
    expect(await updatesOf(engagementId)).toEqual([])
  })

  it('saves an engagement whose agency and contact have since been archived, but links no new archived one', async () => {
    const { agency, ada, engagementId, cookie, form, save } = await world()
    await db.update(agencies).set({ archivedAt: new Date() }).where(eq(agencies.id, agency.id))
    await db.update(contacts).set({ archivedAt: new Date() }).where(eq(contacts.id, ada.id))
    const edit = (await call(engagementEdit.loader, makeRequest(`/engagements/${engagementId}/edit`, { cookie }), { engagementId })) as {
      engagement: { agencies: { archivedAt: unknown }[]; contacts: { archivedAt: unknown }[] }
    }
    expect(edit.engagement.agencies[0].archivedAt).not.toBeNull()
    expect(edit.engagement.contacts[0].archivedAt).not.toBeNull()
    expect(statusOf(await save(form({ title: 'Follow-up notes added' })))).toBe(302)
    expect(await db.select().from(engagementAgencies).where(eq(engagementAgencies.engagementId, engagementId))).toHaveLength(1)
    expect(await db.select().from(engagementContacts).where(eq(engagementContacts.engagementId, engagementId))).toHaveLength(1)

    const closed = await createAgency({ countryCode: 'US', name: 'Closed Task Force' })
    const closedPerson = await createContact(agency.id, { fullName: 'Archived Person' })
    await db.update(agencies).set({ archivedAt: new Date() }).where(eq(agencies.id, closed.id))
    await db.update(contacts).set({ archivedAt: new Date() }).where(eq(contacts.id, closedPerson.id))
    const refused = await save(form({ agencyIds: [agency.id, closed.id], contactIds: [ada.id, closedPerson.id], version: '2' }))
    expect(statusOf(refused)).toBe(400)
    expect(Object.keys(dataOf<FormReply>(refused).result.error ?? {}).sort()).toEqual(['agencyIds', 'contactIds'])
  })

  it('tells on the timeline who joined and left the attendees, the end and the conference', async () => {
    const { lead, bram, engagementId, cookie, form, save } = await world()
    const colleague = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Jane Doe' })
    const [conference] = await db
      .insert(conferences)
      .values({ name: 'Crimes Against Children Conference', startsOn: '2026-08-10', endsOn: '2026-08-13', city: 'Dallas', countryCode: 'US', regionCode: 'US' })
      .returning()
    expect(statusOf(await save(form({ staffIds: [lead.id, colleague.id] })))).toBe(302)
    expect(
      statusOf(
        await save(form({ staffIds: [lead.id, colleague.id], contactIds: [bram.id], endsAt: '2026-03-10T15:30', conferenceId: conference.id, version: '2' })),
      ),
    ).toBe(302)
    expect(statusOf(await save(form({ staffIds: [colleague.id], contactIds: [bram.id], endsAt: '2026-03-10T15:30', version: '3' })))).toBe(302)
    const page = (await call(engagementPage.loader, makeRequest(`/engagements/${engagementId}`, { cookie }), { engagementId })) as TimelineData
    const sentences = page.timeline.entries.map(describeActivity)
    expect(sentences[2]).toBe('Maria Ortiz added Jane Doe to the staff attendees on ICAC briefing')
    expect(sentences[1]).toBe(
      `Maria Ortiz changed end from nothing to ${formatInZone(new Date('2026-03-10T20:30:00Z'), 'America/Chicago')}, added Det. Bram Oakes to the attendees, removed Sgt. Ada Quill from the attendees and changed conference from nothing to Crimes Against Children Conference on ICAC briefing`,
    )
    expect(sentences[0]).toBe(
      'Maria Ortiz removed Maria Ortiz from the staff attendees and changed conference from Crimes Against Children Conference to nothing on ICAC briefing',
    )
    expect(sentences.some((sentence) => sentence.includes('without changes'))).toBe(false)
  })

  it('recomputes the last engaged date of an agency that joins or leaves', async () => {
    const { agency, form, save } = await world()
    const other = await createAgency({ name: 'Plano Police Department', countryCode: 'US' })
    expect(statusOf(await save(form({ agencyIds: [agency.id, other.id] })))).toBe(302)
    const joined = await db.select().from(agencies).where(eq(agencies.id, other.id))
    expect(joined[0].lastEngagedAt?.toISOString()).toBe('2026-03-10T19:00:00.000Z')
    expect(statusOf(await save(form({ agencyIds: [other.id], contactIds: [], version: '2' })))).toBe(302)
    const left = await db.select().from(agencies).where(eq(agencies.id, agency.id))
    expect(left[0].lastEngagedAt).toBeNull()
  })
})

describe('record timelines', () => {
  it('page back through an engagement\'s story with "Show older", never skipping or repeating an entry', async () => {
    const { lead, engagementId, cookie } = await world()
    // 60 more events, some sharing one moment to the microsecond: the cursor breaks ties by id.
    const moment = new Date('2026-03-11T12:00:00.000Z')
    await db.insert(activity).values(
      Array.from({ length: 60 }, (_, index) => ({
        name: 'engagement.updated',
        actorId: lead.id,
        actorName: lead.name,
        targetName: `Edit ${index}`,
        engagementId,
        happenedAt: index % 3 === 0 ? moment : new Date(moment.getTime() + index * 1000),
        properties: { changes: {} },
      })),
    )
    const all = await db.select({ id: activity.id }).from(activity).where(eq(activity.engagementId, engagementId))
    const first = (await call(engagementPage.loader, makeRequest(`/engagements/${engagementId}`, { cookie }), { engagementId })) as TimelineData
    expect(first.timeline.entries).toHaveLength(50)
    expect(first.timeline.older).toEqual(expect.any(String))
    const second = (await call(
      engagementPage.loader,
      makeRequest(`/engagements/${engagementId}?before=${encodeURIComponent(first.timeline.older!)}`, { cookie }),
      { engagementId },
    )) as TimelineData
    expect(second.timeline.older).toBeNull()
    const seen = [...first.timeline.entries, ...second.timeline.entries].map((entry) => entry.id)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.sort()).toEqual(all.map((row) => row.id).sort())
    // A cursor nobody could have made shows the newest entries.
    const garbled = (await call(engagementPage.loader, makeRequest(`/engagements/${engagementId}?before=yesterday`, { cookie }), {
      engagementId,
    })) as TimelineData
    expect(garbled.timeline.entries.map((entry) => entry.id)).toEqual(first.timeline.entries.map((entry) => entry.id))
  })

  it("tell a contact's story with the engagements they attended, and not those they did not", async () => {
    const { lead, agency, ada, bram, cookie } = await world()
    await logEngagement({
      actor: lead,
      input: engagementFormSchema.parse({
        kind: 'call',
        title: 'Call without Ada',
        startsAt: '2026-03-12T10:00',
        timeZone: 'UTC',
        agencyIds: [agency.id],
        contactIds: [bram.id],
      }),
      meta: testMeta,
    })
    const page = (await call(contactPage.loader, makeRequest(`/contacts/${ada.id}`, { cookie }), { contactId: ada.id })) as TimelineData
    expect(page.timeline.entries.map(describeActivity)).toEqual(['Maria Ortiz logged engagement ICAC briefing'])
    const other = (await call(contactPage.loader, makeRequest(`/contacts/${bram.id}`, { cookie }), { contactId: bram.id })) as TimelineData
    expect(other.timeline.entries.map(describeActivity)).toEqual(['Maria Ortiz logged engagement Call without Ada'])
  })
})
