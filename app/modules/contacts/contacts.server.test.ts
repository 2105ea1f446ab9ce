import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, agencies, contacts } from '#db/schema'
import { actorFor, createAgency, createContact as insertContact, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { describeActivity } from '~/modules/activity/describe-activity'
import { contactEditSchema, contactFormSchema, contactListFilters } from './contacts-schema'
import {
  clearPrimaryContacts,
  createContact,
  getContact,
  listContacts,
  lockAgenciesForContactWrites,
  setContactArchived,
  updateContact,
} from './contacts.server'

async function lead(regions: ('US' | 'EMEA')[] = ['US']) {
  return actorFor(await createUser({ role: 'outreach_lead', regions }), regions)
}

const input = (values: Record<string, string>) => contactFormSchema.parse(values)
const edit = (values: Record<string, string>) => contactEditSchema.parse(values)
const list = (query = '') => contactListFilters.parse(Object.fromEntries(new URLSearchParams(query)))

async function primaries(agencyId: string) {
  const rows = await db
    .select({ fullName: contacts.fullName })
    .from(contacts)
    .where(and(eq(contacts.agencyId, agencyId), eq(contacts.isPrimary, true)))
    .orderBy(asc(contacts.fullName))
  return rows.map((row) => row.fullName)
}

async function created(outcome: Awaited<ReturnType<typeof createContact>>) {
  if (!outcome.ok) throw new Error(`expected a contact, got ${outcome.reason}`)
  return outcome.contact
}

describe('creating contacts', () => {
  it('adds a contact to an agency in the lead’s regions: searchable, on both timelines', async () => {
    const actor = await lead()
    const agency = await createAgency({ name: 'Austin Police Department' })
    const outcome = await createContact({
      actor,
      input: input({ agencyId: agency.id, fullName: 'Sergeant Dana Reyes', email: 'Demo.Dana@Austin.example', unit: 'ICAC task force' }),
      meta: testMeta,
    })
    const contact = await created(outcome)
    expect(await getContact({ actor, contactId: contact.id })).toMatchObject({
      fullName: 'Sergeant Dana Reyes',
      email: 'demo.dana@austin.example',
      agencyName: 'Austin Police Department',
      isPrimary: false,
      version: 1,
    })
    const [agencyRow] = await db.select({ searchDocument: agencies.searchDocument }).from(agencies).where(eq(agencies.id, agency.id))
    expect(agencyRow.searchDocument).toContain('Dana Reyes')
    const [logged] = await db.select().from(activity).where(eq(activity.contactId, contact.id))
    expect(logged).toMatchObject({ name: 'contact.created', agencyId: agency.id, actorId: actor.id, ip: testMeta.ip })
    expect(describeActivity(logged)).toBe(`${actor.name} created contact Sergeant Dana Reyes`)
  })

  it('refuses an agency outside the lead’s regions, or archived, with a field error', async () => {
    const actor = await lead(['US'])
    const emea = await createAgency({ name: 'Politie Nederland', countryCode: 'NL' })
    const archived = await createAgency({ name: 'Closed PD' })
    await db.update(agencies).set({ archivedAt: new Date() }).where(eq(agencies.id, archived.id))
    for (const agencyId of [emea.id, archived.id]) {
      const outcome = await createContact({ actor, input: input({ agencyId, fullName: 'Someone Else' }), meta: testMeta })
      expect(outcome).toEqual({ ok: false, reason: 'invalid', fieldErrors: { agencyId: ['Choose an agency in your regions.'] } })
    }
    expect(await db.select().from(contacts)).toEqual([])
  })
})

describe('editing contacts', () => {
  it('saves the changes with a new version and a readable timeline entry', async () => {
    const actor = await lead()
    const agency = await createAgency()
    const contact = await created(
      await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Jamie Cole', title: 'Detective' }), meta: testMeta }),
    )
    const outcome = await updateContact({
      actor,
      contactId: contact.id,
      input: edit({ agencyId: agency.id, fullName: 'Jamie Cole', title: 'Sergeant', version: '1' }),
      meta: testMeta,
    })
    expect(outcome).toMatchObject({ ok: true })
    expect(await getContact({ actor, contactId: contact.id })).toMatchObject({ title: 'Sergeant', version: 2 })
    const [update] = await db.select().from(activity).where(eq(activity.name, 'contact.updated'))
    expect(describeActivity(update)).toBe(`${actor.name} changed title from Detective to Sergeant on Jamie Cole`)
  })

  it('refuses the second of two edits made on the same version and keeps the first', async () => {
    const actor = await lead()
    const agency = await createAgency()
    const contact = await created(await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Jamie Cole' }), meta: testMeta }))
    const first = await updateContact({
      actor,
      contactId: contact.id,
      input: edit({ agencyId: agency.id, fullName: 'Jamie Cole', title: 'Sergeant', version: '1' }),
      meta: testMeta,
    })
    expect(first.ok).toBe(true)
    const second = await updateContact({
      actor,
      contactId: contact.id,
      input: edit({ agencyId: agency.id, fullName: 'Jamie Cole', phone: '+1 555 0100', version: '1' }),
      meta: testMeta,
    })
    expect(second).toMatchObject({ ok: false, reason: 'conflict', current: { title: 'Sergeant', phone: null, version: 2 } })
    const [row] = await db.select().from(contacts).where(eq(contacts.id, contact.id))
    expect(row).toMatchObject({ title: 'Sergeant', phone: null, version: 2 })
  })
})

describe('archiving and restoring contacts', () => {
  it('takes the contact out of the list and the agency’s search, then back; never deleted', async () => {
    const actor = await lead()
    const agency = await createAgency()
    const contact = await created(
      await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Morgan Vale', isPrimary: 'on' }), meta: testMeta }),
    )
    const searchDocument = async () =>
      (await db.select({ searchDocument: agencies.searchDocument }).from(agencies).where(eq(agencies.id, agency.id)))[0].searchDocument

    expect(await setContactArchived({ actor, contactId: contact.id, archived: true, meta: testMeta })).toMatchObject({ ok: true })
    expect((await listContacts({ actor, filters: list() })).total).toBe(0)
    expect((await listContacts({ actor, filters: list('archived=1') })).rows.map((row) => row.fullName)).toEqual(['Morgan Vale'])
    expect(await searchDocument()).not.toContain('Morgan Vale')
    // An archived contact is nobody's primary contact.
    expect(await primaries(agency.id)).toEqual([])

    await setContactArchived({ actor, contactId: contact.id, archived: false, meta: testMeta })
    expect((await listContacts({ actor, filters: list() })).rows.map((row) => row.fullName)).toEqual(['Morgan Vale'])
    expect(await searchDocument()).toContain('Morgan Vale')
    const names = (await db.select().from(activity).where(eq(activity.contactId, contact.id)).orderBy(asc(activity.id))).map((row) => row.name)
    expect(names).toEqual(['contact.created', 'contact.archived', 'contact.restored'])
  })

  it('a contact in another region cannot be archived', async () => {
    const emeaAgency = await createAgency({ countryCode: 'FR' })
    const contact = await insertContact(emeaAgency.id)
    const usLead = await lead(['US'])
    expect(await setContactArchived({ actor: usLead, contactId: contact.id, archived: true, meta: testMeta })).toEqual({ ok: false })
    const [row] = await db.select().from(contacts).where(eq(contacts.id, contact.id))
    expect(row.archivedAt).toBeNull()
  })
})

describe('one primary contact per agency', () => {
  it('making B primary, on creating or editing, un-primaries A', async () => {
    const actor = await lead()
    const agency = await createAgency()
    const other = await createAgency()
    const otherPrimary = await created(
      await createContact({ actor, input: input({ agencyId: other.id, fullName: 'Other Agency Primary', isPrimary: 'on' }), meta: testMeta }),
    )
    await created(await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Alex A', isPrimary: 'on' }), meta: testMeta }))
    expect(await primaries(agency.id)).toEqual(['Alex A'])
    await created(await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Blake B', isPrimary: 'on' }), meta: testMeta }))
    expect(await primaries(agency.id)).toEqual(['Blake B'])
    const casey = await created(await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Casey C' }), meta: testMeta }))
    expect(
      await updateContact({
        actor,
        contactId: casey.id,
        input: edit({ agencyId: agency.id, fullName: 'Casey C', isPrimary: 'on', version: '1' }),
        meta: testMeta,
      }),
    ).toMatchObject({ ok: true })
    expect(await primaries(agency.id)).toEqual(['Casey C'])
    // Another agency's primary contact is left alone.
    expect(await getContact({ actor, contactId: otherPrimary.id })).toMatchObject({ isPrimary: true })
  })

  it('a stale edit that asked to be primary changes nothing, the current primary included', async () => {
    const actor = await lead()
    const agency = await createAgency()
    await created(await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Alex A', isPrimary: 'on' }), meta: testMeta }))
    const blake = await created(await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Blake B' }), meta: testMeta }))
    await updateContact({
      actor,
      contactId: blake.id,
      input: edit({ agencyId: agency.id, fullName: 'Blake B', title: 'Analyst', version: '1' }),
      meta: testMeta,
    })
    const stale = await updateContact({
      actor,
      contactId: blake.id,
      input: edit({ agencyId: agency.id, fullName: 'Blake B', isPrimary: 'on', version: '1' }),
      meta: testMeta,
    })
    expect(stale).toMatchObject({ ok: false, reason: 'conflict' })
    expect(await primaries(agency.id)).toEqual(['Alex A'])
  })

  // Truly concurrent under `npm run test:pg`; PGlite runs one transaction at a time, so there it checks the order only.
  it('holds when two people make different contacts primary at once', async () => {
    const [first, second] = [await lead(), await lead()]
    const agency = await createAgency()
    const alex = await insertContact(agency.id, { fullName: 'Alex A' })
    const blake = await insertContact(agency.id, { fullName: 'Blake B' })
    const outcomes = await Promise.all([
      updateContact({
        actor: first,
        contactId: alex.id,
        input: edit({ agencyId: agency.id, fullName: 'Alex A', isPrimary: 'on', version: '1' }),
        meta: testMeta,
      }),
      updateContact({
        actor: second,
        contactId: blake.id,
        input: edit({ agencyId: agency.id, fullName: 'Blake B', isPrimary: 'on', version: '1' }),
        meta: testMeta,
      }),
    ])
    // Both saves succeed (they take turns); the later one is the primary contact.
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true])
    expect(await primaries(agency.id)).toHaveLength(1)
  })

  it('is kept by the database itself: a second primary row is refused', async () => {
    const agency = await createAgency()
    await insertContact(agency.id, { fullName: 'Alex A', isPrimary: true })
    await expect(insertContact(agency.id, { fullName: 'Blake B', isPrimary: true })).rejects.toThrow()
    // Not primary, any number; and another agency has its own.
    await insertContact(agency.id, { fullName: 'Casey C' })
    await insertContact((await createAgency()).id, { fullName: 'Dana D', isPrimary: true })
    expect(await primaries(agency.id)).toEqual(['Alex A'])
  })
})

describe('duplicate warning', () => {
  it('warns about the same email or the same name at one agency, until the user confirms', async () => {
    const actor = await lead()
    const agency = await createAgency()
    const other = await createAgency()
    const jordan = await created(
      await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Jordan Example', email: 'demo.jordan@fbi.example' }), meta: testMeta }),
    )

    const sameEmail = await createContact({
      actor,
      input: input({ agencyId: agency.id, fullName: 'J. Example', email: 'DEMO.JORDAN@fbi.example' }),
      meta: testMeta,
    })
    expect(sameEmail).toEqual({ ok: false, reason: 'duplicate', duplicates: [{ id: jordan.id, fullName: 'Jordan Example', email: 'demo.jordan@fbi.example' }] })
    const sameName = await createContact({
      actor,
      input: input({ agencyId: agency.id, fullName: 'jordan example', email: 'demo.other@fbi.example' }),
      meta: testMeta,
    })
    expect(sameName).toMatchObject({ ok: false, reason: 'duplicate', duplicates: [{ id: jordan.id }] })
    expect(await db.select().from(contacts)).toHaveLength(1)

    // Another agency may have its own Jordan Example; a confirmed duplicate is saved.
    expect(
      await createContact({ actor, input: input({ agencyId: other.id, fullName: 'Jordan Example', email: 'demo.jordan@fbi.example' }), meta: testMeta }),
    ).toMatchObject({ ok: true })
    expect(
      await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Jordan Example', confirmDuplicate: 'yes' }), meta: testMeta }),
    ).toMatchObject({ ok: true })
  })

  it('ignores archived contacts and the contact being edited', async () => {
    const actor = await lead()
    const agency = await createAgency()
    const jordan = await created(
      await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Jordan Example', email: 'demo.jordan@fbi.example' }), meta: testMeta }),
    )
    expect(
      await updateContact({
        actor,
        contactId: jordan.id,
        input: edit({ agencyId: agency.id, fullName: 'Jordan Example', email: 'demo.jordan@fbi.example', title: 'Agent', version: '1' }),
        meta: testMeta,
      }),
    ).toMatchObject({ ok: true })
    const casey = await created(await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Casey Placeholder' }), meta: testMeta }))
    const renamed = await updateContact({
      actor,
      contactId: casey.id,
      input: edit({ agencyId: agency.id, fullName: 'Jordan Example', version: '1' }),
      meta: testMeta,
    })
    expect(renamed).toMatchObject({ ok: false, reason: 'duplicate', duplicates: [{ id: jordan.id }] })
    await setContactArchived({ actor, contactId: jordan.id, archived: true, meta: testMeta })
    expect(
      await createContact({ actor, input: input({ agencyId: agency.id, fullName: 'Jordan Example', email: 'demo.jordan@fbi.example' }), meta: testMeta }),
    ).toMatchObject({ ok: true })
  })

  it('clears the primary contacts of several agencies at once, keeping the one named (the rule imports use)', async () => {
    const [boston, plano, austin] = [await createAgency(), await createAgency(), await createAgency()]
    const kept = await insertContact(boston.id, { fullName: 'Ada Kept', isPrimary: true })
    await insertContact(plano.id, { fullName: 'Bram Cleared', isPrimary: true })
    await insertContact(austin.id, { fullName: 'Cleo Untouched', isPrimary: true })
    await db.transaction(async (tx) => {
      await lockAgenciesForContactWrites(tx, [plano.id, boston.id])
      await clearPrimaryContacts(tx, [plano.id, boston.id], kept.id)
    })
    expect([await primaries(boston.id), await primaries(plano.id), await primaries(austin.id)]).toEqual([['Ada Kept'], [], ['Cleo Untouched']])
  })
})
