/**
 * Calendar checks for dates and times typed in forms and URLs. The shape alone is not enough:
 * PostgreSQL refuses 2024-13-45 and 2026-02-31 with an error, year 0 is outside its range, and
 * `Date` silently rolls 2026-13-45T99:99 over into another moment. Years are kept to a range
 * nobody outside it means for outreach work.
 */
export const EARLIEST_YEAR = 1900
export const LATEST_YEAR = 2200

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/
const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

export type LocalDateTimeParts = { year: number; month: number; day: number; hour: number; minute: number; second: number }

function isRealDay(year: number, month: number, day: number) {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR || month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** "2028-02-29" yes, "2027-02-29", "2024-13-45", "0000-01-01" and "2024-1-5" no. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = datePattern.exec(value)
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]))
}

/** "2026-08-12T14:30" (seconds optional) as its parts, or null when it is not a real wall-clock time. */
export function readLocalDateTime(value: unknown): LocalDateTimeParts | null {
  if (typeof value !== 'string') return null
  const match = dateTimePattern.exec(value)
  if (!match) return null
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0))
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null
  return { year, month, day, hour, minute, second }
}

export function isLocalDateTime(value: unknown): value is string {
  return readLocalDateTime(value) !== null
}
