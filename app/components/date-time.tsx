// Formatters are costly to build and cheap to reuse: one of each kind for the process.
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/** A date and time (UTC), with the exact value on hover. */
export function DateTime({ value, dateOnly = false }: { value: string | Date | null | undefined; dateOnly?: boolean }) {
  if (!value) return <span className="text-subtle">—</span>
  const date = typeof value === 'string' ? new Date(value) : value
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {(dateOnly ? dateFormat : dateTimeFormat).format(date)}
      {dateOnly ? '' : ' UTC'}
    </time>
  )
}
