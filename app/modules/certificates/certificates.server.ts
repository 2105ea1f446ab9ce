import { randomBytes } from 'node:crypto'
import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import { PDFDict, PDFDocument, PDFName, PDFString, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib'
import { certificates } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { getContentLibrary } from '~/lib/content/compile.server'
import { db, type Executor } from '~/lib/db.server'
import { env } from '~/lib/env.server'
import { A4_LANDSCAPE, pdfAccent as accent, pdfInk as ink, pdfMuted as muted, printable } from '~/lib/pdf.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity, type Actor } from '~/modules/activity/activity.server'

/**
 * Verifiable training certificates. The short public code is all a verifier needs: it is
 * random (50 bits), so codes cannot be guessed or enumerated, and it uses an alphabet without
 * look-alike characters (no 0/O, no 1/I) so that it can be read out over the phone.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const CODE_LENGTH = 10
const codePattern = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`)

export type CertificateStatus = 'valid' | 'expired' | 'revoked'

/** A fresh random code (stored without its dash). 32 symbols divide 256: no modulo bias. */
export function generateCertificateCode() {
  return [...randomBytes(CODE_LENGTH)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('')
}

/** What someone typed ("abcde-23456", " ABCDE 23456 ") as a stored code, or null. */
export function normalizeCertificateCode(input: string | null | undefined): string | null {
  if (typeof input !== 'string' || input.length > 40) return null
  const compact = input.toUpperCase().replace(/[\s-]/g, '')
  return codePattern.test(compact) ? compact : null
}

/** XXXXX-XXXXX, as printed and shown. */
export function formatCertificateCode(code: string) {
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** `months` calendar months later, in UTC; the 31st becomes the month's last day when needed. */
export function addMonthsUtc(moment: Date, months: number) {
  const target = new Date(moment.getTime())
  const day = moment.getUTCDate()
  target.setUTCDate(1)
  target.setUTCMonth(target.getUTCMonth() + months)
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(day, lastDay))
  return target
}

type CertificateRow = typeof certificates.$inferSelect

export function certificateStatus(row: Pick<CertificateRow, 'revokedAt' | 'expiresAt'>, at: Date = now()): CertificateStatus {
  if (row.revokedAt) return 'revoked'
  return row.expiresAt.getTime() <= at.getTime() ? 'expired' : 'valid'
}

/** The public face of a certificate: what a verifier sees (no user id, no score). */
export type CertificateView = {
  code: string
  displayCode: string
  holder: string
  agency: string | null
  module: string
  moduleSlug: string
  version: number
  issuedAt: Date
  expiresAt: Date
  revokedAt: Date | null
  revokedReason: string | null
  status: CertificateStatus
}

export function certificateView(row: CertificateRow, at: Date = now()): CertificateView {
  return {
    code: row.code,
    displayCode: formatCertificateCode(row.code),
    holder: row.holderName,
    agency: row.agencyName,
    module: row.moduleTitle,
    moduleSlug: row.moduleSlug,
    version: row.moduleVersion,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    revokedReason: row.revokedReason,
    status: certificateStatus(row, at),
  }
}

export type IssueCertificateInput = {
  holder: { id: string; name: string; agencyName: string | null }
  module: { slug: string; version: number; title: string; certificateValidityMonths: number }
  score: number
  /**
   * When the module was completed (the passing attempt), from which the certificate's issue and
   * expiry dates run. Now by default: the pass itself. Earlier for a pass made while the
   * officer's account waited for verification, so that waiting does not lengthen the validity.
   */
  completedAt?: Date
  /** Who the activity names: the holder by default (the log reads "… received a certificate"). */
  actor?: Actor
  meta?: RequestMeta
}

/**
 * Issues a certificate inside the caller's transaction (the pass that earns it, or the
 * verification that releases it), with its activity row. The holder's name, agency and the
 * module's title are copied so that the certificate reads the same after any of them changes.
 */
export async function issueCertificate(executor: Executor, input: IssueCertificateInput) {
  const issuedAt = input.completedAt ?? now()
  const expiresAt = addMonthsUtc(issuedAt, input.module.certificateValidityMonths)
  for (let tries = 0; tries < 5; tries += 1) {
    const [row] = await executor
      .insert(certificates)
      .values({
        code: generateCertificateCode(),
        userId: input.holder.id,
        moduleSlug: input.module.slug,
        moduleVersion: input.module.version,
        moduleTitle: input.module.title,
        holderName: input.holder.name,
        agencyName: input.holder.agencyName,
        score: input.score,
        issuedAt,
        expiresAt,
      })
      // A code collision (one in 2^50 per pair) simply draws another code.
      .onConflictDoNothing({ target: certificates.code })
      .returning()
    if (!row) continue
    await logActivity(executor, {
      name: 'certificate.issued',
      actor: input.actor === undefined ? { id: input.holder.id, name: input.holder.name } : input.actor,
      ip: input.meta?.ip,
      targetName: input.module.title,
      userId: input.holder.id,
      properties: {
        code: row.code,
        slug: input.module.slug,
        version: input.module.version,
        score: input.score,
        issuedAt: issuedAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
      },
    })
    return certificateView(row)
  }
  throw new Error('Could not draw an unused certificate code.')
}

/** A certificate by its public code, however it was typed; null when no certificate has it. */
export async function getCertificateByCode(code: string): Promise<CertificateView | null> {
  const normalized = normalizeCertificateCode(code)
  if (!normalized) return null
  const [row] = await db.select().from(certificates).where(eq(certificates.code, normalized))
  return row ? certificateView(row) : null
}

/** Every certificate a person holds for a module, newest first (any status). */
export async function listHolderCertificates({ userId, moduleSlug }: { userId: string; moduleSlug?: string }) {
  const rows = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), moduleSlug ? eq(certificates.moduleSlug, moduleSlug) : undefined))
    .orderBy(desc(certificates.issuedAt))
  const at = now()
  return rows.map((row) => certificateView(row, at))
}

/** The holder's newest valid certificate for a module (what the PDF download gives), or null. */
export async function findValidCertificate({ userId, moduleSlug }: { userId: string; moduleSlug: string }) {
  const at = now()
  const [row] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.moduleSlug, moduleSlug), isNull(certificates.revokedAt), gt(certificates.expiresAt, at)))
    .orderBy(desc(certificates.issuedAt))
    .limit(1)
  return row ? certificateView(row, at) : null
}

/** Revocation is for the people who answer for the programme: admins and the global head. */
export function canRevokeCertificates(user: Pick<CurrentUser, 'role'> | null) {
  return user?.role === 'admin' || user?.role === 'global_head'
}

export async function revokeCertificate({ actor, code, reason, meta }: { actor: CurrentUser; code: string; reason: string; meta?: RequestMeta }) {
  if (!canRevokeCertificates(actor)) return { ok: false as const, reason: 'forbidden' as const }
  const normalized = normalizeCertificateCode(code)
  if (!normalized) return { ok: false as const, reason: 'not_found' as const }
  const trimmed = reason.trim()
  if (!trimmed) return { ok: false as const, reason: 'reason_required' as const }
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(certificates).where(eq(certificates.code, normalized)).for('update')
    if (!row) return { ok: false as const, reason: 'not_found' as const }
    if (row.revokedAt) return { ok: false as const, reason: 'already_revoked' as const }
    const revokedAt = now()
    const [updated] = await tx.update(certificates).set({ revokedAt, revokedReason: trimmed }).where(eq(certificates.id, row.id)).returning()
    await logActivity(tx, {
      name: 'certificate.revoked',
      actor,
      ip: meta?.ip,
      // Read as "… revoked the certificate ABCDE-23456 of Dana Whitfield (Emergency requests)".
      targetName: `${formatCertificateCode(row.code)} of ${row.holderName} (${row.moduleTitle})`,
      userId: row.userId,
      properties: { code: row.code, slug: row.moduleSlug, version: row.moduleVersion, reason: trimmed },
    })
    return { ok: true as const, certificate: certificateView(updated, revokedAt) }
  })
}

// ---------------------------------------------------------------------------------------------
// The printable certificate

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** Centred text, shrunk to fit the page's width. */
function centred(page: PDFPage, font: PDFFont, text: string, y: number, size: number, color = ink) {
  const safe = printable(font, text)
  const maxWidth = page.getWidth() - 120
  let fitted = size
  while (fitted > 8 && font.widthOfTextAtSize(safe, fitted) > maxWidth) fitted -= 1
  const width = font.widthOfTextAtSize(safe, fitted)
  page.drawText(safe, { x: (page.getWidth() - width) / 2, y, size: fitted, font, color })
}

/**
 * An A4 landscape certificate with the holder, agency, module and version, the dates, the code
 * and the verification address (also a link). Standard fonts only: nothing is fetched.
 */
export async function renderCertificatePdf(certificate: CertificateView, verifyUrl: string, organisation = 'Liaison'): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const [regular, bold, serif] = await Promise.all([
    pdf.embedFont(StandardFonts.Helvetica),
    pdf.embedFont(StandardFonts.HelveticaBold),
    pdf.embedFont(StandardFonts.TimesRomanBold),
  ])
  pdf.setTitle(`Certificate ${certificate.displayCode}`)
  pdf.setAuthor(organisation)
  pdf.setCreator('Liaison')
  pdf.setProducer('Liaison')
  pdf.setCreationDate(certificate.issuedAt)
  pdf.setModificationDate(certificate.issuedAt)
  // A plain (not hex) subject, so that the code can be found in the file itself.
  const info = pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict)
  info.set(PDFName.of('Subject'), PDFString.of(`Certificate ${certificate.code} - verify at ${verifyUrl}`))

  const page = pdf.addPage(A4_LANDSCAPE)
  const { width, height } = page.getSize()
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: accent, borderWidth: 3 })
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: muted, borderWidth: 0.75 })

  centred(page, bold, organisation.toUpperCase(), height - 90, 14, accent)
  centred(page, serif, 'Certificate of Completion', height - 150, 40)
  centred(page, regular, 'This certifies that', height - 200, 14, muted)
  centred(page, serif, certificate.holder, height - 245, 32)
  if (certificate.agency) centred(page, regular, certificate.agency, height - 275, 15, muted)
  centred(page, regular, 'has completed the training module and passed its assessment', height - 315, 14, muted)
  centred(page, bold, certificate.module, height - 350, 22)
  centred(page, regular, `Version ${certificate.version}`, height - 375, 13, muted)

  const facts: [string, string][] = [
    ['Issued', longDate.format(certificate.issuedAt)],
    ['Valid until', longDate.format(certificate.expiresAt)],
    ['Certificate code', certificate.displayCode],
  ]
  const columnWidth = (width - 160) / facts.length
  facts.forEach(([label, value], index) => {
    const centre = 80 + columnWidth * index + columnWidth / 2
    const labelWidth = regular.widthOfTextAtSize(label, 10)
    page.drawText(label, { x: centre - labelWidth / 2, y: 150, size: 10, font: regular, color: muted })
    const valueWidth = bold.widthOfTextAtSize(value, 15)
    page.drawText(value, { x: centre - valueWidth / 2, y: 130, size: 15, font: bold, color: ink })
  })

  const verifyText = printable(regular, `Verify this certificate at ${verifyUrl}`)
  const verifyWidth = regular.widthOfTextAtSize(verifyText, 11)
  const verifyX = (width - verifyWidth) / 2
  page.drawText(verifyText, { x: verifyX, y: 78, size: 11, font: regular, color: accent })
  // The verification line is also a link.
  const link = pdf.context.register(
    pdf.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [verifyX, 74, verifyX + verifyWidth, 92],
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: PDFString.of(verifyUrl) },
    }),
  )
  page.node.set(PDFName.of('Annots'), pdf.context.obj([link]))

  return pdf.save({ useObjectStreams: false })
}

/** The address printed on a certificate, where anyone can check it. */
export function certificateVerifyUrl(code: string) {
  return `${env.APP_ORIGIN}/certificates/${code}`
}

/** The signed-in holder's newest valid certificate of a module as a PDF file, or null. */
export async function renderHolderCertificatePdf({ userId, moduleSlug }: { userId: string; moduleSlug: string }) {
  const certificate = await findValidCertificate({ userId, moduleSlug })
  if (!certificate) return null
  const { site } = await getContentLibrary()
  const bytes = await renderCertificatePdf(certificate, certificateVerifyUrl(certificate.code), site.name)
  return { certificate, bytes, fileName: `certificate-${certificate.moduleSlug}-${certificate.displayCode}.pdf` }
}
