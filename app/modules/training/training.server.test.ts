import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { activity, certificates, quizAttempts, trainingAssignments, trainingProgress, users } from '#db/schema'
import type { OfficerVerification, Role } from '#db/schema/vocabulary'
import { actorFor, createAgency, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { getContentLibrary, type CompiledModule } from '~/lib/content/compile.server'
import type { Quiz } from '~/lib/content/content-schema'
import { db } from '~/lib/db.server'
import { getCertificateByCode } from '~/modules/certificates/certificates.server'
import {
  getModuleForLearner,
  getQuizAttemptResult,
  gradeAnswers,
  gradeQuizAttempt,
  issuePendingCertificates,
  listMyModules,
  listTrainingStatusForUsers,
  markSectionComplete,
  recordSectionVisit,
  startQuiz,
} from './training.server'

const SLUG = 'emergency-requests'

async function englishModule(slug = SLUG): Promise<CompiledModule> {
  return (await getContentLibrary()).modules.get(slug)!.get('en')!
}

/** A signed-in learner as the guards build it: an officer of an agency by default. */
async function learner(options: { role?: Role; verification?: OfficerVerification; name?: string } = {}): Promise<CurrentUser> {
  const role = options.role ?? 'officer'
  const user = await createUser({ role, name: options.name })
  let agencyId: string | null = null
  if (role === 'officer') {
    agencyId = (await createAgency({ name: 'Texas Department of Public Safety' })).id
    await db
      .update(users)
      .set({ agencyId, officerVerification: options.verification ?? 'verified' })
      .where(eq(users.id, user.id))
  }
  return { ...actorFor(user), agencyId, officerVerification: role === 'officer' ? (options.verification ?? 'verified') : null }
}

/** The answer key of a quiz (server side only), and answers with `wrong` questions missed. */
function answersFor(quiz: Quiz, wrong = 0) {
  return Object.fromEntries(
    quiz.questions.map((question, index) => {
      const correct = question.options.filter((option) => option.correct).map((option) => option.id)
      const incorrect = question.options.find((option) => !option.correct)!.id
      return [question.id, index < wrong ? [incorrect] : correct]
    }),
  )
}

async function completeSections(user: CurrentUser, slug = SLUG, count?: number) {
  const module = await englishModule(slug)
  for (const section of module.sections.slice(0, count ?? module.sections.length)) {
    expect((await markSectionComplete({ user, slug, sectionId: section.id, meta: testMeta })).ok).toBe(true)
  }
}

/** Changes the compiled module for the duration of `run` (a new version, a draft…). */
async function withFrontmatter<T>(change: Partial<CompiledModule['frontmatter']>, run: () => Promise<T>, slug = SLUG) {
  const versions = (await getContentLibrary()).modules.get(slug)!
  const saved = [...versions.values()].map((module) => [module, { ...module.frontmatter }] as const)
  for (const module of versions.values()) Object.assign(module.frontmatter, change)
  try {
    return await run()
  } finally {
    for (const [module, frontmatter] of saved) module.frontmatter = frontmatter
  }
}

async function activityNames(userId: string) {
  const rows = await db.select({ name: activity.name }).from(activity).where(eq(activity.userId, userId)).orderBy(asc(activity.id))
  return rows.map((row) => row.name)
}

describe('gradeAnswers', () => {
  const quiz: Quiz = {
    questions: [
      {
        id: 'one',
        prompt: 'Pick one',
        kind: 'single',
        explanation: 'Because one.',
        options: [
          { id: 'a', text: 'A', correct: true },
          { id: 'b', text: 'B' },
        ],
      },
      {
        id: 'many',
        prompt: 'Pick all',
        kind: 'multiple',
        explanation: 'Because many.',
        options: [
          { id: 'a', text: 'A', correct: true },
          { id: 'b', text: 'B', correct: true },
          { id: 'c', text: 'C' },
        ],
      },
      {
        id: 'three',
        prompt: 'Pick three',
        kind: 'single',
        explanation: 'Because three.',
        options: [
          { id: 'x', text: 'X' },
          { id: 'y', text: 'Y', correct: true },
        ],
      },
    ],
  }

  it('wants exactly the correct option, or exactly the set of correct options', () => {
    const right = (answers: Record<string, string[]>) => gradeAnswers(quiz, answers, { passMark: 80 }).results.map((result) => result.right)
    expect(right({ one: ['a'], many: ['b', 'a'], three: ['y'] })).toEqual([true, true, true])
    expect(right({ one: ['b'], many: ['a'], three: ['x', 'y'] })).toEqual([false, false, false]) // partial and extra answers are wrong
    expect(right({ one: ['a', 'b'], many: ['a', 'b', 'c'], three: [] })).toEqual([false, false, false])
    expect(right({})).toEqual([false, false, false])
  })

  it('scores the percentage of questions right, rounded down', () => {
    expect(gradeAnswers(quiz, { one: ['a'], many: ['a', 'b'], three: ['x'] }, { passMark: 60 })).toMatchObject({
      score: 66,
      passed: true,
      rightCount: 2,
      total: 3,
    })
    expect(gradeAnswers(quiz, { one: ['a'] }, { passMark: 60 })).toMatchObject({ score: 33, passed: false })
    expect(gradeAnswers(quiz, { one: ['a'], many: ['a', 'b'], three: ['y'] }, { passMark: 100 })).toMatchObject({ score: 100, passed: true })
  })

  it('keeps the explanations of wrong answers back until the attempt passes: they give the answer away', () => {
    const answers = { one: ['a'], many: ['a'], three: ['x'] }
    const failed = gradeAnswers(quiz, answers, { passMark: 80 })
    expect(failed.results.map((result) => [result.id, result.right, result.explanation])).toEqual([
      ['one', true, 'Because one.'],
      ['many', false, null],
      ['three', false, null],
    ])
    // The answer given is still shown (it is the learner's own); never the right one.
    expect(failed.results[1].chosen).toEqual([{ id: 'a', text: 'A' }])
    expect(JSON.stringify(failed)).not.toContain('Because many.')
    expect(JSON.stringify(failed)).not.toContain('"correct"')
    // A pass shows every explanation, wrong answers included; so does a stored verdict of a pass.
    expect(gradeAnswers(quiz, answers, { passMark: 30 }).results.map((result) => result.explanation)).toEqual([
      'Because one.',
      'Because many.',
      'Because three.',
    ])
    expect(gradeAnswers(quiz, answers, { passed: true }).results.every((result) => result.explanation)).toBe(true)
    expect(gradeAnswers(quiz, answers, { passed: false }).results.filter((result) => result.explanation)).toHaveLength(1)
  })
})

describe('reading a module', () => {
  it('never returns the answers or explanations before grading', async () => {
    const user = await learner()
    const module = await englishModule()
    const page = await getModuleForLearner({ user, slug: SLUG, locale: 'en' })
    const quiz = await startQuiz({ user, slug: SLUG, locale: 'en' })
    const list = await listMyModules({ user, locale: 'en' })
    for (const returned of [page, quiz, list]) {
      const json = JSON.stringify(returned)
      expect(json).not.toContain('"correct"')
      expect(json).not.toContain('"explanation"')
      for (const question of module.quiz.questions) expect(json).not.toContain(question.explanation)
    }
    expect(quiz!.questions).toHaveLength(module.quiz.questions.length)
    expect(quiz!.ready).toBe(false)
  })

  it('resumes at the first unfinished section, then at the last visited one', async () => {
    const user = await learner()
    const module = await englishModule()
    const [first, second, third] = module.sections
    expect((await getModuleForLearner({ user, slug: SLUG, locale: 'en' }))!.section.id).toBe(first.id)
    await recordSectionVisit({ user, slug: SLUG, sectionId: first.id })
    await recordSectionVisit({ user, slug: SLUG, sectionId: second.id })
    await markSectionComplete({ user, slug: SLUG, sectionId: second.id })
    await markSectionComplete({ user, slug: SLUG, sectionId: second.id }) // twice: recorded once
    await markSectionComplete({ user, slug: SLUG, sectionId: first.id })
    const page = (await getModuleForLearner({ user, slug: SLUG, locale: 'en' }))!
    expect(page.section).toMatchObject({ id: third.id, number: 3, previousId: second.id })
    expect(page.section.html.length).toBeGreaterThan(100)
    expect(page.sections.map((section) => section.done)).toEqual(module.sections.map((_, index) => index < 2))
    expect(page.progress).toMatchObject({ done: 2, total: module.sections.length, percent: Math.floor(200 / module.sections.length) })
    const [row] = await db.select().from(trainingProgress).where(eq(trainingProgress.userId, user.id))
    expect(row.completedSectionIds).toEqual([first.id, second.id])
    expect(row.moduleVersion).toBe(module.frontmatter.version)
    // A section asked for is shown; an unknown one falls back to where to resume.
    expect((await getModuleForLearner({ user, slug: SLUG, locale: 'en', sectionId: first.id }))!.section.id).toBe(first.id)
    expect((await getModuleForLearner({ user, slug: SLUG, locale: 'en', sectionId: 'no-such-section' }))!.section.id).toBe(third.id)

    await completeSections(user)
    await recordSectionVisit({ user, slug: SLUG, sectionId: second.id })
    expect((await getModuleForLearner({ user, slug: SLUG, locale: 'en' }))!.section.id).toBe(second.id)
    // Started once.
    expect((await activityNames(user.id)).filter((name) => name === 'training.started')).toHaveLength(1)
  })

  it('refuses unknown modules and sections, and shows drafts only to admins and the global head', async () => {
    const officer = await learner()
    expect(await getModuleForLearner({ user: officer, slug: 'nope', locale: 'en' })).toBeNull()
    expect(await markSectionComplete({ user: officer, slug: SLUG, sectionId: 'nope' })).toEqual({ ok: false, reason: 'not_found' })
    expect(await recordSectionVisit({ user: officer, slug: 'nope', sectionId: 'legal-basis' })).toEqual({ ok: false, reason: 'not_found' })
    const head = await learner({ role: 'global_head' })
    await withFrontmatter({ status: 'draft' }, async () => {
      expect(await getModuleForLearner({ user: officer, slug: SLUG, locale: 'en' })).toBeNull()
      expect((await listMyModules({ user: officer, locale: 'en' })).available.map((card) => card.slug)).not.toContain(SLUG)
      expect(await startQuiz({ user: officer, slug: SLUG, locale: 'en' })).toBeNull()
      expect((await getModuleForLearner({ user: head, slug: SLUG, locale: 'en' }))!.status).toBe('draft')
    })
  })

  it('offers the emergency module and its quiz in Portuguese, with the English sections and questions', async () => {
    const user = await learner()
    const english = await englishModule()
    const portuguese = (await getModuleForLearner({ user, slug: SLUG, locale: 'pt' }))!
    expect(portuguese.locale).toBe('pt')
    expect(portuguese.availableLocales).toContain('pt')
    const translated = (await getContentLibrary()).modules.get(SLUG)!.get('pt')!
    expect(translated.sections.map((section) => section.id)).toEqual(english.sections.map((section) => section.id))
    expect(translated.sections.map((section) => section.title)).not.toEqual(english.sections.map((section) => section.title))
    await completeSections(user)
    const quiz = (await startQuiz({ user, slug: SLUG, locale: 'pt' }))!
    expect(quiz.locale).toBe('pt')
    expect(quiz.questions.map((question) => question.id)).toEqual(english.quiz.questions.map((question) => question.id))
    // The Portuguese quiz is graded with its own file: the English answer key passes it.
    const outcome = await gradeQuizAttempt({ user, slug: SLUG, locale: 'pt', answers: answersFor(english.quiz), meta: testMeta })
    expect(outcome).toMatchObject({ ok: true, passed: true })
  })

  it('offers the emergency module and its quiz in French, with the English sections and questions', async () => {
    const user = await learner()
    const english = await englishModule()
    const french = (await getModuleForLearner({ user, slug: SLUG, locale: 'fr' }))!
    expect(french.locale).toBe('fr')
    expect(french.availableLocales).toContain('fr')
    const translated = (await getContentLibrary()).modules.get(SLUG)!.get('fr')!
    expect(translated.sections.map((section) => section.id)).toEqual(english.sections.map((section) => section.id))
    expect(translated.sections.map((section) => section.title)).not.toEqual(english.sections.map((section) => section.title))
    await completeSections(user)
    const quiz = (await startQuiz({ user, slug: SLUG, locale: 'fr' }))!
    expect(quiz.locale).toBe('fr')
    expect(quiz.questions.map((question) => question.id)).toEqual(english.quiz.questions.map((question) => question.id))
    // The French quiz is graded with its own file: the English answer key passes it.
    const outcome = await gradeQuizAttempt({ user, slug: SLUG, locale: 'fr', answers: answersFor(english.quiz), meta: testMeta })
    expect(outcome).toMatchObject({ ok: true, passed: true })
  })

  it('shows a translation of the current version, and English otherwise', async () => {
    const user = await learner()
    const spanish = (await getModuleForLearner({ user, slug: SLUG, locale: 'es' }))!
    expect(spanish.locale).toBe('es')
    expect(spanish.availableLocales).toEqual(expect.arrayContaining(['en', 'es']))
    expect((await getModuleForLearner({ user, slug: 'child-safety-referrals', locale: 'es' }))!.locale).toBe('en')
    // A translation of an earlier version is not offered: its sections and quiz may differ.
    const englishFrontmatter = (await englishModule()).frontmatter
    englishFrontmatter.version += 1
    try {
      const lagging = (await getModuleForLearner({ user, slug: SLUG, locale: 'es' }))!
      expect(lagging.locale).toBe('en')
      expect(lagging.availableLocales).toEqual(['en']) // every translation lags behind the English here
    } finally {
      englishFrontmatter.version -= 1
    }
    // A translation that is itself a draft is for approvers only, shown to them as a draft.
    const spanishFrontmatter = (await getContentLibrary()).modules.get(SLUG)!.get('es')!.frontmatter
    spanishFrontmatter.status = 'draft'
    try {
      const hidden = (await getModuleForLearner({ user, slug: SLUG, locale: 'es' }))!
      expect(hidden).toMatchObject({ locale: 'en', status: 'published' })
      expect(hidden.availableLocales).toContain('en')
      expect(hidden.availableLocales).not.toContain('es')
      expect((await startQuiz({ user, slug: SLUG, locale: 'es' }))!.locale).toBe('en')
      expect((await listMyModules({ user, locale: 'es' })).available.find((card) => card.slug === SLUG)?.locale).toBe('en')
      const head = await learner({ role: 'global_head' })
      expect((await getModuleForLearner({ user: head, slug: SLUG, locale: 'es' }))!).toMatchObject({ locale: 'es', status: 'draft' })
    } finally {
      spanishFrontmatter.status = 'published'
    }
  })
})

describe('gradeQuizAttempt', () => {
  it('refuses the quiz until every section is complete, and stores nothing', async () => {
    const user = await learner()
    const module = await englishModule()
    await completeSections(user, SLUG, module.sections.length - 1)
    const outcome = await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz) })
    expect(outcome).toEqual({ ok: false, reason: 'sections_incomplete', message: expect.stringMatching(/every section/) })
    expect(await db.select().from(quizAttempts)).toHaveLength(0)
    expect(await gradeQuizAttempt({ user, slug: 'nope', answers: {} })).toEqual({ ok: false, reason: 'not_found' })
  })

  it('keeps every attempt, allows retakes, completes on a pass and issues the certificate', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-06-01T09:00:00Z'))
    const user = await learner({ name: 'Sgt. Dana Whitfield' })
    const module = await englishModule()
    await completeSections(user)
    expect((await startQuiz({ user, slug: SLUG, locale: 'en' }))!.ready).toBe(true)

    const failed = await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz, 3), meta: testMeta })
    if (!failed.ok) throw new Error('expected a graded attempt')
    expect(failed).toMatchObject({ score: 70, passed: false, passMark: 80, certificate: null })
    expect(failed.results.filter((result) => !result.right).map((result) => result.id)).toEqual(
      module.quiz.questions.slice(0, 3).map((question) => question.id),
    )
    // Failed: no explanation for a question answered wrong (it states the answer), one for the rest.
    expect(failed.results.slice(0, 3).map((result) => result.explanation)).toEqual([null, null, null])
    expect(failed.results[3].explanation).toBe(module.quiz.questions[3].explanation)
    let [row] = await db.select().from(trainingProgress).where(eq(trainingProgress.userId, user.id))
    expect(row).toMatchObject({ bestScore: 70, completedAt: null })

    vi.setSystemTime(new Date('2026-06-01T09:30:00Z'))
    const passed = await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz, 2), meta: testMeta })
    if (!passed.ok) throw new Error('expected a graded attempt')
    expect(passed).toMatchObject({ score: 80, passed: true, certificateWithheld: null })
    expect(passed.certificate!.expiresAt.toISOString()).toBe('2028-06-01T09:30:00.000Z') // 24 months
    ;[row] = await db.select().from(trainingProgress).where(eq(trainingProgress.userId, user.id))
    expect(row.bestScore).toBe(80)
    expect(row.completedAt!.toISOString()).toBe('2026-06-01T09:30:00.000Z')
    const verified = await getCertificateByCode(passed.certificate!.code)
    expect(verified).toMatchObject({
      holder: 'Sgt. Dana Whitfield',
      agency: 'Texas Department of Public Safety',
      module: 'Emergency requests',
      version: (await englishModule()).frontmatter.version,
      status: 'valid',
    })

    // A retake is allowed and kept; the valid certificate is not issued twice.
    vi.setSystemTime(new Date('2026-06-02T09:00:00Z'))
    const retake = await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz) })
    if (!retake.ok) throw new Error('expected a graded attempt')
    expect(retake).toMatchObject({ score: 100, passed: true })
    expect(retake.certificate!.code).toBe(passed.certificate!.code)
    const attempts = await db.select().from(quizAttempts).where(eq(quizAttempts.userId, user.id)).orderBy(asc(quizAttempts.submittedAt))
    expect(attempts.map((attempt) => [attempt.score, attempt.passed])).toEqual([
      [70, false],
      [80, true],
      [100, true],
    ])
    expect(attempts[0].answers[module.quiz.questions[0].id]).toHaveLength(1)
    ;[row] = await db.select().from(trainingProgress).where(eq(trainingProgress.userId, user.id))
    expect(row.bestScore).toBe(100)
    expect(row.completedAt!.toISOString()).toBe('2026-06-01T09:30:00.000Z')
    expect(await db.select().from(certificates)).toHaveLength(1)
    expect(await activityNames(user.id)).toEqual(['training.started', 'training.quiz_failed', 'training.completed', 'certificate.issued', 'training.completed'])

    // The result page of an attempt, for its owner only: a failed one keeps the explanations of
    // its wrong answers back, a passed one shows them all.
    const result = await getQuizAttemptResult({ user, slug: SLUG, attemptId: failed.attemptId, locale: 'en' })
    expect(result).toMatchObject({ score: 70, passed: false, rightCount: 7, total: 10 })
    expect(result!.results!.filter((item) => !item.right).map((item) => item.explanation)).toEqual([null, null, null])
    for (const question of module.quiz.questions.slice(0, 3)) expect(JSON.stringify(result)).not.toContain(question.explanation)
    const passedResult = await getQuizAttemptResult({ user, slug: SLUG, attemptId: passed.attemptId, locale: 'en' })
    expect(passedResult!.results!.map((item) => item.explanation)).toEqual(module.quiz.questions.map((question) => question.explanation))
    const stranger = await learner()
    expect(await getQuizAttemptResult({ user: stranger, slug: SLUG, attemptId: failed.attemptId, locale: 'en' })).toBeNull()
    expect(await getQuizAttemptResult({ user, slug: SLUG, attemptId: 'not-a-uuid', locale: 'en' })).toBeNull()

    const list = await listMyModules({ user, locale: 'en' })
    expect(list.completed.map((card) => [card.slug, card.certificate?.code, card.completionValid])).toEqual([[SLUG, passed.certificate!.code, true]])
  })

  it('ignores answers to questions or options the quiz does not have', async () => {
    const user = await learner()
    const module = await englishModule()
    await completeSections(user)
    const answers = {
      ...answersFor(module.quiz),
      invented: ['x'],
      [module.quiz.questions[0].id]: [...answersFor(module.quiz)[module.quiz.questions[0].id], 'zz'],
    }
    const outcome = await gradeQuizAttempt({ user, slug: SLUG, answers })
    expect(outcome).toMatchObject({ ok: true, score: 100 })
    const [attempt] = await db.select().from(quizAttempts)
    expect(Object.keys(attempt.answers)).not.toContain('invented')
  })

  it('lets a pending officer pass without a certificate, issued at verification and dated from the pass', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'))
    const user = await learner({ verification: 'pending' })
    const module = await englishModule()
    await completeSections(user)
    const outcome = await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz, 1) })
    expect(outcome).toMatchObject({ ok: true, passed: true, score: 90, certificate: null, certificateWithheld: 'pending' })
    vi.setSystemTime(new Date('2026-03-02T10:00:00Z'))
    expect(await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz) })).toMatchObject({ ok: true, passed: true, score: 100 }) // a retake
    expect(await db.select().from(certificates)).toHaveLength(0)
    const before = await listMyModules({ user, locale: 'en' })
    expect(before.completed.map((card) => [card.slug, card.certificate, card.certificateWithheld])).toEqual([[SLUG, null, 'pending']])
    expect(await db.select().from(certificates)).toHaveLength(0) // a page view writes nothing

    // Verified two and a half months later: the certificate runs from the first pass, not from today.
    vi.setSystemTime(new Date('2026-05-15T09:00:00Z'))
    await db.update(users).set({ officerVerification: 'verified' }).where(eq(users.id, user.id))
    const verifiedUser = { ...user, officerVerification: 'verified' as const }
    const holder = { id: user.id, name: user.name, agencyName: 'Texas Department of Public Safety' }
    const newlyIssued = await db.transaction((tx) => issuePendingCertificates(tx, { holder }))
    expect(newlyIssued).toHaveLength(1)
    expect(newlyIssued[0]).toMatchObject({ version: (await englishModule()).frontmatter.version, status: 'valid' })
    expect(newlyIssued[0].issuedAt.toISOString()).toBe('2026-03-01T10:00:00.000Z')
    expect(newlyIssued[0].expiresAt.toISOString()).toBe('2028-03-01T10:00:00.000Z') // 24 months from the pass
    const after = await listMyModules({ user: verifiedUser, locale: 'en' })
    expect(after.completed[0]).toMatchObject({ slug: SLUG, certificateWithheld: null, certificate: { code: newlyIssued[0].code, status: 'valid' } })
    expect((await getCertificateByCode(newlyIssued[0].code))!.holder).toBe(user.name)
    const [issued] = await db.select().from(certificates)
    expect(issued.score).toBe(100)
    // Issued once.
    expect(await db.transaction((tx) => issuePendingCertificates(tx, { holder }))).toEqual([])
    expect(await db.select().from(certificates)).toHaveLength(1)
  })

  it('issues no certificate for a pass that lapsed while the account waited for verification', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2024-01-10T10:00:00Z'))
    const user = await learner({ verification: 'pending' })
    const module = await englishModule()
    await completeSections(user)
    expect(await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz) })).toMatchObject({ ok: true, passed: true, certificate: null })
    vi.setSystemTime(new Date('2026-01-10T10:00:00Z')) // exactly 24 months on: expired
    await db.update(users).set({ officerVerification: 'verified' }).where(eq(users.id, user.id))
    expect(await db.transaction((tx) => issuePendingCertificates(tx, { holder: { id: user.id, name: user.name, agencyName: null } }))).toEqual([])
    expect(await db.select().from(certificates)).toHaveLength(0)
  })

  it('gives staff who pass a certificate without an agency', async () => {
    const lead = await learner({ role: 'outreach_lead' })
    const module = await englishModule()
    await completeSections(lead)
    const outcome = await gradeQuizAttempt({ user: lead, slug: SLUG, answers: answersFor(module.quiz) })
    if (!outcome.ok || !outcome.certificate) throw new Error('expected a certificate')
    expect((await getCertificateByCode(outcome.certificate.code))!.agency).toBeNull()
  })
})

describe('a new version of a module', () => {
  it('keeps the earlier completion and certificate valid, and starts the new version afresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-02-01T10:00:00Z'))
    const user = await learner()
    const module = await englishModule()
    await completeSections(user)
    const first = await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz) })
    if (!first.ok || !first.certificate) throw new Error('expected a certificate')
    const current = module.frontmatter.version
    const next = current + 1

    vi.setSystemTime(new Date('2026-08-01T10:00:00Z'))
    await withFrontmatter({ version: next }, async () => {
      const list = await listMyModules({ user, locale: 'en' })
      expect(list.completed[0]).toMatchObject({
        slug: SLUG,
        version: next,
        completedVersion: current,
        newVersionAvailable: true,
        completionValid: true,
        certificate: { code: first.certificate!.code, version: current },
      })
      const page = (await getModuleForLearner({ user, slug: SLUG, locale: 'en' }))!
      expect(page.progress.done).toBe(0)
      expect(page.completion).toMatchObject({ version: current, valid: true, isCurrentVersion: false })
      expect(page.availableLocales.sort()).toEqual([...(await getContentLibrary()).modules.get(SLUG)!.keys()].sort()) // every version was bumped here
      expect((await startQuiz({ user, slug: SLUG, locale: 'en' }))!.ready).toBe(false)

      // Looking does not start again; completing a section does.
      await recordSectionVisit({ user, slug: SLUG, sectionId: module.sections[0].id })
      expect((await listMyModules({ user, locale: 'en' })).completed.map((card) => card.slug)).toEqual([SLUG])
      await markSectionComplete({ user, slug: SLUG, sectionId: module.sections[0].id })
      const [row] = await db.select().from(trainingProgress).where(eq(trainingProgress.userId, user.id))
      expect(row).toMatchObject({ moduleVersion: next, completedSectionIds: [module.sections[0].id], completedAt: null, bestScore: null })
      const during = await listMyModules({ user, locale: 'en' })
      expect(during.inProgress[0]).toMatchObject({
        slug: SLUG,
        sectionsDone: 1,
        completionValid: true,
        certificate: { code: first.certificate!.code, status: 'valid' },
      })
      expect((await getCertificateByCode(first.certificate!.code))!.status).toBe('valid')
      expect((await listTrainingStatusForUsers([user.id])).get(user.id)).toMatchObject({ completed: 1, inProgress: 0 })

      await completeSections(user)
      const second = await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz) })
      if (!second.ok || !second.certificate) throw new Error('expected a certificate')
      expect(second.certificate.version).toBe(next)
      expect(second.certificate.code).not.toBe(first.certificate!.code)
      expect((await getCertificateByCode(first.certificate!.code))!.status).toBe('valid')
      const attempts = await db.select({ version: quizAttempts.moduleVersion }).from(quizAttempts).orderBy(asc(quizAttempts.submittedAt))
      expect(attempts.map((attempt) => attempt.version)).toEqual([current, next])
    })
  })

  it('carries unfinished progress over to the new version', async () => {
    const user = await learner()
    const module = await englishModule()
    await completeSections(user, SLUG, 2)
    await withFrontmatter({ version: 3 }, async () => {
      const page = (await getModuleForLearner({ user, slug: SLUG, locale: 'en' }))!
      expect(page.progress.done).toBe(2)
      await markSectionComplete({ user, slug: SLUG, sectionId: module.sections[2].id })
      const [row] = await db.select().from(trainingProgress).where(eq(trainingProgress.userId, user.id))
      expect(row).toMatchObject({ moduleVersion: 3, completedSectionIds: module.sections.slice(0, 3).map((section) => section.id) })
    })
  })
})

describe('listMyModules and listTrainingStatusForUsers', () => {
  it('groups assigned (with due dates), in progress, completed and available modules', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-04-15T12:00:00Z'))
    const user = await learner()
    const lead = await createUser({ role: 'outreach_lead' })
    await db.insert(trainingAssignments).values([
      { userId: user.id, moduleSlug: 'international-requests', assignedById: lead.id, dueOn: '2026-04-01', assignedAt: new Date('2026-03-01T00:00:00Z') },
      { userId: user.id, moduleSlug: 'child-safety-referrals', assignedById: lead.id, dueOn: '2026-05-01', assignedAt: new Date('2026-03-01T00:00:00Z') },
      { userId: user.id, moduleSlug: SLUG, assignedById: lead.id, dueOn: '2026-04-10', assignedAt: new Date('2026-03-01T00:00:00Z') },
    ])
    await completeSections(user, SLUG, 2)
    const module = await englishModule('data-request-fundamentals')
    await completeSections(user, 'data-request-fundamentals')
    await gradeQuizAttempt({ user, slug: 'data-request-fundamentals', answers: answersFor(module.quiz) })

    const list = await listMyModules({ user, locale: 'en' })
    expect(list.assigned.map((card) => [card.slug, card.dueOn, card.overdue])).toEqual([
      ['international-requests', '2026-04-01', true],
      ['child-safety-referrals', '2026-05-01', false],
    ])
    expect(list.inProgress.map((card) => [card.slug, card.sectionsDone, card.percent, card.dueOn, card.overdue])).toEqual([[SLUG, 2, 40, '2026-04-10', true]])
    expect(list.completed.map((card) => card.slug)).toEqual(['data-request-fundamentals'])
    expect(list.completed[0].certificate!.expiresAt.toISOString()).toBe('2028-04-15T12:00:00.000Z')
    expect(list.available).toEqual([])

    const other = await learner()
    const statuses = await listTrainingStatusForUsers([user.id, other.id, 'not-a-uuid'])
    expect(statuses.get(user.id)).toEqual({ assigned: 3, inProgress: 1, completed: 1, overdue: 2 })
    expect(statuses.get(other.id)).toEqual({ assigned: 0, inProgress: 0, completed: 0, overdue: 0 })
    expect(statuses.has('not-a-uuid')).toBe(false)
    expect((await listTrainingStatusForUsers([])).size).toBe(0)

    // Two years on, the certificate has expired: no longer counted as completed.
    vi.setSystemTime(new Date('2028-05-01T00:00:00Z'))
    expect((await listTrainingStatusForUsers([user.id])).get(user.id)).toMatchObject({ completed: 0 })
    const later = await listMyModules({ user, locale: 'en' })
    expect(later.completed[0]).toMatchObject({ slug: 'data-request-fundamentals', completionValid: false, certificate: { status: 'expired' } })
  })

  it('renews an expired completion when the quiz is passed again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-10T00:00:00Z'))
    const user = await learner()
    const module = await englishModule()
    await completeSections(user)
    const first = await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz) })
    vi.setSystemTime(new Date('2028-03-01T00:00:00Z'))
    const renewed = await gradeQuizAttempt({ user, slug: SLUG, answers: answersFor(module.quiz) })
    if (!first.ok || !renewed.ok || !first.certificate || !renewed.certificate) throw new Error('expected certificates')
    expect(renewed.certificate.code).not.toBe(first.certificate.code)
    expect(renewed.certificate.expiresAt.toISOString()).toBe('2030-03-01T00:00:00.000Z')
    const [row] = await db
      .select()
      .from(trainingProgress)
      .where(and(eq(trainingProgress.userId, user.id), eq(trainingProgress.moduleSlug, SLUG)))
    expect(row.completedAt!.toISOString()).toBe('2028-03-01T00:00:00.000Z')
  })
})
