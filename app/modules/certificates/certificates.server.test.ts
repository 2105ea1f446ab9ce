import { and, eq } from 'drizzle-orm'
import { PDFDocument } from 'pdf-lib'
import { describe, expect, it, vi } from 'vitest'
import { activity, certificates, users } from '#db/schema'
import { actorFor, createAgency, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import {
  addMonthsUtc,
  CODE_ALPHABET,
  findValidCertificate,
  formatCertificateCode,
  generateCertificateCode,
  getCertificateByCode,
  issueCertificate,
  normalizeCertificateCode,
  renderCertificatePdf,
  revokeCertificate,
} from './certificates.server'

const module = { slug: 'emergency-requests', version: 1, title: 'Emergency requests', certificateValidityMonths: 24 }

async function holderWithAgency(name = 'Det. Ana Ruiz') {
  const agency = await createAgency({ name: 'Policía Nacional de Colombia', countryCode: 'CO' })
  const user = await createUser({ role: 'officer', name })
  await db.update(users).set({ agencyId: agency.id }).where(eq(users.id, user.id))
  return { user, agency }
}

async function issueFor(
  holder: { id: string; name: string },
  agencyName: string | null = 'Policía Nacional de Colombia',
  overrides: Partial<typeof module> = {},
) {
  return db.transaction((tx) =>
    issueCertificate(tx, { holder: { id: holder.id, name: holder.name, agencyName }, module: { ...module, ...overrides }, score: 90 }),
  )
}

describe('certificate codes', () => {
  it('draws 10 characters from the unambiguous alphabet, all different', () => {
    const codes = Array.from({ length: 500 }, () => generateCertificateCode())
    for (const code of codes) expect(code).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{10}$/)
    expect(new Set(codes).size).toBe(codes.length)
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/)
  })

  it('reads a code however it is typed, and refuses what cannot be one', () => {
    expect(normalizeCertificateCode('abcde-23456')).toBe('ABCDE23456')
    expect(normalizeCertificateCode(' ABCDE 23456 ')).toBe('ABCDE23456')
    expect(normalizeCertificateCode('ABCDE23456')).toBe('ABCDE23456')
    for (const bad of ['', 'ABCDE2345', 'ABCDE234567', 'ABCDO23456', 'ABCD1-23456', "x' or 1=1 --", 'A'.repeat(500)])
      expect(normalizeCertificateCode(bad), bad).toBeNull()
    expect(formatCertificateCode('ABCDE23456')).toBe('ABCDE-23456')
  })

  it('adds calendar months in UTC, keeping to the end of shorter months', () => {
    expect(addMonthsUtc(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z')
    expect(addMonthsUtc(new Date('2026-03-15T10:00:00Z'), 24).toISOString()).toBe('2028-03-15T10:00:00.000Z')
    expect(addMonthsUtc(new Date('2027-11-30T23:30:00Z'), 3).toISOString()).toBe('2028-02-29T23:30:00.000Z')
  })
})

describe('issueCertificate and getCertificateByCode', () => {
  it('issues with an expiry of the validity months and snapshots, and verifies by code', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-05-10T08:00:00Z'))
    const { user } = await holderWithAgency()
    const issued = await issueFor(user)
    expect(issued.expiresAt.toISOString()).toBe('2028-05-10T08:00:00.000Z')
    // The snapshot does not follow later renames.
    await db.update(users).set({ name: 'Someone Else' }).where(eq(users.id, user.id))
    const found = await getCertificateByCode(issued.displayCode.toLowerCase())
    expect(found).toMatchObject({
      code: issued.code,
      displayCode: formatCertificateCode(issued.code),
      holder: 'Det. Ana Ruiz',
      agency: 'Policía Nacional de Colombia',
      module: 'Emergency requests',
      version: 1,
      status: 'valid',
      revokedAt: null,
    })
    expect(found!.issuedAt.toISOString()).toBe('2026-05-10T08:00:00.000Z')
    expect(await getCertificateByCode(issued.code)).not.toBeNull()
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'certificate.issued'))
    expect(logged).toMatchObject({ userId: user.id, properties: expect.objectContaining({ code: issued.code, version: 1 }) })
  })

  it('dates a certificate from the completion it attests when that came earlier', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-08-20T12:00:00Z'))
    const { user } = await holderWithAgency()
    const completedAt = new Date('2026-02-03T09:15:00Z')
    const issued = await db.transaction((tx) =>
      issueCertificate(tx, { holder: { id: user.id, name: user.name, agencyName: null }, module, score: 85, completedAt }),
    )
    expect(issued).toMatchObject({ issuedAt: completedAt, expiresAt: new Date('2028-02-03T09:15:00Z'), status: 'valid' })
    const [logged] = await db.select().from(activity).where(eq(activity.name, 'certificate.issued'))
    expect(logged).toMatchObject({
      actorId: user.id,
      properties: expect.objectContaining({ issuedAt: '2026-02-03T09:15:00.000Z', expiresAt: '2028-02-03T09:15:00.000Z' }),
    })
  })

  it('finds no certificate for an unknown or malformed code', async () => {
    expect(await getCertificateByCode('ABCDE-23456')).toBeNull()
    expect(await getCertificateByCode('not a code')).toBeNull()
  })

  it('says expired once the validity has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
    const { user } = await holderWithAgency()
    const issued = await issueFor(user, null, { certificateValidityMonths: 12 })
    vi.setSystemTime(new Date('2026-12-31T23:59:00Z'))
    expect((await getCertificateByCode(issued.code))!.status).toBe('valid')
    expect(await findValidCertificate({ userId: user.id, moduleSlug: module.slug })).not.toBeNull()
    vi.setSystemTime(new Date('2027-01-01T00:00:01Z'))
    expect((await getCertificateByCode(issued.code))!.status).toBe('expired')
    expect(await findValidCertificate({ userId: user.id, moduleSlug: module.slug })).toBeNull()
  })
})

describe('revokeCertificate', () => {
  it('is for admins and the global head, keeps the reason and logs it', async () => {
    const { user } = await holderWithAgency()
    const issued = await issueFor(user)
    const lead = actorFor(await createUser({ role: 'outreach_lead', regions: ['LATAM'] }), ['LATAM'])
    expect(await revokeCertificate({ actor: lead, code: issued.code, reason: 'No', meta: testMeta })).toEqual({ ok: false, reason: 'forbidden' })
    const officerActor = actorFor(user)
    expect((await revokeCertificate({ actor: officerActor, code: issued.code, reason: 'No' })).ok).toBe(false)

    const head = actorFor(await createUser({ role: 'global_head', name: 'Head of Outreach' }))
    expect(await revokeCertificate({ actor: head, code: 'ABCDE-23456', reason: 'Left the agency' })).toEqual({ ok: false, reason: 'not_found' })
    expect(await revokeCertificate({ actor: head, code: issued.code, reason: '   ' })).toEqual({ ok: false, reason: 'reason_required' })
    const revoked = await revokeCertificate({ actor: head, code: issued.displayCode.toLowerCase(), reason: ' Left the agency ', meta: testMeta })
    expect(revoked.ok).toBe(true)
    const found = await getCertificateByCode(issued.code)
    expect(found).toMatchObject({ status: 'revoked', revokedReason: 'Left the agency' })
    expect(found!.revokedAt).toBeInstanceOf(Date)
    expect(await findValidCertificate({ userId: user.id, moduleSlug: module.slug })).toBeNull()
    const [logged] = await db
      .select()
      .from(activity)
      .where(and(eq(activity.name, 'certificate.revoked'), eq(activity.userId, user.id)))
    expect(logged).toMatchObject({
      actorName: 'Head of Outreach',
      ip: testMeta.ip,
      properties: expect.objectContaining({ code: issued.code, reason: 'Left the agency' }),
    })

    const admin = actorFor(await createUser({ role: 'admin' }))
    expect(await revokeCertificate({ actor: admin, code: issued.code, reason: 'Again' })).toEqual({ ok: false, reason: 'already_revoked' })
    const [row] = await db.select().from(certificates).where(eq(certificates.code, issued.code))
    expect(row.revokedReason).toBe('Left the agency')
  })
})

describe('renderCertificatePdf', () => {
  it('renders an A4 landscape PDF that carries the code and the verification address', async () => {
    const { user } = await holderWithAgency()
    const issued = await issueFor(user)
    const url = `http://localhost:3000/certificates/${issued.code}`
    const bytes = await renderCertificatePdf(issued, url)
    const text = Buffer.from(bytes).toString('latin1')
    expect(text.startsWith('%PDF')).toBe(true)
    expect(text).toContain(issued.code)
    expect(text).toContain(url)
    const parsed = await PDFDocument.load(bytes)
    expect(parsed.getPageCount()).toBe(1)
    const { width, height } = parsed.getPage(0).getSize()
    expect(Math.round(width)).toBe(842)
    expect(Math.round(height)).toBe(595)
    expect(parsed.getTitle()).toBe(`Certificate ${issued.displayCode}`)
  })

  it('never fails on names the standard fonts cannot write', async () => {
    const user = await createUser({ role: 'officer', name: '王小明 Łukasz Żółć' })
    const issued = await issueFor(user, 'Полиция — 東京')
    const bytes = await renderCertificatePdf(issued, `http://localhost:3000/certificates/${issued.code}`)
    expect(Buffer.from(bytes.slice(0, 4)).toString()).toBe('%PDF')
  })
})
