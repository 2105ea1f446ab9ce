import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import {
  data,
  Form,
  Link,
  redirect,
  type ShouldRevalidateFunction,
  useActionData,
  useFetcher,
  useFetchers,
  useLoaderData,
  useLocation,
  useNavigate,
  useNavigation,
} from 'react-router'
import type { Route } from './+types/training.$slug'
import { ArrowLeft, ArrowRight, Award, CalendarPlus, CheckCircle2, Circle, CircleX, Download, Lock, RotateCcw } from 'lucide-react'
import { useEffect, useMemo, useRef } from 'react'
import { DateTime } from '~/components/date-time'
import { metaTranslator, Sentence, useI18n } from '~/lib/i18n/i18n'
import { ErrorList, FormError, SubmitButton } from '~/components/forms'
import { NotFoundPage } from '~/components/error-page'
import { useRenderOnly } from '~/components/render-only'
import { notFound, requireUser } from '~/lib/auth/guards.server'
import { resolveContentLocale } from '~/lib/content/locale.server'
import { requestMeta } from '~/lib/request-meta.server'
import { moduleViewParams, progressIntentSchema, quizSubmissionSchema } from '~/modules/training/training-schema'
import { localeNames, locales } from '#db/schema/vocabulary'
import {
  getModuleForLearner,
  getQuizAttemptResult,
  gradeQuizAttempt,
  markSectionComplete,
  recordSectionVisit,
  startQuiz,
} from '~/modules/training/training.server'
import { readFormData } from '~/lib/forms/form-data.server'

function badRequest(message = 'That address could not be read.') {
  return new Response(message, { status: 400, statusText: 'Bad Request' })
}

/** Which part of the module the page shows. */
type View = 'section' | 'quiz' | 'done' | 'result'

export async function loader({ request, params, context, url }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const parsed = moduleViewParams.safeParse(Object.fromEntries(url.searchParams))
  if (!parsed.success) throw badRequest()
  const slug = params.slug
  const locale = resolveContentLocale(request, user)
  const learnerModule = await getModuleForLearner({ user, slug, locale, sectionId: parsed.data.section })
  if (!learnerModule) throw notFound()
  const attempt = parsed.data.attempt ? await getQuizAttemptResult({ user, slug, attemptId: parsed.data.attempt, locale }) : null
  if (parsed.data.attempt && !attempt) throw notFound()

  const completedThisVersion = Boolean(learnerModule.completion?.isCurrentVersion && learnerModule.completion.valid)
  let view: View = 'section'
  if (attempt) view = 'result'
  else if (parsed.data.quiz !== undefined) view = 'quiz'
  else if (!parsed.data.section && learnerModule.progress.allComplete) view = completedThisVersion ? 'done' : 'quiz'

  // The questions (never their answers) only once every section is done.
  const quiz = view === 'quiz' && learnerModule.progress.allComplete ? await startQuiz({ user, slug, locale }) : null
  const { section, ...rest } = learnerModule
  // On a document request the section's HTML goes to the render only (as on a guideline page).
  const html = view === 'section' ? section.html : ''
  context.renderOnly?.set(SECTION_KEY, html)
  return {
    module: { ...rest, section: { ...section, html: context.renderOnly ? null : html } },
    view,
    quiz: quiz ? { locale: quiz.locale, passMark: quiz.passMark, questions: quiz.questions } : null,
    attempt,
  }
}

const SECTION_KEY = 'training-section'

export async function action({ request, params, context, url }: Route.ActionArgs) {
  const user = await requireUser(request)
  const slug = params.slug
  const meta = requestMeta(request, context)
  const formData = await readFormData(request)
  const lang = url.searchParams.get('lang')
  const langQuery = lang && (locales as readonly string[]).includes(lang) ? `&lang=${lang}` : ''

  if (formData.get('intent') === 'submit-quiz') {
    const chosen = formData.get('locale')
    const locale = locales.find((item) => item === chosen) ?? resolveContentLocale(request, user)
    const quiz = await startQuiz({ user, slug, locale })
    if (!quiz) throw notFound()
    const submission = parseWithZod(formData, { schema: quizSubmissionSchema(quiz.questions) })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const outcome = await gradeQuizAttempt({ user, slug, locale: quiz.locale, answers: submission.value.answers, meta })
    if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
    if (!outcome.ok) return data({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 400 })
    return redirect(`/training/${slug}?attempt=${outcome.attemptId}${langQuery}`)
  }

  const parsed = progressIntentSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return data({ result: null }, { status: 400 })
  if (parsed.data.intent === 'visit') {
    const outcome = await recordSectionVisit({ user, slug, sectionId: parsed.data.sectionId, meta })
    if (!outcome.ok) throw notFound()
    return data({ result: null })
  }
  const outcome = await markSectionComplete({ user, slug, sectionId: parsed.data.sectionId, meta })
  if (!outcome.ok) throw notFound()
  // The plain form (no JavaScript) moves on; the page's script has already moved on by itself.
  if (parsed.data.continue)
    return redirect(outcome.nextSectionId ? `/training/${slug}?section=${outcome.nextSectionId}${langQuery}` : `/training/${slug}?quiz=1${langQuery}`)
  return data({ result: null })
}

/** Recording a visit changes nothing on the page: no need to reload its data. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'visit' ? false : defaultShouldRevalidate

export const meta: Route.MetaFunction = ({ data, matches }) => {
  const t = metaTranslator(matches)
  return data
    ? [{ title: t('training.moduleTitle', { title: data.module.title }) }, { name: 'description', content: data.module.summary }]
    : [{ title: t('training.pageTitle') }]
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type ModuleData = LoaderData['module']

/** Section ids whose "complete" is on its way to the server: shown as done already. */
function usePendingCompletions() {
  return new Set(
    useFetchers()
      .filter((fetcher) => fetcher.formData?.get('intent') === 'complete')
      .map((fetcher) => String(fetcher.formData?.get('sectionId'))),
  )
}

/** `?lang=` is kept when moving around the module. */
function useLangSuffix() {
  const lang = new URLSearchParams(useLocation().search).get('lang')
  return lang ? `&lang=${encodeURIComponent(lang)}` : ''
}

function ProgressBar({ done, total }: { done: number; total: number }) {
  const percent = total ? Math.floor((done / total) * 100) : 0
  const { t } = useI18n()
  return (
    <div>
      <div
        role="progressbar"
        aria-label={t('training.sectionsCompleted')}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={t('training.sectionsOf', { done, total })}
        className="h-2 overflow-hidden rounded-full bg-line"
      >
        <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-xs text-muted">{t('training.sectionsComplete', { done, total })}</p>
    </div>
  )
}

function Sidebar({ module, view }: { module: ModuleData; view: View }) {
  const pending = usePendingCompletions()
  const lang = useLangSuffix()
  const sections = module.sections.map((section) => ({ ...section, done: section.done || pending.has(section.id) }))
  const done = sections.filter((section) => section.done).length
  const quizOpen = done === sections.length
  const { t } = useI18n()
  return (
    <nav aria-label={t('training.moduleSections')} className="no-print space-y-4 lg:sticky lg:top-4 lg:self-start">
      <ProgressBar done={done} total={sections.length} />
      <ol className="space-y-1 text-sm">
        {sections.map((section, index) => {
          const current = view === 'section' && section.id === module.section.id
          return (
            <li key={section.id}>
              <Link
                to={`?section=${section.id}${lang}`}
                aria-current={current ? 'step' : undefined}
                className={`flex items-start gap-2 rounded-md px-2 py-1.5 no-underline hover:bg-canvas hover:no-underline ${current ? 'bg-accent-soft font-medium text-accent-strong' : 'text-ink'}`}
              >
                {section.done ? (
                  <CheckCircle2 aria-hidden size={16} className="mt-0.5 shrink-0 text-success" />
                ) : (
                  <Circle aria-hidden size={16} className="mt-0.5 shrink-0 text-subtle" />
                )}
                <span>
                  {index + 1}. {section.title}
                  <span className="sr-only">{section.done ? t('training.complete') : t('training.notComplete')}</span>
                </span>
              </Link>
            </li>
          )
        })}
        <li>
          <Link
            to={`?quiz=1${lang}`}
            aria-current={view === 'quiz' || view === 'result' || view === 'done' ? 'step' : undefined}
            className={`flex items-center gap-2 rounded-md px-2 py-1.5 no-underline hover:bg-canvas hover:no-underline ${view !== 'section' ? 'bg-accent-soft font-medium text-accent-strong' : 'text-ink'}`}
          >
            {quizOpen ? <Award aria-hidden size={16} className="shrink-0 text-accent" /> : <Lock aria-hidden size={16} className="shrink-0 text-subtle" />}
            {t('training.quizCount', { count: module.questionCount })}
            {!quizOpen ? <span className="sr-only">{t('training.quizLocked')}</span> : null}
          </Link>
        </li>
      </ol>
      <p className="text-sm">
        <Link to="/training">{t('training.allMyTraining')}</Link>
      </p>
    </nav>
  )
}

function LocaleSwitch({ module }: { module: ModuleData }) {
  const location = useLocation()
  const { t } = useI18n()
  if (module.availableLocales.length < 2) return null
  const linkTo = (locale: string) => {
    const search = new URLSearchParams(location.search)
    search.set('lang', locale)
    search.delete('attempt')
    return `?${search}`
  }
  return (
    <span className="no-print flex gap-2" aria-label={t('training.contentLanguage')}>
      {module.availableLocales.map((locale) =>
        locale === module.locale ? (
          <span key={locale} aria-current="true" className="font-semibold text-ink">
            {localeNames[locale]}
          </span>
        ) : (
          <Link key={locale} to={linkTo(locale)} lang={locale} hrefLang={locale}>
            {localeNames[locale]}
          </Link>
        ),
      )}
    </span>
  )
}

function CertificateBox({ slug, certificate }: { slug: string; certificate: NonNullable<ModuleData['certificate']> }) {
  const { t } = useI18n()
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-md border border-success/30 bg-success-soft px-4 py-3 text-sm">
      <span className="inline-flex items-center gap-2 text-success">
        <Award aria-hidden size={18} />
        <span>
          <Sentence
            i18nKey="training.certificateValid"
            values={{ code: certificate.displayCode }}
            components={{
              cert: <Link to={`/certificates/${certificate.code}`} className="font-mono font-semibold" />,
              date: <DateTime value={certificate.expiresAt} dateOnly />,
            }}
          />
        </span>
      </span>
      <a href={`/training/${slug}/certificate.pdf`} className="btn-secondary" download>
        <Download aria-hidden size={16} /> {t('training.downloadCertificate')}
      </a>
    </div>
  )
}

function WithheldNotice({ reason }: { reason: 'pending' | 'rejected' | null }) {
  const { t } = useI18n()
  if (!reason) return null
  return (
    <p role="note" className="rounded-md border border-warning/40 bg-warning-soft px-4 py-3 text-sm text-warning">
      {reason === 'pending' ? t('training.withheldPending') : t('training.withheldRejected')}
    </p>
  )
}

function SectionView({ module }: { module: ModuleData }) {
  const { section } = module
  const navigate = useNavigate()
  const navigation = useNavigation()
  const lang = useLangSuffix()
  const visit = useFetcher({ key: 'training-visit' })
  const complete = useFetcher({ key: `complete-${module.slug}-${section.id}` })
  const pending = usePendingCompletions()
  const done = module.sections.find((item) => item.id === section.id)?.done || pending.has(section.id)
  const { t } = useI18n()

  // Where to resume next time. A POST (not the page's GET) records it.
  const visited = useRef<string | null>(null)
  const submitVisit = visit.submit
  useEffect(() => {
    if (visited.current === section.id) return
    visited.current = section.id
    submitVisit({ intent: 'visit', sectionId: section.id }, { method: 'post' })
  }, [section.id, submitVisit])

  const html = useRenderOnly(SECTION_KEY, section.html)
  const finishing = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'complete'
  const nextHref = section.nextId ? `?section=${section.nextId}${lang}` : `?quiz=1${lang}`
  return (
    <article className="min-w-0 max-w-[72ch] space-y-3" lang={module.locale}>
      <p className="text-xs font-semibold tracking-wide text-muted uppercase">
        {t('training.sectionOf', { number: section.number, total: module.sections.length })}
      </p>
      {/* Trusted HTML: compiled from the repository's MDX at start, never from user input. It
          opens with the section's own <h2> title. */}
      <div className="prose-content [&>h2:first-child]:mt-0" dangerouslySetInnerHTML={{ __html: html }} suppressHydrationWarning />
      <div className="no-print flex flex-wrap items-center justify-between gap-3 border-t border-line pt-4">
        {section.previousId ? (
          <Link to={`?section=${section.previousId}${lang}`} className="btn-secondary">
            <ArrowLeft aria-hidden size={16} /> {t('training.previous')}
          </Link>
        ) : (
          <span />
        )}
        {done ? (
          <Link to={nextHref} className="btn-primary">
            {section.nextId ? t('training.nextSection') : t('training.goToQuiz')} <ArrowRight aria-hidden size={16} />
          </Link>
        ) : (
          <Form
            method="post"
            onSubmit={(event) => {
              // Optimistic: the section shows as done and the next one opens while it saves.
              // The last section waits for the server, so that the quiz opens unlocked.
              if (!section.nextId) return
              event.preventDefault()
              complete.submit({ intent: 'complete', sectionId: section.id }, { method: 'post' })
              navigate(nextHref)
            }}
          >
            <input type="hidden" name="intent" value="complete" />
            <input type="hidden" name="sectionId" value={section.id} />
            <input type="hidden" name="continue" value="1" />
            <SubmitButton pending={finishing}>
              {section.nextId ? t('training.markContinue') : t('training.markQuiz')} <ArrowRight aria-hidden size={16} />
            </SubmitButton>
          </Form>
        )}
      </div>
    </article>
  )
}

type QuizData = NonNullable<LoaderData['quiz']>

function QuizView({ module, quiz }: { module: ModuleData; quiz: QuizData | null }) {
  const lang = useLangSuffix()
  const { t } = useI18n()
  if (!quiz) {
    const remaining = module.sections.filter((section) => !section.done)
    return (
      <section aria-labelledby="quiz-heading" className="min-w-0 space-y-4">
        <h2 id="quiz-heading" className="text-2xl font-bold tracking-tight">
          {t('training.quiz')}
        </h2>
        <p className="flex items-center gap-2 text-sm text-muted">
          <Lock aria-hidden size={16} /> {t('training.quizOpensWhen')}
        </p>
        <ul className="list-disc pl-6 text-sm">
          {remaining.map((section) => (
            <li key={section.id}>
              <Link to={`?section=${section.id}${lang}`}>{section.title}</Link>
            </li>
          ))}
        </ul>
      </section>
    )
  }
  return <QuizForm module={module} quiz={quiz} />
}

function QuizForm({ module, quiz }: { module: ModuleData; quiz: QuizData }) {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const schema = useMemo(() => quizSubmissionSchema(quiz.questions), [quiz.questions])
  const [form, fields] = useForm({
    id: `quiz-${module.slug}`,
    lastResult: (actionData?.result ?? undefined) as SubmissionResult<string[]> | undefined,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const answers = fields.answers.getFieldset()
  const { t } = useI18n()
  return (
    <section aria-labelledby="quiz-heading" className="min-w-0 space-y-6" lang={quiz.locale}>
      <header className="space-y-1">
        <h2 id="quiz-heading" className="text-2xl font-bold tracking-tight">
          {t('training.quiz')}
        </h2>
        <p className="text-sm text-muted">{t('training.quizIntro', { count: quiz.questions.length, passMark: quiz.passMark })}</p>
      </header>
      {module.certificate && module.certificate.version === module.version ? <CertificateBox slug={module.slug} certificate={module.certificate} /> : null}
      <Form method="post" className="space-y-6" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="submit-quiz" />
        <input type="hidden" name="locale" value={quiz.locale} />
        <FormError id={form.errorId} errors={form.errors} />
        <ol className="space-y-5">
          {quiz.questions.map((question, index) => {
            const field = answers[question.id]
            const initial = ([] as unknown[]).concat(field.initialValue ?? [])
            const errorId = `${field.id}-error`
            return (
              <li key={question.id} className="card">
                <fieldset aria-describedby={field.errors?.length ? errorId : undefined} aria-invalid={field.errors?.length ? true : undefined}>
                  <legend className="font-medium">
                    {index + 1}. {question.prompt}
                  </legend>
                  <p className="mt-1 text-xs text-muted">{question.kind === 'multiple' ? t('training.chooseAll') : t('training.chooseOne')}</p>
                  <div className="mt-3 space-y-2" key={field.key}>
                    {question.options.map((option) => (
                      <label
                        key={option.id}
                        className="flex cursor-pointer items-start gap-3 rounded-md border border-line px-3 py-2 text-sm hover:bg-canvas has-[:checked]:border-accent has-[:checked]:bg-accent-soft"
                      >
                        <input
                          type={question.kind === 'single' ? 'radio' : 'checkbox'}
                          name={field.name}
                          value={option.id}
                          defaultChecked={initial.includes(option.id)}
                          className="mt-0.5"
                        />
                        <span>{option.text}</span>
                      </label>
                    ))}
                  </div>
                  <ErrorList id={errorId} errors={field.errors} />
                </fieldset>
              </li>
            )
          })}
        </ol>
        <SubmitButton pending={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'submit-quiz'}>
          {t('training.submitAnswers')}
        </SubmitButton>
      </Form>
    </section>
  )
}

function DoneView({ module }: { module: ModuleData }) {
  const lang = useLangSuffix()
  const { t } = useI18n()
  return (
    <section aria-labelledby="done-heading" className="min-w-0 space-y-5">
      <h2 id="done-heading" className="flex items-center gap-2 text-2xl font-bold tracking-tight">
        <CheckCircle2 aria-hidden size={24} className="text-success" /> {t('training.youCompleted')}
      </h2>
      <p className="text-sm text-muted">
        <Sentence
          i18nKey={module.bestScore !== null ? 'training.completedSummaryScore' : 'training.completedSummary'}
          values={{ score: module.bestScore }}
          components={{
            date: <DateTime value={module.completion?.completedAt} dateOnly />,
            until: <DateTime value={module.completion?.validUntil} dateOnly />,
          }}
        />
      </p>
      {module.certificate ? <CertificateBox slug={module.slug} certificate={module.certificate} /> : null}
      <WithheldNotice reason={module.certificateWithheld} />
      <div className="flex flex-wrap gap-3">
        <Link to={`?quiz=1${lang}`} className="btn-secondary">
          <RotateCcw aria-hidden size={16} /> {t('training.retakeQuiz')}
        </Link>
        <Link to={`?section=${module.sections[0].id}${lang}`} className="btn-secondary">
          {t('training.reviewSections')}
        </Link>
      </div>
      <Attempts module={module} />
    </section>
  )
}

function Attempts({ module }: { module: ModuleData }) {
  const { t } = useI18n()
  if (!module.attempts.length) return null
  return (
    <section aria-labelledby="attempts-heading">
      <h3 id="attempts-heading" className="mb-2 font-semibold">
        {t('training.yourAttempts')}
      </h3>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('training.submitted')}</th>
            <th scope="col">{t('training.versionColumn')}</th>
            <th scope="col">{t('training.score')}</th>
            <th scope="col">{t('training.result')}</th>
          </tr>
        </thead>
        <tbody>
          {module.attempts.map((attempt) => (
            <tr key={attempt.id}>
              <td>
                <Link to={`?attempt=${attempt.id}`}>
                  <DateTime value={attempt.submittedAt} />
                </Link>
              </td>
              <td>{attempt.version}</td>
              <td>{attempt.score}%</td>
              <td>{attempt.passed ? t('training.passed') : t('training.notPassed')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function ResultView({ module, attempt }: { module: ModuleData; attempt: NonNullable<LoaderData['attempt']> }) {
  const lang = useLangSuffix()
  const { t } = useI18n()
  return (
    <section aria-labelledby="result-heading" className="min-w-0 space-y-6">
      <header className={`rounded-lg border px-5 py-4 ${attempt.passed ? 'border-success/30 bg-success-soft' : 'border-danger/30 bg-danger-soft'}`}>
        <h2 id="result-heading" className={`flex items-center gap-2 text-2xl font-bold ${attempt.passed ? 'text-success' : 'text-danger'}`}>
          {attempt.passed ? <CheckCircle2 aria-hidden size={24} /> : <CircleX aria-hidden size={24} />}
          {attempt.passed ? t('training.passedScore', { score: attempt.score }) : t('training.notPassedScore', { score: attempt.score })}
        </h2>
        <p className="mt-1 text-sm">
          {attempt.rightCount !== null ? t('training.rightCount', { right: attempt.rightCount, total: attempt.total }) : ''}
          <Sentence
            i18nKey="training.passMarkSubmitted"
            values={{ passMark: attempt.passMark }}
            components={{ date: <DateTime value={attempt.submittedAt} /> }}
          />
        </p>
      </header>
      {attempt.passed && attempt.certificate ? <CertificateBox slug={module.slug} certificate={attempt.certificate} /> : null}
      {attempt.passed ? <WithheldNotice reason={attempt.certificateWithheld} /> : null}
      <div className="flex flex-wrap gap-3">
        <Link to={`?quiz=1${lang}`} className={attempt.passed ? 'btn-secondary' : 'btn-primary'}>
          <RotateCcw aria-hidden size={16} /> {t('training.tryAgain')}
        </Link>
        <Link to="/training" className="btn-secondary">
          {t('training.allMyTraining')}
        </Link>
      </div>
      {attempt.results ? (
        <ol className="space-y-4">
          {attempt.results.map((result, index) => (
            <li key={result.id} className={`card border-l-4 ${result.right ? 'border-l-success' : 'border-l-danger'}`}>
              <p className="font-medium">
                {index + 1}. {result.prompt}
              </p>
              <p className={`mt-2 flex items-center gap-1.5 text-sm font-semibold ${result.right ? 'text-success' : 'text-danger'}`}>
                {result.right ? <CheckCircle2 aria-hidden size={16} /> : <CircleX aria-hidden size={16} />}
                {result.right ? t('training.right') : t('training.wrong')}
              </p>
              <p className="mt-1 text-sm">
                <span className="text-muted">{t('training.yourAnswer')}</span>
                {result.chosen.length ? result.chosen.map((option) => option.text).join('; ') : t('training.none')}
              </p>
              {result.explanation ? (
                <p className="mt-2 text-sm text-muted">{result.explanation}</p>
              ) : (
                <p className="mt-2 text-sm text-muted">{t('training.explanationAfterPass')}</p>
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-muted">{t('training.olderVersionAttempt', { version: attempt.version })}</p>
      )}
    </section>
  )
}

export default function TrainingModulePage() {
  const { module, view, quiz, attempt } = useLoaderData<typeof loader>()
  const olderCompletion = module.completion && !module.completion.isCurrentVersion && module.completion.valid ? module.completion : null
  const { t, locale } = useI18n()
  return (
    <div className="space-y-6">
      <header className="space-y-2" lang={module.locale}>
        {module.status === 'draft' ? (
          <p role="note" className="rounded-md border border-warning/40 bg-warning-soft px-4 py-2 text-sm font-semibold text-warning">
            {t('common.draftNotice')}
          </p>
        ) : null}
        <p className="text-sm">
          <Link to="/training">{t('training.title')}</Link>
        </p>
        <h1 className="text-3xl font-bold tracking-tight">{module.title}</h1>
        <p className="max-w-3xl text-muted">{module.summary}</p>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted">
          <span>
            <Sentence
              i18nKey="training.moduleMeta"
              values={{ version: module.version, minutes: module.estimatedMinutes }}
              components={{ date: <DateTime value={module.updated} dateOnly /> }}
            />
          </span>
          {module.dueOn ? (
            <span className={module.overdue ? 'font-medium text-danger' : ''}>
              <Sentence i18nKey={module.overdue ? 'training.overdue' : 'training.due'} components={{ date: <DateTime value={module.dueOn} dateOnly /> }} />
            </span>
          ) : null}
          {module.dueOn && (module.group === 'assigned' || module.group === 'inProgress') ? (
            <a href={`/training/${module.slug}/due.ics`} download className="inline-flex items-center gap-1 text-accent underline">
              <CalendarPlus aria-hidden size={14} /> {t('calendarFeed.addDueDate')}
            </a>
          ) : null}
          {module.locale === 'en' && locale !== 'en' ? <span lang={locale}>{t('common.onlyInEnglish')}</span> : null}
          <LocaleSwitch module={module} />
        </div>
      </header>
      {olderCompletion ? (
        <div role="note" className="rounded-md border border-accent/30 bg-accent-soft px-4 py-3 text-sm text-accent-strong">
          <Sentence
            i18nKey="training.olderCompletion"
            values={{ completed: olderCompletion.version, version: module.version, changes: module.changes ? ` (${module.changes})` : '' }}
            components={{ date: <DateTime value={olderCompletion.completedAt} dateOnly />, until: <DateTime value={olderCompletion.validUntil} dateOnly /> }}
          />
        </div>
      ) : null}
      <div className="grid gap-8 lg:grid-cols-[17rem_1fr]">
        <Sidebar module={module} view={view} />
        {view === 'section' ? <SectionView key={module.section.id} module={module} /> : null}
        {view === 'quiz' ? <QuizView module={module} quiz={quiz} /> : null}
        {view === 'done' ? <DoneView module={module} /> : null}
        {view === 'result' && attempt ? <ResultView module={module} attempt={attempt} /> : null}
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  const { t } = useI18n()
  return (
    <NotFoundPage
      title={t('training.moduleNotFound')}
      text={t('training.moduleNotFoundText')}
      ways={[{ to: '/training', label: t('training.backToTraining') }]}
    />
  )
}
