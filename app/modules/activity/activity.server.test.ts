import { and, desc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity } from '#db/schema'
import { createAgency, createContact } from '#test/factories/crm'
import { db } from '~/lib/db.server'
import { contactTimelinePage, olderThan, parseTimelineCursor, timelinePage, type TimelineCursor } from './activity.server'

/** Reads a timeline to its end, one small page at a time, as "Show older" would. */
async function readAll(page: (before: TimelineCursor | null) => Promise<{ entries: { id: number }[]; older: string | null }>) {
  const ids: number[] = []
  let before: TimelineCursor | null = null
  for (let guard = 0; guard < 100; guard += 1) {
    const result = await page(before)
    ids.push(...result.entries.map((entry) => entry.id))
    if (!result.older) return ids
    before = parseTimelineCursor(result.older)
    expect(before).not.toBeNull()
  }
  throw new Error('the timeline never ended')
}

const everyRegion = { allRegions: true, regions: [] }

describe('timeline pages', () => {
  it('walk back through entries that share a millisecond or a whole moment, without a gap or a repeat', async () => {
    const agency = await createAgency()
    const contact = await createContact(agency.id)
    // Microseconds a JS Date cannot hold, and three entries at exactly one moment.
    const moments = ['12:00:00.123900', '12:00:00.123100', '12:00:00.123500', '12:00:00.123500', '12:00:00.123500', '12:00:00.122000', '11:59:59.999999']
    await db.insert(activity).values(
      moments.map((time, index) => ({
        name: 'contact.updated',
        targetName: `Edit ${index}`,
        contactId: contact.id,
        happenedAt: sql`${`2026-03-11T${time}Z`}::timestamptz` as unknown as Date,
      })),
    )
    const expected = await db.execute(sql`select id from ${activity} where contact_id = ${contact.id} order by happened_at desc, id desc`)
    const expectedIds = ((Array.isArray(expected) ? expected : (expected as unknown as { rows: unknown[] }).rows) as { id: number | string }[]).map((row) =>
      Number(row.id),
    )
    expect(await readAll((before) => timelinePage({ target: { contactId: contact.id }, viewer: everyRegion, before, limit: 2 }))).toEqual(expectedIds)
    expect(await readAll((before) => contactTimelinePage({ contactId: contact.id, viewer: everyRegion, before, limit: 3 }))).toEqual(expectedIds)
  })

  it("merge a contact's own events with those of their engagements, page by page", async () => {
    const agency = await createAgency()
    const contact = await createContact(agency.id)
    const { engagementContacts, engagements } = await import('#db/schema')
    const [engagement] = await db
      .insert(engagements)
      .values({ kind: 'call', title: 'Call', startsAt: new Date('2026-01-01T10:00:00Z') })
      .returning()
    await db.insert(engagementContacts).values({ engagementId: engagement.id, contactId: contact.id })
    const [unrelated] = await db
      .insert(engagements)
      .values({ kind: 'call', title: 'Other call', startsAt: new Date('2026-01-01T10:00:00Z') })
      .returning()
    await db.insert(activity).values(
      Array.from({ length: 9 }, (_, index) => ({
        name: index % 2 ? 'engagement.updated' : 'contact.updated',
        targetName: `Event ${index}`,
        happenedAt: new Date(Date.UTC(2026, 0, 1, 12, index)),
        ...(index % 2 ? { engagementId: engagement.id } : { contactId: contact.id }),
      })),
    )
    await db.insert(activity).values({ name: 'engagement.updated', targetName: 'Not theirs', engagementId: unrelated.id })
    const ids = await readAll((before) => contactTimelinePage({ contactId: contact.id, viewer: everyRegion, before, limit: 2 }))
    const names = await db.select({ id: activity.id, targetName: activity.targetName }).from(activity)
    const nameOf = new Map(names.map((row) => [row.id, row.targetName]))
    expect(ids.map((id) => nameOf.get(id))).toEqual(['Event 8', 'Event 7', 'Event 6', 'Event 5', 'Event 4', 'Event 3', 'Event 2', 'Event 1', 'Event 0'])
  })

  it('seek an older page through the (record, happened at) index', async () => {
    const agency = await createAgency()
    const contact = await createContact(agency.id)
    const query = db
      .select({ id: activity.id })
      .from(activity)
      .where(and(eq(activity.contactId, contact.id), olderThan(parseTimelineCursor('2026-03-11T12:00:00.123456Z_42'))))
      .orderBy(desc(activity.happenedAt), desc(activity.id))
      .limit(51)
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`)
      const result = await tx.execute(sql`explain ${query}`)
      const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Record<string, string>[]
      return rows.map((row) => Object.values(row)[0]).join('\n')
    })
    expect(plan).toMatch(/activity_contact_idx/)
    expect(plan).toMatch(/Index Cond: \(\(contact_id = .*\) AND \(happened_at <= /)
  })

  it('read a cursor only in the form they write it', () => {
    expect(parseTimelineCursor('2026-03-11T12:00:00.123456Z_42')).toEqual({ at: '2026-03-11T12:00:00.123456Z', id: 42 })
    for (const value of [
      null,
      '',
      '42',
      '2026-03-11_42',
      '2026-03-11T12:00:00.123456Z_',
      "2026-03-11T12:00:00.123456Z_1' or 1=1",
      '2026-13-45T99:00:00.000000Z_1',
    ]) {
      expect(parseTimelineCursor(value), String(value)).toBeNull()
    }
  })
})
