import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, agencies } from '#db/schema'
import { actorFor, createAgency, createContact, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { describeActivity } from '~/modules/activity/describe-activity'
import { agencyFormSchema, parseAgencyFilters } from './agencies-schema'
import { agencySearchCondition, createAgency as createAgencyCommand, getAgency, listAgencies, setAgencyArchived, staleCondition, updateAgency } from './agencies.server'

async function lead(regions: ('US' | 'EMEA' | 'CA' | 'LATAM' | 'APAC')[] = ['US']) {
  return actorFor(await createUser({ role: 'outreach_lead', regions }), regions)
}

const filters = (query: string) => parseAgencyFilters(new URLSearchParams(query))

const validInput = (overrides: Record<string, string> = {}) =>
  agencyFormSchema.parse({ name: 'Austin Police Department', kind: 'local', countryCode: 'US', city: 'Austin', subdivision: 'Texas', status: 'prospect', priority: '2', tags: 'ICAC, cybercrime', emailDomains: 'austintexas.gov', ...overrides })

describe('agencies', () => {
  it('creates an agency in the region of its country, searchable and logged', async () => {
    const actor = await lead(['US'])
    const outcome = await createAgencyCommand({ actor, input: validInput(), meta: testMeta })
    expect(outcome.ok).toBe(true)
    const [row] = await db.select().from(agencies)
    expect(row).toMatchObject({ regionCode: 'US', tags: ['ICAC', 'cybercrime'], emailDomains: ['austintexas.gov'], version: 1 })
    expect(row.searchDocument).toContain('Austin')
    const logged = await db.select().from(activity).where(eq(activity.agencyId, row.id))
    expect(logged.map((entry) => entry.name)).toEqual(['agency.created'])
  })

  it('refuses an agency outside the lead\'s regions with a field error, writing nothing', async () => {
    const actor = await lead(['US'])
    const outcome = await createAgencyCommand({ actor, input: validInput({ name: 'Bundeskriminalamt', countryCode: 'DE' }), meta: testMeta })
    expect(outcome).toMatchObject({ ok: false, fieldErrors: { countryCode: [expect.stringMatching(/your regions/)] } })
    expect(await db.select().from(agencies)).toEqual([])
  })

  it('lists only the lead\'s regions; the global head sees all', async () => {
    await createAgency({ name: 'FBI Field Office', countryCode: 'US' })
    await createAgency({ name: 'National Crime Agency', countryCode: 'GB' })
    const usLead = await lead(['US'])
    expect((await listAgencies({ actor: usLead, filters: filters('') })).rows.map((row) => row.name)).toEqual(['FBI Field Office'])
    const head = actorFor(await createUser({ role: 'global_head' }))
    expect((await listAgencies({ actor: head, filters: filters('') })).total).toBe(2)
  })

  it('pages through 50 at a time with the total on every page, past the end included', async () => {
    for (let index = 0; index < 52; index++) await createAgency({ name: `Agency ${String(index).padStart(2, '0')}`, countryCode: 'US' })
    const usLead = await lead(['US'])
    const first = await listAgencies({ actor: usLead, filters: filters('') })
    expect(first).toMatchObject({ total: 52, page: 1, pageCount: 2 })
    expect(first.rows).toHaveLength(50)
    expect(first.rows[0]).not.toHaveProperty('total')
    const second = await listAgencies({ actor: usLead, filters: filters('page=2') })
    expect(second).toMatchObject({ total: 52, page: 2, pageCount: 2 })
    expect(second.rows.map((row) => row.name)).toEqual(['Agency 50', 'Agency 51'])
    const beyond = await listAgencies({ actor: usLead, filters: filters('page=9') })
    expect(beyond).toMatchObject({ rows: [], total: 52, pageCount: 2 })
    // A search takes its total from the page's own query; past the end it counts apart.
    const searched = await listAgencies({ actor: usLead, filters: filters('q=Agency&page=2') })
    expect(searched).toMatchObject({ total: 52, pageCount: 2 })
    expect(searched.rows).toHaveLength(2)
    expect(searched.rows[0]).not.toHaveProperty('total')
    expect(await listAgencies({ actor: usLead, filters: filters('q=Agency&page=9') })).toMatchObject({ rows: [], total: 52 })
    expect(await listAgencies({ actor: usLead, filters: filters('q=Nowhere%20Sheriff') })).toMatchObject({ rows: [], total: 0 })
  })

  it('an id from another region is simply not found', async () => {
    const emea = await createAgency({ countryCode: 'FR' })
    const usLead = await lead(['US'])
    expect(await getAgency({ actor: usLead, agencyId: emea.id })).toBeNull()
    expect(await getAgency({ actor: usLead, agencyId: 'not-a-uuid' })).toBeNull()
  })

  it('finds an agency by a misspelt name, by city, by tag and by a contact\'s name, best match first', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    const bka = await createAgency({ name: 'Bundeskriminalamt (BKA)', countryCode: 'DE', city: 'Wiesbaden', tags: ['cybercrime'] })
    await createAgency({ name: 'Landeskriminalamt Berlin', countryCode: 'DE', city: 'Berlin' })
    await createAgency({ name: 'Europol', countryCode: 'NL', city: 'The Hague' })
    await createContact(bka.id, { fullName: 'Kommissarin Greta Vogelsang' })
    const names = async (query: string) => (await listAgencies({ actor: head, filters: filters(`q=${encodeURIComponent(query)}`) })).rows.map((row) => row.name)
    expect((await names('Bundeskriminalmt'))[0]).toBe('Bundeskriminalamt (BKA)')
    expect(await names('Europl')).toEqual(['Europol'])
    expect(await names('Wiesbaden')).toEqual(['Bundeskriminalamt (BKA)'])
    expect(await names('Vogelsang')).toEqual(['Bundeskriminalamt (BKA)'])
    expect(await names('cybercrime')).toEqual(['Bundeskriminalamt (BKA)'])
  })

  it('filters by status, kind, tag and never engaged; malformed filters are ignored', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    await createAgency({ name: 'A', status: 'partner', kind: 'federal', tags: ['ICAC'] })
    await createAgency({ name: 'B', status: 'prospect', kind: 'local' })
    const names = async (query: string) => (await listAgencies({ actor: head, filters: filters(query) })).rows.map((row) => row.name)
    expect(await names('status=partner')).toEqual(['A'])
    expect(await names('kind=local')).toEqual(['B'])
    expect(await names('tag=ICAC')).toEqual(['A'])
    expect(await names('never=1')).toEqual(['A', 'B'])
    expect(await names('status=bogus&page=-4&sort=drop table')).toEqual(['A', 'B'])
  })

  it('refuses the second of two concurrent edits and keeps the first', async () => {
    const actor = await lead(['US'])
    const created = await createAgencyCommand({ actor, input: validInput(), meta: testMeta })
    const agencyId = created.ok ? created.agency.id : ''
    const first = await updateAgency({ actor, agencyId, input: { ...validInput({ status: 'engaged' }), version: 1 }, meta: testMeta })
    expect(first).toEqual({ ok: true })
    const second = await updateAgency({ actor, agencyId, input: { ...validInput({ city: 'Round Rock' }), version: 1 }, meta: testMeta })
    expect(second).toMatchObject({ ok: false, reason: 'conflict', current: { status: 'engaged', version: 2 } })
    const [row] = await db.select().from(agencies)
    expect(row).toMatchObject({ status: 'engaged', city: 'Austin', version: 2 })
    const [update] = await db.select().from(activity).where(eq(activity.name, 'agency.updated'))
    expect(describeActivity(update)).toBe(`${actor.name} changed status from prospect to engaged on Austin Police Department`)
  })

  it('archives and restores; archived agencies leave the list', async () => {
    const actor = await lead(['US'])
    const agency = await createAgency({ name: 'Archivable PD' })
    await setAgencyArchived({ actor, agencyId: agency.id, archived: true, meta: testMeta })
    expect((await listAgencies({ actor, filters: filters('') })).total).toBe(0)
    expect((await listAgencies({ actor, filters: filters('archived=1') })).total).toBe(1)
    await setAgencyArchived({ actor, agencyId: agency.id, archived: false, meta: testMeta })
    expect((await listAgencies({ actor, filters: filters('') })).total).toBe(1)
    const names = (await db.select().from(activity).where(eq(activity.agencyId, agency.id))).map((row) => row.name)
    expect(names).toEqual(['agency.archived', 'agency.restored'])
  })

  it('uses indexes for the search and the stale-agency query', async () => {
    const explain = async (condition: ReturnType<typeof sql>) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`)
        const result = await tx.execute(sql`explain select id from ${agencies} where ${condition}`)
        const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Record<string, string>[]
        return rows.map((row) => Object.values(row)[0]).join('\n')
      })
    const searchPlan = await explain(agencySearchCondition('bundeskriminalamt'))
    expect(searchPlan).toMatch(/agencies_search_(fts|trgm)_idx/)
    const stalePlan = await explain(sql`${agencies.regionCode} = 'US' and ${staleCondition()}`)
    expect(stalePlan).toMatch(/Index|Bitmap/)
    expect(stalePlan).not.toMatch(/Seq Scan/)
  })
})
