/**
 * Property-based checks shared by the schema tests (test code only: imported by *.test.ts).
 * Every form schema and list filter must, for any input, answer with zod's result rather than
 * throw, and every value it accepts must be one PostgreSQL takes: storable text (no NUL), real
 * dates in range, canonical uuids, integers that fit an `integer` column.
 */
import { parseWithZod } from '@conform-to/zod/v4'
import fc from 'fast-check'
import { expect } from 'vitest'
import type { z } from 'zod'
import { isUuid } from '~/lib/uuid'
import { EARLIEST_YEAR, isCalendarDate, isLocalDateTime, LATEST_YEAR } from './dates'
import { MAX_INTEGER } from './fields'
import { isStorableText } from './text'

/** Fragments that trip naive validators: NUL and other controls, lone surrogates, LIKE and number syntax. */
const awkwardPiece = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u001f',
  '\u007f',
  '\ud800',
  '\udfff',
  '\t',
  '\n',
  '\r\n',
  ' ',
  '%',
  '_',
  '\\',
  "'",
  '"',
  '-',
  ':',
  'T',
  '0',
  '9',
  'e',
  '.',
  'é',
  '😀',
  'none',
  'on',
  '1',
)
export const awkwardString = fc.array(fc.oneof(awkwardPiece, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 10 }).map((parts) => parts.join(''))

const digits = (count: number) => fc.integer({ min: 0, max: 10 ** count - 1 }).map((value) => String(value).padStart(count, '0'))
const realDay = fc
  .date({ min: new Date('1850-01-01T00:00:00Z'), max: new Date('2250-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10))

/** YYYY-MM-DD shaped (any digits, so 2024-13-45 and 0000-01-01), real days around the range, or junk. */
export const dateLike = fc.oneof(
  fc.tuple(digits(4), digits(2), digits(2)).map(([year, month, day]) => `${year}-${month}-${day}`),
  realDay,
  awkwardString,
)

/** YYYY-MM-DDTHH:mm(:ss) shaped (so 2026-13-45T99:99), real ones, or junk. */
export const dateTimeLike = fc.oneof(
  fc
    .tuple(fc.oneof(realDay, dateLike), digits(2), digits(2), fc.option(digits(2), { nil: undefined }))
    .map(([day, hour, minute, second]) => `${day}T${hour}:${minute}${second ? `:${second}` : ''}`),
  awkwardString,
)

/** Real uuids, and the near misses PostgreSQL refuses (36 zeros, no dashes, a trailing NUL). */
export const uuidLike = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.constant('000000000000000000000000000000000000'),
  fc.uuid().map((id) => id.replace(/-/g, '')),
  fc.uuid().map((id) => `${id}\u0000`),
  fc.uuid().map((id) => `{${id}}`),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef-'), minLength: 36, maxLength: 36 }),
)

/** Numbers as typed: in and out of every range, floats, exponents, overflowing ints, junk. */
export const numberLike = fc.oneof(
  fc.integer().map(String),
  fc.integer({ min: -5, max: 10 }).map(String),
  fc.double().map(String),
  fc.constantFrom('1e20', '1e5', 'Infinity', '-0', '0x10', ' 3 ', '2147483648', '9007199254740993', '1099511627776', ''),
  awkwardString,
)

export const fieldValue = fc.oneof(awkwardString, dateLike, dateTimeLike, uuidLike, numberLike)

/** One field's value in a form or a query string: a string, sometimes repeated. */
export const formValue = fc.oneof({ weight: 5, arbitrary: fieldValue }, { weight: 1, arbitrary: fc.array(fieldValue, { maxLength: 3 }) })

/**
 * `base` with a few of `keys` replaced by fuzz values or left out, plus the odd unknown key:
 * mostly near-valid input, so that the accepted path is exercised as well as the refusals.
 */
export function formInput(base: Record<string, string | string[]>, keys: readonly string[]) {
  const change = fc.tuple(fc.constantFrom(...keys), fc.option(formValue, { nil: undefined, freq: 6 }))
  const extra = fc.dictionary(awkwardString, formValue, { maxKeys: 2 })
  return fc.tuple(fc.array(change, { maxLength: 4 }), extra, fc.boolean()).map(([changes, more, withBase]) => {
    const input: Record<string, string | string[]> = { ...more, ...(withBase ? base : {}) }
    for (const [key, value] of changes) {
      if (value === undefined) delete input[key]
      else input[key] = value
    }
    return input
  })
}

/** What a column of that kind needs, beyond storable text and int4 numbers everywhere. */
export type ValueKind = 'uuid' | 'uuidOrNone' | 'date' | 'dateTime'

const kindChecks: Record<ValueKind, (value: unknown) => boolean> = {
  uuid: isUuid,
  uuidOrNone: (value) => value === 'none' || isUuid(value),
  date: isCalendarDate,
  dateTime: isLocalDateTime,
}

/** Everything in `value` that PostgreSQL would refuse, as readable paths (empty when all is well). */
export function unstorableParts(value: unknown, kinds: Record<string, ValueKind> = {}, path = '$'): string[] {
  if (value === null || value === undefined || typeof value === 'boolean') return []
  if (typeof value === 'string') return isStorableText(value) ? [] : [`${path}: text PostgreSQL refuses ${JSON.stringify(value)}`]
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) <= MAX_INTEGER ? [] : [`${path}: number out of integer range ${value}`]
  if (value instanceof Date) {
    const year = value.getUTCFullYear()
    return Number.isNaN(value.getTime()) || year < EARLIEST_YEAR - 1 || year > LATEST_YEAR + 1 ? [`${path}: moment out of range`] : []
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => unstorableParts(item, kinds, `${path}[${index}]`))
  if (typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const kind = kinds[key]
      const items = Array.isArray(item) ? item : [item]
      const wrong = kind
        ? items
            .filter((one) => one !== null && one !== undefined && !kindChecks[kind](one))
            .map((one) => `${path}.${key}: not a ${kind}: ${JSON.stringify(one)}`)
        : []
      return [...wrong, ...unstorableParts(item, kinds, `${path}.${key}`)]
    })
  }
  return [`${path}: unexpected ${typeof value}`]
}

function toFormData(input: Record<string, string | string[]>) {
  const formData = new FormData()
  for (const [key, value] of Object.entries(input)) for (const item of Array.isArray(value) ? value : [value]) formData.append(key, item)
  return formData
}

export type FuzzOptions = {
  kinds?: Record<string, ValueKind>
  /** Keys never stored as they are (a password is only hashed), left out of the check. */
  notStored?: readonly string[]
  runs?: number
  check?: (value: never) => void
}

function storedPart(value: unknown, notStored: readonly string[] = []) {
  if (!notStored.length || typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => !notStored.includes(key)))
}

/**
 * A form schema, fuzzed both ways it is used: `safeParse` (imports, tests) and Conform's
 * `parseWithZod` on FormData (every action). Returns how many inputs were accepted, so a test
 * can make sure the fuzzing reached the success path at all.
 */
export function fuzzFormSchema(schema: z.ZodType, base: Record<string, string | string[]>, options: FuzzOptions = {}) {
  const keys = Object.keys(base)
  let accepted = 0
  fc.assert(
    fc.property(formInput(base, keys), (input) => {
      const direct = schema.safeParse(input)
      const submission = parseWithZod(toFormData(input), { schema })
      for (const value of [direct.success ? direct.data : undefined, submission.status === 'success' ? submission.value : undefined]) {
        if (value === undefined) continue
        accepted += 1
        expect(unstorableParts(storedPart(value, options.notStored), options.kinds)).toEqual([])
        options.check?.(value as never)
      }
    }),
    { numRuns: options.runs ?? 300 },
  )
  return accepted
}

/** A list filter: any query string parses (never throws), to values the query can use. */
export function fuzzListFilters(parse: (params: URLSearchParams) => unknown, keys: readonly string[], options: FuzzOptions = {}) {
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...keys), awkwardString), fieldValue)
  fc.assert(
    fc.property(fc.array(pair, { maxLength: 8 }), (pairs) => {
      const value = parse(new URLSearchParams(pairs))
      expect(unstorableParts(value, options.kinds)).toEqual([])
      options.check?.(value as never)
    }),
    { numRuns: options.runs ?? 500 },
  )
}
