import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { activity, agencies, tasks } from '#db/schema'
import { actorFor, createAgency, createContact, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { agencyTimelinePage } from '~/modules/activity/activity.server'
import { getAgency, listStaleAgencies } from '~/modules/agencies/agencies.server'
import { engagementFormSchema } from './engagements-schema'
import { getEngagement, logEngagement, rollEngagementDates, updateEngagement } from './engagements.server'
import { zonedLocalToUtc } from './local-time'
import { taskFormSchema } from '~/modules/tasks/tasks-schema'
import { createTask } from '~/modules/tasks/tasks.server'

async function setup() {
  const user = await createUser({ role: 'outreach_lead', regions: ['US'] })
  const actor = actorFor(user, ['US'])
  const agency = await createAgency({ name: 'Dallas Police Department', countryCode: 'US' })
  const first = await createContact(agency.id, { fullName: 'Sgt. Ada Quill' })
  const second = await createContact(agency.id, { fullName: 'Det. Bram Oakes' })
  return { actor, agency, contacts: [first, second] }
}

function input(values: Record<string, unknown>) {
  return engagementFormSchema.parse({ kind: 'meeting', title: 'ICAC briefing', startsAt: '2026-03-10T14:00', timeZone: 'America/Chicago', ...values })
}

describe('engagements', () => {
  it('logs a meeting with two contacts and a follow-up in one go; the agency is engaged and its timeline says so', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-11T12:00:00Z'))
    const { actor, agency, contacts } = await setup()
    const outcome = await logEngagement({
      actor,
      input: input({
        agencyIds: [agency.id],
        contactIds: contacts.map((contact) => contact.id),
        staffIds: [actor.id],
        followUps: [{ title: 'Send the preservation guide', dueOn: '2026-03-15' }],
      }),
      meta: testMeta,
    })
    expect(outcome.ok).toBe(true)
    const engagementId = outcome.ok ? outcome.engagement.id : ''
    const detail = await getEngagement({ actor, engagementId })
    expect(detail?.contacts.map((contact) => contact.fullName)).toEqual(['Det. Bram Oakes', 'Sgt. Ada Quill'])
    expect(detail?.startsAt.toISOString()).toBe('2026-03-10T19:00:00.000Z') // 14:00 in Chicago (CDT begins 8 March)
    const [task] = await db.select().from(tasks)
    expect(task).toMatchObject({
      title: 'Send the preservation guide',
      dueOn: '2026-03-15',
      assigneeId: actor.id,
      agencyId: agency.id,
      engagementId,
      status: 'open',
    })
    const [row] = await db.select().from(agencies).where(eq(agencies.id, agency.id))
    expect(row.lastEngagedAt?.toISOString()).toBe('2026-03-10T19:00:00.000Z')
    const timeline = (await agencyTimelinePage({ agencyId: agency.id, viewer: { allRegions: true, regions: [] } })).entries.map((entry) => entry.name).sort()
    expect(timeline).toEqual(['engagement.logged', 'task.created'])
  })

  it('assigns a follow-up to a colleague who took part, and refuses an assignee who is not staff', async () => {
    const { actor, agency } = await setup()
    const colleague = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Cora Lead' })
    const officer = await createUser({ role: 'officer' })
    const assigned = await logEngagement({
      actor,
      input: input({
        agencyIds: [agency.id],
        staffIds: [actor.id, colleague.id],
        followUps: [{ title: 'Send the slides', assigneeId: colleague.id }, { title: 'Book the room' }],
      }),
      meta: testMeta,
    })
    expect(assigned.ok).toBe(true)
    const rows = await db.select({ title: tasks.title, assigneeId: tasks.assigneeId }).from(tasks)
    expect(rows.sort((a, b) => a.title.localeCompare(b.title))).toEqual([
      { title: 'Book the room', assigneeId: actor.id },
      { title: 'Send the slides', assigneeId: colleague.id },
    ])
    const refused = await logEngagement({
      actor,
      input: input({ agencyIds: [agency.id], followUps: [{ title: 'Call back', assigneeId: officer.id }] }),
      meta: testMeta,
    })
    expect(refused).toMatchObject({ ok: false })
    expect(await db.select().from(tasks)).toHaveLength(2)
  })

  it('refuses a follow-up for someone the tasks module refuses, the same way and on that follow-up', async () => {
    const { actor, agency } = await setup()
    const officer = await createUser({ role: 'officer' })
    const departed = await createUser({ role: 'outreach_lead', status: 'deactivated' })
    const colleague = await createUser({ role: 'global_head' })
    for (const refusedId of [officer.id, departed.id]) {
      const asTask = await createTask({ actor, input: taskFormSchema.parse({ title: 'Call back', assigneeId: refusedId }), meta: testMeta })
      expect(asTask).toMatchObject({ ok: false, fieldErrors: { assigneeId: [expect.any(String)] } })
      const asFollowUp = await logEngagement({
        actor,
        input: input({
          agencyIds: [agency.id],
          followUps: [
            { title: 'Book the room', assigneeId: colleague.id },
            { title: 'Call back', assigneeId: refusedId },
          ],
        }),
        meta: testMeta,
      })
      expect(asFollowUp).toEqual({ ok: false, fieldErrors: { 'followUps[1].assigneeId': asTask.ok ? [] : asTask.fieldErrors.assigneeId } })
    }
    expect(await db.select().from(tasks)).toEqual([])
    expect(await db.select().from(activity)).toEqual([])
  })

  it("logs a follow-up as the tasks module logs a task: with the agency's name", async () => {
    const { actor, agency } = await setup()
    await logEngagement({ actor, input: input({ agencyIds: [agency.id], followUps: [{ title: 'Send the slides' }] }), meta: testMeta })
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'task.created'))
    expect(logged).toMatchObject({ targetName: 'Send the slides', agencyId: agency.id, properties: { agency: 'Dallas Police Department' } })
  })

  it("refuses an agency outside the lead's regions and a contact of another agency", async () => {
    const { actor, agency } = await setup()
    const french = await createAgency({ countryCode: 'FR' })
    const outsider = await createContact((await createAgency({ countryCode: 'US' })).id)
    const outcome = await logEngagement({ actor, input: input({ agencyIds: [agency.id, french.id], contactIds: [outsider.id] }), meta: testMeta })
    expect(outcome).toMatchObject({ ok: false, fieldErrors: { agencyIds: [expect.any(String)], contactIds: [expect.any(String)] } })
    expect(await db.select().from(activity)).toEqual([])
  })

  it('counts a scheduled engagement as "last engaged" from the moment it starts, and the roll stores it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-05T09:00:00Z'))
    const { actor, agency } = await setup()
    // Filed long before its first engagement: old enough to be stale (a younger agency is new).
    await db
      .update(agencies)
      .set({ createdAt: new Date('2024-06-01T00:00:00Z') })
      .where(eq(agencies.id, agency.id))
    await logEngagement({ actor, input: input({ agencyIds: [agency.id], startsAt: '2025-01-10T10:00', timeZone: 'UTC' }), meta: testMeta })
    await logEngagement({ actor, input: input({ agencyIds: [agency.id], title: 'Site visit', startsAt: '2026-01-20T10:00', timeZone: 'UTC' }), meta: testMeta })
    let current = await getAgency({ actor, agencyId: agency.id })
    expect(current?.lastEngagedAt?.toISOString()).toBe('2025-01-10T10:00:00.000Z')
    // A visit still to come does not make up for a year without contact.
    expect(current?.stale).toBe(true)
    expect((await listStaleAgencies({ actor })).map((row) => row.id)).toEqual([agency.id])

    vi.setSystemTime(new Date('2026-01-21T09:00:00Z'))
    current = await getAgency({ actor, agencyId: agency.id })
    expect(current?.lastEngagedAt?.toISOString()).toBe('2026-01-20T10:00:00.000Z')
    expect(current?.stale).toBe(false)
    expect(await rollEngagementDates()).toBe(1)
    const [row] = await db.select().from(agencies).where(eq(agencies.id, agency.id))
    expect(row).toMatchObject({ nextEngagementAt: null })
    expect(row.lastEngagedAt?.toISOString()).toBe('2026-01-20T10:00:00.000Z')
  })

  it('flags an agency stale after 180 days without engagement, exactly', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
    const { actor, agency } = await setup()
    await db
      .update(agencies)
      .set({ createdAt: new Date('2025-01-01T00:00:00Z') })
      .where(eq(agencies.id, agency.id))
    await logEngagement({ actor, input: input({ agencyIds: [agency.id], startsAt: '2026-01-01T00:00', timeZone: 'UTC' }), meta: testMeta })
    vi.setSystemTime(new Date('2026-06-29T23:59:00Z')) // 179 days and a bit
    expect((await getAgency({ actor, agencyId: agency.id }))?.stale).toBe(false)
    vi.setSystemTime(new Date('2026-06-30T00:01:00Z')) // 180 days and a minute
    expect((await getAgency({ actor, agencyId: agency.id }))?.stale).toBe(true)
    expect((await listStaleAgencies({ actor })).map((row) => row.id)).toEqual([agency.id])
  })

  it('refuses the second of two concurrent edits', async () => {
    const { actor, agency } = await setup()
    const outcome = await logEngagement({ actor, input: input({ agencyIds: [agency.id] }), meta: testMeta })
    const engagementId = outcome.ok ? outcome.engagement.id : ''
    expect(
      await updateEngagement({ actor, engagementId, input: { ...input({ agencyIds: [agency.id], title: 'Renamed' }), version: 1 }, meta: testMeta }),
    ).toEqual({ ok: true })
    const late = await updateEngagement({ actor, engagementId, input: { ...input({ agencyIds: [agency.id], title: 'Other' }), version: 1 }, meta: testMeta })
    expect(late).toMatchObject({ ok: false, reason: 'conflict', current: { title: 'Renamed' } })
  })

  it('recomputes the engagement dates of exactly the agencies an edit links, unlinks or moves', async () => {
    const { actor, agency } = await setup()
    const other = await createAgency({ name: 'Plano Police Department', countryCode: 'US' })
    const outcome = await logEngagement({ actor, input: input({ agencyIds: [agency.id], startsAt: '2025-03-10T14:00' }), meta: testMeta })
    const engagementId = outcome.ok ? outcome.engagement.id : ''
    // A marker no recomputation would write: it shows which rows an edit recomputed.
    const marker = new Date('2000-01-01T00:00:00Z')
    const mark = () => db.update(agencies).set({ lastEngagedAt: marker })
    const lastEngaged = async (id: string) => (await db.select().from(agencies).where(eq(agencies.id, id)))[0].lastEngagedAt?.toISOString() ?? null
    await mark()
    expect(
      await updateEngagement({
        actor,
        engagementId,
        input: { ...input({ agencyIds: [agency.id], startsAt: '2025-03-10T14:00', title: 'Renamed' }), version: 1 },
        meta: testMeta,
      }),
    ).toEqual({ ok: true })
    expect([await lastEngaged(agency.id), await lastEngaged(other.id)]).toEqual([marker.toISOString(), marker.toISOString()])
    expect(
      await updateEngagement({
        actor,
        engagementId,
        input: { ...input({ agencyIds: [agency.id, other.id], startsAt: '2025-03-10T14:00' }), version: 2 },
        meta: testMeta,
      }),
    ).toEqual({ ok: true })
    expect([await lastEngaged(agency.id), await lastEngaged(other.id)]).toEqual([marker.toISOString(), '2025-03-10T19:00:00.000Z'])
    await mark()
    expect(
      await updateEngagement({
        actor,
        engagementId,
        input: { ...input({ agencyIds: [agency.id, other.id], startsAt: '2025-03-11T14:00' }), version: 3 },
        meta: testMeta,
      }),
    ).toEqual({ ok: true })
    expect([await lastEngaged(agency.id), await lastEngaged(other.id)]).toEqual(['2025-03-11T19:00:00.000Z', '2025-03-11T19:00:00.000Z'])
  })

  it('converts wall-clock times in a zone to UTC, across daylight saving', () => {
    expect(zonedLocalToUtc('2026-07-01T09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z')
    expect(zonedLocalToUtc('2026-12-01T09:00', 'Europe/Berlin').toISOString()).toBe('2026-12-01T08:00:00.000Z')
    expect(zonedLocalToUtc('2026-12-01T09:00', 'Asia/Singapore').toISOString()).toBe('2026-12-01T01:00:00.000Z')
  })

  it('validates the form: agencies required, end after start, known zone', () => {
    const result = engagementFormSchema.safeParse({
      kind: 'meeting',
      title: 'x',
      startsAt: '2026-03-10T14:00',
      endsAt: '2026-03-10T13:00',
      timeZone: 'Mars/Olympus',
      agencyIds: [],
    })
    expect(result.success).toBe(false)
    const paths = result.error!.issues.map((issue) => issue.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['agencyIds', 'timeZone']))
  })
})

describe('engagement lists', () => {
  it('name the agencies of each engagement', async () => {
    const { actor, agency } = await setup()
    await logEngagement({ actor, input: input({ agencyIds: [agency.id] }), meta: testMeta })
    const { listEngagements } = await import('./engagements.server')
    const { engagementListFilters } = await import('./engagements-schema')
    const { rows } = await listEngagements({ actor, filters: engagementListFilters.parse({}) })
    expect(rows.map((row) => row.agencyNames)).toEqual([['Dallas Police Department']])
  })

  it('filter by region: engagements with an agency of that region (the coverage figures link here)', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    const dallas = await createAgency({ name: 'Dallas PD', countryCode: 'US' })
    const dutch = await createAgency({ name: 'Dutch Police', countryCode: 'NL' })
    await logEngagement({ actor: head, input: input({ title: 'US only', agencyIds: [dallas.id] }), meta: testMeta })
    await logEngagement({ actor: head, input: input({ title: 'Both', agencyIds: [dallas.id, dutch.id] }), meta: testMeta })
    await logEngagement({ actor: head, input: input({ title: 'EMEA only', agencyIds: [dutch.id] }), meta: testMeta })
    const { listEngagements } = await import('./engagements.server')
    const { engagementListFilters } = await import('./engagements-schema')
    const titles = async (query: Record<string, string>) =>
      (await listEngagements({ actor: head, filters: engagementListFilters.parse(query) })).rows.map((row) => row.title).sort()
    expect(await titles({ region: 'US' })).toEqual(['Both', 'US only'])
    expect(await titles({ region: 'EMEA' })).toEqual(['Both', 'EMEA only'])
    expect(await titles({ region: 'APAC' })).toEqual([])
    expect(await titles({ region: 'MARS' })).toEqual(['Both', 'EMEA only', 'US only'])
  })

  it('filter by the lead who attended, and split past from upcoming at now (upcoming soonest first)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-11T12:00:00Z'))
    const { actor, agency } = await setup()
    const other = actorFor(await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Other Lead' }), ['US'])
    const log = (title: string, startsAt: string, staffIds: string[]) =>
      logEngagement({ actor, input: input({ title, startsAt, timeZone: 'UTC', agencyIds: [agency.id], staffIds }), meta: testMeta })
    await log('Last week', '2026-03-04T10:00', [actor.id])
    await log('Yesterday', '2026-03-10T10:00', [other.id])
    await log('Next month', '2026-04-10T10:00', [actor.id])
    await log('Tomorrow', '2026-03-12T10:00', [actor.id, other.id])
    const { listEngagements } = await import('./engagements.server')
    const { engagementListFilters } = await import('./engagements-schema')
    const titles = async (query: Record<string, string>) =>
      (await listEngagements({ actor, filters: engagementListFilters.parse(query) })).rows.map((row) => row.title)
    expect(await titles({ when: 'upcoming' })).toEqual(['Tomorrow', 'Next month'])
    expect(await titles({ when: 'past' })).toEqual(['Yesterday', 'Last week'])
    expect(await titles({ staff: other.id })).toEqual(['Tomorrow', 'Yesterday'])
    expect(await titles({ staff: other.id, when: 'past' })).toEqual(['Yesterday'])
    // Nonsense is no filter.
    expect(await titles({ when: 'someday', staff: 'nobody' })).toHaveLength(4)
  })
})
