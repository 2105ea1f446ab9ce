import { count } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, agencies } from '#db/schema'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import type { ImportReport } from '~/modules/imports/import-schema'
import { sampleCsv } from '~/modules/imports/imports.server'
import { action, loader } from './import'
import { loader as sampleLoader } from './import.sample.$kind'

type Step = {
  step: 'upload' | 'map' | 'review' | 'done'
  error?: string | null
  kind?: string
  fileName?: string
  packedCsv?: string
  headers?: string[]
  mapping?: (string | null)[]
  report?: ImportReport
  counts?: { created: number; updated: number; skipped: number }
}

/** A multipart upload, as the browser sends the first step's form. */
function upload(cookie: string, file: File | null, kind = 'agencies') {
  const body = new FormData()
  body.set('intent', 'upload')
  body.set('kind', kind)
  if (file) body.set('file', file)
  return new Request('http://localhost:3000/import', { method: 'POST', body, headers: { Cookie: cookie } })
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

async function signedIn(role: 'admin' | 'outreach_lead' | 'officer' = 'outreach_lead') {
  const user = await createUser({ role, regions: role === 'outreach_lead' ? ['US'] : [] })
  return { user, cookie: (await signInAs(user)).cookie }
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
    expect(mapped).toMatchObject({ step: 'map', kind: 'agencies', fileName: 'sample-agencies.csv', headers: expect.arrayContaining(['name', 'kind', 'country']) })
    expect(mapped.mapping).toEqual(mapped.headers)
    expect(await agencyCount()).toBe(0)

    const reviewed = dataOf<Step>(await call(action, nextStep(cookie, mapped, 'check')))
    expect(reviewed.step).toBe('review')
    // The lead works in the US: the Canadian, British, Brazilian and Australian rows are refused.
    expect(reviewed.report).toMatchObject({ totalRows: 5, validRows: 1, badRows: 4, planned: { created: 1 } })
    expect(reviewed.report!.problems.map((problem) => [problem.line, problem.column])).toEqual([
      [3, 'country'],
      [4, 'country'],
      [5, 'country'],
      [6, 'country'],
    ])
    expect(reviewed.report!.problems[1].reason).toMatch(/EMEA; you can import only in your regions \(US\)/)

    const refused = await call(action, nextStep(cookie, reviewed, 'import-all'))
    expect(statusOf(refused)).toBe(400)
    expect(dataOf<Step>(refused)).toMatchObject({ step: 'review', error: expect.stringMatching(/Nothing was imported/) })
    expect(await agencyCount()).toBe(0)

    const done = dataOf<Step>(await call(action, nextStep(cookie, reviewed, 'import-valid')))
    expect(done).toMatchObject({ step: 'done', counts: { created: 1, updated: 0, skipped: 0 } })
    expect(await db.select({ name: agencies.name, regionCode: agencies.regionCode }).from(agencies)).toEqual([{ name: 'Federal Bureau of Investigation (FBI)', regionCode: 'US' }])
    const [logged] = await db.select().from(activity)
    expect(logged).toMatchObject({ name: 'agency.imported', actorId: user.id, ip: '203.0.113.10', properties: expect.objectContaining({ count: 1 }) })

    // The same file again: nothing new.
    const repeated = dataOf<Step>(await call(action, nextStep(cookie, reviewed, 'import-valid')))
    expect(repeated).toMatchObject({ step: 'done', counts: { created: 0, updated: 0, skipped: 1 } })
    expect(await agencyCount()).toBe(1)
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
    const oversizedBody = new Request('http://localhost:3000/import', { method: 'POST', body: 'x', headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(20 * 1024 * 1024) } })
    expect(dataOf<Step>(await call(action, oversizedBody))).toMatchObject({ step: 'upload', error: expect.stringMatching(/larger than 5 MB/) })
    const garbled = new Request('http://localhost:3000/import', { method: 'POST', body: '--x\r\nnonsense', headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=x' } })
    expect(statusOf(await call(action, garbled))).toBe(400)

    expect(dataOf<Step>(await call(action, upload(cookie, new File([sampleCsv.agencies], 'a.csv'), 'officers')))).toMatchObject({ error: expect.stringMatching(/agencies or contacts/) })
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
    expect(dataOf<Step>(await call(action, nextStep(cookie, agenciesMapped, 'import-all')))).toMatchObject({ step: 'done', counts: { created: 5 } })
    const contactsMapped = dataOf<Step>(await call(action, upload(cookie, new File([sampleCsv.contacts], 'c.csv'), 'contacts')))
    expect(contactsMapped.mapping).toEqual(['agency', 'agency_country', 'full_name', 'title', 'unit', 'email', 'phone', 'preferred_language', 'is_primary', 'notes'])
    expect(dataOf<Step>(await call(action, nextStep(cookie, contactsMapped, 'import-all')))).toMatchObject({ step: 'done', counts: { created: 5 } })
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
    expect(statusOf(await call(sampleLoader, makeRequest('/import/sample/users', { cookie }), { kind: 'users' }))).toBe(404)
    const officer = await signedIn('officer')
    expect(statusOf(await call(sampleLoader, makeRequest('/import/sample/agencies', { cookie: officer.cookie }), { kind: 'agencies' }))).toBe(403)
  })
})
