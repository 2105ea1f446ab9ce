import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm'
import { certificates, quizAttempts, trainingAssignments, trainingProgress } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { getContentLibrary, type CompiledModule, type ContentLibrary } from '~/lib/content/compile.server'
import type { ContentLocale, Quiz } from '~/lib/content/content-schema'
import { db, type Transaction } from '~/lib/db.server'
import { isUuid } from '~/lib/sql'
import type { RequestMeta } from '~/modules/accounts/accounts.server'
import { logActivity } from '~/modules/activity/activity.server'
import { addMonthsUtc, certificateStatus, certificateView, formatCertificateCode, issueCertificate, listHolderCertificates, type CertificateView } from '~/modules/certificates/certificates.server'
import { canSeeDrafts } from '~/modules/guidelines/guidelines.server'
import { getOfficerProfile } from '~/modules/users/users.server'

/**
 * Training: modules read section by section, a quiz graded on the server, and certificates.
 *
 * Nothing this module returns to a route before grading carries a quiz answer (`correct`) or an
 * explanation: the answer key stays in `quiz.yml` on the server.
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

/** Today (UTC) as the YYYY-MM-DD that due dates are compared with. */
function today(at: Date) {
  return at.toISOString().slice(0, 10)
}

function english(versions: Map<ContentLocale, CompiledModule>) {
  return versions.get('en')!
}

/** The module in the reader's language when that translation is of the current version. */
function pickModule(versions: Map<ContentLocale, CompiledModule>, locale: ContentLocale) {
  const base = english(versions)
  const translated = versions.get(locale)
  return translated && translated.frontmatter.version === base.frontmatter.version ? translated : base
}

function availableLocales(versions: Map<ContentLocale, CompiledModule>) {
  const version = english(versions).frontmatter.version
  const order: ContentLocale[] = ['en', 'es', 'pt']
  return order.filter((locale) => versions.get(locale)?.frontmatter.version === version)
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

  let completion: { version: number; completedAt: Date; validUntil: Date; valid: boolean; certificate: CertificateView | null; isCurrentVersion: boolean } | null = null
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
  locale: ContentLocale
  status: 'draft' | 'published'
  version: number
  estimatedMinutes: number
  sectionsTotal: number
  sectionsDone: number
  percent: number
  dueOn: string | null
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
export async function listMyModules({ user, locale }: { user: CurrentUser; locale: ContentLocale }) {
  const [library, facts] = await Promise.all([getContentLibrary(), loadFacts(user.id)])
  const at = now()
  const withheld = withheldReason(user)
  const groups: Record<ModuleGroup, ModuleCard[]> = { assigned: [], inProgress: [], completed: [], available: [] }
  for (const slug of library.modules.keys()) {
    const versions = visibleVersions(library, slug, user)
    if (!versions) continue
    const current = english(versions)
    const shown = pickModule(versions, locale)
    const assignment = facts.assignments.get(slug) ?? null
    const state = deriveState({ module: current, row: facts.rows.get(slug) ?? null, certificates: facts.certificates.get(slug) ?? [], assignment, at })
    const certificate = state.completion?.certificate ?? state.validCertificate
    groups[state.group].push({
      slug,
      title: shown.frontmatter.title,
      summary: shown.frontmatter.summary,
      locale: shown.locale,
      status: current.frontmatter.status,
      version: state.version,
      estimatedMinutes: current.frontmatter.estimatedMinutes,
      sectionsTotal: state.sectionsTotal,
      sectionsDone: state.doneIds.length,
      percent: state.percent,
      dueOn: assignment?.dueOn ?? null,
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

/**
 * Issues the certificates an officer earned while their account was pending, once it is
 * verified: for each completion still within its validity that has no certificate of its
 * version. Idempotent (the progress row is locked while checking), so that two tabs cannot
 * issue twice.
 */
export async function issuePendingCertificates(user: Pick<CurrentUser, 'id'>): Promise<CertificateView[]> {
  const profile = await getOfficerProfile(user.id)
  if (!profile || !mayHoldCertificates(profile)) return []
  const [library, rows, held] = await Promise.all([
    getContentLibrary(),
    db
      .select()
      .from(trainingProgress)
      .where(and(eq(trainingProgress.userId, user.id), isNotNull(trainingProgress.completedAt))),
    db.select({ slug: certificates.moduleSlug, version: certificates.moduleVersion }).from(certificates).where(eq(certificates.userId, user.id)),
  ])
  const at = now()
  const candidates = rows.flatMap((row) => {
    const versions = library.modules.get(row.moduleSlug)
    if (!versions || !row.completedAt) return []
    const module = english(versions)
    if (held.some((certificate) => certificate.slug === row.moduleSlug && certificate.version === row.moduleVersion)) return []
    if (addMonthsUtc(row.completedAt, module.frontmatter.certificateValidityMonths).getTime() <= at.getTime()) return []
    return [{ row, module }]
  })
  if (!candidates.length) return []
  return db.transaction(async (tx) => {
    const issued: CertificateView[] = []
    for (const { row, module } of candidates) {
      const [locked] = await tx
        .select()
        .from(trainingProgress)
        .where(and(eq(trainingProgress.userId, user.id), eq(trainingProgress.moduleSlug, row.moduleSlug)))
        .for('update')
      if (!locked?.completedAt || locked.moduleVersion !== row.moduleVersion) continue
      const [existing] = await tx
        .select({ id: certificates.id })
        .from(certificates)
        .where(and(eq(certificates.userId, user.id), eq(certificates.moduleSlug, row.moduleSlug), eq(certificates.moduleVersion, row.moduleVersion)))
        .limit(1)
      if (existing) continue
      const score = await bestPassingScore(tx, user.id, row.moduleSlug, row.moduleVersion)
      issued.push(
        await issueCertificate(tx, {
          holder: { id: profile.id, name: profile.name, agencyName: profile.agencyName },
          module: { slug: row.moduleSlug, version: row.moduleVersion, title: module.frontmatter.title, certificateValidityMonths: module.frontmatter.certificateValidityMonths },
          score: score ?? locked.bestScore ?? 0,
          // Issued by the system, on the holder's first visit after verification.
          actor: null,
        }),
      )
    }
    return issued
  })
}

async function bestPassingScore(executor: Transaction, userId: string, slug: string, version: number) {
  const [best] = await executor
    .select({ score: quizAttempts.score })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.moduleSlug, slug), eq(quizAttempts.moduleVersion, version), eq(quizAttempts.passed, true)))
    .orderBy(desc(quizAttempts.score))
    .limit(1)
  return best?.score ?? null
}

// ---------------------------------------------------------------------------------------------
// /training/:slug: one module for its learner

/**
 * The module in the learner's language with one section's HTML: the one asked for, else where
 * to resume (the first section not completed, else the last one visited). No quiz answers.
 */
export async function getModuleForLearner({ user, slug, locale, sectionId }: { user: CurrentUser; slug: string; locale: ContentLocale; sectionId?: string | null }) {
  const library = await getContentLibrary()
  const versions = visibleVersions(library, slug, user)
  if (!versions) return null
  const current = english(versions)
  const shown = pickModule(versions, locale)
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
    availableLocales: availableLocales(versions),
    title: shown.frontmatter.title,
    summary: shown.frontmatter.summary,
    version: state.version,
    updated: current.frontmatter.updated,
    status: current.frontmatter.status,
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
    .select({ id: quizAttempts.id, version: quizAttempts.moduleVersion, score: quizAttempts.score, passed: quizAttempts.passed, submittedAt: quizAttempts.submittedAt })
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
async function lockProgress(tx: Transaction, { user, slug, module, meta, firstSection }: { user: Learner; slug: string; module: CompiledModule; meta?: RequestMeta; firstSection: { completed: boolean; sectionId: string } }) {
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
    await logActivity(tx, { name: 'training.started', actor: user, ip: meta?.ip, targetName: module.frontmatter.title, userId: user.id, properties: { slug, version } })
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
        .set({ moduleVersion: version, completedSectionIds: inModuleOrder(module, row.completedSectionIds), lastSectionId: sectionId, bestScore: null, updatedAt: now() })
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
        .set({ moduleVersion: version, completedSectionIds: ids, lastSectionId: sectionId, startedAt: restart ? at : row.startedAt, completedAt: null, bestScore: null, updatedAt: at })
        .where(where)
      if (restart) {
        await logActivity(tx, { name: 'training.started', actor: user, ip: meta?.ip, targetName: module.frontmatter.title, userId: user.id, properties: { slug, version, previousVersion: row.moduleVersion } })
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
export async function startQuiz({ user, slug, locale }: { user: CurrentUser; slug: string; locale: ContentLocale }) {
  const library = await getContentLibrary()
  const versions = visibleVersions(library, slug, user)
  if (!versions) return null
  const current = english(versions)
  const shown = pickModule(versions, locale)
  const facts = await loadFacts(user.id, slug)
  const state = deriveState({ module: current, row: facts.rows.get(slug) ?? null, certificates: facts.certificates.get(slug) ?? [], assignment: null, at: now() })
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
  explanation: string
}

/**
 * Grades answers against the quiz: a single-choice question is right with exactly its correct
 * option, a multiple-choice one with exactly its set of correct options (a partial answer is
 * wrong). The score is the percentage of questions answered right, rounded down.
 */
export function gradeAnswers(quiz: Quiz, answers: Record<string, string[]>) {
  const results: QuestionResult[] = quiz.questions.map((question) => {
    const given = answers[question.id]
    const chosenIds = new Set(Array.isArray(given) ? given.filter((id): id is string => typeof id === 'string') : [])
    const correctIds = new Set(question.options.filter((option) => option.correct).map((option) => option.id))
    const right = chosenIds.size === correctIds.size && [...chosenIds].every((id) => correctIds.has(id))
    return {
      id: question.id,
      prompt: question.prompt,
      kind: question.kind,
      right,
      chosen: question.options.filter((option) => chosenIds.has(option.id)).map((option) => ({ id: option.id, text: option.text })),
      explanation: question.explanation,
    }
  })
  const rightCount = results.filter((result) => result.right).length
  const score = quiz.questions.length ? Math.floor((rightCount * 100) / quiz.questions.length) : 0
  return { score, rightCount, total: quiz.questions.length, results }
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
export async function gradeQuizAttempt({ user, slug, locale = 'en', answers, meta }: { user: Learner; slug: string; locale?: ContentLocale; answers: Record<string, unknown>; meta?: RequestMeta }): Promise<GradeOutcome> {
  const library = await getContentLibrary()
  const versions = visibleVersions(library, slug, user)
  if (!versions) return { ok: false, reason: 'not_found' }
  const current = english(versions)
  const shown = pickModule(versions, locale)
  const { version, passMark, certificateValidityMonths } = current.frontmatter
  const profile = await getOfficerProfile(user.id)
  if (!profile) return { ok: false, reason: 'not_found' }
  const cleaned = cleanAnswers(shown.quiz, answers)
  const graded = gradeAnswers(shown.quiz, cleaned)
  const passed = graded.score >= passMark
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
    } else if (passed && mayHoldCertificates(profile)) {
      certificate = summarize(
        await issueCertificate(tx, {
          holder: { id: profile.id, name: profile.name, agencyName: profile.agencyName },
          module: { slug, version, title, certificateValidityMonths },
          score: graded.score,
          actor: user,
          meta,
        }),
      )
    } else if (passed) {
      certificateWithheld = profile.officerVerification === 'rejected' ? 'rejected' : 'pending'
    }
    return { ok: true, attemptId: attempt.id, score: graded.score, passed, passMark, rightCount: graded.rightCount, total: graded.total, results: graded.results, certificate, certificateWithheld }
  })
}

/**
 * A graded attempt of the learner's, for the result page: per-question results and
 * explanations (this is after grading). Attempts of an earlier version show their score only.
 */
export async function getQuizAttemptResult({ user, slug, attemptId, locale }: { user: CurrentUser; slug: string; attemptId: string; locale: ContentLocale }) {
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
  const shown = pickModule(versions, locale)
  const isCurrentVersion = attempt.moduleVersion === current.frontmatter.version
  const graded = isCurrentVersion ? gradeAnswers(shown.quiz, attempt.answers) : null
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
// For the officers pages

export type TrainingStatus = { assigned: number; inProgress: number; completed: number; overdue: number }

/**
 * Training counts per user, for lists of officers: modules assigned; started and not validly
 * completed; validly completed (a completion within its validity, or a valid certificate of any
 * version); assigned, past due and not validly completed. Three queries for the whole list.
 */
export async function listTrainingStatusForUsers(userIds: string[]): Promise<Map<string, TrainingStatus>> {
  const ids = [...new Set(userIds.filter((id) => isUuid(id)))]
  const statuses = new Map<string, TrainingStatus>()
  if (!ids.length) return statuses
  const [library, rows, held, assignments] = await Promise.all([
    getContentLibrary(),
    db.select().from(trainingProgress).where(inArray(trainingProgress.userId, ids)),
    db.select().from(certificates).where(inArray(certificates.userId, ids)).orderBy(desc(certificates.issuedAt)),
    db
      .select({ userId: trainingAssignments.userId, slug: trainingAssignments.moduleSlug, dueOn: trainingAssignments.dueOn, assignedAt: trainingAssignments.assignedAt })
      .from(trainingAssignments)
      .where(inArray(trainingAssignments.userId, ids)),
  ])
  const at = now()
  const key = (userId: string, slug: string) => `${userId}/${slug}`
  const rowsByKey = new Map(rows.map((row) => [key(row.userId, row.moduleSlug), row]))
  const assignmentsByKey = new Map(assignments.map((row) => [key(row.userId, row.slug), row]))
  const certificatesByKey = new Map<string, CertificateView[]>()
  for (const row of held) {
    const view = certificateView(row, at)
    certificatesByKey.set(key(row.userId, row.moduleSlug), [...(certificatesByKey.get(key(row.userId, row.moduleSlug)) ?? []), view])
  }
  for (const userId of ids) {
    const status: TrainingStatus = { assigned: 0, inProgress: 0, completed: 0, overdue: 0 }
    for (const [slug, versions] of library.modules) {
      const k = key(userId, slug)
      const row = rowsByKey.get(k) ?? null
      const assignment = assignmentsByKey.get(k) ?? null
      const moduleCertificates = certificatesByKey.get(k) ?? []
      if (!row && !assignment && !moduleCertificates.length) continue
      const state = deriveState({ module: english(versions), row, certificates: moduleCertificates, assignment, at })
      if (assignment) status.assigned += 1
      if (state.validlyCompleted) status.completed += 1
      else if (state.hasActiveProgress) status.inProgress += 1
      if (state.overdue) status.overdue += 1
    }
    statuses.set(userId, status)
  }
  return statuses
}
