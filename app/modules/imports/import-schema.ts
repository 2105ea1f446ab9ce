import { z } from 'zod'

/**
 * CSV import: what can be imported, the fields a CSV column can be mapped to, and the guess
 * made from a header's name. Client-safe: the page shows the same lists the server checks.
 */

export const importKinds = ['agencies', 'contacts'] as const
export type ImportKind = (typeof importKinds)[number]

export const importKindLabels: Record<ImportKind, string> = { agencies: 'Agencies', contacts: 'Contacts' }

/** Largest file accepted (bytes). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024
/**
 * Largest request body the import takes (bytes): the file, or the packed CSV of the later steps
 * (base64, about 1.4 × the file), with boundaries and the other fields. The server refuses a
 * larger one with 413 before reading it.
 */
export const MAX_IMPORT_BODY_BYTES = MAX_IMPORT_BYTES * 1.5 + 64 * 1024
/** What the page says of a file over the limit, whether the server or the form reader refused it. */
export const IMPORT_TOO_LARGE = `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one after another.`
/** Most data rows accepted in one file. */
export const MAX_IMPORT_ROWS = 50_000
/** Most problems sent back to the page; the count of bad rows is always exact. */
export const MAX_REPORTED_PROBLEMS = 500

export const agencyImportFields = [
  'name',
  'kind',
  'country',
  'subdivision',
  'city',
  'website',
  'email_domains',
  'phone',
  'status',
  'priority',
  'tags',
  'notes',
] as const
export const contactImportFields = [
  'agency',
  'agency_country',
  'agency_id',
  'full_name',
  'title',
  'unit',
  'email',
  'phone',
  'preferred_language',
  'is_primary',
  'notes',
] as const
export type AgencyImportField = (typeof agencyImportFields)[number]
export type ContactImportField = (typeof contactImportFields)[number]
export type ImportField = AgencyImportField | ContactImportField

export const importFields: Record<ImportKind, readonly ImportField[]> = { agencies: agencyImportFields, contacts: contactImportFields }

export const importFieldLabels: Record<ImportField, string> = {
  name: 'Name',
  kind: 'Kind',
  country: 'Country (ISO code or English name)',
  subdivision: 'State, province or subdivision',
  city: 'City',
  website: 'Website',
  email_domains: 'Email domains (; separated)',
  phone: 'Phone',
  status: 'Status',
  priority: 'Priority (1–3)',
  tags: 'Tags (; separated)',
  notes: 'Notes',
  agency: 'Agency name',
  agency_country: 'Agency country',
  agency_id: 'Agency id',
  full_name: 'Full name',
  title: 'Title or rank',
  unit: 'Unit',
  email: 'Email',
  preferred_language: 'Preferred language',
  is_primary: 'Primary contact (yes/no)',
}

export const requiredImportFields: Record<ImportKind, readonly ImportField[]> = {
  agencies: ['name', 'kind', 'country'],
  contacts: ['full_name'],
}

/** Other header names people use for each field (compared after normalising). */
const headerSynonyms: Record<ImportKind, Partial<Record<ImportField, string[]>>> = {
  agencies: {
    name: ['agency', 'agency_name', 'organisation', 'organization', 'organisation_name', 'organization_name'],
    kind: ['type', 'agency_type', 'agency_kind', 'category'],
    country: ['country_code', 'country_name', 'iso', 'iso_code', 'nation'],
    subdivision: ['state', 'province', 'state_province', 'state_or_province', 'county'],
    city: ['town', 'locality'],
    website: ['url', 'web', 'web_site', 'homepage', 'site'],
    email_domains: ['domains', 'domain', 'email_domain', 'mail_domains'],
    phone: ['telephone', 'tel', 'phone_number'],
    priority: ['prio'],
    tags: ['tag', 'labels'],
    notes: ['note', 'comments', 'comment', 'description'],
  },
  contacts: {
    agency: ['agency_name', 'organisation', 'organization', 'department'],
    agency_country: ['country', 'country_code', 'agency_country_code'],
    full_name: ['name', 'contact', 'contact_name', 'fullname', 'person'],
    title: ['rank', 'position', 'job_title', 'title_or_rank'],
    unit: ['division', 'team', 'section', 'squad'],
    email: ['e_mail', 'email_address', 'mail'],
    phone: ['telephone', 'tel', 'mobile', 'phone_number'],
    preferred_language: ['language', 'lang'],
    is_primary: ['primary', 'main_contact', 'primary_contact'],
    notes: ['note', 'comments', 'comment'],
  },
}

/** "E-mail Address " → "e_mail_address" (accents dropped too). */
export function normaliseHeader(header: string) {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

/** One target per header (or null), each target used at most once, first header wins. */
export function guessColumnMapping(kind: ImportKind, headers: readonly string[]): (ImportField | null)[] {
  const taken = new Set<ImportField>()
  const fields = importFields[kind]
  return headers.map((header) => {
    const normalised = normaliseHeader(header)
    const match = fields.find((field) => !taken.has(field) && (field === normalised || headerSynonyms[kind][field]?.includes(normalised)))
    if (!match) return null
    taken.add(match)
    return match
  })
}

export const importKindSchema = z.enum(importKinds, { error: 'Choose what the file contains.' })
export const importModeSchema = z.enum(['all', 'valid'])
export type ImportMode = z.infer<typeof importModeSchema>

export type ColumnMapping = (ImportField | null)[]

/**
 * Reads the mapping step's selects (`column-0`, `column-1`, …) and checks it: every required
 * field mapped, no field mapped twice.
 */
export function readColumnMapping(
  kind: ImportKind,
  headers: readonly string[],
  formData: { get(name: string): unknown },
): { ok: true; mapping: ColumnMapping } | { ok: false; error: string; mapping: ColumnMapping } {
  const fields = importFields[kind]
  const mapping: ColumnMapping = headers.map((_header, index) => {
    const value = formData.get(`column-${index}`)
    return typeof value === 'string' && (fields as readonly string[]).includes(value) ? (value as ImportField) : null
  })
  const used = new Map<ImportField, string[]>()
  mapping.forEach((field, index) => {
    if (field) used.set(field, [...(used.get(field) ?? []), headers[index]])
  })
  for (const [field, columns] of used) {
    if (columns.length > 1)
      return { ok: false, error: `${importFieldLabels[field]} is chosen for more than one column (${columns.join(', ')}). Choose it once.`, mapping }
  }
  const missing = requiredImportFields[kind].filter((field) => !used.has(field))
  if (missing.length) return { ok: false, error: `Choose a column for ${missing.map((field) => importFieldLabels[field]).join(', ')}.`, mapping }
  if (kind === 'contacts' && !used.has('agency') && !used.has('agency_id')) {
    return { ok: false, error: 'Choose a column for the agency: its name (with its country) or its id.', mapping }
  }
  return { ok: true, mapping }
}

/** One reason a row cannot be imported: its line in the file, the CSV column and why. */
export type ImportProblem = { line: number; column: string; reason: string; value?: string }

export type ImportCounts = { created: number; updated: number; skipped: number }

export type ImportReport = {
  kind: ImportKind
  totalRows: number
  validRows: number
  badRows: number
  /** The first MAX_REPORTED_PROBLEMS problems, in file order. */
  problems: ImportProblem[]
  problemsTruncated: boolean
  /** What importing the valid rows would do now. */
  planned: ImportCounts
}
