import { Link } from 'react-router'

/** A figure of the coverage tables: a link to the records behind it when a list can show them (at least 24 px square, WCAG 2.2 target size). */
export function Figure({ value, to, label }: { value: number | string; to?: string; label?: string }) {
  if (!to) return <span>{value}</span>
  return (
    <Link
      to={to}
      className="inline-block min-h-6 min-w-6 text-center leading-6 underline decoration-dotted underline-offset-2"
      aria-label={label ? `${label}: ${value}` : undefined}
    >
      {value}
    </Link>
  )
}
