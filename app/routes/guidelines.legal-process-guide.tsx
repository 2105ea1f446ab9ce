import { data, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/guidelines.legal-process-guide'
import { ArrowLeft, RotateCcw } from 'lucide-react'
import { DateTime } from '~/components/date-time'
import { Sentence, useI18n } from '~/lib/i18n/i18n'
import { LEGAL_PROCESS_GUIDE_PATH } from '~/lib/content/legal-process-guide-path'
import { getLegalProcessGuide, walkGuide, type GivenAnswer } from '~/modules/guidelines/legal-process-guide.server'

/**
 * "Which legal process do I need?": public, rendered on the server, and usable without
 * JavaScript. Every answer is a plain link carrying the answers so far in the query string.
 * The static segment wins over guidelines.$slug.
 */
export async function loader({ url }: Route.LoaderArgs) {
  const guide = await getLegalProcessGuide()
  const step = walkGuide(guide, url.searchParams)
  const header = { title: guide.title, summary: guide.summary, version: guide.version, updated: guide.updated, restartHref: LEGAL_PROCESS_GUIDE_PATH }
  // Answers that lead nowhere are the reader's (or a stale link's) mistake: a 400 with a fresh start.
  if (step.kind === 'invalid') return data({ header, step }, { status: 400 })
  return { header, step }
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.header.title ?? 'Which legal process do I need?'} · Guidelines · Liaison` },
  { name: 'description', content: data?.header.summary ?? '' },
]

function GivenAnswers({ given }: { given: GivenAnswer[] }) {
  const { t } = useI18n()
  if (!given.length) return null
  return (
    <section aria-labelledby="given-heading" className="card">
      <h2 id="given-heading" className="text-sm font-semibold tracking-wide text-muted uppercase">
        {t('legalProcessGuide.yourAnswers')}
      </h2>
      <dl className="mt-2 space-y-2 text-sm">
        {given.map((item) => (
          <div key={item.question} className="flex flex-wrap items-baseline justify-between gap-x-4">
            <dt className="w-full text-muted">{item.question}</dt>
            <dd className="font-medium">{item.answer}</dd>
            <dd>
              <Link to={item.changeHref} className="text-sm">
                <Sentence i18nKey="legalProcessGuide.change" values={{ question: item.question }} components={{ hidden: <span className="sr-only" /> }} />
              </Link>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

function Navigation({ backHref, restartHref }: { backHref: string | null; restartHref: string }) {
  const { t } = useI18n()
  return (
    <nav aria-label={t('legalProcessGuide.navigation')} className="flex flex-wrap gap-3 text-sm">
      {backHref !== null ? (
        <Link to={backHref} className="btn-secondary py-1">
          <ArrowLeft aria-hidden size={14} /> {t('legalProcessGuide.back')}
        </Link>
      ) : null}
      <Link to={restartHref} className="btn-secondary py-1">
        <RotateCcw aria-hidden size={14} /> {t('legalProcessGuide.startAgain')}
      </Link>
      <Link to="/guidelines" className="self-center">
        {t('legalProcessGuide.allGuidelines')}
      </Link>
    </nav>
  )
}

function ReadList({ links }: { links: { label: string; href: string }[] }) {
  return (
    <ul className="list-disc space-y-1 pl-5">
      {links.map((link) => (
        <li key={link.href}>
          <Link to={link.href}>{link.label}</Link>
        </li>
      ))}
    </ul>
  )
}

export default function LegalProcessGuidePage() {
  const { header, step } = useLoaderData<typeof loader>()
  const { t, locale } = useI18n()
  return (
    <div className="max-w-3xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">{header.title}</h1>
        <p className="text-muted">{header.summary}</p>
        <p className="flex flex-wrap gap-3 text-sm text-muted">
          <span>
            <Sentence
              i18nKey="common.versionUpdated"
              values={{ version: header.version }}
              components={{ date: <DateTime value={header.updated} dateOnly /> }}
            />
          </span>
          {locale !== 'en' ? <span>{t('common.onlyInEnglish')}</span> : null}
        </p>
      </header>

      {step.kind === 'invalid' ? (
        <section role="alert" className="card border-warning/40 bg-warning-soft/40">
          <h2 className="font-semibold">{t('legalProcessGuide.doesNotFit')}</h2>
          <p className="mt-1 text-sm">{step.message}</p>
          <p className="mt-3">
            <Link to={header.restartHref} className="btn-primary">
              <RotateCcw aria-hidden size={14} /> {t('legalProcessGuide.startAgain')}
            </Link>
          </p>
        </section>
      ) : null}

      {step.kind === 'question' ? (
        <>
          <GivenAnswers given={step.given} />
          <section aria-labelledby="question-heading" className="space-y-3">
            <h2 id="question-heading" className="text-xl font-semibold">
              {step.question.text}
            </h2>
            {step.question.help ? <p className="text-sm text-muted">{step.question.help}</p> : null}
            <ul className="space-y-2">
              {step.question.answers.map((answer) => (
                <li key={answer.id}>
                  <Link to={answer.href} className="card block no-underline hover:border-accent hover:no-underline">
                    <span className="font-medium text-ink">{answer.label}</span>
                    {answer.hint ? <span className="mt-1 block text-sm text-muted">{answer.hint}</span> : null}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
          <Navigation backHref={step.backHref} restartHref={header.restartHref} />
        </>
      ) : null}

      {step.kind === 'result' ? (
        <>
          <GivenAnswers given={step.given} />
          <section aria-labelledby="result-heading" className="card space-y-4 border-accent/40">
            <div>
              <p className="text-xs font-semibold tracking-wide text-muted uppercase">{t('legalProcessGuide.processToUse')}</p>
              <h2 id="result-heading" className="text-2xl font-bold">
                {step.result.title}
              </h2>
              <p className="mt-2">{step.result.process}</p>
            </div>
            <div>
              <h3 className="font-semibold">{t('legalProcessGuide.whatItObtains')}</h3>
              <p className="mt-1">{step.result.compels}</p>
            </div>
            {step.result.caution ? (
              <p role="note" className="rounded-md border-l-4 border-warning bg-warning-soft/60 px-4 py-2 text-sm">
                {step.result.caution}
              </p>
            ) : null}
            <div>
              <h3 className="font-semibold">{t('legalProcessGuide.whatToSend')}</h3>
              <ol className="mt-1 list-decimal space-y-1 pl-5">
                {step.result.send.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ol>
            </div>
            <div>
              <h3 className="font-semibold">{t('legalProcessGuide.readFirst')}</h3>
              <div className="mt-1">
                <ReadList links={step.result.read} />
              </div>
            </div>
          </section>
          {step.notes.map((note) => (
            <section key={note.title} className="card space-y-2" aria-label={note.title}>
              <h3 className="font-semibold">{note.title}</h3>
              <p className="text-sm">{note.text}</p>
              {note.read.length ? <ReadList links={note.read} /> : null}
            </section>
          ))}
          <p className="text-sm text-muted">{t('legalProcessGuide.disclaimer')}</p>
          <Navigation backHref={step.backHref} restartHref={header.restartHref} />
        </>
      ) : null}
    </div>
  )
}
