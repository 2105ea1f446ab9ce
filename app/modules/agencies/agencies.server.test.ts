import { eq, sql } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { activity, agencies } from '#db/schema'
import type { RegionCode } from '#db/schema/vocabulary'
import { actorFor, createAgency, createContact, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { describeActivity } from '~/modules/activity/describe-activity'
import { exportAgencies } from '~/modules/exports/exports.server'
import { agencyFormSchema, parseAgencyFilters } from './agencies-schema'
import { createAgency as createAgencyCommand, getAgency, listAgencies, listStaleAgencies, setAgencyArchived, updateAgency } from './agencies.server'

async function lead(regions: RegionCode[] = ['US']) {
  return actorFor(await createUser({ role: 'outreach_lead', regions }), regions)
}

type Logger = { logQuery(query: string, params: unknown[]): void }

/**
 * The plans of the statements `run` sends, as the module builds them: drizzle's logger hands
 * over each statement's SQL and parameters, which are explained with the same parameters.
 */
async function planOf(run: () => Promise<unknown>) {
  const session = (db as unknown as { session: { logger: Logger } }).session
  const original = session.logger
  const statements: { query: string; params: unknown[] }[] = []
  session.logger = { logQuery: (query, params) => statements.push({ query, params }) }
  try {
    await run()
  } finally {
    session.logger = original
  }
  expect(statements.length).toBeGreaterThan(0)
  const plans: string[] = []
  for (const { query, params } of statements) {
    // "$1 … $n" back into drizzle parameters, in the order they appear.
    const pieces = query.split(/\$(\d+)/)
    const chunks = pieces.map((piece, index) => (index % 2 === 0 ? sql.raw(piece) : sql`${params[Number(piece) - 1]}`))
    const result = await db.execute(sql`explain ${sql.join(chunks)}`)
    const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as Record<string, string>[]
    plans.push(rows.map((row) => Object.values(row)[0]).join('\n'))
  }
  return plans.join('\n\n')
}

const filters = (query: string) => parseAgencyFilters(new URLSearchParams(query))

const validInput = (overrides: Record<string, string> = {}) =>
  agencyFormSchema.parse({
    name: 'Austin Police Department',
    kind: 'local',
    countryCode: 'US',
    city: 'Austin',
    subdivision: 'Texas',
    status: 'prospect',
    priority: '2',
    tags: 'ICAC, cybercrime',
    emailDomains: 'austintexas.gov',
    ...overrides,
  })

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

  it("refuses an agency outside the lead's regions with a field error, writing nothing", async () => {
    const actor = await lead(['US'])
    const outcome = await createAgencyCommand({ actor, input: validInput({ name: 'Bundeskriminalamt', countryCode: 'DE' }), meta: testMeta })
    expect(outcome).toMatchObject({ ok: false, fieldErrors: { countryCode: [expect.stringMatching(/your regions/)] } })
    expect(await db.select().from(agencies)).toEqual([])
  })

  it("lists only the lead's regions; the global head sees all", async () => {
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

  it("finds an agency by a misspelt name, by city, by tag and by a contact's name, best match first", async () => {
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

  it('looks for close spellings only when no agency has the words, and the export gives the same rows', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    await createAgency({ name: 'Ashford Police Department', city: 'Ashford' })
    await createAgency({ name: 'Ashfort Sheriff', city: 'Ashfort' })
    await createAgency({ name: 'Oakville Police', city: 'Oakville' })
    const search = async (query: string) => {
      const filters = parseAgencyFilters(new URLSearchParams({ q: query }))
      const listed = await listAgencies({ actor: head, filters })
      const exported = await exportAgencies({ actor: head, filters, meta: testMeta })
      const exportedNames = exported.body
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split(',')[1])
      return { match: listed.match, total: listed.total, names: listed.rows.map((row) => row.name), exportedNames }
    }
    // The words exist: only the agencies that have them, not the close spelling.
    expect(await search('Ashford')).toEqual({ match: 'words', total: 1, names: ['Ashford Police Department'], exportedNames: ['Ashford Police Department'] })
    // A misspelling no agency has: the close spellings, best first.
    const misspelt = await search('Ashfor')
    expect(misspelt).toMatchObject({ match: 'close', total: 2 })
    expect(misspelt.names).toEqual(misspelt.exportedNames)
    expect(misspelt.names.sort()).toEqual(['Ashford Police Department', 'Ashfort Sheriff'])
    expect(await search('Nowhere at all')).toMatchObject({ match: 'close', total: 0, names: [], exportedNames: [] })
    // Past the last page of word matches, the page is empty: it does not turn to close spellings.
    expect(await listAgencies({ actor: head, filters: parseAgencyFilters(new URLSearchParams('q=Ashford&page=2')) })).toMatchObject({
      match: 'words',
      total: 1,
      rows: [],
    })
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

  it('filters by priority (the coverage dashboard links to it); a malformed priority is ignored', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    const urgent = await createAgency({ name: 'Urgent' })
    await createAgency({ name: 'Usual' })
    await db.update(agencies).set({ priority: 1 }).where(eq(agencies.id, urgent.id))
    const names = async (query: string) => (await listAgencies({ actor: head, filters: filters(query) })).rows.map((row) => row.name)
    expect(await names('priority=1')).toEqual(['Urgent'])
    expect(await names('priority=2')).toEqual(['Usual'])
    expect(await names('priority=3')).toEqual([])
    expect(await names('priority=7')).toEqual(['Urgent', 'Usual'])
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

  it('filters by region, country and owner', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    const owner = await createUser({ role: 'outreach_lead', regions: ['US', 'EMEA'] })
    await createAgency({ name: 'Dallas Police Department', countryCode: 'US', ownerId: owner.id })
    await createAgency({ name: 'Bundeskriminalamt (BKA)', countryCode: 'DE', ownerId: owner.id })
    await createAgency({ name: 'Gendarmerie nationale', countryCode: 'FR' })
    await createAgency({ name: 'Australian Federal Police', countryCode: 'AU' })
    const names = async (query: string) => (await listAgencies({ actor: head, filters: filters(query) })).rows.map((row) => row.name)
    expect(await names('region=EMEA')).toEqual(['Bundeskriminalamt (BKA)', 'Gendarmerie nationale'])
    expect(await names('country=DE')).toEqual(['Bundeskriminalamt (BKA)'])
    expect(await names('region=EMEA&country=AU')).toEqual([])
    expect(await names(`owner=${owner.id}`)).toEqual(['Bundeskriminalamt (BKA)', 'Dallas Police Department'])
    expect(await names('owner=none')).toEqual(['Australian Federal Police', 'Gendarmerie nationale'])
    // A lead's region filter stays inside their own regions.
    const usLead = await lead(['US'])
    expect((await listAgencies({ actor: usLead, filters: filters('region=EMEA') })).rows).toEqual([])
  })

  it('filters by last engaged before and after, never engaged and stale', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-06-01T12:00:00Z'))
    const head = actorFor(await createUser({ role: 'global_head' }))
    const engaged = async (name: string, lastEngagedAt: string | null, nextEngagementAt: string | null = null, createdAt = '2023-01-01T10:00:00Z') => {
      const agency = await createAgency({ name })
      await db
        .update(agencies)
        .set({
          lastEngagedAt: lastEngagedAt ? new Date(lastEngagedAt) : null,
          nextEngagementAt: nextEngagementAt ? new Date(nextEngagementAt) : null,
          createdAt: new Date(createdAt),
        })
        .where(eq(agencies.id, agency.id))
    }
    await engaged('Last week', '2026-05-25T10:00:00Z')
    await engaged('In March', '2026-03-10T10:00:00Z')
    await engaged('Two years ago', '2024-05-01T10:00:00Z')
    await engaged('Never', null)
    // Its scheduled meeting has begun (no job has rolled it into the last engaged date yet).
    await engaged('Meeting this morning', '2024-01-01T10:00:00Z', '2026-06-01T09:00:00Z')
    await engaged('Old, meeting planned', '2025-01-01T10:00:00Z', '2026-07-01T09:00:00Z')
    // Filed less than 180 days ago and never engaged: new, not stale.
    await engaged('Filed in April', null, null, '2026-04-15T10:00:00Z')
    const names = async (query: string) => (await listAgencies({ actor: head, filters: filters(query) })).rows.map((row) => row.name)
    expect(await names('engagedAfter=2026-03-01')).toEqual(['In March', 'Last week', 'Meeting this morning'])
    expect(await names('engagedAfter=2026-05-25')).toEqual(['Last week', 'Meeting this morning'])
    expect(await names('engagedBefore=2026-03-10')).toEqual(['Old, meeting planned', 'Two years ago'])
    expect(await names('engagedAfter=2025-01-01&engagedBefore=2026-05-01')).toEqual(['In March', 'Old, meeting planned'])
    expect(await names('never=1')).toEqual(['Filed in April', 'Never'])
    expect(await names('stale=1')).toEqual(['Never', 'Old, meeting planned', 'Two years ago'])
    const listed = await listAgencies({ actor: head, filters: filters('') })
    expect(Object.fromEntries(listed.rows.map((row) => [row.name, row.stale]))).toMatchObject({
      'Last week': false,
      'Meeting this morning': false,
      'Filed in April': false,
      Never: true,
      'Two years ago': true,
    })
  })

  it('sorts by name either way, by last engaged either way, by priority and by latest update', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    const make = async (name: string, priority: number, lastEngagedAt: string | null, updatedAt: string) => {
      const agency = await createAgency({ name })
      await db
        .update(agencies)
        .set({ priority, lastEngagedAt: lastEngagedAt ? new Date(lastEngagedAt) : null, updatedAt: new Date(updatedAt) })
        .where(eq(agencies.id, agency.id))
    }
    await make('Bravo', 3, '2026-01-10T00:00:00Z', '2026-02-01T00:00:00Z')
    await make('Alpha', 2, null, '2026-03-01T00:00:00Z')
    await make('Delta', 1, '2025-06-01T00:00:00Z', '2026-01-01T00:00:00Z')
    await make('Charlie', 2, '2026-02-20T00:00:00Z', '2026-04-01T00:00:00Z')
    const sorted = async (sort: string) => (await listAgencies({ actor: head, filters: filters(`sort=${sort}`) })).rows.map((row) => row.name)
    expect(await sorted('name')).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta'])
    expect(await sorted('-name')).toEqual(['Delta', 'Charlie', 'Bravo', 'Alpha'])
    // Never engaged counts as the longest ago.
    expect(await sorted('lastEngaged')).toEqual(['Alpha', 'Delta', 'Bravo', 'Charlie'])
    expect(await sorted('-lastEngaged')).toEqual(['Charlie', 'Bravo', 'Delta', 'Alpha'])
    expect(await sorted('priority')).toEqual(['Delta', 'Alpha', 'Charlie', 'Bravo'])
    expect(await sorted('updated')).toEqual(['Charlie', 'Alpha', 'Bravo', 'Delta'])
    expect(await sorted('bogus')).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta'])
  })

  it('ranks a misspelt name first among agencies with similar names', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    await createAgency({ name: 'Arizona Department of Public Safety', city: 'Phoenix' })
    await createAgency({ name: 'Texas Department of Public Safety', city: 'Austin' })
    await createAgency({ name: 'Texas Rangers', city: 'Austin' })
    await createAgency({ name: 'Department of Justice', city: 'Washington' })
    await createAgency({ name: 'Policía Nacional de Colombia', countryCode: 'CO', city: 'Bogotá' })
    await createAgency({ name: 'Policía Nacional del Perú', countryCode: 'PE', city: 'Lima' })
    await createAgency({ name: 'Policía Nacional (Spain)', countryCode: 'ES', city: 'Madrid' })
    const first = async (query: string) => (await listAgencies({ actor: head, filters: filters(`q=${encodeURIComponent(query)}`) })).rows[0]?.name
    expect(await first('Texas Departmnet of Pubic Safety')).toBe('Texas Department of Public Safety')
    expect(await first('Arizona Departmnt of Public Safty')).toBe('Arizona Department of Public Safety')
    expect(await first('Policia Nacional Colombia')).toBe('Policía Nacional de Colombia')
    expect(await first('Policía Nacinal del Peru')).toBe('Policía Nacional del Perú')
  })

  it('filters by tag whatever its case, and only by whole tags', async () => {
    const head = actorFor(await createUser({ role: 'global_head' }))
    await createAgency({ name: 'Texas DPS', tags: ['ICAC', 'cybercrime'] })
    await createAgency({ name: 'Dallas PD', tags: ['icac'] })
    await createAgency({ name: 'ICAC Task Force of Utah', tags: ['Child Safety'] })
    await createAgency({ name: 'Percent Unit', tags: ['100%_sure'] })
    const names = async (tag: string) => (await listAgencies({ actor: head, filters: filters(`tag=${encodeURIComponent(tag)}`) })).rows.map((row) => row.name)
    expect(await names('icac')).toEqual(['Dallas PD', 'Texas DPS'])
    expect(await names('ICAC')).toEqual(['Dallas PD', 'Texas DPS'])
    expect(await names('Cybercrime')).toEqual(['Texas DPS'])
    expect(await names('child safety')).toEqual(['ICAC Task Force of Utah'])
    // Part of a tag, or a word of the name, is not the tag.
    expect(await names('ica')).toEqual([])
    expect(await names('Utah')).toEqual([])
    // Wildcards are plain characters.
    expect(await names('100%_sure')).toEqual(['Percent Unit'])
    expect(await names('100%')).toEqual([])
  })

  it('the real list search, tag filter and stale queries use indexes on a realistic table', async () => {
    // Enough agencies, with statistics, that the planner chooses for the data, not for an empty table.
    await db.execute(sql`
      insert into agencies (name, kind, country_code, region_code, city, status, priority, tags, last_engaged_at, search_document, created_at)
      select name, 'local', country, (select region_code from countries where code = country), city, 'engaged', 1 + i % 3, tags,
             case when i % 4 = 0 then null else now() - (i % 400) * interval '1 day' end, concat_ws(' ', name, city, array_to_string(tags, ' ')),
             now() - (400 + i % 1000) * interval '1 day'
      from (select i, 'Agency ' || substr(md5(i::text), 1, 10) as name, (array['US','CA','BR','DE','AU'])[1 + i % 5] as country, 'City ' || substr(md5((i % 700)::text), 1, 6) as city,
                   case when i % 50 = 0 then array['ICAC'] else array['cybercrime'] end as tags
            from generate_series(1, 6000) i) generated`)
    await createAgency({ name: 'Bundeskriminalamt (BKA)', countryCode: 'DE', city: 'Wiesbaden' })
    await db.execute(sql`analyze agencies`)

    const usLead = await lead(['US'])
    const head = actorFor(await createUser({ role: 'global_head' }))
    const searchPlan = await planOf(() => listAgencies({ actor: head, filters: filters('q=Bundeskriminalmt') }))
    expect(searchPlan).toMatch(/agencies_search_(fts|trgm)_idx/)
    expect(searchPlan).not.toMatch(/Seq Scan on agencies/)
    // In one region of five, the planner may as well start from the region's index.
    const leadSearchPlan = await planOf(() => listAgencies({ actor: usLead, filters: filters('q=Wiesbaden') }))
    expect(leadSearchPlan).toMatch(/Index Scan|Bitmap Index Scan/)
    expect(leadSearchPlan).not.toMatch(/Seq Scan on agencies/)
    const tagPlan = await planOf(() => listAgencies({ actor: head, filters: filters('tag=icac') }))
    expect(tagPlan).toMatch(/agencies_tags_lower_idx/)
    expect(tagPlan).not.toMatch(/Seq Scan on agencies/)
    for (const actor of [usLead, head]) {
      const stalePlan = await planOf(() => listStaleAgencies({ actor }))
      expect(stalePlan).toMatch(/agencies_stale_order_idx/)
      expect(stalePlan).not.toMatch(/Seq Scan on agencies/)
    }
  }, 30_000)
})
