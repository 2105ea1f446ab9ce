import { and, asc, count, eq, gte, inArray, isNull, lt, not, or, sql } from 'drizzle-orm'
import { agencies, conferences, presentationAgencies, presentationPresenters, presentations, users } from '#db/schema'
import { topics as topicValues } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { canWriteInRegion } from '~/lib/auth/region-access'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now } from '~/lib/clock.server'
import { db, type Executor } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import type { Changes } from '~/modules/activity/activity-events'
import type { LinkChange } from '~/modules/activity/describe-activity'
import { logActivity } from '~/modules/activity/activity.server'
import { getConference, type ConferenceDetail } from '~/modules/conferences/conferences.server'
import { topicLabels } from '~/modules/engagements/engagements-schema'
import { parseUtcDateTime, type PresentationInput } from './presentations-schema'
import { isUuid } from '~/lib/sql'

/*
 * Every staff member reads every presentation. One given at a conference is written under the
 * conference's rule (its region); one without a conference may be written by any staff member.
 * Its audience agencies follow the engagement rule: a lead names and picks only agencies of their
 * regions, sees the others counted, and an edit keeps every link outside their regions as it is.
 */

const DAY = 24 * 60 * 60_000

type FieldErrors = Record<string, string[]>

/** May the actor change this presentation? Loaders pass the answer to the UI as `canEdit`. */
export function canEditPresentation(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, presentation: { conferenceRegionCode: string | null }) {
  return presentation.conferenceRegionCode === null || canWriteInRegion(actor, presentation.conferenceRegionCode)
}

/** The presentations given at a conference, in the order they were given, with their presenters. */
export function listPresentationsAtConference(conferenceId: string) {
  return db
    .select({
      id: presentations.id,
      title: presentations.title,
      presentedAt: presentations.presentedAt,
      audienceSize: presentations.audienceSize,
      feedbackScore: presentations.feedbackScore,
      topics: presentations.topics,
      presenterNames: sql<string[]>`coalesce(array_agg(${users.name} order by ${users.name}) filter (where ${users.id} is not null), '{}')`,
    })
    .from(presentations)
    .leftJoin(presentationPresenters, eq(presentationPresenters.presentationId, presentations.id))
    .leftJoin(users, eq(users.id, presentationPresenters.userId))
    .where(eq(presentations.conferenceId, conferenceId))
    .groupBy(presentations.id)
    .orderBy(asc(presentations.presentedAt), asc(presentations.title))
    .limit(200)
}

type Viewer = Pick<CurrentUser, 'allRegions' | 'regions'>

/**
 * One presentation with its conference, presenters and the audience agencies the viewer may see
 * (the others are counted in `otherRegionAgencies`), or null for a malformed or unknown id.
 */
export async function getPresentation({ presentationId, viewer }: { presentationId: string; viewer: Viewer }) {
  if (!isUuid(presentationId)) return null
  const [row] = await db.select().from(presentations).where(eq(presentations.id, presentationId))
  if (!row) return null
  const scope = regionScope(viewer, agencies.regionCode)
  const [conference, presenters, audience, [elsewhere]] = await Promise.all([
    row.conferenceId ? getConference({ conferenceId: row.conferenceId }) : null,
    db
      .select({ id: users.id, name: users.name })
      .from(presentationPresenters)
      .innerJoin(users, eq(users.id, presentationPresenters.userId))
      .where(eq(presentationPresenters.presentationId, presentationId))
      .orderBy(asc(users.name)),
    db
      .select({ id: agencies.id, name: agencies.name, countryCode: agencies.countryCode, regionCode: agencies.regionCode, archivedAt: agencies.archivedAt })
      .from(presentationAgencies)
      .innerJoin(agencies, eq(agencies.id, presentationAgencies.agencyId))
      .where(and(eq(presentationAgencies.presentationId, presentationId), scope))
      .orderBy(asc(agencies.name)),
    scope
      ? db
          .select({ total: count() })
          .from(presentationAgencies)
          .innerJoin(agencies, eq(agencies.id, presentationAgencies.agencyId))
          .where(and(eq(presentationAgencies.presentationId, presentationId), not(scope)))
      : [{ total: 0 }],
  ])
  return {
    ...row,
    conference: conference
      ? {
          id: conference.id,
          name: conference.name,
          startsOn: conference.startsOn,
          endsOn: conference.endsOn,
          city: conference.city,
          countryName: conference.countryName,
        }
      : null,
    conferenceRegionCode: conference?.regionCode ?? null,
    presenters,
    agencies: audience,
    otherRegionAgencies: elsewhere.total,
  }
}
export type PresentationDetail = NonNullable<Awaited<ReturnType<typeof getPresentation>>>

/** The presentation, only if the actor may change it: otherwise it is not found for editing. */
export async function getPresentationForEdit({ actor, presentationId }: { actor: CurrentUser; presentationId: string }) {
  const presentation = await getPresentation({ presentationId, viewer: actor })
  return presentation && canEditPresentation(actor, presentation) ? presentation : null
}

/** Checks the conference and presenters the form sent against what the actor may use. */
type AudienceAgency = { id: string; name: string; regionCode: string }

async function checkReferences(
  actor: CurrentUser,
  input: PresentationInput,
  currentPresenterIds: string[] = [],
  currentAgencies: AudienceAgency[] = [],
): Promise<{ conference: ConferenceDetail | null; agencies: AudienceAgency[] } | { fieldErrors: FieldErrors }> {
  const errors: FieldErrors = {}
  let conference: ConferenceDetail | null = null
  if (input.conferenceId) {
    conference = await getConference({ conferenceId: input.conferenceId })
    if (!conference) errors.conferenceId = ['Choose a conference from the list.']
    else if (!canWriteInRegion(actor, conference.regionCode)) {
      errors.conferenceId = [`You can add presentations only to conferences in your regions (${actor.regions.join(', ') || 'none'}).`]
    } else {
      // A day of slack either side: the time is in UTC, the conference days are local.
      const presentedAt = parseUtcDateTime(input.presentedAt)!
      const first = new Date(`${conference.startsOn}T00:00:00Z`).getTime() - DAY
      const last = new Date(`${conference.endsOn}T00:00:00Z`).getTime() + 2 * DAY
      if (presentedAt.getTime() < first || presentedAt.getTime() >= last) {
        errors.presentedAt = [`${conference.name} runs from ${conference.startsOn} to ${conference.endsOn}: choose a time within it.`]
      }
    }
  }
  // Presenters must be active staff, except those already recorded (someone who has left).
  const presenterIds = [...new Set(input.presenterIds)].filter((id) => !currentPresenterIds.includes(id))
  if (presenterIds.length) {
    const staff = await db
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.id, presenterIds), eq(users.status, 'active'), inArray(users.role, ['admin', 'global_head', 'outreach_lead'])))
    if (staff.length !== presenterIds.length) errors.presenterIds = ['Choose presenters from the list.']
  }
  // Audience agencies: in the actor's regions, and not archived unless already in the audience.
  const agencyIds = [...new Set(input.agencyIds)]
  const linkedIds = currentAgencies.map((agency) => agency.id)
  const chosenAgencies = agencyIds.length
    ? await db
        .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode })
        .from(agencies)
        .where(
          and(
            inArray(agencies.id, agencyIds),
            regionScope(actor, agencies.regionCode),
            linkedIds.length ? or(isNull(agencies.archivedAt), inArray(agencies.id, linkedIds)) : isNull(agencies.archivedAt),
          ),
        )
    : []
  if (chosenAgencies.length !== agencyIds.length) errors.agencyIds = ['Choose agencies in your regions.']
  return Object.keys(errors).length ? { fieldErrors: errors } : { conference, agencies: chosenAgencies }
}

/** Every audience agency of a presentation, whatever the region (for writing). */
function loadAudience(presentationId: string): Promise<AudienceAgency[]> {
  return db
    .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode })
    .from(presentationAgencies)
    .innerJoin(agencies, eq(agencies.id, presentationAgencies.agencyId))
    .where(eq(presentationAgencies.presentationId, presentationId))
}

/**
 * What a save does to the audience: the actor's choice within their regions, and every agency
 * outside them kept as it is (a lead cannot see them, so cannot mean to remove them).
 */
function planAudience(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, current: AudienceAgency[], chosen: AudienceAgency[]) {
  const kept = current.filter((agency) => !actor.allRegions && !(actor.regions as string[]).includes(agency.regionCode))
  const next = [...new Map([...kept, ...chosen].map((agency) => [agency.id, agency])).values()]
  const nextIds = new Set(next.map((agency) => agency.id))
  const currentIds = new Set(current.map((agency) => agency.id))
  return { added: next.filter((agency) => !currentIds.has(agency.id)), removed: current.filter((agency) => !nextIds.has(agency.id)) }
}
type AudiencePlan = ReturnType<typeof planAudience>

async function writeAudience(executor: Executor, presentationId: string, plan: AudiencePlan) {
  if (plan.removed.length)
    await executor.delete(presentationAgencies).where(
      and(
        eq(presentationAgencies.presentationId, presentationId),
        inArray(
          presentationAgencies.agencyId,
          plan.removed.map((agency) => agency.id),
        ),
      ),
    )
  if (plan.added.length) await executor.insert(presentationAgencies).values(plan.added.map((agency) => ({ presentationId, agencyId: agency.id })))
}

/** The audience change for the timeline, each agency with its region (a reader outside it sees a count). */
function audienceChange(plan: AudiencePlan): LinkChange | null {
  if (!plan.added.length && !plan.removed.length) return null
  const named = (items: AudienceAgency[]) => items.map((agency) => ({ id: agency.id, name: agency.name, region: agency.regionCode }))
  return { added: named(plan.added), removed: named(plan.removed) }
}

function presentationValues(input: PresentationInput) {
  return {
    title: input.title,
    conferenceId: input.conferenceId,
    presentedAt: parseUtcDateTime(input.presentedAt)!,
    audienceSize: input.audienceSize,
    topics: topicValues.filter((topic) => input.topics.includes(topic)),
    materialsUrl: input.materialsUrl,
    feedbackScore: input.feedbackScore,
    notes: input.notes,
  }
}

async function writePresenters(executor: Executor, presentationId: string, presenterIds: string[]) {
  await executor.delete(presentationPresenters).where(eq(presentationPresenters.presentationId, presentationId))
  const unique = [...new Set(presenterIds)]
  if (unique.length) await executor.insert(presentationPresenters).values(unique.map((userId) => ({ presentationId, userId })))
}

export async function createPresentation({ actor, input, meta }: { actor: CurrentUser; input: PresentationInput; meta: RequestMeta }) {
  const checked = await checkReferences(actor, input)
  if ('fieldErrors' in checked) return { ok: false as const, fieldErrors: checked.fieldErrors }
  const presentation = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(presentations)
      .values({ ...presentationValues(input), createdById: actor.id, createdAt: now(), updatedAt: now() })
      .returning({ id: presentations.id, title: presentations.title })
    await writePresenters(tx, created.id, input.presenterIds)
    await writeAudience(tx, created.id, { added: checked.agencies, removed: [] })
    await logActivity(tx, {
      name: 'presentation.created',
      actor,
      ip: meta.ip,
      targetName: created.title,
      presentationId: created.id,
      conferenceId: input.conferenceId,
      properties: { conference: checked.conference?.name ?? null, agencies: checked.agencies.length },
    })
    return created
  })
  return { ok: true as const, presentation }
}

export type PresentationUpdateResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'conflict'; current: PresentationDetail }

const topicNames = (values: readonly string[]) => values.map((value) => topicLabels[value as keyof typeof topicLabels] ?? value)

/**
 * Saves an edit made on `version`; a concurrent save wins and nothing of this one is written
 * (optimistic concurrency). The activity row records what changed, with display values.
 */
export async function updatePresentation({
  actor,
  presentationId,
  input,
  meta,
}: {
  actor: CurrentUser
  presentationId: string
  input: PresentationInput & { version: number }
  meta: RequestMeta
}): Promise<PresentationUpdateResult> {
  const current = await getPresentationForEdit({ actor, presentationId })
  if (!current) return { ok: false, reason: 'not_found' }
  if (current.version !== input.version) return { ok: false, reason: 'conflict', current }
  const currentPresenterIds = current.presenters.map((presenter) => presenter.id)
  // Read outside the transaction: the versioned update below refuses the save if it changed since.
  const currentAudience = await loadAudience(presentationId)
  const checked = await checkReferences(actor, input, currentPresenterIds, currentAudience)
  if ('fieldErrors' in checked) return { ok: false, reason: 'invalid', fieldErrors: checked.fieldErrors }
  const audience = planAudience(actor, currentAudience, checked.agencies)
  const values = presentationValues(input)
  const changes: Changes = {}
  for (const field of ['title', 'audienceSize', 'materialsUrl', 'feedbackScore', 'notes'] as const) {
    if (JSON.stringify(current[field] ?? null) !== JSON.stringify(values[field] ?? null)) changes[field] = { from: current[field], to: values[field] }
  }
  if (current.presentedAt.getTime() !== values.presentedAt.getTime())
    changes.presentedAt = { from: current.presentedAt.toISOString(), to: values.presentedAt.toISOString() }
  if (current.conferenceId !== values.conferenceId) changes.conference = { from: current.conference?.name ?? null, to: checked.conference?.name ?? null }
  if (JSON.stringify(current.topics) !== JSON.stringify(values.topics)) changes.topics = { from: topicNames(current.topics), to: topicNames(values.topics) }
  const presenterIds = [...new Set(input.presenterIds)]
  if (presenterIds.length !== currentPresenterIds.length || presenterIds.some((id) => !currentPresenterIds.includes(id))) {
    const chosen = presenterIds.length ? await db.select({ name: users.name }).from(users).where(inArray(users.id, presenterIds)).orderBy(asc(users.name)) : []
    changes.presenters = { from: current.presenters.map((presenter) => presenter.name), to: chosen.map((presenter) => presenter.name) }
  }
  const agencyChange = audienceChange(audience)
  if (agencyChange) changes.audience = agencyChange
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(presentations)
      .set({ ...values, version: sql`${presentations.version} + 1`, updatedAt: now() })
      .where(and(eq(presentations.id, presentationId), eq(presentations.version, input.version)))
      .returning({ id: presentations.id })
    if (!row) return false
    await writePresenters(tx, presentationId, presenterIds)
    await writeAudience(tx, presentationId, audience)
    if (Object.keys(changes).length) {
      await logActivity(tx, {
        name: 'presentation.updated',
        actor,
        ip: meta.ip,
        targetName: values.title,
        presentationId,
        conferenceId: values.conferenceId ?? current.conferenceId,
        properties: { changes },
      })
    }
    return true
  })
  if (!saved) {
    // Someone saved first; if their change took the record out of the actor's reach, it is gone.
    const latest = await getPresentation({ presentationId, viewer: actor })
    return latest ? { ok: false, reason: 'conflict', current: latest } : { ok: false, reason: 'not_found' }
  }
  return { ok: true }
}

/**
 * Presentations given in [from, to) for the calendar: at a conference in the actor's regions
 * (or `region`), or, with no conference, to an audience agency there; `presenterId` keeps those
 * the person gives.
 */
export function listPresentationsBetween({
  actor,
  from,
  to,
  region,
  presenterId,
}: {
  actor: CurrentUser
  from: Date
  to: Date
  region?: string
  presenterId?: string
}) {
  const regions = region ? [region] : actor.allRegions ? null : actor.regions
  const inRegions =
    regions === null
      ? undefined
      : regions.length === 0
        ? sql`false`
        : sql`(exists (select 1 from ${conferences} where ${conferences.id} = ${presentations.conferenceId} and ${inArray(conferences.regionCode, regions)}) or (${presentations.conferenceId} is null and exists (select 1 from ${presentationAgencies} join ${agencies} on ${agencies.id} = ${presentationAgencies.agencyId} where ${presentationAgencies.presentationId} = ${presentations.id} and ${inArray(agencies.regionCode, regions)})))`
  return db
    .select({ id: presentations.id, title: presentations.title, presentedAt: presentations.presentedAt })
    .from(presentations)
    .where(
      and(
        gte(presentations.presentedAt, from),
        lt(presentations.presentedAt, to),
        inRegions,
        presenterId
          ? sql`exists (select 1 from ${presentationPresenters} where ${presentationPresenters.presentationId} = ${presentations.id} and ${presentationPresenters.userId} = ${presenterId})`
          : undefined,
      ),
    )
    .orderBy(asc(presentations.presentedAt))
    .limit(300)
}
