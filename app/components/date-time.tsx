/** A date and time in the reader's locale, with the exact UTC value on hover. */
export function DateTime({ value, dateOnly = false }: { value: string | Date | null | undefined; dateOnly?: boolean }) {
  if (!value) return <span className="text-subtle">—</span>
  const date = typeof value === 'string' ? new Date(value) : value
  const text = new Intl.DateTimeFormat('en-GB', dateOnly ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {text}
      {dateOnly ? '' : ' UTC'}
    </time>
  )
}
