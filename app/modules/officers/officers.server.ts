import { createElement } from 'react'
import { and, arrayOverlaps, asc, count, eq, gte, ilike, isNotNull, isNull, lt, lte, or, sql, type Column, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { agencies, trainingAssignments, users } from '#db/schema'
import type { Locale, OfficerVerification } from '#db/schema/vocabulary'
import { authTokenLifetimes, consumeAuthToken, issueAuthToken } from '~/lib/auth/auth-token.server'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { commonPasswordMessage, hashPassword, isCommonPassword } from '~/lib/auth/password.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { createSession, invalidateSession } from '~/lib/auth/session.server'
import { consumeAttempt } from '~/lib/auth/throttle.server'
import { now, today } from '~/lib/clock.server'
import { getContentLibrary } from '~/lib/content/compile.server'
import { buildOnce, db, type Executor } from '~/lib/db.server'
import { sendEmail } from '~/lib/email/send.server'
import { EmailVerificationEmail, emailVerificationSubject } from '~/lib/email/templates/email-verification-email'
import { OfficerVerifiedEmail, officerVerifiedSubject } from '~/lib/email/templates/officer-verified-email'
import { TrainingAssignedEmail, trainingAssignedSubject } from '~/lib/email/templates/training-assigned-email'
import { TrainingReminderEmail, trainingReminderSubject } from '~/lib/email/templates/training-reminder-email'
import { env } from '~/lib/env.server'
import { countryLocale } from '~/lib/i18n/country-locale'
import { containsPattern, isUuid, qualified } from '~/lib/sql'
import type { RequestMeta } from '~/lib/request-meta.server'
import { findUserByEmail, sendInvitation } from '~/modules/accounts/accounts.server'
import { emailDomainCandidates, isEmailOnAgencyDomains } from '~/modules/agencies/email-domains'
import { logActivity } from '~/modules/activity/activity.server'
import { optionalEmail } from '~/modules/notifications/notify.server'
import { issuePendingCertificates, listModuleStatusesForUsers, listTrainingStatusForUsers } from '~/modules/training/training.server'
import {
  formatDueDate,
  outsideDomainsMessages,
  REMINDER_INTERVAL_MS,
  unknownDomainMessage,
  type AssignModuleInput,
  type InviteOfficerInput,
  type OfficerListFilters,
  type SignupInput,
  type VerificationDecision,
} from './officers-schema'

export const OFFICERS_PAGE_SIZE = 50
const HOUR = 60 * 60_000

type FieldErrors = Record<string, string[]>

// ---------------------------------------------------------------------------------------------
// Which agency an address belongs to

/**
 * Non-archived agencies the address is on (see `isEmailOnAgencyDomains`). Only the most specific
 * match counts (an agency on `dea.usdoj.gov` wins over those on `usdoj.gov`); several agencies
 * can share a domain, and then the officer chooses.
 */
export async function findAgenciesForEmail(email: string) {
  const candidates = emailDomainCandidates(email)
  if (candidates.length === 0) return []
  const rows = await db
    .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode, countryCode: agencies.countryCode, emailDomains: agencies.emailDomains })
    .from(agencies)
    .where(and(isNull(agencies.archivedAt), arrayOverlaps(agencies.emailDomains, candidates)))
    .orderBy(asc(agencies.name))
    .limit(50)
  const specificity = (domains: string[]) => Math.max(...candidates.filter((candidate) => domains.includes(candidate)).map((candidate) => candidate.length))
  const best = Math.max(...rows.map((row) => specificity(row.emailDomains)))
  return rows.filter((row) => specificity(row.emailDomains) === best).map(({ id, name, regionCode }) => ({ id, name, regionCode }))
}

// ---------------------------------------------------------------------------------------------
// Sign-up and email verification

async function sendVerificationEmail(executor: Executor, user: { id: string; email: string; name: string }, agencyName: string, locale: Locale = 'en') {
  const token = await issueAuthToken(executor, user.id, 'email_verification')
  await sendEmail(executor, {
    to: user.email,
    template: 'email-verification',
    subject: emailVerificationSubject(locale),
    linkSecret: token,
    body: (secret) =>
      createElement(EmailVerificationEmail, {
        locale,
        name: user.name,
        agencyName,
        verifyUrl: `${env.APP_ORIGIN}/verify-email/${secret}`,
        expiresInHours: authTokenLifetimes.email_verification / HOUR,
      }),
  })
}

export type SignUpResult =
  | { ok: true }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors; agencyChoices?: { id: string; name: string }[] }

/**
 * Officer self sign-up. Only an address at a domain registered on an agency is accepted; the
 * account is `pending` until a lead of the agency's region verifies it, and nobody is signed in
 * before the email is confirmed. The answer is the same whether or not the address already has
 * an account: a new one gets a verification email; an officer who signed up earlier and never
 * confirmed gets a fresh link; any other account gets nothing.
 */
export async function signUpOfficer(raw: SignupInput & { meta: RequestMeta; locale?: Locale }): Promise<SignUpResult> {
  const input = { ...raw, email: raw.email.trim().toLowerCase() }
  if (isCommonPassword(input.password)) return { ok: false, reason: 'invalid', fieldErrors: { password: [commonPasswordMessage] } }
  const wait = await consumeAttempt('signup', { account: input.email, ip: input.meta.ip })
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait }

  const matches = await findAgenciesForEmail(input.email)
  if (matches.length === 0) return { ok: false, reason: 'invalid', fieldErrors: { email: [unknownDomainMessage] } }
  const agency = matches.length === 1 ? matches[0] : matches.find((match) => match.id === input.agencyId)
  if (!agency) {
    return {
      ok: false,
      reason: 'invalid',
      fieldErrors: { agencyId: ['Your address belongs to several agencies. Choose yours.'] },
      agencyChoices: matches.map(({ id, name }) => ({ id, name })),
    }
  }

  // Hashed whether or not the account exists, so that the answer takes as long either way.
  const passwordHash = await hashPassword(input.password)
  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        role: 'officer',
        status: 'active',
        passwordHash,
        agencyId: agency.id,
        officerVerification: 'pending',
        createdAt: now(),
        updatedAt: now(),
      })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email, name: users.name })
    if (created) {
      await sendVerificationEmail(tx, created, agency.name, input.locale)
      await logActivity(tx, {
        name: 'officer.signed_up',
        actor: created,
        ip: input.meta.ip,
        targetName: created.name,
        userId: created.id,
        agencyId: agency.id,
        properties: { email: created.email, agency: agency.name, region: agency.regionCode },
      })
      return
    }
    const existing = await tx.query.users.findFirst({ where: sql`lower(${users.email}) = ${input.email}` })
    if (existing && existing.role === 'officer' && existing.status === 'active' && !existing.emailVerifiedAt) {
      const [ownAgency] = existing.agencyId ? await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, existing.agencyId)) : []
      await sendVerificationEmail(tx, existing, ownAgency?.name ?? agency.name, input.locale)
      await logActivity(tx, {
        name: 'officer.verification_resent',
        actor: null,
        ip: input.meta.ip,
        targetName: existing.name,
        userId: existing.id,
        agencyId: existing.agencyId,
      })
    }
  })
  return { ok: true }
}

/**
 * Uses up an email-verification link: the address is confirmed and the officer is signed in
 * (a new session; any session the browser had ends). The account stays `pending` until a lead
 * verifies it.
 */
export async function confirmOfficerEmail(input: { token: string; previousSessionId?: string | null; meta: RequestMeta }) {
  return db.transaction(async (tx) => {
    const userId = await consumeAuthToken(tx, input.token, 'email_verification')
    if (!userId) return { ok: false as const }
    const [user] = await tx.select().from(users).where(eq(users.id, userId))
    if (!user || user.status !== 'active') return { ok: false as const }
    const [updated] = await tx
      .update(users)
      .set({ emailVerifiedAt: user.emailVerifiedAt ?? now(), lastLoginAt: now(), updatedAt: now() })
      .where(eq(users.id, userId))
      .returning()
    if (input.previousSessionId) await invalidateSession(tx, input.previousSessionId)
    const session = await createSession(tx, updated, input.meta)
    await logActivity(tx, {
      name: 'officer.email_verified',
      actor: updated,
      ip: input.meta.ip,
      targetName: updated.name,
      userId,
      agencyId: updated.agencyId,
      properties: { email: updated.email },
    })
    await logActivity(tx, {
      name: 'user.login',
      actor: updated,
      ip: input.meta.ip,
      targetName: updated.name,
      userId,
      properties: { via: 'email_verification' },
    })
    return { ok: true as const, token: session.token, expiresAt: session.session.absoluteExpiresAt, role: updated.role }
  })
}

// ---------------------------------------------------------------------------------------------
// Reading officers, scoped to the actor's regions

/** Officers whose agency is in the actor's regions (everyone's for admins and the global head). */
function officerScope(actor: Pick<CurrentUser, 'allRegions' | 'regions'>) {
  return and(eq(users.role, 'officer'), regionScope(actor, agencies.regionCode))
}

/**
 * The officers' training counts, from the training module's one definition of "completed"
 * (a valid completion or certificate, retired modules not counted): SQL on progress rows alone
 * cannot tell an expired completion, or a valid certificate of an earlier version, from the rest.
 */
async function withTrainingCounts<Row extends { id: string }>(rows: Row[]) {
  const counts = await listTrainingStatusForUsers(rows.map((row) => row.id))
  return rows.map((row) => {
    const status = counts.get(row.id)
    return { ...row, assignedCount: status?.assigned ?? 0, completedCount: status?.completed ?? 0, overdueCount: status?.overdue ?? 0 }
  })
}

const waitingCondition = and(eq(users.officerVerification, 'pending'), isNotNull(users.emailVerifiedAt), eq(users.status, 'active'))

/** The moment falls on one of the days from `from` to `to` (UTC, both included); either end may be open. */
function onDays(column: Column, from: string | undefined, to: string | undefined) {
  const nextDay = (day: string) => new Date(new Date(`${day}T00:00:00Z`).getTime() + 24 * 60 * 60_000)
  return and(from ? gte(column, new Date(`${from}T00:00:00Z`)) : undefined, to ? lt(column, nextDay(to)) : undefined)
}

/** Officers of the actor's regions waiting for a lead to verify them (the queue's length). */
export async function countWaitingOfficers(actor: Pick<CurrentUser, 'allRegions' | 'regions'>) {
  const [{ waiting }] = await db
    .select({ waiting: count() })
    .from(users)
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(officerScope(actor), waitingCondition))
  return waiting
}

/** A page of officers: the verification queue (oldest first) or all of them, filtered. */
export async function listOfficers({ actor, filters }: { actor: CurrentUser; filters: OfficerListFilters }) {
  const conditions: (SQL | undefined)[] = [officerScope(actor)]
  if (filters.q) {
    const pattern = containsPattern(filters.q)
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern), ilike(agencies.name, pattern)))
  }
  if (filters.agency) conditions.push(eq(users.agencyId, filters.agency))
  if (filters.region) conditions.push(eq(agencies.regionCode, filters.region))
  if (filters.country) conditions.push(eq(agencies.countryCode, filters.country))
  conditions.push(onDays(users.createdAt, filters.registeredFrom, filters.registeredTo))
  conditions.push(onDays(users.officerVerifiedAt, filters.verifiedFrom, filters.verifiedTo))
  if (filters.tab === 'queue') conditions.push(waitingCondition)
  else if (filters.state) conditions.push(eq(users.officerVerification, filters.state))
  const where = and(...conditions)
  const [rows, [{ total }], waiting] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        status: users.status,
        agencyId: users.agencyId,
        agencyName: agencies.name,
        regionCode: agencies.regionCode,
        officerVerification: users.officerVerification,
        officerVerificationNote: users.officerVerificationNote,
        emailVerifiedAt: users.emailVerifiedAt,
        createdAt: users.createdAt,
      })
      .from(users)
      .leftJoin(agencies, eq(agencies.id, users.agencyId))
      .where(where)
      .orderBy(...(filters.tab === 'queue' ? [asc(users.createdAt), asc(users.id)] : [asc(users.name), asc(users.id)]))
      .limit(OFFICERS_PAGE_SIZE)
      .offset((filters.page - 1) * OFFICERS_PAGE_SIZE)
      .then(withTrainingCounts),
    db.select({ total: count() }).from(users).leftJoin(agencies, eq(agencies.id, users.agencyId)).where(where),
    countWaitingOfficers(actor),
  ])
  return { rows, total, waiting, page: filters.page, pageCount: Math.max(1, Math.ceil(total / OFFICERS_PAGE_SIZE)) }
}

/** Agencies in the actor's regions that have at least one officer (for the list's filter). */
export function listOfficerAgencyOptions(actor: CurrentUser) {
  return db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(
      and(
        regionScope(actor, agencies.regionCode),
        sql`exists (select 1 from ${users} where ${qualified(users.agencyId)} = ${qualified(agencies.id)} and ${qualified(users.role)} = 'officer')`,
      ),
    )
    .orderBy(asc(agencies.name))
    .limit(500)
}

/** The officers registered at an agency, with their verification state and training counts. */
// On every view of an agency's page: built once, run as a prepared statement.
const officersOfAgencyQuery = buildOnce(() =>
  db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      officerVerification: users.officerVerification,
      emailVerifiedAt: users.emailVerifiedAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(and(eq(users.agencyId, sql.placeholder('agencyId')), eq(users.role, 'officer')))
    .orderBy(asc(users.name), asc(users.id))
    .limit(sql.placeholder('limit'))
    .prepare('officers_of_agency'),
)

export async function listOfficersOfAgency(agencyId: string, { limit = 100 }: { limit?: number } = {}) {
  if (!isUuid(agencyId)) return []
  const rows = await officersOfAgencyQuery().execute({ agencyId, limit })
  return withTrainingCounts(rows)
}

/** The few facts every officer command needs, or null outside the actor's regions. */
export async function findOfficerInScope(actor: CurrentUser, userId: string) {
  if (!isUuid(userId)) return null
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      agencyId: users.agencyId,
      agencyName: agencies.name,
      officerVerification: users.officerVerification,
      emailVerifiedAt: users.emailVerifiedAt,
      locale: users.locale,
    })
    .from(users)
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(users.id, userId), officerScope(actor)))
  return row ?? null
}

export type PublishedModule = { slug: string; title: string; version: number; estimatedMinutes: number }

/** Published training modules (English titles), for assigning. */
export async function listPublishedModules(): Promise<PublishedModule[]> {
  const library = await getContentLibrary()
  const modules: PublishedModule[] = []
  for (const [slug, versions] of library.modules) {
    const english = versions.get('en')
    if (english?.frontmatter.status !== 'published') continue
    modules.push({ slug, title: english.frontmatter.title, version: english.frontmatter.version, estimatedMinutes: english.frontmatter.estimatedMinutes })
  }
  return modules.sort((a, b) => a.title.localeCompare(b.title))
}

/** One officer's profile with their training (assigned and self-started), or null out of scope. */
export async function getOfficer({ actor, userId }: { actor: CurrentUser; userId: string }) {
  if (!isUuid(userId)) return null
  const verifier = alias(users, 'verifier')
  const [officer] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      locale: users.locale,
      agencyId: users.agencyId,
      agencyName: agencies.name,
      regionCode: agencies.regionCode,
      officerVerification: users.officerVerification,
      officerVerifiedAt: users.officerVerifiedAt,
      officerVerificationNote: users.officerVerificationNote,
      verifiedByName: verifier.name,
      emailVerifiedAt: users.emailVerifiedAt,
      lastLoginAt: users.lastLoginAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .leftJoin(verifier, eq(verifier.id, users.officerVerifiedById))
    .where(and(eq(users.id, userId), officerScope(actor)))
  if (!officer) return null
  const assigner = alias(users, 'assigner')
  const [assignments, statuses] = await Promise.all([
    db
      .select({
        moduleSlug: trainingAssignments.moduleSlug,
        dueOn: trainingAssignments.dueOn,
        assignedAt: trainingAssignments.assignedAt,
        remindedAt: trainingAssignments.remindedAt,
        assignedByName: assigner.name,
      })
      .from(trainingAssignments)
      .leftJoin(assigner, eq(assigner.id, trainingAssignments.assignedById))
      .where(eq(trainingAssignments.userId, userId)),
    listModuleStatusesForUsers([userId]),
  ])
  const assignmentsBySlug = new Map(assignments.map((assignment) => [assignment.moduleSlug, assignment]))
  const training = (statuses.get(userId) ?? [])
    .map((status) => ({
      moduleSlug: status.slug,
      title: status.title,
      standing: status.standing,
      assignment: assignmentsBySlug.get(status.slug) ?? null,
      startedAt: status.startedAt,
      completedAt: status.completedAt,
      validUntil: status.validUntil,
      renewing: status.renewing,
      bestScore: status.bestScore,
      overdue: status.overdue,
    }))
    // Assigned first, soonest due first (no due date last); then the ones started on their own, latest first.
    .sort((a, b) => {
      if (a.assignment && b.assignment) {
        return (
          (a.assignment.dueOn ?? '9999').localeCompare(b.assignment.dueOn ?? '9999') || a.assignment.assignedAt.getTime() - b.assignment.assignedAt.getTime()
        )
      }
      if (a.assignment || b.assignment) return a.assignment ? -1 : 1
      return (b.startedAt?.getTime() ?? 0) - (a.startedAt?.getTime() ?? 0)
    })
  return { ...officer, training }
}
export type OfficerDetail = NonNullable<Awaited<ReturnType<typeof getOfficer>>>

// ---------------------------------------------------------------------------------------------
// Commands

type CommandFailure =
  { ok: false; reason: 'not_found' } | { ok: false; reason: 'refused'; message: string } | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors }

const decisionStates: Record<VerificationDecision['intent'], OfficerVerification> = { verify: 'verified', reject: 'rejected' }

/**
 * A lead's decision on an officer account: verified or rejected, by whom, when and why, kept on
 * the account and in the activity log in one transaction. A decision made by someone else in
 * the meantime is not overwritten.
 */
export async function decideOfficerVerification({
  actor,
  decision,
  meta,
}: {
  actor: CurrentUser
  decision: VerificationDecision
  meta: RequestMeta
}): Promise<{ ok: true; name: string; state: OfficerVerification } | CommandFailure> {
  const officer = await findOfficerInScope(actor, decision.userId)
  if (!officer) return { ok: false, reason: 'not_found' }
  const to = decisionStates[decision.intent]
  if (officer.status === 'deactivated') return { ok: false, reason: 'refused', message: `${officer.name}'s account is deactivated.` }
  if (officer.officerVerification === to) return { ok: false, reason: 'refused', message: `${officer.name} is already ${to}.` }
  if (to === 'verified' && officer.status === 'active' && !officer.emailVerifiedAt) {
    return { ok: false, reason: 'refused', message: `${officer.name} has not confirmed their email address yet. Verify the account once they have.` }
  }
  const reason = decision.reason ? decision.reason : null
  const saved = await db.transaction(async (tx) => {
    const current = officer.officerVerification === null ? isNull(users.officerVerification) : eq(users.officerVerification, officer.officerVerification)
    const [row] = await tx
      .update(users)
      .set({ officerVerification: to, officerVerifiedById: actor.id, officerVerifiedAt: now(), officerVerificationNote: reason, updatedAt: now() })
      .where(and(eq(users.id, officer.id), current))
      .returning({ id: users.id })
    if (!row) return false
    await logActivity(tx, {
      name: to === 'verified' ? 'officer.verified' : 'officer.rejected',
      actor,
      ip: meta.ip,
      targetName: officer.name,
      userId: officer.id,
      agencyId: officer.agencyId,
      properties: { from: officer.officerVerification, to, reason, agency: officer.agencyName },
    })
    // The certificates the officer's passes earned while pending come with the verification.
    if (to === 'verified' && officer.status === 'active') {
      await issuePendingCertificates(tx, { holder: { id: officer.id, name: officer.name, agencyName: officer.agencyName } })
      // The officer hears of it (an account email: no preference turns it off).
      const locale = officer.locale ?? 'en'
      await sendEmail(tx, {
        to: officer.email,
        template: 'officer-verified',
        subject: officerVerifiedSubject(locale),
        body: createElement(OfficerVerifiedEmail, {
          name: officer.name,
          agencyName: officer.agencyName ?? '',
          trainingUrl: `${env.APP_ORIGIN}/training`,
          locale,
        }),
      })
    }
    return true
  })
  if (!saved) return { ok: false, reason: 'refused', message: `Someone decided on ${officer.name}'s account a moment ago. Check it again.` }
  return { ok: true, name: officer.name, state: to }
}

/** An agency the actor may invite officers to: in their regions and not archived. */
export async function findInvitableAgency(actor: CurrentUser, agencyId: string | null | undefined) {
  if (!isUuid(agencyId)) return null
  const [row] = await db
    .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode, countryCode: agencies.countryCode, emailDomains: agencies.emailDomains })
    .from(agencies)
    .where(and(eq(agencies.id, agencyId), isNull(agencies.archivedAt), regionScope(actor, agencies.regionCode)))
  return row ?? null
}

export type InviteOfficerResult =
  | { ok: true; user: { id: string; email: string; name: string }; agency: { id: string; name: string; regionCode: string } }
  | { ok: false; reason: 'invalid'; fieldErrors: FieldErrors }
  /** The address is not at the agency: the lead must tick `confirmOutsideDomains`. */
  | { ok: false; reason: 'confirm'; fieldErrors: FieldErrors }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/**
 * Invites an officer of an agency in the actor's regions. The inviting lead vouches for them,
 * so the account is verified from the start; it becomes active when the link is used
 * (/invitations/:token). An address outside the agency's email domains needs the lead's
 * explicit confirmation, which the log keeps. Invitations are throttled per inviting user and
 * per IP (counted from the point where one could be sent, so also when the address is taken).
 */
export async function inviteOfficer({
  actor,
  input,
  meta,
}: {
  actor: CurrentUser
  input: InviteOfficerInput
  meta: RequestMeta
}): Promise<InviteOfficerResult> {
  const agency = await findInvitableAgency(actor, input.agencyId)
  if (!agency) return { ok: false, reason: 'invalid', fieldErrors: { agencyId: ['Choose an agency in your regions.'] } }
  const outside = !isEmailOnAgencyDomains(input.email, agency.emailDomains)
  if (outside && input.confirmOutsideDomains !== input.email)
    return { ok: false, reason: 'confirm', fieldErrors: outsideDomainsMessages(agency.name, agency.emailDomains) }
  const wait = await consumeAttempt('officer_invitation', { account: actor.id, ip: meta.ip })
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait }
  const taken = { ok: false as const, reason: 'invalid' as const, fieldErrors: { email: ['An account with this email already exists.'] } }
  if (await findUserByEmail(input.email)) return taken
  const invited = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        role: 'officer',
        status: 'invited',
        agencyId: agency.id,
        officerVerification: 'verified',
        officerVerifiedById: actor.id,
        officerVerifiedAt: now(),
        createdAt: now(),
        updatedAt: now(),
      })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email, name: users.name })
    if (!created) return null
    await sendInvitation(tx, {
      invitee: created,
      inviterName: actor.name,
      invitedAs: { kind: 'officer', agencyName: agency.name },
      locale: countryLocale(agency.countryCode),
    })
    await logActivity(tx, {
      name: 'officer.invited',
      actor,
      ip: meta.ip,
      targetName: created.name,
      userId: created.id,
      agencyId: agency.id,
      properties: { email: created.email, agency: agency.name, region: agency.regionCode, ...(outside ? { outsideDomains: agency.emailDomains } : {}) },
    })
    return created
  })
  if (!invited) return taken
  return { ok: true, user: invited, agency: { id: agency.id, name: agency.name, regionCode: agency.regionCode } }
}

function moduleUrl(slug: string) {
  return `${env.APP_ORIGIN}/training/${slug}`
}

/**
 * Assigns a published module (again, with a new due date, when it was assigned before): the
 * assignment, the email to the officer and the log entry in one transaction.
 */
export async function assignModule({
  actor,
  userId,
  input,
  meta,
}: {
  actor: CurrentUser
  userId: string
  input: Omit<AssignModuleInput, 'intent'>
  meta: RequestMeta
}): Promise<{ ok: true; title: string; reassigned: boolean; emailed: boolean } | CommandFailure> {
  const officer = await findOfficerInScope(actor, userId)
  if (!officer) return { ok: false, reason: 'not_found' }
  if (officer.status === 'deactivated') return { ok: false, reason: 'refused', message: `${officer.name}'s account is deactivated.` }
  if (officer.officerVerification === 'rejected')
    return { ok: false, reason: 'refused', message: `${officer.name}'s account was rejected. Verify it before assigning training.` }
  const trainingModule = (await listPublishedModules()).find((candidate) => candidate.slug === input.moduleSlug)
  if (!trainingModule) return { ok: false, reason: 'invalid', fieldErrors: { moduleSlug: ['Choose a published module.'] } }
  const dueOn = input.dueOn ?? null
  const previous = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ dueOn: trainingAssignments.dueOn })
      .from(trainingAssignments)
      .where(and(eq(trainingAssignments.userId, officer.id), eq(trainingAssignments.moduleSlug, trainingModule.slug)))
    await tx
      .insert(trainingAssignments)
      .values({ userId: officer.id, moduleSlug: trainingModule.slug, assignedById: actor.id, dueOn, assignedAt: now() })
      .onConflictDoUpdate({ target: [trainingAssignments.userId, trainingAssignments.moduleSlug], set: { assignedById: actor.id, dueOn, assignedAt: now() } })
    // An officer who turned training emails off is assigned all the same, without an email.
    const optional = await optionalEmail(tx, officer.id, 'training')
    if (optional)
      await sendEmail(tx, {
        to: officer.email,
        template: 'training-assigned',
        subject: trainingAssignedSubject(trainingModule.title, officer.locale ?? 'en'),
        headers: optional.headers,
        body: createElement(TrainingAssignedEmail, {
          unsubscribeUrl: optional.unsubscribeUrl,
          locale: officer.locale ?? 'en',
          name: officer.name,
          assignerName: actor.name,
          moduleTitle: trainingModule.title,
          estimatedMinutes: trainingModule.estimatedMinutes,
          dueOn: dueOn ? formatDueDate(dueOn, officer.locale ?? 'en') : null,
          moduleUrl: moduleUrl(trainingModule.slug),
        }),
      })
    await logActivity(tx, {
      name: 'training.assigned',
      actor,
      ip: meta.ip,
      targetName: officer.name,
      userId: officer.id,
      agencyId: officer.agencyId,
      properties: { module: trainingModule.slug, title: trainingModule.title, dueOn, ...(before ? { previousDueOn: before.dueOn } : {}) },
    })
    return { before: before ?? null, emailed: optional !== null }
  })
  return { ok: true, title: trainingModule.title, reassigned: previous.before !== null, emailed: previous.emailed }
}

/**
 * Emails a reminder about an assigned module, at most once every 24 hours per assignment (the
 * check and the stamp are one conditional update, so two clicks send one email).
 */
export async function remindAssignment({
  actor,
  userId,
  moduleSlug,
  meta,
}: {
  actor: CurrentUser
  userId: string
  moduleSlug: string
  meta: RequestMeta
}): Promise<{ ok: true; title: string } | CommandFailure | { ok: false; reason: 'too_soon'; remindedAt: Date; nextAllowedAt: Date }> {
  const officer = await findOfficerInScope(actor, userId)
  if (!officer) return { ok: false, reason: 'not_found' }
  if (officer.status === 'deactivated') return { ok: false, reason: 'refused', message: `${officer.name}'s account is deactivated.` }
  const status = (await listModuleStatusesForUsers([officer.id])).get(officer.id)?.find((item) => item.slug === moduleSlug)
  const title = status?.title ?? moduleSlug
  const assignmentKey = and(eq(trainingAssignments.userId, officer.id), eq(trainingAssignments.moduleSlug, moduleSlug))
  return db.transaction(async (tx) => {
    const [assignment] = await tx.select().from(trainingAssignments).where(assignmentKey)
    // A retired module (no longer in the content) cannot be taken: there is nothing to remind of.
    if (!assignment || !status) return { ok: false as const, reason: 'refused' as const, message: `${title} is not assigned to ${officer.name}.` }
    // Completed means validly: an expired completion is worth a reminder to renew it.
    if (status.standing === 'completed') return { ok: false as const, reason: 'refused' as const, message: `${officer.name} has already completed ${title}.` }
    const optional = await optionalEmail(tx, officer.id, 'training')
    if (!optional) return { ok: false as const, reason: 'refused' as const, message: `${officer.name} has turned training emails off.` }
    const cutoff = new Date(now().getTime() - REMINDER_INTERVAL_MS)
    const [stamped] = await tx
      .update(trainingAssignments)
      .set({ remindedAt: now() })
      .where(and(assignmentKey, or(isNull(trainingAssignments.remindedAt), lte(trainingAssignments.remindedAt, cutoff))))
      .returning({ userId: trainingAssignments.userId })
    if (!stamped) {
      const remindedAt = assignment.remindedAt ?? now()
      return { ok: false as const, reason: 'too_soon' as const, remindedAt, nextAllowedAt: new Date(remindedAt.getTime() + REMINDER_INTERVAL_MS) }
    }
    const overdue = Boolean(assignment.dueOn && assignment.dueOn < today())
    await sendEmail(tx, {
      to: officer.email,
      template: 'training-reminder',
      subject: trainingReminderSubject(title, overdue, officer.locale ?? 'en'),
      headers: optional.headers,
      body: createElement(TrainingReminderEmail, {
        unsubscribeUrl: optional.unsubscribeUrl,
        locale: officer.locale ?? 'en',
        name: officer.name,
        senderName: actor.name,
        moduleTitle: title,
        dueOn: assignment.dueOn ? formatDueDate(assignment.dueOn, officer.locale ?? 'en') : null,
        overdue,
        moduleUrl: moduleUrl(moduleSlug),
      }),
    })
    await logActivity(tx, {
      name: 'training.reminded',
      actor,
      ip: meta.ip,
      targetName: officer.name,
      userId: officer.id,
      agencyId: officer.agencyId,
      properties: { module: moduleSlug, title, dueOn: assignment.dueOn, overdue },
    })
    return { ok: true as const, title }
  })
}
