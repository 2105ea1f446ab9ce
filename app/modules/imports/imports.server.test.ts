import { and, asc, count, eq, isNotNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, agencies, contacts } from '#db/schema'
import { regionCodes, type RegionCode } from '#db/schema/vocabulary'
import { makeRequest } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { requireStaff } from '~/lib/auth/guards.server'
import { db } from '~/lib/db.server'
import { describeActivity } from '~/modules/activity/describe-activity'
import { exportAgencies } from '~/modules/exports/exports.server'
import { guessColumnMapping, readColumnMapping, type ImportKind } from './import-schema'
import { checkImport, importCsv, packCsv, parseCsvText, readCsvUpload, sampleCsv, sampleCsvFor, unpackCsv } from './imports.server'

const meta = { ip: '203.0.113.10' }

async function actorWith(role: 'admin' | 'outreach_lead' = 'outreach_lead', regions: RegionCode[] = ['US']) {
  const user = await createUser({ role, regions: role === 'outreach_lead' ? regions : [] })
  const { cookie } = await signInAs(user)
  return requireStaff(makeRequest('/import', { cookie }))
}

function parsed(text: string) {
  const csv = parseCsvText(text)
  if (!csv.ok) throw new Error(csv.error)
  return csv
}

/** The file with the guessed mapping, as the page would send it. */
function request(actor: Awaited<ReturnType<typeof actorWith>>, kind: ImportKind, text: string) {
  const csv = parsed(text)
  return { actor, kind, csv, mapping: guessColumnMapping(kind, csv.headers) }
}

async function agencyCount() {
  const [{ total }] = await db.select({ total: count() }).from(agencies)
  return total
}

async function contactCount() {
  const [{ total }] = await db.select({ total: count() }).from(contacts)
  return total
}

const agencyFile = [
  'name,kind,country,city,website,email_domains,tags,notes',
  'Texas Department of Public Safety,state,US,Austin,https://www.dps.texas.gov,dps.texas.gov,ICAC;cybercrime,',
  'Illinois State Police,State or provincial,United States,Springfield,https://isp.illinois.gov,isp.illinois.gov,,',
  'Broken Agency,constabulary,US,Nowhere,not a url,,,',
  '"Los Angeles Police Department (LAPD)",local,US,"Los Angeles",https://www.lapdonline.org,lapd.online,,"Two-line',
  'note"',
  '',
  'Nameless row without a name,local,Atlantis,,,,,',
].join('\n')

describe('parseCsvText', () => {
  it('gives each row the line where it starts, through quoted line breaks, blank lines, CRLF and a BOM', () => {
    const csv = parsed('\uFEFFname,notes\r\nA,"one\r\ntwo"\r\n\r\nB,x\r\n')
    expect(csv.headers).toEqual(['name', 'notes'])
    expect(csv.rows.map((row) => [row.line, row.cells[0]])).toEqual([
      [2, 'A'],
      [5, 'B'],
    ])
    expect(csv.rows[0].cells[1]).toBe('one\r\ntwo')
    expect(parsed(agencyFile).rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 8])
  })

  it('reads semicolon-separated files as some spreadsheet programs write them', () => {
    expect(parsed('name;kind;country\nFBI;federal;US').rows[0].cells).toEqual(['FBI', 'federal', 'US'])
  })

  it('explains an unreadable or useless file instead of failing', () => {
    expect(parseCsvText('name,kind\n"FBI,federal\n')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/could not be read as CSV.*quoted value is never closed/),
    })
    expect(parseCsvText('name,kind\n')).toMatchObject({ ok: false, error: expect.stringMatching(/no rows/) })
    expect(parseCsvText('\n\n')).toMatchObject({ ok: false, error: 'The file is empty.' })
  })
})

describe('readCsvUpload', () => {
  it('refuses empty, oversized, spreadsheet and non-CSV files with a reason', async () => {
    expect(await readCsvUpload(null)).toMatchObject({ ok: false, error: 'Choose a CSV file to upload.' })
    expect(await readCsvUpload(new File([], 'agencies.csv'))).toMatchObject({ ok: false, error: 'agencies.csv is empty.' })
    expect(await readCsvUpload(new File(['x'.repeat(5 * 1024 * 1024 + 1)], 'big.csv'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/larger than 5 MB/),
    })
    expect(await readCsvUpload(new File(['PK\u0003\u0004...'], 'agencies.xlsx'))).toMatchObject({ ok: false, error: expect.stringMatching(/spreadsheet/) })
    expect(await readCsvUpload(new File(['%PDF-1.4'], 'agencies.pdf', { type: 'application/pdf' }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a CSV file/),
    })
    expect(await readCsvUpload(new File([new Uint8Array([0x6e, 0x00, 0x61])], 'agencies.csv'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a text file/),
    })
  })

  it('reads UTF-8, and Windows-1252 as older Excel saves it', async () => {
    expect(await readCsvUpload(new File(['name\nSûreté du Québec'], 'a.csv', { type: 'text/csv' }))).toMatchObject({ ok: true, text: 'name\nSûreté du Québec' })
    const latin1 = new Uint8Array([...Buffer.from('name\nS'), 0xfb, ...Buffer.from('ret'), 0xe9])
    expect(await readCsvUpload(new File([latin1], 'a.csv', { type: 'application/vnd.ms-excel' }))).toMatchObject({ ok: true, text: 'name\nSûreté' })
  })

  it('packs the file for the hidden field and refuses a tampered one', () => {
    const text = 'name,notes\nA,"line one\nline two"\n'
    expect(unpackCsv(packCsv(text))).toBe(text)
    expect(unpackCsv('not base64 gzip')).toBeNull()
    expect(unpackCsv(null)).toBeNull()
  })
})

describe('column mapping', () => {
  it('guesses targets from header names and checks the choice', () => {
    expect(guessColumnMapping('agencies', ['Agency Name', 'Type', 'Country Code', 'State', 'E-mail domains', 'Region'])).toEqual([
      'name',
      'kind',
      'country',
      'subdivision',
      null,
      null,
    ])
    expect(guessColumnMapping('contacts', ['Agency', 'Country', 'Name', 'Rank', 'E-mail', 'Primary'])).toEqual([
      'agency',
      'agency_country',
      'full_name',
      'title',
      'email',
      'is_primary',
    ])
    const form = (values: Record<string, string>) => new Map(Object.entries(values))
    expect(readColumnMapping('agencies', ['a', 'b', 'c'], form({ 'column-0': 'name', 'column-1': 'name', 'column-2': 'kind' }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/more than one column/),
    })
    expect(readColumnMapping('agencies', ['a', 'b'], form({ 'column-0': 'name', 'column-1': 'kind' }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Country/),
    })
    expect(readColumnMapping('contacts', ['a'], form({ 'column-0': 'full_name' }))).toMatchObject({ ok: false, error: expect.stringMatching(/agency/) })
    expect(readColumnMapping('agencies', ['a', 'b', 'c'], form({ 'column-0': 'name', 'column-1': 'kind', 'column-2': 'country' }))).toEqual({
      ok: true,
      mapping: ['name', 'kind', 'country'],
    })
  })
})

describe('importing agencies', () => {
  it('reports every bad row with its line, column and reason, and "import all" then writes nothing', async () => {
    const actor = await actorWith('admin')
    const report = await checkImport(request(actor, 'agencies', agencyFile))
    expect(report).toMatchObject({ totalRows: 5, validRows: 3, badRows: 2, planned: { created: 3, updated: 0, skipped: 0 } })
    expect(report.problems).toEqual([
      { line: 4, column: 'kind', reason: expect.stringMatching(/Unknown kind/), value: 'constabulary' },
      { line: 4, column: 'website', reason: expect.stringMatching(/https:/), value: 'not a url' },
      { line: 8, column: 'country', reason: expect.stringMatching(/Unknown country/), value: 'Atlantis' },
    ])
    const result = await importCsv({ ...request(actor, 'agencies', agencyFile), mode: 'all', fileName: 'agencies.csv', meta })
    expect(result).toMatchObject({ ok: false, reason: 'has_problems', report: { badRows: 2 } })
    expect(await agencyCount()).toBe(0)
    expect(await db.select().from(activity)).toEqual([])
  })

  it('"import only the valid rows" writes those rows, searchable, each on its own timeline, and logs the file', async () => {
    const actor = await actorWith('admin')
    const result = await importCsv({ ...request(actor, 'agencies', agencyFile), mode: 'valid', fileName: 'agencies.csv', meta })
    expect(result).toMatchObject({ ok: true, counts: { created: 3, updated: 0, skipped: 0 } })
    const rows = await db.select().from(agencies).orderBy(agencies.name)
    expect(rows.map((row) => row.name)).toEqual(['Illinois State Police', 'Los Angeles Police Department (LAPD)', 'Texas Department of Public Safety'])
    expect(rows[1]).toMatchObject({ notes: 'Two-line\nnote', regionCode: 'US', kind: 'local', status: 'prospect', priority: 2, createdById: actor.id })
    expect(rows[0].kind).toBe('state')
    expect(rows[2]).toMatchObject({ tags: ['ICAC', 'cybercrime'], emailDomains: ['dps.texas.gov'] })
    expect(rows[2].searchDocument).toContain('Austin')
    const [fileRow] = await db.select().from(activity).where(eq(activity.name, 'agency.imported'))
    expect(fileRow).toMatchObject({
      actorId: actor.id,
      ip: meta.ip,
      targetName: 'agencies.csv',
      agencyId: null,
      properties: expect.objectContaining({ count: 3, created: 3, invalid: 2 }),
    })
    // Each agency's own timeline starts with its creation, by the importer.
    const created = await db.select().from(activity).where(eq(activity.name, 'agency.created')).orderBy(asc(activity.targetName))
    expect(created.map((row) => [row.agencyId, row.targetName])).toEqual(rows.map((row) => [row.id, row.name]))
    expect(created[0]).toMatchObject({ actorId: actor.id, actorName: actor.name, ip: meta.ip, properties: { file: 'agencies.csv' } })
    expect(describeActivity(created[0])).toBe(`${actor.name} created agency Illinois State Police`)
  })

  it('stores a file name with control characters or a cut surrogate pair as text PostgreSQL accepts', async () => {
    const actor = await actorWith('admin')
    const name = `${'x'.repeat(199)}\u{1F600}.csv`.replace('x', '\u0000')
    const result = await importCsv({ ...request(actor, 'agencies', agencyFile), mode: 'valid', fileName: name, meta })
    expect(result.ok).toBe(true)
    const [fileRow] = await db.select().from(activity).where(eq(activity.name, 'agency.imported'))
    expect(fileRow.targetName).not.toContain('\u0000')
    expect(fileRow.targetName?.length).toBeLessThanOrEqual(200)
  })

  it('importing the same file again creates no duplicates; a later file fills only empty fields', async () => {
    const actor = await actorWith('admin')
    const first = await importCsv({ ...request(actor, 'agencies', sampleCsv.agencies), mode: 'all', fileName: 'sample.csv', meta })
    expect(first).toMatchObject({ ok: true, counts: { created: 10, updated: 0, skipped: 0 } })
    const again = await importCsv({ ...request(actor, 'agencies', sampleCsv.agencies), mode: 'all', fileName: 'sample.csv', meta })
    expect(again).toMatchObject({ ok: true, counts: { created: 0, updated: 0, skipped: 10 } })
    expect(await agencyCount()).toBe(10)

    const changed = [
      'name,kind,country,city,phone,status',
      'winnipeg police service,federal,Canada,Somewhere else,+1 555 0100,partner',
      'Winnipeg Police Service,local,CA,,,',
    ].join('\n')
    const update = await importCsv({ ...request(actor, 'agencies', changed), mode: 'all', fileName: 'changed.csv', meta })
    expect(update).toMatchObject({ ok: true, counts: { created: 0, updated: 1, skipped: 1 } })
    const [winnipeg] = await db.select().from(agencies).where(eq(agencies.name, 'Winnipeg Police Service'))
    // Filled in: the empty phone. Kept: the city, kind and status that were already set.
    expect(winnipeg).toMatchObject({ city: 'Winnipeg', kind: 'local', status: 'prospect', phone: '+1 555 0100', version: 2 })
    expect(await agencyCount()).toBe(10)
    const [filled] = await db
      .select()
      .from(activity)
      .where(and(eq(activity.name, 'agency.updated'), eq(activity.agencyId, winnipeg.id)))
    expect(describeActivity(filled)).toBe(`${actor.name} changed phone from nothing to +1 555 0100 on Winnipeg Police Service`)
  })

  it('a lead importing a row outside their regions gets it reported, not written', async () => {
    const lead = await actorWith('outreach_lead', ['US'])
    const file = ['name,kind,country', 'National Crime Agency (NCA),national_police,GB', 'Texas Department of Public Safety,state,US'].join('\n')
    const report = await checkImport(request(lead, 'agencies', file))
    expect(report.problems).toEqual([
      {
        line: 2,
        column: 'country',
        value: 'GB',
        reason:
          'Outside your regions: United Kingdom is in Europe, Middle East and Africa (EMEA) and you import only into your regions (US). A lead of EMEA or the global head can import this row.',
      },
    ])
    expect(report.outsideRegions).toEqual({ rows: 1, regions: ['EMEA'] })
    expect(await importCsv({ ...request(lead, 'agencies', file), mode: 'all', fileName: 'a.csv', meta })).toMatchObject({ ok: false })
    expect(await agencyCount()).toBe(0)
    expect(await importCsv({ ...request(lead, 'agencies', file), mode: 'valid', fileName: 'a.csv', meta })).toMatchObject({ ok: true, counts: { created: 1 } })
    expect((await db.select({ regionCode: agencies.regionCode }).from(agencies)).map((row) => row.regionCode)).toEqual(['US'])
  })

  it('handles 10,000 rows in one pass and one transaction', async () => {
    const actor = await actorWith('admin')
    const lines = ['name,kind,country,city,tags']
    for (let index = 0; index < 10_000; index += 1) lines.push(`Synthetic Agency ${index},local,US,City ${index % 50},bulk`)
    const result = await importCsv({ ...request(actor, 'agencies', lines.join('\n')), mode: 'all', fileName: 'big.csv', meta })
    expect(result).toMatchObject({ ok: true, counts: { created: 10_000 } })
    expect(await agencyCount()).toBe(10_000)
    const again = await checkImport(request(actor, 'agencies', lines.join('\n')))
    expect(again.planned).toEqual({ created: 0, updated: 0, skipped: 10_000 })
  }, 60_000)

  it('an export, formula guard and all, imports back without duplicates', async () => {
    const actor = await actorWith('admin')
    const file = ['name,kind,country,notes', '"=HYPERLINK(""http://x.example"")",local,US,@risky', '-Dash Unit,local,US,'].join('\n')
    expect(await importCsv({ ...request(actor, 'agencies', file), mode: 'all', fileName: 'a.csv', meta })).toMatchObject({ ok: true, counts: { created: 2 } })
    const exported = await exportAgencies({ actor, filters: { sort: 'name' } as never, meta })
    expect(exported.body).toContain(`"'=HYPERLINK(""http://x.example"")"`)
    const back = await importCsv({ ...request(actor, 'agencies', exported.body), mode: 'all', fileName: 'export.csv', meta })
    expect(back).toMatchObject({ ok: true, counts: { created: 0, updated: 0, skipped: 2 } })
    expect(await agencyCount()).toBe(2)
  })
})

describe('importing contacts', () => {
  async function withSampleAgencies() {
    const admin = await actorWith('admin')
    await importCsv({ ...request(admin, 'agencies', sampleCsv.agencies), mode: 'all', fileName: 'sample.csv', meta })
    return admin
  }

  const bostonContacts = () =>
    db
      .select({ fullName: contacts.fullName, isPrimary: contacts.isPrimary })
      .from(contacts)
      .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
      .where(eq(agencies.name, 'Boston Police Department'))
      .orderBy(contacts.fullName)

  it('matches agencies by name and country, keeps one primary per agency, and re-imports without duplicates', async () => {
    const admin = await withSampleAgencies()
    const first = await importCsv({ ...request(admin, 'contacts', sampleCsv.contacts), mode: 'all', fileName: 'contacts.csv', meta })
    expect(first).toMatchObject({ ok: true, counts: { created: 11, updated: 0, skipped: 0 } })
    const again = await importCsv({
      ...request(admin, 'contacts', sampleCsv.contacts.replaceAll('@bpd.example', '@BPD.example')),
      mode: 'all',
      fileName: 'contacts.csv',
      meta,
    })
    expect(again).toMatchObject({ ok: true, counts: { created: 0, updated: 0, skipped: 11 } })
    expect(await contactCount()).toBe(11)
    expect(await bostonContacts()).toEqual([
      { fullName: 'Casey Placeholder', isPrimary: false },
      { fullName: 'Jordan Example', isPrimary: true },
    ])
    const [agency] = await db.select({ searchDocument: agencies.searchDocument }).from(agencies).where(eq(agencies.name, 'Boston Police Department'))
    expect(agency.searchDocument).toContain('Jordan Example')
    expect(await db.select({ name: activity.name, properties: activity.properties }).from(activity).where(eq(activity.name, 'contact.imported'))).toHaveLength(
      2,
    )
  })

  it('writes each created contact on its own and its agency’s timeline, in the import’s transaction', async () => {
    const admin = await withSampleAgencies()
    await importCsv({ ...request(admin, 'contacts', sampleCsv.contacts), mode: 'all', fileName: 'contacts.csv', meta })
    const created = await db.select().from(activity).where(eq(activity.name, 'contact.created'))
    expect(created).toHaveLength(11)
    const [jordan] = await db.select().from(contacts).where(eq(contacts.fullName, 'Jordan Example'))
    const entry = created.find((row) => row.contactId === jordan.id)!
    expect(entry).toMatchObject({
      agencyId: jordan.agencyId,
      actorId: admin.id,
      targetName: 'Jordan Example',
      properties: { agency: 'Boston Police Department', file: 'contacts.csv' },
    })
    expect(describeActivity(entry)).toBe(`${admin.name} created contact Jordan Example`)
    expect((await db.select().from(activity).where(isNotNull(activity.contactId))).every((row) => row.agencyId !== null)).toBe(true)
    // A file that fails as a whole writes no timeline either.
    const broken = `${sampleCsv.contacts}Boston Police Department,US,,,,not-an-email,,,,\n`
    expect(await importCsv({ ...request(admin, 'contacts', broken), mode: 'all', fileName: 'broken.csv', meta })).toMatchObject({ ok: false })
    expect(await db.select().from(activity).where(eq(activity.name, 'contact.created'))).toHaveLength(11)
  })

  it('a new primary contact from a file replaces the agency’s current one', async () => {
    const admin = await withSampleAgencies()
    await importCsv({ ...request(admin, 'contacts', sampleCsv.contacts), mode: 'all', fileName: 'contacts.csv', meta })
    const file = ['agency,agency_country,full_name,email,is_primary', 'Boston Police Department,US,Robin Newcomer,demo.robin@bpd.example,yes'].join('\n')
    expect(await importCsv({ ...request(admin, 'contacts', file), mode: 'all', fileName: 'more.csv', meta })).toMatchObject({
      ok: true,
      counts: { created: 1 },
    })
    expect(await bostonContacts()).toEqual([
      { fullName: 'Casey Placeholder', isPrimary: false },
      { fullName: 'Jordan Example', isPrimary: false },
      { fullName: 'Robin Newcomer', isPrimary: true },
    ])
  })

  it('contacts without an email are matched by agency and name on re-import', async () => {
    const admin = await withSampleAgencies()
    const file = ['agency,agency_country,full_name,title', 'Western Australia Police Force,AU,Riley Invented,Detective'].join('\n')
    await importCsv({ ...request(admin, 'contacts', file), mode: 'all', fileName: 'c.csv', meta })
    const withEmail = `${file},\n`.replace('full_name,title', 'full_name,title,email').replace('Detective,', 'Detective,riley.invented@wapol.example')
    expect(await importCsv({ ...request(admin, 'contacts', withEmail), mode: 'all', fileName: 'c.csv', meta })).toMatchObject({
      ok: true,
      counts: { created: 0, updated: 1 },
    })
    expect(await db.select({ email: contacts.email }).from(contacts)).toEqual([{ email: 'riley.invented@wapol.example' }])
  })

  it('reports unknown, ambiguous and out-of-region agencies and invalid values by line', async () => {
    await withSampleAgencies()
    const [berlin] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.countryCode, 'DE'))
    const lead = await actorWith('outreach_lead', ['US'])
    const file = [
      'agency,agency_country,agency_id,full_name,email,is_primary',
      'Boston Police Department,US,,Jordan Example,jordan.example@bpd.example,yes',
      'Polizei Berlin,DE,,Mara Beispiel,mara.beispiel@polizei-berlin.example,no',
      `,,${berlin.id},Mara Beispiel,mara.beispiel@polizei-berlin.example,no`,
      'Polizei Berlin,,,Mara Beispiel,mara.beispiel@polizei-berlin.example,no',
      'Boston Police Department,US,,,not-an-email,maybe',
    ].join('\n')
    const report = await checkImport(request(lead, 'contacts', file))
    expect(report).toMatchObject({ totalRows: 5, validRows: 1, badRows: 4, outsideRegions: { rows: 1, regions: ['EMEA'] } })
    expect(report.problems).toEqual([
      {
        line: 3,
        column: 'agency_country',
        value: 'DE',
        reason:
          'Outside your regions: Germany is in Europe, Middle East and Africa (EMEA) and you import only into your regions (US). A lead of EMEA or the global head can import this row.',
      },
      { line: 4, column: 'agency_id', value: berlin.id, reason: 'No agency with this id in your regions.' },
      { line: 5, column: 'agency', value: 'Polizei Berlin', reason: expect.stringMatching(/No agency called “Polizei Berlin” in your regions/) },
      { line: 6, column: 'is_primary', value: 'maybe', reason: 'Write yes or no.' },
      { line: 6, column: 'full_name', reason: 'Enter the full name.' },
      { line: 6, column: 'email', value: 'not-an-email', reason: 'Enter a valid email address.' },
    ])
    expect(await importCsv({ ...request(lead, 'contacts', file), mode: 'all', fileName: 'c.csv', meta })).toMatchObject({ ok: false, reason: 'has_problems' })
    expect(await contactCount()).toBe(0)
    expect(await importCsv({ ...request(lead, 'contacts', file), mode: 'valid', fileName: 'c.csv', meta })).toMatchObject({ ok: true, counts: { created: 1 } })
    expect(await contactCount()).toBe(1)
  })
})

describe('the sample files', () => {
  it('hold agencies of every region, and each person downloads the rows of their regions', async () => {
    const rowsOf = (text: string) => parsed(text).rows.length
    expect(rowsOf(sampleCsv.agencies)).toBe(10)
    const admin = await actorWith('admin')
    expect(sampleCsvFor('agencies', admin)).toBe(sampleCsv.agencies)
    const usLead = await actorWith('outreach_lead', ['US'])
    const usSample = sampleCsvFor('agencies', usLead)
    expect(parsed(usSample).rows.map((row) => row.cells[0])).toEqual(['Boston Police Department', "Maricopa County Sheriff's Office"])
    const twoRegions = await actorWith('outreach_lead', ['EMEA', 'APAC'])
    expect(parsed(sampleCsvFor('agencies', twoRegions)).rows.map((row) => row.cells[2])).toEqual(['DE', 'Sweden', 'AU', 'MY'])
    // Countries written as names count too; the header is kept, quoting survives.
    const canada = parsed(sampleCsvFor('agencies', await actorWith('outreach_lead', ['CA'])))
    expect(canada.headers).toEqual(parsed(sampleCsv.agencies).headers)
    expect(canada.rows.map((row) => row.cells[0])).toEqual(['Winnipeg Police Service', 'Halifax Regional Police'])
    expect(parsed(sampleCsvFor('agencies', twoRegions)).rows[1].cells[11]).toBe('Met at a regional conference; follow up on training.')
  })

  it('import cleanly for a lead, agencies then contacts, and again without duplicates', async () => {
    for (const region of regionCodes) {
      const lead = await actorWith('outreach_lead', [region])
      const agencyReport = await checkImport(request(lead, 'agencies', sampleCsvFor('agencies', lead)))
      expect(agencyReport, region).toMatchObject({ badRows: 0, outsideRegions: { rows: 0 } })
      expect(agencyReport.totalRows).toBeGreaterThanOrEqual(2)
      expect(await importCsv({ ...request(lead, 'agencies', sampleCsvFor('agencies', lead)), mode: 'all', fileName: 'agencies.csv', meta })).toMatchObject({
        ok: true,
      })
      const contactResult = await importCsv({ ...request(lead, 'contacts', sampleCsvFor('contacts', lead)), mode: 'all', fileName: 'contacts.csv', meta })
      expect(contactResult, region).toMatchObject({ ok: true, report: { badRows: 0 } })
      expect(await importCsv({ ...request(lead, 'contacts', sampleCsvFor('contacts', lead)), mode: 'all', fileName: 'contacts.csv', meta })).toMatchObject({
        ok: true,
        counts: { created: 0 },
      })
    }
    expect(await agencyCount()).toBe(10)
    expect(await contactCount()).toBe(11)
    // Every sample contact is fictional: a demo. address at an .example domain.
    expect((await db.select({ email: contacts.email }).from(contacts)).every((row) => /^demo\.[a-z.]+@[a-z-]+\.example$/.test(row.email ?? ''))).toBe(true)
  })
})
