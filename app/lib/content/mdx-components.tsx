import type { ReactNode } from 'react'
import type { Locale } from '#db/schema/vocabulary'
import { orgFields, type OrgField, type Site } from './content-schema'

/**
 * The components content authors may use. They render on the server only (to HTML); the
 * interactive parts of a page live around the content, never inside it.
 */
const calloutStyles = {
  note: 'border-accent bg-accent-soft/50',
  warning: 'border-warning bg-warning-soft/60',
  important: 'border-danger bg-danger-soft/50',
} as const

function Callout({ type = 'note', title, children }: { type?: keyof typeof calloutStyles; title?: string; children: ReactNode }) {
  return (
    <aside className={`callout callout-${type} my-5 rounded-md border-l-4 px-4 py-3 ${calloutStyles[type] ?? calloutStyles.note}`} role="note">
      {title ? <p className="callout-title font-semibold">{title}</p> : null}
      <div className="callout-body">{children}</div>
    </aside>
  )
}

/** The components' own words in each language (part of the content cache's hash, with this file). */
const labels: Record<Locale, { process: string; authority: string; standard: string; compels: string; schedule: (org: string) => string; record: string; kept: (org: string) => string }> = {
  en: {
    process: 'Legal process',
    authority: 'Authority',
    standard: 'Standard',
    compels: 'What it can compel',
    schedule: (org) => `Retention schedule of ${org} (platform policy)`,
    record: 'Record',
    kept: (org) => `How long ${org} keeps it`,
  },
  es: {
    process: 'Proceso legal',
    authority: 'Fundamento',
    standard: 'Estándar',
    compels: 'Qué permite exigir',
    schedule: (org) => `Plazos de conservación de ${org} (política de la plataforma)`,
    record: 'Registro',
    kept: (org) => `Cuánto tiempo lo conserva ${org}`,
  },
  pt: {
    process: 'Instrumento legal',
    authority: 'Fundamento',
    standard: 'Critério',
    compels: 'O que permite exigir',
    schedule: (org) => `Prazos de guarda de ${org} (política da plataforma)`,
    record: 'Registro',
    kept: (org) => `Por quanto tempo ${org} o guarda`,
  },
  fr: {
    process: 'Procédure',
    authority: 'Fondement',
    standard: 'Critère',
    compels: 'Ce qu’elle permet d’obtenir',
    schedule: (org) => `Calendrier de conservation de ${org} (politique de la plateforme)`,
    record: 'Renseignement',
    kept: (org) => `Durée de conservation chez ${org}`,
  },
}

type LegalProcessRow = { process: string; authority: string; standard: string; compels: string }

function Steps({ children }: { children: ReactNode }) {
  return <div className="steps">{children}</div>
}

function Definition({ term, children }: { term: string; children: ReactNode }) {
  return (
    <dl className="definition my-4 rounded-md border border-line bg-canvas px-4 py-3">
      <dt className="font-semibold">{term}</dt>
      <dd>{children}</dd>
    </dl>
  )
}

/** A training section as its page shows it: the title, then the text. */
export function SectionContent({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h2>{title}</h2>
      {children}
    </>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id}>
      <SectionContent title={title}>{children}</SectionContent>
    </section>
  )
}

/**
 * `<Org field="…">` and the retention components read `site.yml`. A name that is not there is an
 * error (the file fails to compile, with its path), never a silent fallback: a page must not
 * print the organisation's name where an address or a period was meant.
 */
export function mdxComponents(site: Site, locale: Locale = 'en') {
  const translated = locale === 'en' ? {} : (site.translations[locale] ?? {})
  const words = labels[locale]

  function Org({ field = 'name' }: { field?: OrgField }) {
    if (!(orgFields as readonly string[]).includes(field)) {
      throw new Error(`<Org field="${field}"> names no field of site.yml. Use one of: ${orgFields.join(', ')}.`)
    }
    const value = (translated as Partial<Record<OrgField, string>>)[field] ?? site[field]
    if (/^https?:\/\//.test(value)) return <a href={value}>{value.replace(/^https?:\/\//, '')}</a>
    if (/^[^@\s]+@[^@\s]+$/.test(value)) return <a href={`mailto:${value}`}>{value}</a>
    return <>{value}</>
  }

  function retentionEntry(record: string) {
    const entry = site.retention.find((item) => item.id === record)
    if (!entry) throw new Error(`<RetentionPeriod record="${record}"> names no entry of the retention list in site.yml. Use one of: ${site.retention.map((item) => item.id).join(', ')}.`)
    return entry
  }

  function LegalProcessTable({ rows }: { rows: LegalProcessRow[] }) {
    return (
      <div className="my-5 overflow-x-auto">
        <table className="legal-process-table">
          <thead>
            <tr>
              <th scope="col">{words.process}</th>
              <th scope="col">{words.authority}</th>
              <th scope="col">{words.standard}</th>
              <th scope="col">{words.compels}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.process}>
                <th scope="row">{row.process}</th>
                <td>{row.authority}</td>
                <td>{row.standard}</td>
                <td>{row.compels}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )
  }

  /** The whole retention schedule as a table, labelled as the platform's own policy. */
  function RetentionSchedule() {
    return (
      <div className="my-5 overflow-x-auto">
        <table className="retention-schedule">
          <caption className="text-left text-sm text-muted">{words.schedule(site.name)}</caption>
          <thead>
            <tr>
              <th scope="col">{words.record}</th>
              <th scope="col">{words.kept(site.name)}</th>
            </tr>
          </thead>
          <tbody>
            {site.retention.map((entry) => (
              <tr key={entry.id} id={`retention-${entry.id}`}>
                <th scope="row">{entry.record}</th>
                <td>{entry.period}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )
  }

  /** One period of the schedule, inline: the prose and the table can never disagree. */
  function RetentionPeriod({ record }: { record: string }) {
    return <strong className="retention-period">{retentionEntry(record).period}</strong>
  }

  return { Callout, LegalProcessTable, Steps, Definition, Section, Org, RetentionSchedule, RetentionPeriod }
}
