import type { Locale } from '#db/schema/vocabulary'
import { intlLocales, useI18n } from '~/lib/i18n/i18n'

// Formatters are costly to build and cheap to reuse: one of each kind per language for the process.
const formats = new Map<string, Intl.DateTimeFormat>()
function formatFor(locale: Locale, dateOnly: boolean) {
  const key = `${locale}:${dateOnly}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(
      intlLocales[locale] ?? 'en-GB',
      dateOnly ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' },
    )
    formats.set(key, format)
  }
  return format
}

/** A date and time (UTC) in the screen's language, with the exact value on hover. */
export function DateTime({ value, dateOnly = false }: { value: string | Date | null | undefined; dateOnly?: boolean }) {
  const { locale } = useI18n()
  if (!value) return <span className="text-subtle">—</span>
  const date = typeof value === 'string' ? new Date(value) : value
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {formatFor(locale, dateOnly).format(date)}
      {dateOnly ? '' : ' UTC'}
    </time>
  )
}
