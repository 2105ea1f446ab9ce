import { gunzipSync, gzipSync } from 'node:zlib'
import { MaxFileSizeExceededError, parseFormData } from '@mjackson/form-data-parser'
import { CsvError, parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { and, eq, sql } from 'drizzle-orm'
import { agencies, contacts, countries } from '#db/schema'
import { agencyKinds, agencyStatuses, countries as countryList, regions as regionList, type RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { canWriteInRegion } from '~/lib/auth/region-access'
import { regionScope } from '~/lib/auth/region-scope.server'
import { toStorableText } from '~/lib/forms/text'
import { isUuid } from '~/lib/sql'
import { now } from '~/lib/clock.server'
import { db, longTransaction, type Executor } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivities, logActivity, type BatchEntry } from '~/modules/activity/activity.server'
import { agencyFormSchema, agencyKindLabels, agencyStatusLabels, type AgencyInput } from '~/modules/agencies/agencies-schema'
import { refreshAgencySearch } from '~/modules/agencies/agencies.server'
import { contactFormSchema } from '~/modules/contacts/contacts-schema'
import { clearPrimaryContacts, lockAgenciesForContactWrites } from '~/modules/contacts/contacts.server'
import sampleAgencies from './sample-agencies.csv?raw'
import sampleContacts from './sample-contacts.csv?raw'
import {
  guessColumnMapping,
  importFieldLabels,
  importKindSchema,
  MAX_IMPORT_BYTES,
  IMPORT_TOO_LARGE,
  MAX_IMPORT_BODY_BYTES,
  MAX_IMPORT_ROWS,
  MAX_REPORTED_PROBLEMS,
  type ColumnMapping,
  type ImportCounts,
  type ImportField,
  type ImportKind,
  type ImportMode,
  type ImportProblem,
  type ImportReport,
} from './import-schema'

/** The sample files offered for download on /import: a few real agencies in every region. */
export const sampleCsv: Record<ImportKind, string> = { agencies: sampleAgencies, contacts: sampleContacts }

const regionOfCountry = new Map(countryList.map((country) => [country.code, country.region]))
const countryCodeByName = new Map(countryList.map((country) => [country.name.toLowerCase(), country.code]))

/**
 * The sample as this person can import it: only the rows in their regions (every row for those
 * who work everywhere, and for someone without regions, who can import nothing anyway).
 */
export function sampleCsvFor(kind: ImportKind, actor: Pick<CurrentUser, 'allRegions' | 'regions'>) {
  const text = sampleCsv[kind]
  if (actor.allRegions || actor.regions.length === 0) return text
  const csv = parseCsvText(text)
  if (!csv.ok) throw new Error(`The ${kind} sample is not valid CSV: ${csv.error}`)
  const column = csv.headers.indexOf(kind === 'agencies' ? 'country' : 'agency_country')
  const inRegions = csv.rows.filter((row) => {
    const country = row.cells[column]?.trim() ?? ''
    const region = regionOfCountry.get(country.toUpperCase()) ?? regionOfCountry.get(countryCodeByName.get(country.toLowerCase()) ?? '')
    return region !== undefined && actor.regions.includes(region)
  })
  return stringify([csv.headers, ...inRegions.map((row) => row.cells)])
}

// ---------------------------------------------------------------------------------------
// Reading the upload
// ---------------------------------------------------------------------------------------

export type Failure = { ok: false; error: string }

/**
 * The import form's fields. A file part larger than the limit, or a body that is not a
 * readable form, becomes a message for the user rather than a 500.
 */
export async function readImportForm(request: Request): Promise<{ ok: true; formData: FormData } | Failure> {
  const length = Number(request.headers.get('Content-Length') ?? 0)
  if (length > MAX_IMPORT_BODY_BYTES) return { ok: false, error: tooLarge }
  const contentType = request.headers.get('Content-Type') ?? ''
  try {
    if (!contentType.startsWith('multipart/form-data')) return { ok: true, formData: await request.formData() }
    // The packed CSV of later steps is a text field of up to ~1.4 × the file (base64).
    // The limit holds for every part, the file's and each field's.
    const formData = await parseFormData(request, { maxFileSize: Math.ceil(MAX_IMPORT_BYTES * 1.4) })
    const file = formData.get('file')
    if (file instanceof Blob && file.size > MAX_IMPORT_BYTES) return { ok: false, error: tooLarge }
    return { ok: true, formData }
  } catch (error) {
    if (error instanceof MaxFileSizeExceededError) return { ok: false, error: tooLarge }
    return { ok: false, error: 'The upload could not be read. Choose the file and try again.' }
  }
}

const tooLarge = IMPORT_TOO_LARGE
/** Browsers label CSV files inconsistently (Excel's own type is common); refuse only the obvious. */
const notTextTypes = /^(image|audio|video|font)\/|^application\/(pdf|zip|gzip|x-zip|vnd\.openxmlformats|vnd\.oasis)/i

/** Checks an uploaded file and returns its text (UTF-8, or Windows-1252 as Excel writes it). */
/** A file name as it may be shown and stored: at most 200 characters, none PostgreSQL refuses. */
export function cleanFileName(name: string | null | undefined) {
  // Cut first, then clean: a cut through a surrogate pair leaves half of it, which is replaced.
  return toStorableText((name ?? '').slice(0, 200)).trim() || 'upload.csv'
}

export async function readCsvUpload(entry: FormDataEntryValue | null): Promise<{ ok: true; text: string; fileName: string } | Failure> {
  if (!entry || typeof entry === 'string') return { ok: false, error: 'Choose a CSV file to upload.' }
  const fileName = cleanFileName(entry.name)
  if (entry.size === 0) return { ok: false, error: entry.name ? `${entry.name} is empty.` : 'Choose a CSV file to upload.' }
  if (entry.size > MAX_IMPORT_BYTES) return { ok: false, error: tooLarge }
  const extension = fileName.includes('.') ? fileName.split('.').pop()!.toLowerCase() : ''
  const bytes = new Uint8Array(await entry.arrayBuffer())
  const looksLikeWorkbook =
    ['xlsx', 'xls', 'ods', 'numbers'].includes(extension) || (bytes[0] === 0x50 && bytes[1] === 0x4b) || (bytes[0] === 0xd0 && bytes[1] === 0xcf)
  if (looksLikeWorkbook)
    return { ok: false, error: 'That is a spreadsheet, not a CSV file. In your spreadsheet program choose “Save as” → “CSV UTF-8”, then upload that file.' }
  if (!['csv', 'txt', 'tsv', ''].includes(extension) || notTextTypes.test(entry.type)) {
    return { ok: false, error: `${fileName} is not a CSV file. Upload a .csv file (comma-separated values).` }
  }
  if (bytes.includes(0)) return { ok: false, error: `${fileName} is not a text file. Upload a .csv file (comma-separated values).` }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes)
  }
  if (!text.trim()) return { ok: false, error: `${fileName} is empty.` }
  return { ok: true, text, fileName }
}

/**
 * The file travels between the steps of the page in a hidden field: gzipped (CSV shrinks a
 * lot) and base64-encoded, so that line breaks inside values survive the form untouched.
 */
export function packCsv(text: string) {
  return gzipSync(Buffer.from(text, 'utf8')).toString('base64')
}

export function unpackCsv(packed: unknown): string | null {
  if (typeof packed !== 'string' || !packed) return null
  try {
    return gunzipSync(Buffer.from(packed, 'base64'), { maxOutputLength: MAX_IMPORT_BYTES * 4 }).toString('utf8')
  } catch {
    return null
  }
}

/** What the column-mapping step shows, and carries on to the later steps. */
export type ImportFileStep = {
  kind: ImportKind
  fileName: string
  packedCsv: string
  headers: string[]
  examples: string[]
  rowCount: number
  mapping: ColumnMapping
}

/** The first value of each column, to help the user recognise it. */
export function columnExamples(csv: ParsedCsv) {
  return csv.headers.map((_header, index) =>
    (
      csv.rows
        .slice(0, 50)
        .find((row) => row.cells[index]?.trim())
        ?.cells[index].trim() ?? ''
    ).slice(0, 60),
  )
}

/**
 * The first step: the uploaded file read, parsed, and its columns guessed. The page's own form
 * and the upload the browser sends with progress (/import/upload) both come through here.
 */
export async function readUploadStep(formData: FormData): Promise<{ ok: true; step: ImportFileStep } | (Failure & { kind?: ImportKind })> {
  const kind = importKindSchema.safeParse(formData.get('kind'))
  if (!kind.success) return { ok: false, error: 'Choose what the file contains: agencies or contacts.' }
  const upload = await readCsvUpload(formData.get('file'))
  if (!upload.ok) return { ...upload, kind: kind.data }
  const csv = parseCsvText(upload.text)
  if (!csv.ok) return { ...csv, kind: kind.data }
  return {
    ok: true,
    step: {
      kind: kind.data,
      fileName: upload.fileName,
      packedCsv: packCsv(upload.text),
      headers: csv.headers,
      examples: columnExamples(csv),
      rowCount: csv.rows.length,
      mapping: guessColumnMapping(kind.data, csv.headers),
    },
  }
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

export type CsvRow = { line: number; cells: string[] }
export type ParsedCsv = { headers: string[]; rows: CsvRow[] }

/** Comma unless the header line clearly uses semicolons or tabs (as some locales' Excel does). */
function detectDelimiter(text: string) {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  const counts = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (const character of firstLine) {
    if (character === '"') quoted = !quoted
    else if (!quoted && character in counts) counts[character as keyof typeof counts] += 1
  }
  const [best] = Object.entries(counts).sort((a, b) => b[1] - a[1])
  return best[1] > 0 ? best[0] : ','
}

const parseErrorReasons: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote is followed by text instead of a comma',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quote is followed by text instead of a comma',
  CSV_MAX_RECORD_SIZE: 'a line is far too long',
}

/**
 * Splits the text into a header and rows, each row with the line of the file where it starts
 * (values may span lines inside quotes). Blank lines are skipped.
 */
export function parseCsvText(text: string): ({ ok: true } & ParsedCsv) | Failure {
  const buffer = Buffer.from(text, 'utf8')
  let records: { record: string[]; info: { bytes: number } }[]
  try {
    records = parse(buffer, {
      bom: true,
      delimiter: detectDelimiter(text),
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 1_000_000,
    }) as unknown as typeof records
  } catch (error) {
    if (error instanceof CsvError) {
      const at = (error as CsvError & { lines?: number }).lines
      return {
        ok: false,
        error: `The file could not be read as CSV${at ? ` (line ${at})` : ''}: ${parseErrorReasons[error.code] ?? error.message}. Check the file, or save it again as CSV from your spreadsheet program.`,
      }
    }
    throw error
  }
  // csv-parse reports where each record ends (in bytes); count line breaks to find where it starts.
  const newline = text.includes('\n') ? 0x0a : 0x0d
  let offset = 0
  let line = 1
  const rows: CsvRow[] = []
  let headers: string[] | null = null
  for (const { record, info } of records) {
    while (offset < info.bytes && (buffer[offset] === 0x0a || buffer[offset] === 0x0d)) {
      if (buffer[offset] === newline) line += 1
      offset += 1
    }
    const startLine = line
    for (; offset < info.bytes; offset += 1) if (buffer[offset] === newline) line += 1
    if (record.every((cell) => !cell.trim())) continue
    if (!headers) headers = record.map((header, index) => header.trim() || `Column ${index + 1}`)
    else rows.push({ line: startLine, cells: record })
  }
  if (!headers) return { ok: false, error: 'The file is empty.' }
  if (rows.length === 0) return { ok: false, error: 'The file has a header line but no rows to import.' }
  if (rows.length > MAX_IMPORT_ROWS)
    return { ok: false, error: `The file has ${rows.length.toLocaleString('en')} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString('en')} at a time.` }
  return { ok: true, headers, rows }
}

// ---------------------------------------------------------------------------------------
// Checking rows
// ---------------------------------------------------------------------------------------

/** Undoes the formula guard our own exports add ("'=…" → "=…"); trims; blank → undefined. */
function cleanCell(value: string | undefined) {
  // NUL and other control characters cannot be stored; a hand-made form could still send them.
  const trimmed = toStorableText(value ?? '').trim()
  if (!trimmed) return undefined
  return /^'[=+\-@]/.test(trimmed) ? trimmed.slice(1) : trimmed
}

/** Rows refused only because they are outside the importer's regions, and those regions. */
export type OutsideRegions = { rows: number; regions: RegionCode[] }

/** The report of ImportReport's shape, and what the page says about rows outside the regions. */
export type ImportCheck = ImportReport & { outsideRegions: OutsideRegions }

class RowChecker {
  readonly problems: ImportProblem[] = []
  readonly badLines = new Set<number>()
  private readonly outsideLines = new Set<number>()
  private readonly outsideRegions = new Set<RegionCode>()
  private readonly columns = new Map<ImportField, number>()

  constructor(
    private readonly headers: string[],
    mapping: ColumnMapping,
  ) {
    mapping.forEach((field, index) => {
      if (field) this.columns.set(field, index)
    })
  }

  has(field: ImportField) {
    return this.columns.has(field)
  }

  value(row: CsvRow, field: ImportField) {
    const index = this.columns.get(field)
    return index === undefined ? undefined : cleanCell(row.cells[index])
  }

  column(field: ImportField) {
    const index = this.columns.get(field)
    return index === undefined ? importFieldLabels[field] : this.headers[index]
  }

  report(row: CsvRow, field: ImportField | null, reason: string) {
    this.badLines.add(row.line)
    const value = field ? this.value(row, field) : undefined
    this.problems.push({ line: row.line, column: field ? this.column(field) : '(whole line)', reason, ...(value ? { value: value.slice(0, 80) } : {}) })
  }

  isBad(row: CsvRow) {
    return this.badLines.has(row.line)
  }

  /** A row in a country outside the actor's regions: refused, and counted for the summary. */
  reportOutsideRegions(row: CsvRow, field: ImportField, actor: CurrentUser, country: CountryInfo) {
    this.outsideLines.add(row.line)
    this.outsideRegions.add(country.regionCode as RegionCode)
    this.report(row, field, outsideRegionsReason(actor, country))
  }

  /** Values beyond the header's columns would be silently lost: refuse the row instead. */
  checkWidth(row: CsvRow) {
    if (row.cells.length > this.headers.length && row.cells.slice(this.headers.length).some((cell) => cell.trim())) {
      this.report(
        row,
        null,
        `This line has ${row.cells.length} values but the header names ${this.headers.length} columns (a comma inside a value needs quotes).`,
      )
    }
  }

  /** zod issues → one problem per field, in the words of the schema. */
  reportIssues(
    row: CsvRow,
    issues: readonly { path: readonly PropertyKey[]; message: string }[],
    fieldOf: Record<string, ImportField>,
    alreadyReported: Set<string>,
  ) {
    const seen = new Set<string>()
    for (const issue of issues) {
      const key = String(issue.path[0] ?? '')
      if (seen.has(key) || alreadyReported.has(key)) continue
      seen.add(key)
      this.report(row, fieldOf[key] ?? null, issue.message)
    }
  }

  summary(kind: ImportKind, totalRows: number, planned: ImportCounts): ImportCheck {
    return {
      kind,
      totalRows,
      validRows: totalRows - this.badLines.size,
      badRows: this.badLines.size,
      problems: this.problems.slice(0, MAX_REPORTED_PROBLEMS),
      problemsTruncated: this.problems.length > MAX_REPORTED_PROBLEMS,
      planned,
      outsideRegions: { rows: this.outsideLines.size, regions: regionList.map((region) => region.code).filter((code) => this.outsideRegions.has(code)) },
    }
  }
}

const comparable = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** A choice written as its value ("national_police") or its label ("National police"). */
function choiceResolver<T extends string>(values: readonly T[], labels: Record<T, string>) {
  const lookup = new Map<string, T>()
  for (const value of values) {
    lookup.set(comparable(value), value)
    lookup.set(comparable(labels[value]), value)
  }
  return (raw: string) => lookup.get(comparable(raw))
}

const resolveKind = choiceResolver(agencyKinds, agencyKindLabels)
const resolveStatus = choiceResolver(agencyStatuses, agencyStatusLabels)
const priorityWords: Record<string, string> = { high: '1', normal: '2', medium: '2', low: '3' }

function resolvePriority(raw: string) {
  const digit = raw.match(/^p?\s*([1-3])$/i)?.[1]
  return digit ?? priorityWords[raw.toLowerCase()]
}

const countryAliases: Record<string, string> = {
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  'united states of america': 'US',
  uk: 'GB',
  'u.k.': 'GB',
  'great britain': 'GB',
  britain: 'GB',
}

type CountryInfo = { code: string; name: string; regionCode: string }

async function countryDirectory(executor: Executor) {
  const rows = await executor.select({ code: countries.code, name: countries.name, regionCode: countries.regionCode }).from(countries)
  const byCode = new Map<string, CountryInfo>(rows.map((row) => [row.code, row]))
  const byName = new Map<string, CountryInfo>(rows.map((row) => [row.name.toLowerCase(), row]))
  return (raw: string): CountryInfo | undefined => {
    const upper = raw.toUpperCase()
    if (byCode.has(upper)) return byCode.get(upper)
    const lower = raw.toLowerCase()
    return byName.get(lower) ?? byCode.get(countryAliases[lower] ?? '')
  }
}

const regionNames = new Map<string, string>(regionList.map((region) => [region.code, region.name]))

function outsideRegionsReason(actor: CurrentUser, country: CountryInfo) {
  const yours = actor.regions.length ? `you import only into your regions (${actor.regions.join(', ')})` : 'you have no regions assigned'
  return `Outside your regions: ${country.name} is in ${regionNames.get(country.regionCode) ?? country.regionCode} (${country.regionCode}) and ${yours}. A lead of ${country.regionCode} or the global head can import this row.`
}

/** One JSON parameter instead of thousands of bind parameters. */
const jsonList = (values: unknown[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

/** The existing record's empty fields that the row can fill (never overwriting anything). */
function fillableChanges<T extends Record<string, unknown>>(existing: T, incoming: Partial<T>, fields: readonly (keyof T)[]) {
  const changes: Partial<T> = {}
  for (const field of fields) {
    if (isEmpty(existing[field]) && !isEmpty(incoming[field])) changes[field] = incoming[field]
  }
  return changes
}

// --- agencies ---------------------------------------------------------------------------

type AgencyValues = AgencyInput & { regionCode: string }
type AgencyPlan = {
  creates: { line: number; values: AgencyValues }[]
  updates: { line: number; id: string; name: string; changes: Partial<AgencyValues> }[]
  skipped: number
}

const agencyFieldOf: Record<string, ImportField> = {
  name: 'name',
  kind: 'kind',
  countryCode: 'country',
  subdivision: 'subdivision',
  city: 'city',
  website: 'website',
  emailDomains: 'email_domains',
  phone: 'phone',
  status: 'status',
  priority: 'priority',
  tags: 'tags',
  notes: 'notes',
}
const agencyFillable = ['subdivision', 'city', 'website', 'emailDomains', 'phone', 'tags', 'notes'] as const

async function planAgencies(executor: Executor, actor: CurrentUser, csv: ParsedCsv, mapping: ColumnMapping) {
  const check = new RowChecker(csv.headers, mapping)
  const findCountry = await countryDirectory(executor)
  const valid: { line: number; values: AgencyValues }[] = []
  for (const row of csv.rows) {
    check.checkWidth(row)
    const reported = new Set<string>()
    const refuse = (field: ImportField, key: string, reason: string) => {
      check.report(row, field, reason)
      reported.add(key)
    }
    const raw = (field: ImportField) => check.value(row, field)
    const kindText = raw('kind')
    const kind = kindText ? resolveKind(kindText) : undefined
    if (!kindText) refuse('kind', 'kind', `Give the kind: one of ${agencyKinds.join(', ')}.`)
    else if (!kind) refuse('kind', 'kind', `Unknown kind: use one of ${agencyKinds.join(', ')}.`)
    const statusText = raw('status')
    const status = statusText ? resolveStatus(statusText) : undefined
    if (statusText && !status) refuse('status', 'status', `Unknown status: use one of ${agencyStatuses.join(', ')}.`)
    const priorityText = raw('priority')
    const priority = priorityText ? resolvePriority(priorityText) : undefined
    if (priorityText && !priority) refuse('priority', 'priority', 'Use a priority of 1 (high), 2 or 3 (low).')
    const countryText = raw('country')
    const country = countryText ? findCountry(countryText) : undefined
    if (!countryText) refuse('country', 'countryCode', 'Give the country as an ISO code (GB) or its English name.')
    else if (!country) refuse('country', 'countryCode', 'Unknown country: use an ISO code such as GB or the English name such as United Kingdom.')
    const parsed = agencyFormSchema.safeParse({
      name: raw('name'),
      kind: kind ?? 'local',
      countryCode: country?.code ?? 'US',
      subdivision: raw('subdivision'),
      city: raw('city'),
      website: raw('website'),
      emailDomains: raw('email_domains'),
      phone: raw('phone'),
      status,
      priority,
      tags: raw('tags'),
      notes: raw('notes'),
    })
    if (!parsed.success) check.reportIssues(row, parsed.error.issues, agencyFieldOf, reported)
    if (country && !canWriteInRegion(actor, country.regionCode)) check.reportOutsideRegions(row, 'country', actor, country)
    if (check.isBad(row) || !parsed.success || !country) continue
    valid.push({ line: row.line, values: { ...parsed.data, ownerId: null, regionCode: country.regionCode } })
  }

  const keyOf = (name: string, countryCode: string) => `${name.toLowerCase()}|${countryCode}`
  const existing = new Map<string, { id: string; name: string } & Pick<AgencyValues, (typeof agencyFillable)[number]>>()
  const names = [...new Set(valid.map((row) => row.values.name.toLowerCase()))]
  if (names.length) {
    const rows = await executor
      .select({
        id: agencies.id,
        name: agencies.name,
        countryCode: agencies.countryCode,
        subdivision: agencies.subdivision,
        city: agencies.city,
        website: agencies.website,
        emailDomains: agencies.emailDomains,
        phone: agencies.phone,
        tags: agencies.tags,
        notes: agencies.notes,
      })
      .from(agencies)
      .where(and(sql`lower(${agencies.name}) in ${jsonList(names)}`, regionScope(actor, agencies.regionCode)))
      .orderBy(agencies.createdAt)
    for (const row of rows) {
      const key = keyOf(row.name, row.countryCode)
      if (!existing.has(key)) existing.set(key, row)
    }
  }

  const plan: AgencyPlan = { creates: [], updates: [], skipped: 0 }
  const seenInFile = new Set<string>()
  for (const row of valid) {
    const key = keyOf(row.values.name, row.values.countryCode)
    // The same agency twice in one file: the first line wins, like a re-import would.
    if (seenInFile.has(key)) {
      plan.skipped += 1
      continue
    }
    seenInFile.add(key)
    const match = existing.get(key)
    if (!match) {
      plan.creates.push(row)
      continue
    }
    const changes = fillableChanges(match, row.values, agencyFillable)
    if (Object.keys(changes).length) plan.updates.push({ line: row.line, id: match.id, name: match.name, changes })
    else plan.skipped += 1
  }
  return { check, plan }
}

async function writeAgencies(executor: Executor, plan: AgencyPlan, file: ImportedFile) {
  const at = now()
  const touched: string[] = []
  const logged: BatchEntry[] = []
  for (const chunk of chunks(plan.creates, 500)) {
    const created = await executor
      .insert(agencies)
      .values(chunk.map(({ values }) => ({ ...values, createdById: file.actor.id, createdAt: at, updatedAt: at })))
      .returning({ id: agencies.id, name: agencies.name })
    touched.push(...created.map((row) => row.id))
    logged.push(...created.map((row): BatchEntry => ({ name: 'agency.created', targetName: row.name, agencyId: row.id, properties: { file: file.fileName } })))
  }
  for (const update of plan.updates) {
    await executor
      .update(agencies)
      .set({ ...update.changes, version: sql`${agencies.version} + 1`, updatedAt: at })
      .where(eq(agencies.id, update.id))
    touched.push(update.id)
    logged.push({
      name: 'agency.updated',
      targetName: update.name,
      agencyId: update.id,
      properties: { changes: filledIn(update.changes), file: file.fileName },
    })
  }
  for (const chunk of chunks(touched, 1000)) await refreshAgencySearch(executor, chunk)
  // One row per record, so that each timeline starts with its import, in the import's transaction.
  await logActivities(executor, { actor: file.actor, ip: file.meta.ip }, logged)
}

// --- contacts ---------------------------------------------------------------------------

type ContactValues = {
  agencyId: string
  fullName: string
  title: string | null
  unit: string | null
  email: string | null
  phone: string | null
  preferredLanguage: string | null
  isPrimary: boolean
  notes: string | null
}
type ContactPlan = {
  creates: { line: number; values: ContactValues; agencyName: string }[]
  updates: { line: number; id: string; fullName: string; agencyId: string; changes: Partial<ContactValues> }[]
  skipped: number
}

const contactFieldOf: Record<string, ImportField> = {
  agencyId: 'agency',
  fullName: 'full_name',
  title: 'title',
  unit: 'unit',
  email: 'email',
  phone: 'phone',
  preferredLanguage: 'preferred_language',
  isPrimary: 'is_primary',
  notes: 'notes',
}
const contactFillable = ['title', 'unit', 'email', 'phone', 'preferredLanguage', 'notes'] as const
const yes = new Set(['yes', 'y', 'true', '1', 'x', 'primary', 'oui', 'sí', 'si', 'sim'])
const no = new Set(['no', 'n', 'false', '0', 'non', 'não', 'nao'])

type AgencyOption = { id: string; name: string; countryCode: string; archivedAt: Date | null }

/** The agencies the rows name, looked up once, only in the actor's regions. */
async function agencyDirectory(executor: Executor, actor: CurrentUser, check: RowChecker, rows: CsvRow[]) {
  const ids = new Set<string>()
  const names = new Set<string>()
  for (const row of rows) {
    const id = check.value(row, 'agency_id')
    if (id && isUuid(id)) ids.add(id.toLowerCase())
    else if (!id) {
      const name = check.value(row, 'agency')
      if (name) names.add(name.toLowerCase())
    }
  }
  const columns = { id: agencies.id, name: agencies.name, countryCode: agencies.countryCode, archivedAt: agencies.archivedAt }
  const [byIdRows, byNameRows] = await Promise.all([
    ids.size
      ? executor
          .select(columns)
          .from(agencies)
          .where(
            and(
              sql`${agencies.id} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb))`,
              regionScope(actor, agencies.regionCode),
            ),
          )
      : [],
    names.size
      ? executor
          .select(columns)
          .from(agencies)
          .where(and(sql`lower(${agencies.name}) in ${jsonList([...names])}`, regionScope(actor, agencies.regionCode)))
      : [],
  ])
  const byId = new Map<string, AgencyOption>(byIdRows.map((row) => [row.id, row]))
  const byName = new Map<string, AgencyOption[]>()
  for (const row of byNameRows) {
    const key = row.name.toLowerCase()
    byName.set(key, [...(byName.get(key) ?? []), row])
  }
  return { byId, byName }
}

async function planContacts(executor: Executor, actor: CurrentUser, csv: ParsedCsv, mapping: ColumnMapping) {
  const check = new RowChecker(csv.headers, mapping)
  const findCountry = await countryDirectory(executor)
  const directory = await agencyDirectory(executor, actor, check, csv.rows)
  const valid: { line: number; values: ContactValues; agencyName: string }[] = []
  for (const row of csv.rows) {
    check.checkWidth(row)
    const raw = (field: ImportField) => check.value(row, field)
    const reported = new Set<string>()
    const agency = resolveAgency(row)
    if (!agency) reported.add('agencyId')
    const primaryText = raw('is_primary')?.toLowerCase()
    if (primaryText && !yes.has(primaryText) && !no.has(primaryText)) {
      check.report(row, 'is_primary', 'Write yes or no.')
      reported.add('isPrimary')
    }
    const parsed = contactFormSchema.safeParse({
      agencyId: agency?.id ?? '00000000-0000-4000-8000-000000000000',
      fullName: raw('full_name'),
      title: raw('title'),
      unit: raw('unit'),
      email: raw('email'),
      phone: raw('phone'),
      preferredLanguage: raw('preferred_language'),
      isPrimary: primaryText && yes.has(primaryText) ? 'true' : undefined,
      notes: raw('notes'),
    })
    if (!parsed.success) check.reportIssues(row, parsed.error.issues, contactFieldOf, reported)
    if (check.isBad(row) || !parsed.success || !agency) continue
    const { confirmDuplicate: _confirm, ...values } = parsed.data
    valid.push({ line: row.line, values: { ...values, agencyId: agency.id }, agencyName: agency.name })
  }

  function resolveAgency(row: CsvRow): AgencyOption | null {
    const id = check.value(row, 'agency_id')
    if (id) {
      const found = isUuid(id) ? directory.byId.get(id.toLowerCase()) : undefined
      if (!found) {
        check.report(row, 'agency_id', 'No agency with this id in your regions.')
        return null
      }
      return usable(row, found, 'agency_id')
    }
    const name = check.value(row, 'agency')
    if (!name) {
      check.report(row, check.has('agency') ? 'agency' : 'agency_id', 'Give the agency: its name (with its country) or its id.')
      return null
    }
    const countryText = check.value(row, 'agency_country')
    const country = countryText ? findCountry(countryText) : undefined
    if (countryText && !country) {
      check.report(row, 'agency_country', 'Unknown country: use an ISO code such as GB or the English name such as United Kingdom.')
      return null
    }
    if (country && !canWriteInRegion(actor, country.regionCode)) {
      check.reportOutsideRegions(row, 'agency_country', actor, country)
      return null
    }
    const candidates = (directory.byName.get(name.toLowerCase()) ?? []).filter((option) => !country || option.countryCode === country.code)
    if (candidates.length === 0) {
      check.report(
        row,
        'agency',
        `No agency called “${name}”${country ? ` in ${country.name}` : ''} in your regions. Add the agency first, or check the spelling.`,
      )
      return null
    }
    const active = candidates.filter((option) => !option.archivedAt)
    if (candidates.length > 1 && active.length !== 1) {
      check.report(
        row,
        'agency',
        country
          ? `Several agencies in ${country.name} are called “${name}”: use the agency_id column.`
          : `Several agencies are called “${name}”: add the agency_country column or use agency_id.`,
      )
      return null
    }
    return usable(row, active[0] ?? candidates[0], 'agency')
  }

  function usable(row: CsvRow, agency: AgencyOption, field: ImportField) {
    if (!agency.archivedAt) return agency
    check.report(row, field, `${agency.name} is archived: restore it before adding contacts.`)
    return null
  }

  // Existing contacts, matched by email, or by agency and name when the row has no email.
  const emails = [...new Set(valid.flatMap((row) => (row.values.email ? [row.values.email] : [])))]
  const agencyIds = [...new Set(valid.map((row) => row.values.agencyId))]
  const names = [...new Set(valid.map((row) => row.values.fullName.toLowerCase()))]
  const contactColumns = {
    id: contacts.id,
    agencyId: contacts.agencyId,
    fullName: contacts.fullName,
    title: contacts.title,
    unit: contacts.unit,
    email: contacts.email,
    phone: contacts.phone,
    preferredLanguage: contacts.preferredLanguage,
    notes: contacts.notes,
  }
  const [emailMatches, nameMatches] = await Promise.all([
    emails.length
      ? executor
          .select(contactColumns)
          .from(contacts)
          .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
          .where(and(sql`lower(${contacts.email}) in ${jsonList(emails)}`, regionScope(actor, agencies.regionCode)))
          .orderBy(contacts.createdAt)
      : [],
    agencyIds.length
      ? executor
          .select(contactColumns)
          .from(contacts)
          .where(
            and(
              sql`${contacts.agencyId} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(agencyIds)}::jsonb))`,
              sql`lower(${contacts.fullName}) in ${jsonList(names)}`,
            ),
          )
          .orderBy(contacts.createdAt)
      : [],
  ])
  type Existing = (typeof emailMatches)[number]
  const byEmail = new Map<string, Existing>()
  for (const contact of emailMatches) if (contact.email && !byEmail.has(contact.email.toLowerCase())) byEmail.set(contact.email.toLowerCase(), contact)
  const byName = new Map<string, Existing>()
  for (const contact of nameMatches) {
    const key = `${contact.agencyId}|${contact.fullName.toLowerCase()}`
    if (!byName.has(key)) byName.set(key, contact)
  }

  const plan: ContactPlan = { creates: [], updates: [], skipped: 0 }
  const seenInFile = new Set<string>()
  for (const row of valid) {
    const nameKey = `${row.values.agencyId}|${row.values.fullName.toLowerCase()}`
    const fileKey = row.values.email ? `email:${row.values.email}` : `name:${nameKey}`
    if (seenInFile.has(fileKey)) {
      plan.skipped += 1
      continue
    }
    seenInFile.add(fileKey)
    // A contact first imported without an email is found by name, and gets the email now.
    const byNameMatch = byName.get(nameKey)
    const match = row.values.email ? (byEmail.get(row.values.email) ?? (byNameMatch && !byNameMatch.email ? byNameMatch : undefined)) : byNameMatch
    if (!match) {
      plan.creates.push(row)
      continue
    }
    const changes = fillableChanges(match, row.values, contactFillable)
    if (Object.keys(changes).length) plan.updates.push({ line: row.line, id: match.id, fullName: match.fullName, agencyId: match.agencyId, changes })
    else plan.skipped += 1
  }
  return { check, plan }
}

async function writeContacts(executor: Executor, plan: ContactPlan, file: ImportedFile) {
  const at = now()
  const touched = [...new Set([...plan.creates.map((row) => row.values.agencyId), ...plan.updates.map((row) => row.agencyId)])]
  await lockAgenciesForContactWrites(executor, touched)
  // Of the rows marked primary for one agency, the last wins, as if they were added one by one;
  // the agency's current primary gives way to it.
  const primaryLine = new Map<string, number>()
  for (const { line, values } of plan.creates) if (values.isPrimary) primaryLine.set(values.agencyId, line)
  await clearPrimaryContacts(executor, [...primaryLine.keys()])
  const logged: BatchEntry[] = []
  for (const chunk of chunks(plan.creates, 500)) {
    const created = await executor
      .insert(contacts)
      .values(chunk.map(({ line, values }) => ({ ...values, isPrimary: primaryLine.get(values.agencyId) === line, createdAt: at, updatedAt: at })))
      .returning({ id: contacts.id, fullName: contacts.fullName, agencyId: contacts.agencyId })
    // The agency's name by its id: nothing promises RETURNING keeps the order of the rows sent.
    const agencyNames = new Map(chunk.map((create) => [create.values.agencyId, create.agencyName]))
    logged.push(
      ...created.map((row): BatchEntry => ({
        name: 'contact.created',
        targetName: row.fullName,
        agencyId: row.agencyId,
        contactId: row.id,
        properties: { agency: agencyNames.get(row.agencyId), file: file.fileName },
      })),
    )
  }
  for (const update of plan.updates) {
    await executor
      .update(contacts)
      .set({ ...update.changes, version: sql`${contacts.version} + 1`, updatedAt: at })
      .where(eq(contacts.id, update.id))
    logged.push({
      name: 'contact.updated',
      targetName: update.fullName,
      agencyId: update.agencyId,
      contactId: update.id,
      properties: { changes: filledIn(update.changes), file: file.fileName },
    })
  }
  for (const chunk of chunks(touched, 1000)) await refreshAgencySearch(executor, chunk)
  // One row per record, so that each timeline starts with its import, in the import's transaction.
  await logActivities(executor, { actor: file.actor, ip: file.meta.ip }, logged)
}

// --- the timeline of each record --------------------------------------------------------

type ImportedFile = { actor: CurrentUser; fileName: string; meta: RequestMeta }

/** An import only fills empty fields: each change is "from nothing to …" on the timeline. */
function filledIn(changes: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(changes).map(([field, value]) => [field, { from: null, to: value }]))
}

function* chunks<T>(items: T[], size: number) {
  for (let index = 0; index < items.length; index += size) yield items.slice(index, index + size)
}

// ---------------------------------------------------------------------------------------
// The two steps the page calls
// ---------------------------------------------------------------------------------------

type ImportRequest = { actor: CurrentUser; kind: ImportKind; csv: ParsedCsv; mapping: ColumnMapping }

async function plan(executor: Executor, { actor, kind, csv, mapping }: ImportRequest) {
  if (kind === 'agencies') {
    const { check, plan } = await planAgencies(executor, actor, csv, mapping)
    return {
      check,
      planned: { created: plan.creates.length, updated: plan.updates.length, skipped: plan.skipped },
      write: (tx: Executor, file: ImportedFile) => writeAgencies(tx, plan, file),
    }
  }
  const { check, plan } = await planContacts(executor, actor, csv, mapping)
  return {
    check,
    planned: { created: plan.creates.length, updated: plan.updates.length, skipped: plan.skipped },
    write: (tx: Executor, file: ImportedFile) => writeContacts(tx, plan, file),
  }
}

/** Checks every row and says what importing would do; writes nothing. */
export async function checkImport(request: ImportRequest): Promise<ImportCheck> {
  const { check, planned } = await plan(db, request)
  return check.summary(request.kind, request.csv.rows.length, planned)
}

export type ImportResult =
  { ok: true; counts: ImportCounts; report: ImportCheck } | { ok: false; reason: 'has_problems' | 'nothing_valid'; report: ImportCheck }

/**
 * Imports the file in one transaction: rows are checked again inside it (against what the
 * database holds now), and with `mode: 'all'` a single bad row means nothing is written.
 */
export async function importCsv(request: ImportRequest & { mode: ImportMode; fileName: string; meta: RequestMeta }): Promise<ImportResult> {
  const { actor, kind, mode, meta } = request
  const fileName = cleanFileName(request.fileName)
  return longTransaction(async (tx) => {
    // Two imports at once would both see "not there yet" and create the same record twice.
    await tx.execute(sql`select pg_advisory_xact_lock(7302)`)
    const { check, planned, write } = await plan(tx, request)
    const report = check.summary(kind, request.csv.rows.length, planned)
    if (mode === 'all' && report.badRows > 0) return { ok: false, reason: 'has_problems', report }
    if (report.validRows === 0) return { ok: false, reason: 'nothing_valid', report }
    await write(tx, { actor, fileName, meta })
    // And one row for the file as a whole (the audit log's "who imported what").
    await logActivity(tx, {
      name: kind === 'agencies' ? 'agency.imported' : 'contact.imported',
      actor,
      ip: meta.ip,
      targetName: fileName,
      properties: { count: planned.created + planned.updated, ...planned, invalid: report.badRows, rows: report.totalRows },
    })
    return { ok: true, counts: planned, report }
  })
}
