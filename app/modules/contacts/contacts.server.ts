import { and, asc, count, desc, eq, ilike, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm'
import { agencies, contacts, engagementContacts, engagements } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now } from '~/lib/clock.server'
import { buildOnce, db, type Executor } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import { refreshAgencySearch } from '~/modules/agencies/agencies.server'
import type { ContactInput, ContactListFilters } from './contacts-schema'
import { containsPattern, isUuid } from '~/lib/sql'

export const CONTACTS_PAGE_SIZE = 50

const contactColumns = {
  id: contacts.id,
  agencyId: contacts.agencyId,
  agencyName: agencies.name,
  regionCode: agencies.regionCode,
  fullName: contacts.fullName,
  title: contacts.title,
  unit: contacts.unit,
  email: contacts.email,
  phone: contacts.phone,
  preferredLanguage: contacts.preferredLanguage,
  isPrimary: contacts.isPrimary,
  notes: contacts.notes,
  archivedAt: contacts.archivedAt,
  version: contacts.version,
  updatedAt: contacts.updatedAt,
}

export function contactFilterConditions(actor: CurrentUser, filters: Omit<ContactListFilters, 'page'>) {
  const conditions: (SQL | undefined)[] = [regionScope(actor, agencies.regionCode)]
  conditions.push(filters.archived ? isNotNull(contacts.archivedAt) : isNull(contacts.archivedAt))
  if (filters.agency) conditions.push(eq(contacts.agencyId, filters.agency))
  if (filters.q) {
    const pattern = containsPattern(filters.q)
    conditions.push(
      or(ilike(contacts.fullName, pattern), ilike(contacts.email, pattern), ilike(contacts.unit, pattern), sql`${filters.q} <% ${contacts.fullName}`),
    )
  }
  return and(...conditions)
}

export async function listContacts({ actor, filters }: { actor: CurrentUser; filters: ContactListFilters }) {
  const where = contactFilterConditions(actor, filters)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(contactColumns)
      .from(contacts)
      .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
      .where(where)
      .orderBy(asc(contacts.fullName), asc(contacts.id))
      .limit(CONTACTS_PAGE_SIZE)
      .offset((filters.page - 1) * CONTACTS_PAGE_SIZE),
    db.select({ total: count() }).from(contacts).innerJoin(agencies, eq(agencies.id, contacts.agencyId)).where(where),
  ])
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / CONTACTS_PAGE_SIZE)) }
}

/** The contacts of one agency (the caller has checked the agency is in scope). */
function agencyContactsQuery(includeArchived: boolean) {
  return db
    .select(contactColumns)
    .from(contacts)
    .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
    .where(and(eq(contacts.agencyId, sql.placeholder('agencyId')), includeArchived ? undefined : isNull(contacts.archivedAt)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.fullName))
}
// The agency page's list, on every view of it: built once, run as a prepared statement.
const activeAgencyContacts = buildOnce(() => agencyContactsQuery(false).prepare('agency_contacts'))

export function listAgencyContacts(agencyId: string, options: { includeArchived?: boolean } = {}) {
  return options.includeArchived ? agencyContactsQuery(true).execute({ agencyId }) : activeAgencyContacts().execute({ agencyId })
}

export async function getContact({ actor, contactId }: { actor: CurrentUser; contactId: string }) {
  if (!isUuid(contactId)) return null
  const [row] = await db
    .select(contactColumns)
    .from(contacts)
    .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
    .where(and(eq(contacts.id, contactId), regionScope(actor, agencies.regionCode)))
  return row ?? null
}
export type ContactDetail = NonNullable<Awaited<ReturnType<typeof getContact>>>

/** Engagements a contact attended, newest first. */
export function listContactEngagements(contactId: string, limit = 50) {
  return db
    .select({ id: engagements.id, title: engagements.title, kind: engagements.kind, startsAt: engagements.startsAt, timeZone: engagements.timeZone })
    .from(engagementContacts)
    .innerJoin(engagements, eq(engagements.id, engagementContacts.engagementId))
    .where(eq(engagementContacts.contactId, contactId))
    .orderBy(desc(engagements.startsAt))
    .limit(limit)
}

async function agencyInScope(actor: CurrentUser, agencyId: string) {
  const [row] = await db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(and(eq(agencies.id, agencyId), regionScope(actor, agencies.regionCode), isNull(agencies.archivedAt)))
  return row ?? null
}

/** Active contacts at the agency with the same email or the same name (a duplicate warning). */
export async function findDuplicateContacts(input: { agencyId: string; fullName: string; email: string | null }, exceptId?: string) {
  return db
    .select({ id: contacts.id, fullName: contacts.fullName, email: contacts.email })
    .from(contacts)
    .where(
      and(
        eq(contacts.agencyId, input.agencyId),
        isNull(contacts.archivedAt),
        exceptId ? ne(contacts.id, exceptId) : undefined,
        or(sql`lower(${contacts.fullName}) = ${input.fullName.toLowerCase()}`, input.email ? sql`lower(${contacts.email}) = ${input.email}` : undefined),
      ),
    )
}

/**
 * Every contact write starts by locking its agencies' rows (which it updates anyway, for the
 * search), in id order: two writes touching contacts of one agency take turns, and writes of
 * many agencies (an import) cannot deadlock with each other. The ids go as one JSON parameter,
 * as an import's thousands would cost far more as bind parameters.
 */
export async function lockAgenciesForContactWrites(executor: Executor, agencyIds: string[]) {
  if (agencyIds.length === 0) return
  await executor.execute(
    sql`select 1 from ${agencies} where ${agencies.id} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(agencyIds)}::jsonb)) order by ${agencies.id} for no key update`,
  )
}

/**
 * Only one primary contact per agency (a partial unique index holds it): before a contact is
 * marked primary, its agency's current one (other than `keepContactId`) is cleared. Called under
 * the agencies' lock (lockAgenciesForContactWrites), so of two people marking different contacts
 * at once the later save wins instead of failing on the index.
 */
export async function clearPrimaryContacts(executor: Executor, agencyIds: string[], keepContactId?: string) {
  if (agencyIds.length === 0) return
  await executor
    .update(contacts)
    .set({ isPrimary: false })
    .where(
      and(
        sql`${contacts.agencyId} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(agencyIds)}::jsonb))`,
        keepContactId ? ne(contacts.id, keepContactId) : undefined,
        eq(contacts.isPrimary, true),
      ),
    )
}

type FieldErrors = Record<string, string[]>
export type ContactWriteResult =
  | { ok: true; contact: { id: string; fullName: string } }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'duplicate'; duplicates: { id: string; fullName: string; email: string | null }[] }
  | { ok: false; reason: 'conflict'; current: ContactDetail }

export async function createContact({ actor, input, meta }: { actor: CurrentUser; input: ContactInput; meta: RequestMeta }): Promise<ContactWriteResult> {
  const agency = await agencyInScope(actor, input.agencyId!)
  if (!agency) return { ok: false, reason: 'invalid', fieldErrors: { agencyId: ['Choose an agency in your regions.'] } }
  const { confirmDuplicate, ...values } = input
  if (!confirmDuplicate) {
    const duplicates = await findDuplicateContacts({ agencyId: agency.id, fullName: values.fullName, email: values.email })
    if (duplicates.length) return { ok: false, reason: 'duplicate', duplicates }
  }
  const contact = await db.transaction(async (tx) => {
    await lockAgenciesForContactWrites(tx, [agency.id])
    if (values.isPrimary) await clearPrimaryContacts(tx, [agency.id])
    const [created] = await tx
      .insert(contacts)
      .values({ ...values, agencyId: agency.id, createdAt: now(), updatedAt: now() })
      .returning({ id: contacts.id, fullName: contacts.fullName })
    await refreshAgencySearch(tx, [agency.id])
    await logActivity(tx, {
      name: 'contact.created',
      actor,
      ip: meta.ip,
      targetName: created.fullName,
      contactId: created.id,
      agencyId: agency.id,
      properties: { agency: agency.name },
    })
    return created
  })
  return { ok: true, contact }
}

class VersionConflict extends Error {}

const trackedFields = ['fullName', 'title', 'unit', 'email', 'phone', 'preferredLanguage', 'isPrimary', 'notes'] as const

export async function updateContact({
  actor,
  contactId,
  input,
  meta,
}: {
  actor: CurrentUser
  contactId: string
  input: ContactInput & { version: number }
  meta: RequestMeta
}): Promise<ContactWriteResult> {
  const current = await getContact({ actor, contactId })
  if (!current) return { ok: false, reason: 'not_found' }
  if (current.version !== input.version) return { ok: false, reason: 'conflict', current }
  const { confirmDuplicate, version, agencyId: _ignored, ...values } = input
  if (!confirmDuplicate) {
    const duplicates = await findDuplicateContacts({ agencyId: current.agencyId, fullName: values.fullName, email: values.email }, contactId)
    if (duplicates.length) return { ok: false, reason: 'duplicate', duplicates }
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const field of trackedFields) {
    if (JSON.stringify(current[field] ?? null) !== JSON.stringify(values[field] ?? null)) changes[field] = { from: current[field], to: values[field] }
  }
  const saved = await db
    .transaction(async (tx) => {
      await lockAgenciesForContactWrites(tx, [current.agencyId])
      if (values.isPrimary) await clearPrimaryContacts(tx, [current.agencyId], contactId)
      const [row] = await tx
        .update(contacts)
        .set({ ...values, version: sql`${contacts.version} + 1`, updatedAt: now() })
        .where(and(eq(contacts.id, contactId), eq(contacts.version, version)))
        .returning({ id: contacts.id, fullName: contacts.fullName })
      // Someone saved first: throwing rolls back the cleared primaries too.
      if (!row) throw new VersionConflict()
      await refreshAgencySearch(tx, [current.agencyId])
      if (Object.keys(changes).length) {
        await logActivity(tx, {
          name: 'contact.updated',
          actor,
          ip: meta.ip,
          targetName: row.fullName,
          contactId,
          agencyId: current.agencyId,
          properties: { changes },
        })
      }
      return row
    })
    .catch((error: unknown) => {
      if (error instanceof VersionConflict) return null
      throw error
    })
  if (!saved) {
    // Someone saved first; if their change took the record out of the actor's reach, it is gone.
    const latest = await getContact({ actor, contactId })
    return latest ? { ok: false, reason: 'conflict', current: latest } : { ok: false, reason: 'not_found' }
  }
  return { ok: true, contact: saved }
}

export async function setContactArchived({
  actor,
  contactId,
  archived,
  meta,
}: {
  actor: CurrentUser
  contactId: string
  archived: boolean
  meta: RequestMeta
}) {
  const current = await getContact({ actor, contactId })
  if (!current) return { ok: false as const }
  if (Boolean(current.archivedAt) !== archived) {
    await db.transaction(async (tx) => {
      await lockAgenciesForContactWrites(tx, [current.agencyId])
      await tx
        .update(contacts)
        .set({ archivedAt: archived ? now() : null, isPrimary: archived ? false : current.isPrimary, version: sql`${contacts.version} + 1`, updatedAt: now() })
        .where(eq(contacts.id, contactId))
      await refreshAgencySearch(tx, [current.agencyId])
      await logActivity(tx, {
        name: archived ? 'contact.archived' : 'contact.restored',
        actor,
        ip: meta.ip,
        targetName: current.fullName,
        contactId,
        agencyId: current.agencyId,
      })
    })
  }
  return { ok: true as const, contact: current }
}

/** Contacts for a type-ahead, limited to the given agencies when any are chosen. */
export function searchContactOptions({ actor, query, agencyIds, limit = 10 }: { actor: CurrentUser; query: string; agencyIds?: string[]; limit?: number }) {
  const trimmed = query.trim().slice(0, 100)
  const ids = (agencyIds ?? []).filter(isUuid)
  return db
    .select({ id: contacts.id, fullName: contacts.fullName, title: contacts.title, agencyId: contacts.agencyId, agencyName: agencies.name })
    .from(contacts)
    .innerJoin(agencies, eq(agencies.id, contacts.agencyId))
    .where(
      and(
        regionScope(actor, agencies.regionCode),
        isNull(contacts.archivedAt),
        ids.length ? sql`${contacts.agencyId} in ${ids}` : undefined,
        trimmed ? or(ilike(contacts.fullName, containsPattern(trimmed)), sql`${trimmed} <% ${contacts.fullName}`) : undefined,
      ),
    )
    .orderBy(desc(contacts.isPrimary), asc(contacts.fullName))
    .limit(limit)
}
