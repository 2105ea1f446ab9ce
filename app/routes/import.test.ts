import { asc, count } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, agencies } from '#db/schema'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import type { ImportReport } from '~/modules/imports/import-schema'
import { sampleCsv } from '~/modules/imports/imports.server'
import { action, loader } from './import'
import { loader as sampleLoader } from './import.sample.$kind'
import { action as uploadAction } from './import.upload'

type Step = {
  step: 'upload' | 'map' | 'review' | 'done'
  rowCount?: number
  error?: string | null
  kind?: string
  fileName?: string
  packedCsv?: string
  headers?: string[]
  mapping?: (string | null)[]
  report?: ImportReport & { outsideRegions: { rows: number; regions: string[] } }
  counts?: { created: number; updated: number; skipped: number }
}

/** A multipart upload, as the browser sends the first step's form (to /import, or /import/upload with progress). */
function upload(cookie: string, file: File | null, kind = 'agencies', path = '/import') {
  const body = new FormData()
  body.set('intent', 'upload')
  body.set('kind', kind)
  if (file) body.set('file', file)
  return new Request(`http://localhost:3000${path}`, { method: 'POST', body, headers: { Cookie: cookie } })
}

/** The later steps' form: the carried file, the chosen mapping, and the button pressed. */
function nextStep(cookie: string, previous: Step, intent: string, mapping = previous.mapping ?? []) {
  const form: Record<string, string> = { intent, kind: previous.kind!, fileName: previous.fileName!, packedCsv: previous.packedCsv! }
  mapping.forEach((field, index) => {
    if (field) form[`column-${index}`] = field
  })
  return makeRequest('/import', { cookie, form })
}

async function agencyCount() {
  const [{ total }] = await db.select({ total: count() }).from(agencies)
  return total
}

async function signedIn(role: 'admin' | 'outreach_lead' | 'officer' = 'outreach_lead', regions: ('US' | 'EMEA')[] = ['US']) {
  const user = await createUser({ role, regions: role === 'outreach_lead' ? regions : [] })
  return { user, cookie: (await signInAs(user)).cookie }
}

async function downloadedSample(cookie: string, kind: 'agencies' | 'contacts') {
  const response = (await call(sampleLoader, makeRequest(`/import/sample/${kind}.csv`, { cookie }), { kind: `${kind}.csv` })) as Response
  return response.text()
}

describe('/import', () => {
  it('is for staff: officers get 403, visitors are sent to sign in', async () => {
    const { cookie } = await signedIn('officer')
    expect(statusOf(await call(loader, makeRequest('/import', { cookie })))).toBe(403)
    expect(statusOf(await call(action, upload(cookie, new File([sampleCsv.agencies], 'a.csv'))))).toBe(403)
    const anonymous = (await call(loader, makeRequest('/import'))) as Response
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=%2Fimport/)
  })

  it('upload → guessed mapping → every row checked → "import all" refused → valid rows imported', async () => {
    const { user, cookie } = await signedIn('outreach_lead')
    const mapped = dataOf<Step>(await call(action, upload(cookie, new File([sampleCsv.agencies], 'sample-agencies.csv', { type: 'text/csv' }))))
    expect(mapped).toMatchObject({
      step: 'map',
      kind: 'agencies',
      fileName: 'sample-agencies.csv',
      headers: expect.arrayContaining(['name', 'kind', 'country']),
    })
    expect(mapped.mapping).toEqual(mapped.headers)
    expect(await agencyCount()).toBe(0)

    const reviewed = dataOf<Step>(await call(action, nextStep(cookie, mapped, 'check')))
    expect(reviewed.step).toBe('review')
    // The whole sample holds every region; the lead works in the US: the other eight rows are refused, and said so.
    expect(reviewed.report).toMatchObject({
      totalRows: 10,
      validRows: 2,
      badRows: 8,
      planned: { created: 2 },
      outsideRegions: { rows: 8, regions: ['CA', 'LATAM', 'EMEA', 'APAC'] },
    })
    expect(reviewed.report!.problems.map((problem) => [problem.line, problem.column])).toEqual([4, 5, 6, 7, 8, 9, 10, 11].map((line) => [line, 'country']))
    expect(reviewed.report!.problems[4].reason).toBe(
      'Outside your regions: Germany is in Europe, Middle East and Africa (EMEA) and you import only into your regions (US). A lead of EMEA or the global head can import this row.',
    )

    const refused = await call(action, nextStep(cookie, reviewed, 'import-all'))
    expect(statusOf(refused)).toBe(400)
    expect(dataOf<Step>(refused)).toMatchObject({ step: 'review', error: expect.stringMatching(/Nothing was imported/) })
    expect(await agencyCount()).toBe(0)

    const done = dataOf<Step>(await call(action, nextStep(cookie, reviewed, 'import-valid')))
    expect(done).toMatchObject({ step: 'done', counts: { created: 2, updated: 0, skipped: 0 } })
    expect(await db.select({ name: agencies.name, regionCode: agencies.regionCode }).from(agencies).orderBy(asc(agencies.name))).toEqual([
      { name: 'Boston Police Department', regionCode: 'US' },
      { name: "Maricopa County Sheriff's Office", regionCode: 'US' },
    ])
    const logged = await db.select().from(activity).orderBy(asc(activity.id))
    expect(logged.map((row) => row.name)).toEqual(['agency.created', 'agency.created', 'agency.imported'])
    expect(logged[2]).toMatchObject({ actorId: user.id, ip: '203.0.113.10', properties: expect.objectContaining({ count: 2 }) })

    // The same file again: nothing new.
    const repeated = dataOf<Step>(await call(action, nextStep(cookie, reviewed, 'import-valid')))
    expect(repeated).toMatchObject({ step: 'done', counts: { created: 0, updated: 0, skipped: 2 } })
    expect(await agencyCount()).toBe(2)
  })

  it('the sample as a lead downloads it, plus one bad row: the report names that row only', async () => {
    const { cookie } = await signedIn('outreach_lead', ['EMEA'])
    const sample = await downloadedSample(cookie, 'agencies')
    const file = `${sample}Broken Row Agency,spaceship,DE,Berlin,Berlin,,,,prospect,2,,\n`
    const mapped = dataOf<Step>(await call(action, upload(cookie, new File([file], 'agencies.csv', { type: 'text/csv' }))))
    const reviewed = dataOf<Step>(await call(action, nextStep(cookie, mapped, 'check')))
    expect(reviewed.report).toMatchObject({ totalRows: 3, validRows: 2, badRows: 1, outsideRegions: { rows: 0 } })
    expect(reviewed.report!.problems).toEqual([{ line: 4, column: 'kind', value: 'spaceship', reason: expect.stringMatching(/Unknown kind/) }])
    expect(dataOf<Step>(await call(action, nextStep(cookie, reviewed, 'import-valid')))).toMatchObject({ step: 'done', counts: { created: 2 } })
    // The contacts sample then finds its agencies.
    const contactsMapped = dataOf<Step>(await call(action, upload(cookie, new File([await downloadedSample(cookie, 'contacts')], 'contacts.csv'), 'contacts')))
    expect(dataOf<Step>(await call(action, nextStep(cookie, contactsMapped, 'import-all')))).toMatchObject({ step: 'done', counts: { created: 2 } })
  })

  it('answers bad files and tampered steps with a message and a 400, never a 500', async () => {
    const { cookie } = await signedIn('admin')
    const cases: [File | null, RegExp][] = [
      [null, /Choose a CSV file/],
      [new File([], 'empty.csv'), /empty/],
      [new File(['x'.repeat(5 * 1024 * 1024 + 10)], 'big.csv'), /larger than 5 MB/],
      [new File(['PK\u0003\u0004'], 'book.xlsx'), /spreadsheet/],
      [new File(['hello'], 'photo.png', { type: 'image/png' }), /not a CSV file/],
      [new File(['name,kind\n"FBI,federal\n'], 'broken.csv'), /could not be read as CSV/],
      [new File(['name,kind,country\n'], 'header-only.csv'), /no rows/],
    ]
    for (const [file, message] of cases) {
      const response = await call(action, upload(cookie, file))
      expect(statusOf(response), String(message)).toBe(400)
      expect(dataOf<Step>(response)).toMatchObject({ step: 'upload', error: expect.stringMatching(message) })
    }
    const oversizedBody = new Request('http://localhost:3000/import', {
      method: 'POST',
      body: 'x',
      headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(20 * 1024 * 1024) },
    })
    expect(dataOf<Step>(await call(action, oversizedBody))).toMatchObject({ step: 'upload', error: expect.stringMatching(/larger than 5 MB/) })
    const garbled = new Request('http://localhost:3000/import', {
      method: 'POST',
      body: '--x\r\nnonsense',
      headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x' },
    })
    expect(statusOf(await call(action, garbled))).toBe(400)

    expect(dataOf<Step>(await call(action, upload(cookie, new File([sampleCsv.agencies], 'a.csv'), 'officers')))).toMatchObject({
      error: expect.stringMatching(/agencies or contacts/),
    })
    const tampered = await call(action, makeRequest('/import', { cookie, form: { intent: 'check', kind: 'agencies', packedCsv: 'AAAA', 'column-0': 'name' } }))
    expect(dataOf<Step>(tampered)).toMatchObject({ step: 'upload', error: expect.stringMatching(/Upload it again/) })

    const mapped = dataOf<Step>(await call(action, upload(cookie, new File([sampleCsv.agencies], 'a.csv'))))
    const twice = await call(action, nextStep(cookie, mapped, 'check', ['name', 'name', 'country']))
    expect(statusOf(twice)).toBe(400)
    expect(dataOf<Step>(twice)).toMatchObject({ step: 'map', error: expect.stringMatching(/more than one column/) })
    const missing = await call(action, nextStep(cookie, mapped, 'check', ['name']))
    expect(dataOf<Step>(missing)).toMatchObject({ step: 'map', error: expect.stringMatching(/Choose a column for Kind/) })
    expect(await agencyCount()).toBe(0)
  })

  it('imports contacts against the agencies already there, in one step per page', async () => {
    const { cookie } = await signedIn('admin')
    const agenciesMapped = dataOf<Step>(await call(action, upload(cookie, new File([sampleCsv.agencies], 'a.csv'))))
    expect(dataOf<Step>(await call(action, nextStep(cookie, agenciesMapped, 'import-all')))).toMatchObject({ step: 'done', counts: { created: 10 } })
    const contactsMapped = dataOf<Step>(await call(action, upload(cookie, new File([sampleCsv.contacts], 'c.csv'), 'contacts')))
    expect(contactsMapped.mapping).toEqual([
      'agency',
      'agency_country',
      'full_name',
      'title',
      'unit',
      'email',
      'phone',
      'preferred_language',
      'is_primary',
      'notes',
    ])
    expect(dataOf<Step>(await call(action, nextStep(cookie, contactsMapped, 'import-all')))).toMatchObject({ step: 'done', counts: { created: 11 } })
  })

  it('preselects what /import?kind= names, and ignores anything else', async () => {
    const { cookie } = await signedIn()
    expect(await call(loader, makeRequest('/import?kind=contacts', { cookie }))).toEqual({ regions: ['US'], kind: 'contacts' })
    expect(await call(loader, makeRequest('/import?kind=agencies', { cookie }))).toMatchObject({ kind: 'agencies' })
    expect(await call(loader, makeRequest('/import?kind=officers', { cookie }))).toMatchObject({ kind: null })
    expect(await call(loader, makeRequest('/import', { cookie }))).toMatchObject({ kind: null })
  })
})

describe('/import/upload', () => {
  it('answers the upload the page sends with progress as JSON: the mapping step, or the problem', async () => {
    const { cookie } = await signedIn()
    const response = (await call(
      uploadAction,
      upload(cookie, new File([sampleCsv.contacts], 'contacts.csv', { type: 'text/csv' }), 'contacts', '/import/upload'),
    )) as Response
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
    const step = (await response.json()) as Step
    expect(step).toMatchObject({ step: 'map', kind: 'contacts', fileName: 'contacts.csv', rowCount: 11, error: null })
    // The next step goes through the page's own action, as after an upload without JavaScript.
    const reviewed = dataOf<Step>(await call(action, nextStep(cookie, step, 'check')))
    expect(reviewed).toMatchObject({ step: 'review', report: { totalRows: 11 } })

    const bad = (await call(uploadAction, upload(cookie, new File(['PK\u0003\u0004'], 'book.xlsx'), 'agencies', '/import/upload'))) as Response
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ step: 'upload', error: expect.stringMatching(/spreadsheet/), kind: 'agencies' })
    const noKind = (await call(uploadAction, upload(cookie, new File(['a'], 'a.csv'), 'officers', '/import/upload'))) as Response
    expect(await noKind.json()).toMatchObject({ step: 'upload', error: expect.stringMatching(/agencies or contacts/), kind: null })
    const tooBig = new Request('http://localhost:3000/import/upload', {
      method: 'POST',
      body: 'x',
      headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(20 * 1024 * 1024) },
    })
    expect(await ((await call(uploadAction, tooBig)) as Response).json()).toMatchObject({ error: expect.stringMatching(/larger than 5 MB/) })
  })

  it('is for staff only', async () => {
    const officer = await signedIn('officer')
    expect(statusOf(await call(uploadAction, upload(officer.cookie, new File([sampleCsv.agencies], 'a.csv'), 'agencies', '/import/upload')))).toBe(403)
    const anonymous = (await call(uploadAction, upload('', new File([sampleCsv.agencies], 'a.csv'), 'agencies', '/import/upload'))) as Response
    expect(anonymous.status).toBe(302)
  })
})

describe('/import/sample/:kind', () => {
  it('downloads the sample files as CSV attachments', async () => {
    const { cookie } = await signedIn()
    for (const kind of ['agencies', 'contacts.csv']) {
      const response = (await call(sampleLoader, makeRequest(`/import/sample/${kind}`, { cookie }), { kind })) as Response
      expect(response.status).toBe(200)
      expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
      expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="liaison-sample-(agencies|contacts)\.csv"$/)
      expect((await response.text()).split('\n').length).toBeGreaterThan(3)
    }
    // A US lead gets the US rows only: every one of them importable by them.
    const usRows = (await downloadedSample(cookie, 'agencies')).trim().split('\n').slice(1)
    expect(usRows.map((row) => row.split(',')[2])).toEqual(['US', 'US'])
    const head = await createUser({ role: 'global_head' })
    expect((await downloadedSample((await signInAs(head)).cookie, 'agencies')).trim().split('\n')).toHaveLength(11)
    expect(statusOf(await call(sampleLoader, makeRequest('/import/sample/users', { cookie }), { kind: 'users' }))).toBe(404)
    const officer = await signedIn('officer')
    expect(statusOf(await call(sampleLoader, makeRequest('/import/sample/agencies', { cookie: officer.cookie }), { kind: 'agencies' }))).toBe(403)
  })
})
