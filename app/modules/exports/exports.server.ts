import { stringify } from 'csv-stringify/sync'
import { asc, desc, eq } from 'drizzle-orm'
import { agencies, contacts, countries, engagements, users } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { now, today } from '~/lib/clock.server'
import { longTransaction } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import type { AgencyListFilters } from '~/modules/agencies/agencies-schema'
import { agencyFilterConditions, agencyListColumns, agencyOrder, agencySearchMatch, lastEngagedExpression } from '~/modules/agencies/agencies.server'
import type { ContactListFilters } from '~/modules/contacts/contacts-schema'
import { contactFilterConditions } from '~/modules/contacts/contacts.server'
import type { EngagementListFilters } from '~/modules/engagements/engagements-schema'
import { engagementFilterConditions, visibleAgencyNames } from '~/modules/engagements/engagements.server'
import { utcToZonedLocal } from '~/modules/engagements/local-time'

/**
 * CSV exports of what a list shows with its current filters: every page, not just one, up to
 * MAX_EXPORT_ROWS, within the actor's regions. Each export is in the activity log.
 */
export const MAX_EXPORT_ROWS = 50_000

export type CsvFile = { filename: string; body: string; count: number; truncated: boolean }

type Cell = string | number | boolean | Date | null | undefined | readonly string[]

/**
 * A cell that starts with = + - @ (or a tab or carriage return) is run as a formula by
 * spreadsheet programs: a leading quote makes it plain text (OWASP "CSV injection").
 */
export function neutraliseFormula(value: string) {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

function cellText(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return neutraliseFormula(value.join(';'))
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number') return String(value)
  return neutraliseFormula(value as string)
}

/** UTF-8 with a byte-order mark (so that Excel reads accents right), CRLF as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]) {
  return stringify([header as string[], ...rows.map((row) => row.map(cellText))], { bom: true, record_delimiter: 'windows' })
}

/** The filters as the activity log keeps them: only those set, never the page. */
function appliedFilters(filters: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(filters).filter(([key, value]) => key !== 'page' && value !== undefined && value !== null && value !== ''))
}

function fileName(kind: string, at: Date) {
  return `liaison-${kind}-${today(at)}.csv`
}

function capped<T>(rows: T[]) {
  return { rows: rows.slice(0, MAX_EXPORT_ROWS), truncated: rows.length > MAX_EXPORT_ROWS }
}

type ExportArgs<Filters> = { actor: CurrentUser; filters: Filters; meta: RequestMeta }

// --- agencies ---------------------------------------------------------------------------

/** Column names match the import's fields, so an export can be edited and imported again. */
const agencyHeader = [
  'id',
  'name',
  'kind',
  'status',
  'priority',
  'country',
  'country_name',
  'region',
  'subdivision',
  'city',
  'website',
  'email_domains',
  'phone',
  'tags',
  'owner',
  'last_engaged_at',
  'notes',
  'archived_at',
  'updated_at',
]

export async function exportAgencies({ actor, filters, meta }: ExportArgs<AgencyListFilters>): Promise<CsvFile> {
  const at = now()
  const match = await agencySearchMatch(actor, filters, at)
  return longTransaction(async (tx) => {
    const found = await tx
      .select({ ...agencyListColumns(at), lastEngagedAt: lastEngagedExpression(at).mapWith(agencies.lastEngagedAt), notes: agencies.notes })
      .from(agencies)
      .innerJoin(countries, eq(countries.code, agencies.countryCode))
      .leftJoin(users, eq(users.id, agencies.ownerId))
      .where(agencyFilterConditions(actor, filters, at, match))
      .orderBy(...agencyOrder(filters, at, match))
      .limit(MAX_EXPORT_ROWS + 1)
    const { rows, truncated } = capped(found)
    await logActivity(tx, {
      name: 'agency.exported',
      actor,
      ip: meta.ip,
      properties: { count: rows.length, filters: appliedFilters(filters), ...(truncated ? { truncated } : {}) },
    })
    const body = toCsv(
      agencyHeader,
      rows.map((row) => [
        row.id,
        row.name,
        row.kind,
        row.status,
        row.priority,
        row.countryCode,
        row.countryName,
        row.regionCode,
        row.subdivision,
        row.city,
        row.website,
        row.emailDomains,
        row.phone,
        row.tags,
        row.ownerName,
        row.lastEngagedAt,
        row.notes,
        row.archivedAt,
        row.updatedAt,
      ]),
    )
    return { filename: fileName('agencies', at), body, count: rows.length, truncated }
  })
}

// --- contacts ---------------------------------------------------------------------------

const contactHeader = [
  'id',
  'full_name',
  'title',
  'unit',
  'email',
  'phone',
  'preferred_language',
  'is_primary',
  'agency',
  'agency_country',
  'agency_id',
  'region',
  'notes',
  'archived_at',
  'updated_at',
]

export async function exportContacts({ actor, filters, meta }: ExportArgs<ContactListFilters>): Promise<CsvFile> {
  const at = now()
  return longTransaction(async (tx) => {
    const found = await tx
      .select({
        id: contacts.id,
        fullName: contacts.fullName,
        title: contacts.title,
        unit: contacts.unit,
        email: contacts.email,
        phone: contacts.phone,
        preferredLanguage: contacts.preferredLanguage,
        isPrimary: contacts.isPrimary,
        agencyName: agencies.name,
        agencyCountry: agencies.countryCode,
        agencyId: contacts.agencyId,
        regionCode: agencies.regionCode,
        notes: contacts.notes,
        archivedAt: contacts.archivedAt,
        updatedAt: contacts.updatedAt,
      })
      .from(contacts)
      .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
      .where(contactFilterConditions(actor, filters))
      .orderBy(asc(contacts.fullName), asc(contacts.id))
      .limit(MAX_EXPORT_ROWS + 1)
    const { rows, truncated } = capped(found)
    await logActivity(tx, {
      name: 'contact.exported',
      actor,
      ip: meta.ip,
      properties: { count: rows.length, filters: appliedFilters(filters), ...(truncated ? { truncated } : {}) },
    })
    const body = toCsv(
      contactHeader,
      rows.map((row) => [
        row.id,
        row.fullName,
        row.title,
        row.unit,
        row.email,
        row.phone,
        row.preferredLanguage,
        row.isPrimary,
        row.agencyName,
        row.agencyCountry,
        row.agencyId,
        row.regionCode,
        row.notes,
        row.archivedAt,
        row.updatedAt,
      ]),
    )
    return { filename: fileName('contacts', at), body, count: rows.length, truncated }
  })
}

// --- engagements ------------------------------------------------------------------------

const engagementHeader = ['id', 'title', 'kind', 'starts_at', 'ends_at', 'time_zone', 'local_start', 'location', 'agencies', 'topics', 'summary', 'outcome']

export async function exportEngagements({ actor, filters, meta }: ExportArgs<EngagementListFilters>): Promise<CsvFile> {
  const at = now()
  return longTransaction(async (tx) => {
    const found = await tx
      .select({
        id: engagements.id,
        title: engagements.title,
        kind: engagements.kind,
        startsAt: engagements.startsAt,
        endsAt: engagements.endsAt,
        timeZone: engagements.timeZone,
        location: engagements.location,
        agencyNames: visibleAgencyNames(actor),
        topics: engagements.topics,
        summary: engagements.summary,
        outcome: engagements.outcome,
      })
      .from(engagements)
      .where(engagementFilterConditions(actor, filters))
      .orderBy(desc(engagements.startsAt), asc(engagements.id))
      .limit(MAX_EXPORT_ROWS + 1)
    const { rows, truncated } = capped(found)
    await logActivity(tx, {
      name: 'engagement.exported',
      actor,
      ip: meta.ip,
      properties: { count: rows.length, filters: appliedFilters(filters), ...(truncated ? { truncated } : {}) },
    })
    const body = toCsv(
      engagementHeader,
      rows.map((row) => [
        row.id,
        row.title,
        row.kind,
        row.startsAt,
        row.endsAt,
        row.timeZone,
        utcToZonedLocal(row.startsAt, row.timeZone).replace('T', ' '),
        row.location,
        row.agencyNames,
        row.topics,
        row.summary,
        row.outcome,
      ]),
    )
    return { filename: fileName('engagements', at), body, count: rows.length, truncated }
  })
}

/** The download: an attachment, never cached, with the row count for scripts. */
export function csvResponse(file: CsvFile) {
  return new Response(file.body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'X-Row-Count': String(file.count),
      ...(file.truncated ? { 'X-Export-Truncated': `Only the first ${MAX_EXPORT_ROWS} rows` } : {}),
    },
  })
}
