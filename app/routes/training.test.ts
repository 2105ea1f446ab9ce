import { eq } from 'drizzle-orm'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { certificates, guidelineAcknowledgements, quizAttempts, trainingProgress, users } from '#db/schema'
import type { Locale, OfficerVerification } from '#db/schema/vocabulary'
import { actorFor, createAgency, testMeta } from '#test/factories/crm'
import { call, dataOf, headersOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { getContentLibrary } from '~/lib/content/compile.server'
import type { Quiz } from '~/lib/content/content-schema'
import { db } from '~/lib/db.server'
import { i18nFor } from '~/lib/i18n/i18n'
import { messagesFor } from '~/lib/i18n/i18n.server'
import { decideOfficerVerification } from '~/modules/officers/officers.server'
import TrainingModulePage, * as modulePage from './training.$slug'
import * as certificatePdf from './training.$slug.certificate[.]pdf'
import TrainingPage, * as trainingList from './training._index'

const SLUG = 'emergency-requests'

async function englishModule() {
  return (await getContentLibrary()).modules.get(SLUG)!.get('en')!
}

/** A signed-in officer of an agency (verified unless told otherwise) and their cookie. */
async function signedInOfficer(verification: OfficerVerification = 'verified') {
  const agency = await createAgency({ name: 'Dallas Police Department' })
  const user = await createUser({ role: 'officer', name: 'Officer Jamie Cole' })
  await db.update(users).set({ agencyId: agency.id, officerVerification: verification }).where(eq(users.id, user.id))
  const { cookie } = await signInAs(user)
  return { user, cookie }
}

/** Form fields for quiz answers (`answers.<question>`), with the first `wrong` questions missed. */
function quizForm(quiz: Quiz, wrong = 0): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = { intent: 'submit-quiz', locale: 'en' }
  quiz.questions.forEach((question, index) => {
    const correct = question.options.filter((option) => option.correct).map((option) => option.id)
    form[`answers.${question.id}`] = index < wrong ? question.options.find((option) => !option.correct)!.id : correct
  })
  return form
}

const get = (path: string, cookie?: string, headers?: Record<string, string>) => makeRequest(path, { cookie, headers })
const post = (path: string, cookie: string, form: Record<string, string | string[]>) => makeRequest(path, { cookie, form })

type ModuleLoaderData = Awaited<ReturnType<typeof modulePage.loader>>

async function loadModule(path: string, cookie: string) {
  const result = await call(modulePage.loader, get(path, cookie), { slug: SLUG })
  expect(statusOf(result)).toBe(200)
  return result as ModuleLoaderData
}

async function completeEverySection(cookie: string) {
  for (const section of (await englishModule()).sections) {
    expect(statusOf(await call(modulePage.action, post(`/training/${SLUG}`, cookie, { intent: 'complete', sectionId: section.id }), { slug: SLUG }))).toBe(200)
  }
}

/** Renders a route's page as the server would, with the loader data given. */
/** The page as the server renders it, in English unless a language is given (as the root does). */
async function renderPage(Component: ComponentType, loaderData: unknown, path: string, locale: Locale = 'en') {
  const handler = createStaticHandler([{ id: 'page', path: '*', loader: () => loaderData as object, Component }])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  const page = createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })
  return renderToString(createElement(I18nextProvider, { i18n: i18nFor(locale, messagesFor(locale)) }, page))
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')

/** Asserts that no answer key and no explanation is in the loader data or in the page. */
async function expectNoAnswers(loaderData: unknown, html: string) {
  const { quiz } = await englishModule()
  const json = JSON.stringify(loaderData)
  expect(json).not.toContain('"correct"')
  expect(json).not.toContain('"explanation"')
  for (const question of quiz.questions) {
    expect(json).not.toContain(question.explanation)
    expect(html).not.toContain(escapeHtml(question.explanation))
    expect(html).not.toContain(question.explanation)
  }
  expect(html).not.toMatch(/data-correct|"correct"/)
}

describe('sign-in', () => {
  it('sends anonymous visitors to sign in', async () => {
    for (const [loader, path] of [
      [trainingList.loader, '/training'],
      [modulePage.loader, `/training/${SLUG}`],
      [certificatePdf.loader, `/training/${SLUG}/certificate.pdf`],
    ] as const) {
      const result = await call(loader as never, get(path), { slug: SLUG })
      expect(statusOf(result), path).toBe(302)
      expect(headersOf(result).get('Location')).toContain('/login?redirectTo=')
    }
  })

  it('lets staff take training too', async () => {
    const lead = await createUser({ role: 'outreach_lead' })
    const { cookie } = await signInAs(lead)
    const list = dataOf<{ available: { slug: string }[] }>(await call(trainingList.loader, get('/training', cookie)))
    expect(list.available.map((card) => card.slug)).toContain(SLUG)
    expect((await loadModule(`/training/${SLUG}`, cookie)).view).toBe('section')
  })
})

describe('/training/:slug', () => {
  it('never sends the answers or explanations before grading, in the data or the page', async () => {
    const { cookie } = await signedInOfficer()
    const sectionData = await loadModule(`/training/${SLUG}`, cookie)
    expect(sectionData.view).toBe('section')
    const sectionHtml = await renderPage(TrainingModulePage, sectionData, `/training/${SLUG}`)
    expect(sectionHtml).toContain('Mark complete and continue')
    await expectNoAnswers(sectionData, sectionHtml)

    await completeEverySection(cookie)
    const quizData = await loadModule(`/training/${SLUG}`, cookie)
    expect(quizData.view).toBe('quiz')
    expect(quizData.quiz!.questions).toHaveLength(10)
    const quizHtml = await renderPage(TrainingModulePage, quizData, `/training/${SLUG}`)
    expect(quizHtml).toContain('type="radio"')
    expect(quizHtml).toContain('type="checkbox"')
    expect(quizHtml).toContain('Submit answers')
    await expectNoAnswers(quizData, quizHtml)
    const listData = await call(trainingList.loader, get('/training', cookie))
    await expectNoAnswers(listData, await renderPage(TrainingPage, listData, '/training'))

    // After grading, the result page explains the questions answered right (which proves the
    // checks above can fail); those answered wrong stay unexplained until a pass.
    const { quiz } = await englishModule()
    const graded = await call(modulePage.action, post(`/training/${SLUG}`, cookie, quizForm(quiz, 3)), { slug: SLUG })
    const resultPath = headersOf(graded).get('Location')!
    const resultData = await loadModule(resultPath, cookie)
    const resultHtml = await renderPage(TrainingModulePage, resultData, resultPath)
    expect(resultHtml).toContain(escapeHtml(quiz.questions[3].explanation))
    expect(resultHtml).not.toContain(escapeHtml(quiz.questions[0].explanation))
    expect(resultHtml).toContain('Try again')
  })

  it('records progress, resumes at the first unfinished section and honours ?section=', async () => {
    const { user, cookie } = await signedInOfficer()
    const { sections } = await englishModule()
    const path = `/training/${SLUG}`
    const first = await loadModule(path, cookie)
    expect(first.module.section.id).toBe(sections[0].id)
    expect(first.module.progress).toMatchObject({ done: 0, total: 5, percent: 0 })
    // The page's script records the visit with a POST; the GET changes nothing.
    expect(await db.select().from(trainingProgress)).toHaveLength(0)
    expect(statusOf(await call(modulePage.action, post(path, cookie, { intent: 'visit', sectionId: sections[0].id }), { slug: SLUG }))).toBe(200)

    // "Mark complete and continue" without JavaScript: a redirect to the next section.
    const continued = await call(modulePage.action, post(path, cookie, { intent: 'complete', sectionId: sections[0].id, continue: '1' }), { slug: SLUG })
    expect(statusOf(continued)).toBe(302)
    expect(headersOf(continued).get('Location')).toBe(`${path}?section=${sections[1].id}`)
    // With JavaScript (a fetcher): saved, and the page has already moved on.
    expect(statusOf(await call(modulePage.action, post(path, cookie, { intent: 'complete', sectionId: sections[1].id }), { slug: SLUG }))).toBe(200)

    const second = await loadModule(path, cookie)
    expect(second.module.section.id).toBe(sections[2].id)
    expect(second.module.sections.map((section) => section.done)).toEqual([true, true, false, false, false])
    expect(second.module.progress).toMatchObject({ done: 2, percent: 40 })
    const html = await renderPage(TrainingModulePage, second, path)
    expect(html).toContain('aria-valuenow="2"')
    expect(html).toContain(`Section 3 of 5`)

    const chosen = await loadModule(`${path}?section=${sections[0].id}`, cookie)
    expect(chosen.module.section).toMatchObject({ id: sections[0].id, previousId: null, nextId: sections[1].id })
    const list = dataOf<{ inProgress: { slug: string; sectionsDone: number; percent: number }[] }>(await call(trainingList.loader, get('/training', cookie)))
    expect(list.inProgress).toEqual([expect.objectContaining({ slug: SLUG, sectionsDone: 2, percent: 40 })])
    const [row] = await db.select().from(trainingProgress).where(eq(trainingProgress.userId, user.id))
    expect(row.completedSectionIds).toEqual([sections[0].id, sections[1].id])
  })

  it('answers 400 for malformed input and 404 for what does not exist', async () => {
    const { cookie } = await signedInOfficer()
    const path = `/training/${SLUG}`
    for (const bad of ['?section=%3Cscript%3E', `?section=${'a'.repeat(200)}`, '?attempt=12345']) {
      expect(statusOf(await call(modulePage.loader, get(`${path}${bad}`, cookie), { slug: SLUG })), bad).toBe(400)
    }
    expect(statusOf(await call(modulePage.loader, get('/training/nope', cookie), { slug: 'nope' }))).toBe(404)
    expect(statusOf(await call(modulePage.loader, get(`${path}?attempt=00000000-0000-4000-8000-000000000000`, cookie), { slug: SLUG }))).toBe(404)
    expect(statusOf(await call(modulePage.action, post(path, cookie, { intent: 'bogus' }), { slug: SLUG }))).toBe(400)
    expect(statusOf(await call(modulePage.action, post(path, cookie, { intent: 'complete', sectionId: '../../etc' }), { slug: SLUG }))).toBe(400)
    expect(statusOf(await call(modulePage.action, post(path, cookie, { intent: 'complete', sectionId: 'no-such-section' }), { slug: SLUG }))).toBe(404)
    expect(statusOf(await call(modulePage.action, post('/training/nope', cookie, { intent: 'submit-quiz' }), { slug: 'nope' }))).toBe(404)

    await completeEverySection(cookie)
    const { quiz } = await englishModule()
    const unanswered = await call(modulePage.action, post(path, cookie, { intent: 'submit-quiz', locale: 'en' }), { slug: SLUG })
    expect(statusOf(unanswered)).toBe(400)
    const errors = dataOf<{ result: { error: Record<string, string[]> } }>(unanswered).result.error
    expect(Object.keys(errors)).toHaveLength(quiz.questions.length)
    const invented = await call(modulePage.action, post(path, cookie, { ...quizForm(quiz), [`answers.${quiz.questions[0].id}`]: 'zz' }), { slug: SLUG })
    expect(statusOf(invented)).toBe(400)
    const twoForOne = await call(
      modulePage.action,
      post(path, cookie, { ...quizForm(quiz), [`answers.${quiz.questions[0].id}`]: quiz.questions[0].options.map((option) => option.id) }),
      { slug: SLUG },
    )
    expect(statusOf(twoForOne)).toBe(400)
    const badLocale = await call(modulePage.action, post(path, cookie, { ...quizForm(quiz), locale: 'xx' }), { slug: SLUG })
    expect(statusOf(badLocale)).toBe(400)
    expect(await db.select().from(quizAttempts)).toHaveLength(0)
  })

  it('refuses the quiz before every section is complete, with a clear message', async () => {
    const { cookie } = await signedInOfficer()
    const { quiz, sections } = await englishModule()
    await call(modulePage.action, post(`/training/${SLUG}`, cookie, { intent: 'complete', sectionId: sections[0].id }), { slug: SLUG })
    const page = await loadModule(`/training/${SLUG}?quiz=1`, cookie)
    expect(page.view).toBe('quiz')
    expect(page.quiz).toBeNull()
    expect(await renderPage(TrainingModulePage, page, `/training/${SLUG}?quiz=1`)).toContain('The quiz opens when every section is complete')
    const refused = await call(modulePage.action, post(`/training/${SLUG}`, cookie, quizForm(quiz)), { slug: SLUG })
    expect(statusOf(refused)).toBe(400)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(refused).result.error['']).toEqual([expect.stringContaining('Complete every section')])
    expect(await db.select().from(quizAttempts)).toHaveLength(0)
  })

  it('grades, keeps every attempt, allows a retake and offers the certificate on a pass', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-09-01T12:00:00Z'))
    const { user, cookie } = await signedInOfficer()
    const { quiz } = await englishModule()
    await completeEverySection(cookie)
    const path = `/training/${SLUG}`

    const failed = await call(modulePage.action, post(path, cookie, quizForm(quiz, 3)), { slug: SLUG })
    expect(statusOf(failed)).toBe(302)
    const failedPage = await loadModule(headersOf(failed).get('Location')!, cookie)
    expect(failedPage.view).toBe('result')
    expect(failedPage.attempt).toMatchObject({ score: 70, passed: false, passMark: 80, rightCount: 7, certificate: null })
    expect(failedPage.attempt!.results!.slice(0, 4).map((result) => result.right)).toEqual([false, false, false, true])
    const failedHtml = await renderPage(TrainingModulePage, failedPage, headersOf(failed).get('Location')!)
    expect(failedHtml).toContain('Not passed yet')
    expect(failedHtml).toContain('Wrong')
    // The wrong answers are marked, but their explanations (which state the answer) are not sent.
    const failedJson = JSON.stringify(failedPage)
    for (const question of quiz.questions.slice(0, 3)) {
      expect(failedJson).not.toContain(question.explanation)
      expect(failedHtml).not.toContain(escapeHtml(question.explanation))
    }
    expect(failedHtml).toContain(escapeHtml(quiz.questions[3].explanation))
    expect(failedHtml).toContain('The explanation appears once you pass')
    expect(failedJson).not.toContain('"correct"')

    const passed = await call(modulePage.action, post(path, cookie, quizForm(quiz, 2)), { slug: SLUG })
    const passedPath = headersOf(passed).get('Location')!
    const passedPage = await loadModule(passedPath, cookie)
    expect(passedPage.attempt).toMatchObject({ score: 80, passed: true })
    const certificate = passedPage.attempt!.certificate!
    expect(certificate.expiresAt.toISOString()).toBe('2028-09-01T12:00:00.000Z')
    const passedHtml = await renderPage(TrainingModulePage, passedPage, passedPath)
    // Passed: every explanation, the wrong answers' included.
    for (const question of quiz.questions) expect(passedHtml).toContain(escapeHtml(question.explanation))
    expect(passedHtml).toContain(certificate.displayCode)
    expect(passedHtml).toContain('Download certificate (PDF)')
    expect(passedHtml).toContain(`/training/${SLUG}/certificate.pdf`)

    // Completed: the module opens on its summary; the quiz can be taken again.
    const done = await loadModule(path, cookie)
    expect(done.view).toBe('done')
    expect(done.module.attempts.map((attempt) => attempt.score)).toEqual([80, 70])
    expect((await loadModule(`${path}?quiz=1`, cookie)).quiz!.questions).toHaveLength(10)
    const retake = await call(modulePage.action, post(path, cookie, quizForm(quiz)), { slug: SLUG })
    expect(statusOf(retake)).toBe(302)
    expect((await db.select().from(quizAttempts).where(eq(quizAttempts.userId, user.id))).map((attempt) => attempt.score).sort()).toEqual([100, 70, 80])
    expect(await db.select().from(certificates)).toHaveLength(1)

    const list = dataOf<{ completed: { slug: string; certificate: { code: string } }[] }>(await call(trainingList.loader, get('/training', cookie)))
    expect(list.completed.map((card) => [card.slug, card.certificate.code])).toEqual([[SLUG, certificate.code]])
    const listHtml = await renderPage(TrainingPage, list, '/training')
    expect(listHtml).toContain(`/certificates/${certificate.code}`)
    expect(listHtml).toContain(certificate.displayCode)

    // Another learner cannot open this attempt.
    const other = await signedInOfficer()
    expect(statusOf(await call(modulePage.loader, get(passedPath, other.cookie), { slug: SLUG }))).toBe(404)
  })

  it('passes a pending officer without a certificate until their account is verified', async () => {
    const { user, cookie } = await signedInOfficer('pending')
    const { quiz } = await englishModule()
    await completeEverySection(cookie)
    const passed = await call(modulePage.action, post(`/training/${SLUG}`, cookie, quizForm(quiz)), { slug: SLUG })
    const resultPath = headersOf(passed).get('Location')!
    const result = await loadModule(resultPath, cookie)
    expect(result.attempt).toMatchObject({ passed: true, certificate: null, certificateWithheld: 'pending' })
    expect(await renderPage(TrainingModulePage, result, resultPath)).toContain('Your certificate will be issued once your account is verified')
    expect(await db.select().from(certificates)).toHaveLength(0)
    expect(statusOf(await call(certificatePdf.loader, get(`/training/${SLUG}/certificate.pdf`, cookie), { slug: SLUG }))).toBe(404)
    const pendingList = await call(trainingList.loader, get('/training', cookie))
    expect(await renderPage(TrainingPage, pendingList, '/training')).toContain('certificates will be issued once your account is verified')

    // A lead verifies the account: the certificate is issued by the verification itself.
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const verified = await decideOfficerVerification({ actor: actorFor(lead, ['US']), decision: { intent: 'verify', userId: user.id }, meta: testMeta })
    expect(verified).toMatchObject({ ok: true, state: 'verified' })
    const [issued] = await db.select().from(certificates)
    const list = dataOf<{ completed: { certificate: { code: string } | null }[] }>(await call(trainingList.loader, get('/training', cookie)))
    expect(list.completed[0].certificate!.code).toBe(issued.code)
    expect(statusOf(await call(certificatePdf.loader, get(`/training/${SLUG}/certificate.pdf`, cookie), { slug: SLUG }))).toBe(200)
  })

  it('lists on /training the guidelines an officer has to acknowledge, and none for staff', async () => {
    const { user, cookie } = await signedInOfficer()
    const list = dataOf<{ guidelinesToAcknowledge: { slug: string; title: string }[] }>(await call(trainingList.loader, get('/training', cookie)))
    const pending = list.guidelinesToAcknowledge.find((item) => item.slug === 'emergency-disclosure-requests')
    expect(pending).toBeTruthy()
    const html = await renderPage(TrainingPage, list, '/training')
    expect(html).toContain('Guidelines to acknowledge')
    expect(html).toContain('href="/guidelines/emergency-disclosure-requests"')
    // Acknowledged: no longer listed.
    const { version } = (await getContentLibrary()).guidelines.get('emergency-disclosure-requests')!.get('en')!.frontmatter
    await db.insert(guidelineAcknowledgements).values({ userId: user.id, guidelineSlug: 'emergency-disclosure-requests', version, acknowledgedAt: new Date() })
    const after = dataOf<{ guidelinesToAcknowledge: { slug: string }[] }>(await call(trainingList.loader, get('/training', cookie)))
    expect(after.guidelinesToAcknowledge.map((item) => item.slug)).not.toContain('emergency-disclosure-requests')

    const lead = await createUser({ role: 'outreach_lead' })
    const staff = dataOf<{ guidelinesToAcknowledge: unknown[] }>(await call(trainingList.loader, get('/training', (await signInAs(lead)).cookie)))
    expect(staff.guidelinesToAcknowledge).toEqual([])
  })

  it('shows the module in the reader’s language, with a switch', async () => {
    const { user, cookie } = await signedInOfficer()
    const spanish = await loadModule(`/training/${SLUG}?lang=es`, cookie)
    expect(spanish.module.locale).toBe('es')
    // Then the account's language setting.
    await db.update(users).set({ locale: 'es' }).where(eq(users.id, user.id))
    expect((await loadModule(`/training/${SLUG}`, cookie)).module.locale).toBe('es')
    expect((await loadModule(`/training/${SLUG}?lang=en`, cookie)).module.locale).toBe('en')
    const html = await renderPage(TrainingModulePage, spanish, `/training/${SLUG}?lang=es`)
    expect(html).toContain('hrefLang="en"')
    expect(html).toContain('Español')
  })

  it('speaks the reader’s language around the content: sections, quiz, list', async () => {
    const { cookie } = await signedInOfficer()
    const section = await loadModule(`/training/${SLUG}?lang=es`, cookie)
    const html = await renderPage(TrainingModulePage, section, `/training/${SLUG}?lang=es`, 'es')
    expect(html).toContain(`Sección 1 de ${section.module.sections.length}`)
    expect(html).toContain('Marcar como completada y continuar')
    expect(html).toContain(`Evaluación (${section.module.questionCount} preguntas)`)
    expect(html).not.toContain('Mark complete and continue')
    // A module with no French text says so, in French, and keeps its English text.
    const english = await loadModule(`/training/${SLUG}?lang=fr`, cookie)
    const french = await renderPage(TrainingModulePage, english, `/training/${SLUG}?lang=fr`, 'fr')
    if (english.module.locale === 'en') expect(french).toContain('Offert en anglais seulement')
    expect(french).toContain('Marquer comme terminée et continuer')
    const list = await call(trainingList.loader, get('/training?lang=pt', cookie))
    expect(await renderPage(TrainingPage, list, '/training?lang=pt', 'pt')).toContain('Treinamento')
  })
})

describe('/training/:slug/certificate.pdf', () => {
  it('returns the holder’s valid certificate as a PDF, and 404 to anyone else', async () => {
    const { cookie } = await signedInOfficer()
    const { quiz } = await englishModule()
    expect(statusOf(await call(certificatePdf.loader, get(`/training/${SLUG}/certificate.pdf`, cookie), { slug: SLUG }))).toBe(404)
    await completeEverySection(cookie)
    await call(modulePage.action, post(`/training/${SLUG}`, cookie, quizForm(quiz)), { slug: SLUG })
    const [certificate] = await db.select().from(certificates)

    const response = (await call(certificatePdf.loader, get(`/training/${SLUG}/certificate.pdf`, cookie), { slug: SLUG })) as Response
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('Content-Disposition')).toContain('attachment; filename="certificate-emergency-requests-')
    const bytes = Buffer.from(await response.arrayBuffer())
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(bytes.toString('latin1')).toContain(certificate.code)
    expect(bytes.toString('latin1')).toContain(`http://localhost:3000/certificates/${certificate.code}`)

    const other = await signedInOfficer()
    expect(statusOf(await call(certificatePdf.loader, get(`/training/${SLUG}/certificate.pdf`, other.cookie), { slug: SLUG }))).toBe(404)
    expect(statusOf(await call(certificatePdf.loader, get('/training/nope/certificate.pdf', cookie), { slug: 'nope' }))).toBe(404)
  })
})
