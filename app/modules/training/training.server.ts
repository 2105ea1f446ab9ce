import { and, asc, count, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm'
import { agencies, certificates, quizAttempts, trainingAssignments, trainingProgress, users } from '#db/schema'
import { regionScope } from '~/lib/auth/region-scope.server'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { now, today } from '~/lib/clock.server'
import { getContentLibrary, type CompiledModule, type ContentLibrary } from '~/lib/content/compile.server'
import { locales, type Locale } from '#db/schema/vocabulary'
import type { Quiz } from '~/lib/content/content-schema'
import { db, type Transaction } from '~/lib/db.server'
import { isUuid } from '~/lib/sql'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import {
  addMonthsUtc,
  certificateStatus,
  certificateView,
  formatCertificateCode,
  issueCertificate,
  listHolderCertificates,
  type CertificateView,
} from '~/modules/certificates/certificates.server'
import { canSeeDrafts } from '~/modules/guidelines/guidelines.server'
import { getOfficerProfile } from '~/modules/users/users.server'

/**
 * Training: modules read section by section, a quiz graded on the server, and certificates.
 *
 * Nothing this module returns to a route before grading carries a quiz answer (`correct`) or an
 * explanation: the answer key stays in `quiz.yml` on the server. After grading, an attempt that
 * did not pass shows explanations only for the questions it got right (they give answers away).
 *
 * Versions: a module's version is its English frontmatter's. A translation whose version lags
 * is not offered (the learner reads the English), so that sections and quiz always match the
 * version being recorded. A completion of an earlier version stays valid until its certificate
 * expires; progress towards the new version starts when the learner completes its first section.
 */

export type Learner = Pick<CurrentUser, 'id' | 'name' | 'role'>
type Viewer = Pick<CurrentUser, 'id' | 'role'>
type ProgressRow = typeof trainingProgress.$inferSelect
type Assignment = { dueOn: string | null; assignedAt: Date }
type Profile = NonNullable<Awaited<ReturnType<typeof getOfficerProfile>>>

export type CertificateSummary = Pick<CertificateView, 'code' | 'displayCode' | 'version' | 'issuedAt' | 'expiresAt' | 'status'>

const NOT_READY_MESSAGE = 'Complete every section of the module before you submit the quiz.'

function english(versions: Map<Locale, CompiledModule>) {
  return versions.get('en')!
}

/**
 * The languages a learner may read the module in: the translations of the current version, and
 * not one that is itself still a draft unless the learner approves drafts.
 */
function availableLocales(versions: Map<Locale, CompiledModule>, viewer: Viewer) {
  const version = english(versions).frontmatter.version
  return locales.filter((locale) => {
    const translated = versions.get(locale)
    if (!translated || translated.frontmatter.version !== version) return false
    return locale === 'en' || translated.frontmatter.status === 'published' || canSeeDrafts(viewer)
  })
}

/** The module in the reader's language when that translation may be served, else the English. */
function pickModule(versions: Map<Locale, CompiledModule>, locale: Locale, viewer: Viewer) {
  return availableLocales(versions, viewer).includes(locale) ? versions.get(locale)! : english(versions)
}

/** Draft when the module is, or when the text shown (a draft translation, for an approver) is. */
function shownStatus(current: CompiledModule, shown: CompiledModule) {
  return current.frontmatter.status === 'draft' || shown.frontmatter.status === 'draft' ? ('draft' as const) : ('published' as const)
}

function visibleVersions(library: ContentLibrary, slug: string, viewer: Viewer) {
  const versions = library.modules.get(slug)
  if (!versions) return null
  if (english(versions).frontmatter.status === 'draft' && !canSeeDrafts(viewer)) return null
  return versions
}

/** Staff and verified officers hold certificates; a pending or rejected officer does not (yet). */
function mayHoldCertificates(profile: Pick<Profile, 'role' | 'officerVerification' | 'status'>) {
  if (profile.status !== 'active') return false
  return profile.role !== 'officer' || profile.officerVerification === 'verified'
}

function summarize(certificate: CertificateView): CertificateSummary {
  return {
    code: certificate.code,
    displayCode: certificate.displayCode,
    version: certificate.version,
    issuedAt: certificate.issuedAt,
    expiresAt: certificate.expiresAt,
    status: certificate.status,
  }
}

// ---------------------------------------------------------------------------------------------
// Where a learner stands in a module (pure)

type ModuleFacts = {
  module: CompiledModule
  row: ProgressRow | null
  /** The learner's certificates for this module, newest first. */
  certificates: CertificateView[]
  assignment: Assignment | null
  at: Date
}

export type ModuleGroup = 'assigned' | 'inProgress' | 'completed' | 'available'

function deriveState({ module, row, certificates: held, assignment, at }: ModuleFacts) {
  const version = module.frontmatter.version
  const sectionIds = module.sections.map((section) => section.id)
  const rowIsCurrent = row?.moduleVersion === version
  // A finished row of another version is a completion of that version: the current one starts
  // from nothing. An unfinished one carries over the sections that still exist.
  const recorded = row && (rowIsCurrent || !row.completedAt) ? new Set(row.completedSectionIds) : new Set<string>()
  const doneIds = sectionIds.filter((id) => recorded.has(id))

  let completion: {
    version: number
    completedAt: Date
    validUntil: Date
    valid: boolean
    certificate: CertificateView | null
    isCurrentVersion: boolean
  } | null = null
  if (row?.completedAt) {
    const certificate = held.find((item) => item.version === row.moduleVersion) ?? null
    const validUntil = certificate ? certificate.expiresAt : addMonthsUtc(row.completedAt, module.frontmatter.certificateValidityMonths)
    const valid = certificate ? certificate.status === 'valid' : validUntil.getTime() > at.getTime()
    completion = { version: row.moduleVersion, completedAt: row.completedAt, validUntil, valid, certificate, isCurrentVersion: rowIsCurrent }
  }
  const validCertificate = held.find((item) => item.status === 'valid') ?? null
  const validlyCompleted = Boolean(completion?.valid || validCertificate)
  const hasActiveProgress = Boolean(row && !row.completedAt)
  const overdue = Boolean(assignment?.dueOn && assignment.dueOn < today(at) && !validlyCompleted)

  let group: ModuleGroup
  if (hasActiveProgress) group = 'inProgress'
  else if (validlyCompleted) group = 'completed'
  else if (assignment) group = 'assigned'
  else if (completion) group = 'completed'
  else group = 'available'

  return {
    version,
    sectionsTotal: sectionIds.length,
    doneIds,
    percent: sectionIds.length ? Math.floor((doneIds.length / sectionIds.length) * 100) : 0,
    allSectionsComplete: doneIds.length === sectionIds.length && (rowIsCurrent || hasActiveProgress),
    hasActiveProgress,
    completion,
    validCertificate,
    validlyCompleted,
    group,
    overdue,
    bestScore: rowIsCurrent ? (row?.bestScore ?? null) : null,
    startedAt: row && (rowIsCurrent || hasActiveProgress) ? row.startedAt : null,
    lastSectionId: row?.lastSectionId ?? null,
  }
}

/** Why a passed learner has no certificate: their account is not verified (yet). */
function withheldReason(user: Pick<CurrentUser, 'role'> & { officerVerification: CurrentUser['officerVerification'] }) {
  if (user.role !== 'officer' || user.officerVerification === 'verified') return null
  return user.officerVerification === 'rejected' ? ('rejected' as const) : ('pending' as const)
}

async function loadFacts(userId: string, slug?: string) {
  const [rows, held, assignments] = await Promise.all([
    db
      .select()
      .from(trainingProgress)
      .where(and(eq(trainingProgress.userId, userId), slug ? eq(trainingProgress.moduleSlug, slug) : undefined)),
    listHolderCertificates({ userId, moduleSlug: slug }),
    db
      .select({ slug: trainingAssignments.moduleSlug, dueOn: trainingAssignments.dueOn, assignedAt: trainingAssignments.assignedAt })
      .from(trainingAssignments)
      .where(and(eq(trainingAssignments.userId, userId), slug ? eq(trainingAssignments.moduleSlug, slug) : undefined)),
  ])
  const certificatesBySlug = new Map<string, CertificateView[]>()
  for (const certificate of held) certificatesBySlug.set(certificate.moduleSlug, [...(certificatesBySlug.get(certificate.moduleSlug) ?? []), certificate])
  return {
    rows: new Map(rows.map((row) => [row.moduleSlug, row])),
    certificates: certificatesBySlug,
    assignments: new Map(assignments.map((row) => [row.slug, { dueOn: row.dueOn, assignedAt: row.assignedAt }])),
  }
}

// ---------------------------------------------------------------------------------------------
// /training: my modules

export type ModuleCard = {
  slug: string
  title: string
  summary: string
  locale: Locale
  status: 'draft' | 'published'
  version: number
  estimatedMinutes: number
  sectionsTotal: number
  sectionsDone: number
  percent: number
  dueOn: string | null
  /** When the module was (last) assigned: a new due date moves it on. */
  assignedAt: Date | null
  overdue: boolean
  startedAt: Date | null
  completedAt: Date | null
  completedVersion: number | null
  /** The completion is of an earlier version; the current one has not been taken. */
  newVersionAvailable: boolean
  completionValid: boolean
  validUntil: Date | null
  bestScore: number | null
  certificate: CertificateSummary | null
  /** Passed, but the certificate waits for the officer's verification (or was refused). */
  certificateWithheld: 'pending' | 'rejected' | null
}

/**
 * The learner's modules in four groups (each module in exactly one): assigned and not started,
 * in progress, completed (valid, or expired and not assigned again), and the other published
 * ones. (Certificates that waited for the officer's verification are issued by the
 * verification itself: a page view never writes.)
 */
export async function listMyModules({ user, locale }: { user: Omit<CurrentUser, 'sessionId'>; locale: Locale }) {
  const [library, facts] = await Promise.all([getContentLibrary(), loadFacts(user.id)])
  const at = now()
  const withheld = withheldReason(user)
  const groups: Record<ModuleGroup, ModuleCard[]> = { assigned: [], inProgress: [], completed: [], available: [] }
  for (const slug of library.modules.keys()) {
    const versions = visibleVersions(library, slug, user)
    if (!versions) continue
    const current = english(versions)
    const shown = pickModule(versions, locale, user)
    const assignment = facts.assignments.get(slug) ?? null
    const state = deriveState({ module: current, row: facts.rows.get(slug) ?? null, certificates: facts.certificates.get(slug) ?? [], assignment, at })
    const certificate = state.completion?.certificate ?? state.validCertificate
    groups[state.group].push({
      slug,
      title: shown.frontmatter.title,
      summary: shown.frontmatter.summary,
      locale: shown.locale,
      status: shownStatus(current, shown),
      version: state.version,
      estimatedMinutes: current.frontmatter.estimatedMinutes,
      sectionsTotal: state.sectionsTotal,
      sectionsDone: state.doneIds.length,
      percent: state.percent,
      dueOn: assignment?.dueOn ?? null,
      assignedAt: assignment?.assignedAt ?? null,
      overdue: state.overdue,
      startedAt: state.startedAt,
      completedAt: state.completion?.completedAt ?? null,
      completedVersion: state.completion?.version ?? null,
      newVersionAvailable: Boolean(state.completion && !state.completion.isCurrentVersion),
      completionValid: state.validlyCompleted,
      validUntil: state.completion?.validUntil ?? state.validCertificate?.expiresAt ?? null,
      bestScore: state.bestScore,
      certificate: certificate ? summarize(certificate) : null,
      certificateWithheld: state.completion?.valid && !state.completion.certificate ? withheld : null,
    })
  }
  const byDue = (a: ModuleCard, b: ModuleCard) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.title.localeCompare(b.title)
  groups.assigned.sort(byDue)
  groups.inProgress.sort(byDue)
  groups.completed.sort((a, b) => (b.completedAt?.getTime() ?? 0) - (a.completedAt?.getTime() ?? 0) || a.title.localeCompare(b.title))
  groups.available.sort((a, b) => a.title.localeCompare(b.title))
  return { ...groups, certificateWithheld: withheld }
}

type PassingAttempt = { version: number; score: number; submittedAt: Date }

/**
 * The completion each version's passing attempts add up to, as gradeQuizAttempt records it: a
 * pass completes the version, later passes within its validity leave the date where it is, and
 * a pass after it lapsed renews it. Attempts in the order they were submitted.
 */
function completionsByVersion(passes: PassingAttempt[], validityMonths: number) {
  const completions = new Map<number, { completedAt: Date; score: number }>()
  for (const pass of passes) {
    const completion = completions.get(pass.version)
    if (completion && addMonthsUtc(completion.completedAt, validityMonths).getTime() > pass.submittedAt.getTime())
      completion.score = Math.max(completion.score, pass.score)
    else completions.set(pass.version, { completedAt: pass.submittedAt, score: pass.score })
  }
  return completions
}

/**
 * Issues, inside the caller's transaction (the lead's verification of the account), the
 * certificates an officer earned while it was pending: one for each module version they passed
 * whose completion is still within its validity and has no certificate yet (a completion that
 * renewed an expired certificate counts as new). Each is dated from the passing attempt, not
 * from the verification, so that waiting for a lead does not lengthen it; a completion that
 * lapsed meanwhile gets none. Passing attempts are the record (the progress row moves on when a
 * new version is started). Each progress row is locked while checking, as gradeQuizAttempt
 * does, so that a certificate is never issued twice.
 */
export async function issuePendingCertificates(
  tx: Transaction,
  { holder }: { holder: { id: string; name: string; agencyName: string | null } },
): Promise<CertificateView[]> {
  const library = await getContentLibrary()
  // Every progress row of the officer first: a quiz being graded meanwhile holds one, so its pass
  // is either committed before the passes are read here or graded after this verification.
  await tx.select({ userId: trainingProgress.userId }).from(trainingProgress).where(eq(trainingProgress.userId, holder.id)).for('update')
  const passes = await tx
    .select({ slug: quizAttempts.moduleSlug, version: quizAttempts.moduleVersion, score: quizAttempts.score, submittedAt: quizAttempts.submittedAt })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, holder.id), eq(quizAttempts.passed, true)))
    .orderBy(asc(quizAttempts.submittedAt))
  const at = now()
  const issued: CertificateView[] = []
  for (const slug of new Set(passes.map((pass) => pass.slug))) {
    const versions = library.modules.get(slug)
    if (!versions) continue // a retired module: nothing to certify against
    const { title, certificateValidityMonths } = english(versions).frontmatter
    const held = await tx
      .select({ version: certificates.moduleVersion, issuedAt: certificates.issuedAt })
      .from(certificates)
      .where(and(eq(certificates.userId, holder.id), eq(certificates.moduleSlug, slug)))
    const completions = completionsByVersion(
      passes.filter((pass) => pass.slug === slug),
      certificateValidityMonths,
    )
    for (const [version, completion] of completions) {
      // Already certified: a certificate of this version dated from this completion or later.
      if (held.some((certificate) => certificate.version === version && certificate.issuedAt.getTime() >= completion.completedAt.getTime())) continue
      if (addMonthsUtc(completion.completedAt, certificateValidityMonths).getTime() <= at.getTime()) continue
      issued.push(
        await issueCertificate(tx, {
          holder,
          module: { slug, version, title, certificateValidityMonths },
          score: completion.score,
          completedAt: completion.completedAt,
        }),
      )
    }
  }
  return issued
}

// ---------------------------------------------------------------------------------------------
// /training/:slug: one module for its learner

/**
 * The module in the learner's language with one section's HTML: the one asked for, else where
 * to resume (the first section not completed, else the last one visited). No quiz answers.
 */
export async function getModuleForLearner({ user, slug, locale, sectionId }: { user: CurrentUser; slug: string; locale: Locale; sectionId?: string | null }) {
  const library = await getContentLibrary()
  const versions = visibleVersions(library, slug, user)
  if (!versions) return null
  const current = english(versions)
  const shown = pickModule(versions, locale, user)
  const [facts, attempts] = await Promise.all([loadFacts(user.id, slug), listAttempts(user.id, slug)])
  const assignment = facts.assignments.get(slug) ?? null
  const row = facts.rows.get(slug) ?? null
  const state = deriveState({ module: current, row, certificates: facts.certificates.get(slug) ?? [], assignment, at: now() })
  const done = new Set(state.doneIds)
  const sections = shown.sections.map((section) => ({ id: section.id, title: section.title, done: done.has(section.id) }))
  const indexOf = (id: string | null | undefined) => (id ? sections.findIndex((item) => item.id === id) : -1)
  const requested = indexOf(sectionId)
  const firstUnfinished = sections.findIndex((item) => !item.done)
  const index = [requested, firstUnfinished, indexOf(state.lastSectionId), 0].find((candidate) => candidate >= 0)!
  const section = shown.sections[index]
  const certificate = state.completion?.certificate ?? state.validCertificate
  return {
    slug,
    locale: shown.locale,
    availableLocales: availableLocales(versions, user),
    title: shown.frontmatter.title,
    summary: shown.frontmatter.summary,
    version: state.version,
    updated: current.frontmatter.updated,
    status: shownStatus(current, shown),
    changes: shown.frontmatter.changes ?? null,
    estimatedMinutes: current.frontmatter.estimatedMinutes,
    passMark: current.frontmatter.passMark,
    certificateValidityMonths: current.frontmatter.certificateValidityMonths,
    questionCount: shown.quiz.questions.length,
    sections,
    section: {
      id: section.id,
      title: section.title,
      html: section.html,
      number: index + 1,
      previousId: index > 0 ? shown.sections[index - 1].id : null,
      nextId: index < shown.sections.length - 1 ? shown.sections[index + 1].id : null,
    },
    progress: { done: state.doneIds.length, total: state.sectionsTotal, percent: state.percent, allComplete: state.allSectionsComplete },
    group: state.group,
    dueOn: assignment?.dueOn ?? null,
    overdue: state.overdue,
    startedAt: state.startedAt,
    bestScore: state.bestScore,
    completion: state.completion
      ? {
          version: state.completion.version,
          completedAt: state.completion.completedAt,
          validUntil: state.completion.validUntil,
          valid: state.completion.valid,
          isCurrentVersion: state.completion.isCurrentVersion,
        }
      : null,
    certificate: certificate ? summarize(certificate) : null,
    certificateWithheld: state.completion?.valid && !state.completion.certificate ? withheldReason(user) : null,
    attempts,
  }
}

/** The learner's attempts at a module, newest first: scores only, never the answers. */
async function listAttempts(userId: string, slug: string) {
  return db
    .select({
      id: quizAttempts.id,
      version: quizAttempts.moduleVersion,
      score: quizAttempts.score,
      passed: quizAttempts.passed,
      submittedAt: quizAttempts.submittedAt,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.moduleSlug, slug)))
    .orderBy(desc(quizAttempts.submittedAt))
    .limit(20)
}

type ProgressWrite = { user: Learner; slug: string; sectionId: string; meta?: RequestMeta }

async function findSection({ user, slug, sectionId }: ProgressWrite) {
  const library = await getContentLibrary()
  const versions = visibleVersions(library, slug, user)
  if (!versions) return null
  const module = english(versions)
  if (!module.sections.some((section) => section.id === sectionId)) return null
  return module
}

/**
 * The progress row of the learner, created if missing (with its `training.started` activity)
 * and locked for the rest of the transaction.
 */
async function lockProgress(
  tx: Transaction,
  {
    user,
    slug,
    module,
    meta,
    firstSection,
  }: { user: Learner; slug: string; module: CompiledModule; meta?: RequestMeta; firstSection: { completed: boolean; sectionId: string } },
) {
  const at = now()
  const version = module.frontmatter.version
  const inserted = await tx
    .insert(trainingProgress)
    .values({
      userId: user.id,
      moduleSlug: slug,
      moduleVersion: version,
      completedSectionIds: firstSection.completed ? [firstSection.sectionId] : [],
      lastSectionId: firstSection.sectionId,
      startedAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning()
  if (inserted.length) {
    await logActivity(tx, {
      name: 'training.started',
      actor: user,
      ip: meta?.ip,
      targetName: module.frontmatter.title,
      userId: user.id,
      properties: { slug, version },
    })
    return { row: inserted[0], created: true }
  }
  const [row] = await tx
    .select()
    .from(trainingProgress)
    .where(and(eq(trainingProgress.userId, user.id), eq(trainingProgress.moduleSlug, slug)))
    .for('update')
  return { row, created: false }
}

/** Section ids in the module's order, without duplicates or ids the module no longer has. */
function inModuleOrder(module: CompiledModule, ids: Iterable<string>) {
  const wanted = new Set(ids)
  return module.sections.map((section) => section.id).filter((id) => wanted.has(id))
}

/**
 * Records that the learner opened a section (where to resume). Opening a module starts it; a
 * completion of an earlier version is left as it is (looking is not starting again).
 */
export async function recordSectionVisit(input: ProgressWrite) {
  const module = await findSection(input)
  if (!module) return { ok: false as const, reason: 'not_found' as const }
  const { user, slug, sectionId, meta } = input
  const version = module.frontmatter.version
  await db.transaction(async (tx) => {
    const { row, created } = await lockProgress(tx, { user, slug, module, meta, firstSection: { completed: false, sectionId } })
    if (created) return
    if (row.moduleVersion !== version && row.completedAt) return
    if (row.moduleVersion !== version) {
      // Unfinished progress of an earlier version moves to the current one.
      await tx
        .update(trainingProgress)
        .set({
          moduleVersion: version,
          completedSectionIds: inModuleOrder(module, row.completedSectionIds),
          lastSectionId: sectionId,
          bestScore: null,
          updatedAt: now(),
        })
        .where(and(eq(trainingProgress.userId, user.id), eq(trainingProgress.moduleSlug, slug)))
      return
    }
    await tx
      .update(trainingProgress)
      .set({ lastSectionId: sectionId, updatedAt: now() })
      .where(and(eq(trainingProgress.userId, user.id), eq(trainingProgress.moduleSlug, slug)))
  })
  return { ok: true as const }
}

/**
 * Marks a section of the current version complete. On a completion of an earlier version this
 * starts the current version afresh (the earlier certificate stays valid until it expires).
 */
export async function markSectionComplete(input: ProgressWrite) {
  const module = await findSection(input)
  if (!module) return { ok: false as const, reason: 'not_found' as const }
  const { user, slug, sectionId, meta } = input
  const version = module.frontmatter.version
  const doneIds = await db.transaction(async (tx) => {
    const { row, created } = await lockProgress(tx, { user, slug, module, meta, firstSection: { completed: true, sectionId } })
    if (created) return row.completedSectionIds
    const at = now()
    const where = and(eq(trainingProgress.userId, user.id), eq(trainingProgress.moduleSlug, slug))
    if (row.moduleVersion !== version) {
      const restart = Boolean(row.completedAt)
      const ids = inModuleOrder(module, [...(restart ? [] : row.completedSectionIds), sectionId])
      await tx
        .update(trainingProgress)
        .set({
          moduleVersion: version,
          completedSectionIds: ids,
          lastSectionId: sectionId,
          startedAt: restart ? at : row.startedAt,
          completedAt: null,
          bestScore: null,
          updatedAt: at,
        })
        .where(where)
      if (restart) {
        await logActivity(tx, {
          name: 'training.started',
          actor: user,
          ip: meta?.ip,
          targetName: module.frontmatter.title,
          userId: user.id,
          properties: { slug, version, previousVersion: row.moduleVersion },
        })
      }
      return ids
    }
    const ids = inModuleOrder(module, [...row.completedSectionIds, sectionId])
    await tx.update(trainingProgress).set({ completedSectionIds: ids, lastSectionId: sectionId, updatedAt: at }).where(where)
    return ids
  })
  const index = module.sections.findIndex((section) => section.id === sectionId)
  return {
    ok: true as const,
    progress: { done: doneIds.length, total: module.sections.length },
    allComplete: doneIds.length === module.sections.length,
    nextSectionId: module.sections[index + 1]?.id ?? null,
  }
}

// ---------------------------------------------------------------------------------------------
// The quiz

/**
 * The quiz to show: prompts and options only (no `correct`, no explanation). `ready` is false
 * until every section of the current version is complete.
 */
export async function startQuiz({ user, slug, locale }: { user: CurrentUser; slug: string; locale: Locale }) {
  const library = await getContentLibrary()
  const versions = visibleVersions(library, slug, user)
  if (!versions) return null
  const current = english(versions)
  const shown = pickModule(versions, locale, user)
  const facts = await loadFacts(user.id, slug)
  const state = deriveState({
    module: current,
    row: facts.rows.get(slug) ?? null,
    certificates: facts.certificates.get(slug) ?? [],
    assignment: null,
    at: now(),
  })
  const done = new Set(state.doneIds)
  return {
    locale: shown.locale,
    version: state.version,
    passMark: current.frontmatter.passMark,
    ready: state.allSectionsComplete,
    remainingSections: shown.sections.filter((section) => !done.has(section.id)).map((section) => ({ id: section.id, title: section.title })),
    questions: shown.quiz.questions.map((question) => ({
      id: question.id,
      prompt: question.prompt,
      kind: question.kind,
      options: question.options.map((option) => ({ id: option.id, text: option.text })),
    })),
  }
}

export type QuestionResult = {
  id: string
  prompt: string
  kind: 'single' | 'multiple'
  right: boolean
  chosen: { id: string; text: string }[]
  /** Null for a question answered wrong in an attempt that did not pass (see gradeAnswers). */
  explanation: string | null
}

/** Whether the attempt passed: worked out from the pass mark, or as it was recorded. */
type Verdict = { passMark: number } | { passed: boolean }

/**
 * Grades answers against the quiz: a single-choice question is right with exactly its correct
 * option, a multiple-choice one with exactly its set of correct options (a partial answer is
 * wrong). The score is the percentage of questions answered right, rounded down.
 *
 * The explanations state the right answer, so a learner who has not passed sees them only for
 * the questions they got right: the wrong ones are marked wrong, to be worked out again from the
 * sections. Once the attempt passes, every explanation is shown.
 */
export function gradeAnswers(quiz: Quiz, answers: Record<string, string[]>, verdict: Verdict) {
  const graded = quiz.questions.map((question) => {
    const given = answers[question.id]
    const chosenIds = new Set(Array.isArray(given) ? given.filter((id): id is string => typeof id === 'string') : [])
    const correctIds = new Set(question.options.filter((option) => option.correct).map((option) => option.id))
    const right = chosenIds.size === correctIds.size && [...chosenIds].every((id) => correctIds.has(id))
    return { question, chosenIds, right }
  })
  const rightCount = graded.filter((item) => item.right).length
  const score = quiz.questions.length ? Math.floor((rightCount * 100) / quiz.questions.length) : 0
  const passed = 'passed' in verdict ? verdict.passed : score >= verdict.passMark
  const results: QuestionResult[] = graded.map(({ question, chosenIds, right }) => ({
    id: question.id,
    prompt: question.prompt,
    kind: question.kind,
    right,
    chosen: question.options.filter((option) => chosenIds.has(option.id)).map((option) => ({ id: option.id, text: option.text })),
    explanation: right || passed ? question.explanation : null,
  }))
  return { score, passed, rightCount, total: quiz.questions.length, results }
}

/** Only the questions and options the quiz has, each list without duplicates: what is stored. */
function cleanAnswers(quiz: Quiz, answers: Record<string, unknown>) {
  const cleaned: Record<string, string[]> = {}
  for (const question of quiz.questions) {
    const given = answers[question.id]
    const list = Array.isArray(given) ? given : typeof given === 'string' ? [given] : []
    const optionIds = new Set(question.options.map((option) => option.id))
    cleaned[question.id] = [...new Set(list.filter((id): id is string => typeof id === 'string' && optionIds.has(id)))]
  }
  return cleaned
}

export type GradeOutcome =
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'sections_incomplete'; message: string }
  | {
      ok: true
      attemptId: string
      score: number
      passed: boolean
      passMark: number
      rightCount: number
      total: number
      results: QuestionResult[]
      certificate: CertificateSummary | null
      certificateWithheld: 'pending' | 'rejected' | null
    }

/**
 * Grades a submitted quiz on the server and keeps the attempt (every one, passed or not). A pass
 * (score ≥ pass mark) completes the module and, for staff and verified officers, issues a
 * certificate unless a valid one of this version exists. Refused until every section is done.
 */
export async function gradeQuizAttempt({
  user,
  slug,
  locale = 'en',
  answers,
  meta,
}: {
  user: Learner
  slug: string
  locale?: Locale
  answers: Record<string, unknown>
  meta?: RequestMeta
}): Promise<GradeOutcome> {
  const library = await getContentLibrary()
  const versions = visibleVersions(library, slug, user)
  if (!versions) return { ok: false, reason: 'not_found' }
  const current = english(versions)
  const shown = pickModule(versions, locale, user)
  const { version, passMark, certificateValidityMonths } = current.frontmatter
  const profile = await getOfficerProfile(user.id)
  if (!profile) return { ok: false, reason: 'not_found' }
  const cleaned = cleanAnswers(shown.quiz, answers)
  const graded = gradeAnswers(shown.quiz, cleaned, { passMark })
  const passed = graded.passed
  return db.transaction(async (tx): Promise<GradeOutcome> => {
    const where = and(eq(trainingProgress.userId, user.id), eq(trainingProgress.moduleSlug, slug))
    const [row] = await tx.select().from(trainingProgress).where(where).for('update')
    // Unfinished progress of an earlier version counts with the sections that still exist.
    const sameVersion = row?.moduleVersion === version
    const done = new Set(row && (sameVersion || !row.completedAt) ? row.completedSectionIds : [])
    if (!row || !current.sections.every((section) => done.has(section.id))) return { ok: false, reason: 'sections_incomplete', message: NOT_READY_MESSAGE }
    const at = now()
    const [attempt] = await tx
      .insert(quizAttempts)
      .values({ userId: user.id, moduleSlug: slug, moduleVersion: version, answers: cleaned, score: graded.score, passed, submittedAt: at })
      .returning({ id: quizAttempts.id })
    const ofVersion = await tx
      .select()
      .from(certificates)
      .where(and(eq(certificates.userId, user.id), eq(certificates.moduleSlug, slug), eq(certificates.moduleVersion, version)))
      .orderBy(desc(certificates.issuedAt))
    const validCertificate = ofVersion.find((certificate) => certificateStatus(certificate, at) === 'valid') ?? null
    const previousStillValid = Boolean(
      row.completedAt && (ofVersion.length ? validCertificate : addMonthsUtc(row.completedAt, certificateValidityMonths).getTime() > at.getTime()),
    )
    await tx
      .update(trainingProgress)
      .set({
        moduleVersion: version,
        completedSectionIds: inModuleOrder(current, done),
        bestScore: Math.max((sameVersion ? row.bestScore : null) ?? 0, graded.score),
        // A pass completes the module; a pass after the completion lapsed renews it.
        completedAt: passed && !previousStillValid ? at : row.completedAt,
        updatedAt: at,
      })
      .where(where)
    const title = shown.frontmatter.title
    await logActivity(tx, {
      name: passed ? 'training.completed' : 'training.quiz_failed',
      actor: user,
      ip: meta?.ip,
      targetName: title,
      userId: user.id,
      properties: { slug, version, score: graded.score, passMark, attemptId: attempt.id, ...(passed && row.completedAt ? { retake: true } : {}) },
    })
    // Verification may have been decided since the profile was read: read it again under the lock
    // (a verification locks the officer's progress rows before it looks for passes to certify).
    const standing = passed ? ((await getOfficerProfile(user.id, tx)) ?? profile) : profile
    let certificate: CertificateSummary | null = null
    let certificateWithheld: 'pending' | 'rejected' | null = null
    if (passed && validCertificate) {
      certificate = {
        code: validCertificate.code,
        displayCode: formatCertificateCode(validCertificate.code),
        version,
        issuedAt: validCertificate.issuedAt,
        expiresAt: validCertificate.expiresAt,
        status: 'valid',
      }
    } else if (passed && mayHoldCertificates(standing)) {
      certificate = summarize(
        await issueCertificate(tx, {
          holder: { id: standing.id, name: standing.name, agencyName: standing.agencyName },
          module: { slug, version, title, certificateValidityMonths },
          score: graded.score,
          actor: user,
          meta,
        }),
      )
    } else if (passed) {
      certificateWithheld = standing.officerVerification === 'rejected' ? 'rejected' : 'pending'
    }
    return {
      ok: true,
      attemptId: attempt.id,
      score: graded.score,
      passed,
      passMark,
      rightCount: graded.rightCount,
      total: graded.total,
      results: graded.results,
      certificate,
      certificateWithheld,
    }
  })
}

/**
 * A graded attempt of the learner's, for the result page: which questions were right, with the
 * explanations gradeAnswers allows (all of them only for a pass). Attempts of an earlier version
 * show their score only.
 */
export async function getQuizAttemptResult({ user, slug, attemptId, locale }: { user: CurrentUser; slug: string; attemptId: string; locale: Locale }) {
  if (!isUuid(attemptId)) return null
  const library = await getContentLibrary()
  const versions = visibleVersions(library, slug, user)
  if (!versions) return null
  const [attempt] = await db
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.userId, user.id), eq(quizAttempts.moduleSlug, slug)))
  if (!attempt) return null
  const current = english(versions)
  const shown = pickModule(versions, locale, user)
  const isCurrentVersion = attempt.moduleVersion === current.frontmatter.version
  const graded = isCurrentVersion ? gradeAnswers(shown.quiz, attempt.answers, { passed: attempt.passed }) : null
  const held = attempt.passed ? await listHolderCertificates({ userId: user.id, moduleSlug: slug }) : []
  const certificate = held.find((item) => item.version === attempt.moduleVersion && item.status === 'valid') ?? null
  return {
    id: attempt.id,
    version: attempt.moduleVersion,
    isCurrentVersion,
    score: attempt.score,
    passed: attempt.passed,
    passMark: current.frontmatter.passMark,
    submittedAt: attempt.submittedAt,
    rightCount: graded?.rightCount ?? null,
    total: graded?.total ?? null,
    results: graded?.results ?? null,
    certificate: certificate ? summarize(certificate) : null,
    certificateWithheld: attempt.passed && !certificate ? withheldReason(user) : null,
  }
}

// ---------------------------------------------------------------------------------------------
// For the officers pages: one definition of where an officer stands in a module

/**
 * - `completed`: a completion within its validity, or a valid (unexpired, unrevoked)
 *   certificate of any version: an earlier version's certificate counts until it expires, even
 *   while the officer works through the new version;
 * - `inProgress`: started and not validly completed;
 * - `lapsed`: completed once, no longer valid, not started again;
 * - `notStarted`: assigned only.
 */
export type ModuleStanding = 'completed' | 'inProgress' | 'lapsed' | 'notStarted'

export type ModuleStatus = {
  slug: string
  title: string
  standing: ModuleStanding
  /** Assigned, past its due date and not validly completed. */
  overdue: boolean
  assignment: Assignment | null
  startedAt: Date | null
  /** The completion that counts (the valid one, else the lapsed one) and until when it is valid. */
  completedAt: Date | null
  validUntil: Date | null
  /** Working through a newer version while an earlier completion is still valid. */
  renewing: boolean
  bestScore: number | null
}

/**
 * Where each user stands in each training module they have any record of (assignment, progress
 * or certificate). Only the modules in the content library count: a retired module can be
 * neither done nor overdue. Three queries for the whole list of users.
 */
export async function listModuleStatusesForUsers(userIds: string[]): Promise<Map<string, ModuleStatus[]>> {
  const ids = [...new Set(userIds.filter((id) => isUuid(id)))]
  const statuses = new Map<string, ModuleStatus[]>()
  if (!ids.length) return statuses
  const [library, rows, held, assignments] = await Promise.all([
    getContentLibrary(),
    db.select().from(trainingProgress).where(inArray(trainingProgress.userId, ids)),
    db.select().from(certificates).where(inArray(certificates.userId, ids)).orderBy(desc(certificates.issuedAt)),
    db
      .select({
        userId: trainingAssignments.userId,
        slug: trainingAssignments.moduleSlug,
        dueOn: trainingAssignments.dueOn,
        assignedAt: trainingAssignments.assignedAt,
      })
      .from(trainingAssignments)
      .where(inArray(trainingAssignments.userId, ids)),
  ])
  const at = now()
  const key = (userId: string, slug: string) => `${userId}/${slug}`
  const rowsByKey = new Map(rows.map((row) => [key(row.userId, row.moduleSlug), row]))
  const assignmentsByKey = new Map(assignments.map((row) => [key(row.userId, row.slug), { dueOn: row.dueOn, assignedAt: row.assignedAt }]))
  const certificatesByKey = new Map<string, CertificateView[]>()
  for (const row of held) {
    const view = certificateView(row, at)
    certificatesByKey.set(key(row.userId, row.moduleSlug), [...(certificatesByKey.get(key(row.userId, row.moduleSlug)) ?? []), view])
  }
  for (const userId of ids) {
    const list: ModuleStatus[] = []
    for (const [slug, versions] of library.modules) {
      const k = key(userId, slug)
      const row = rowsByKey.get(k) ?? null
      const assignment = assignmentsByKey.get(k) ?? null
      const moduleCertificates = certificatesByKey.get(k) ?? []
      if (!row && !assignment && !moduleCertificates.length) continue
      const module = english(versions)
      const state = deriveState({ module, row, certificates: moduleCertificates, assignment, at })
      const validCompletion = state.completion?.valid ? { completedAt: state.completion.completedAt, validUntil: state.completion.validUntil } : null
      const fromCertificate = state.validCertificate ? { completedAt: state.validCertificate.issuedAt, validUntil: state.validCertificate.expiresAt } : null
      const lapsedCertificate = moduleCertificates[0]
        ? { completedAt: moduleCertificates[0].issuedAt, validUntil: moduleCertificates[0].revokedAt ?? moduleCertificates[0].expiresAt }
        : null
      const lapsed = state.completion ? { completedAt: state.completion.completedAt, validUntil: state.completion.validUntil } : lapsedCertificate
      const counted = validCompletion ?? fromCertificate ?? lapsed
      let standing: ModuleStanding
      if (state.validlyCompleted) standing = 'completed'
      else if (state.hasActiveProgress) standing = 'inProgress'
      else if (lapsed) standing = 'lapsed'
      else standing = 'notStarted'
      list.push({
        slug,
        title: module.frontmatter.title,
        standing,
        overdue: state.overdue,
        assignment,
        startedAt: row?.startedAt ?? null,
        completedAt: counted?.completedAt ?? null,
        validUntil: counted?.validUntil ?? null,
        renewing: state.validlyCompleted && state.hasActiveProgress,
        bestScore: row?.bestScore ?? null,
      })
    }
    statuses.set(userId, list)
  }
  return statuses
}

export type TrainingStatus = { assigned: number; inProgress: number; completed: number; overdue: number }

/** Training counts per user, for lists of officers, from the standings above. */
export async function listTrainingStatusForUsers(userIds: string[]): Promise<Map<string, TrainingStatus>> {
  const standings = await listModuleStatusesForUsers(userIds)
  const counts = new Map<string, TrainingStatus>()
  for (const [userId, modules] of standings) {
    counts.set(userId, {
      assigned: modules.filter((module) => module.assignment).length,
      inProgress: modules.filter((module) => module.standing === 'inProgress').length,
      completed: modules.filter((module) => module.standing === 'completed').length,
      overdue: modules.filter((module) => module.overdue).length,
    })
  }
  return counts
}

/**
 * Officers' training due dates in [from, to] (ISO days), for the calendar: one row per day and
 * agency with how many officers have a module due, for agencies in the actor's regions.
 */
export function listTrainingDueDatesBetween({ actor, from, to, region }: { actor: CurrentUser; from: string; to: string; region?: string }) {
  return db
    .select({ dueOn: sql<string>`${trainingAssignments.dueOn}`, agencyId: agencies.id, agencyName: agencies.name, officers: count() })
    .from(trainingAssignments)
    .innerJoin(users, eq(users.id, trainingAssignments.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        gte(trainingAssignments.dueOn, from),
        lte(trainingAssignments.dueOn, to),
        regionScope(actor, agencies.regionCode),
        region ? eq(agencies.regionCode, region) : undefined,
      ),
    )
    .groupBy(trainingAssignments.dueOn, agencies.id, agencies.name)
    .orderBy(asc(trainingAssignments.dueOn), asc(agencies.name))
    .limit(300)
}
