import type { ReactNode } from 'react'
import type { Site } from './content-schema'

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

type LegalProcessRow = { process: string; authority: string; standard: string; compels: string }

function LegalProcessTable({ rows }: { rows: LegalProcessRow[] }) {
  return (
    <div className="my-5 overflow-x-auto">
      <table className="legal-process-table">
        <thead>
          <tr>
            <th scope="col">Legal process</th>
            <th scope="col">Authority</th>
            <th scope="col">Standard</th>
            <th scope="col">What it can compel</th>
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

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section data-training-section={id} data-title={title} id={id}>
      <h2>{title}</h2>
      {children}
    </section>
  )
}

export function mdxComponents(site: Site) {
  function Org({ field = 'name' }: { field?: keyof Site }) {
    const value = site[field] ?? site.name
    if (/^https?:\/\//.test(value)) return <a href={value}>{value.replace(/^https?:\/\//, '')}</a>
    if (/^[^@\s]+@[^@\s]+$/.test(value)) return <a href={`mailto:${value}`}>{value}</a>
    return <>{value}</>
  }
  return { Callout, LegalProcessTable, Steps, Definition, Section, Org }
}
