import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { db } from '~/lib/db.server'
import { isUuid } from '~/lib/uuid'
import { isCalendarDate, isLocalDateTime, readLocalDateTime } from './dates'
import {
  calendarDateField,
  isoDateFilter,
  localDateTimeField,
  optionalText,
  parseSearchQuery,
  personName,
  requiredText,
  searchFilter,
  separatedList,
  typedString,
  uuidFilter,
  uuidOrNull,
  versionField,
} from './fields'
import { awkwardString, dateLike, dateTimeLike, uuidLike } from './schema-fuzz.test-helpers'
import { isStorableText, toPersonName, toStorableText } from './text'

/** Rows of `db.execute` on either driver (PGlite wraps them, postgres.js does not). */
async function rowsOf<T>(query: ReturnType<typeof sql>) {
  const result = await db.execute(query)
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[]
}

/** What PostgreSQL itself says: the value cast to the type, or the error it raises. */
async function postgresAccepts(value: string, type: 'date' | 'timestamp' | 'uuid' | 'text') {
  try {
    await db.execute(sql`select ${value}::${sql.raw(type)} as value`)
    return true
  } catch {
    return false
  }
}

describe('storable text', () => {
  it('drops NUL and the other invisible controls, keeps tab and line breaks, repairs lone surrogates', () => {
    expect(toStorableText('a\u0000b\u0007c\u007f')).toBe('abc')
    expect(toStorableText('one\ttwo\r\nthree')).toBe('one\ttwo\r\nthree')
    expect(toStorableText('x\ud800y😀')).toBe('x\ufffdy😀')
    expect(isStorableText('Policía Nacional')).toBe(true)
    expect(isStorableText('a\u0000')).toBe(false)
  })

  it('is idempotent and always storable', () => {
    fc.assert(
      fc.property(awkwardString, (text) => {
        const clean = toStorableText(text)
        expect(isStorableText(clean)).toBe(true)
        expect(toStorableText(clean)).toBe(clean)
      }),
    )
  })

  it('what it keeps, PostgreSQL stores as text and as jsonb', async () => {
    await fc.assert(
      fc.asyncProperty(awkwardString, async (text) => {
        const clean = toStorableText(text)
        const [row] = await rowsOf<{ text: string; json: string }>(sql`select ${clean}::text as text, ${JSON.stringify({ clean })}::jsonb ->> 'clean' as json`)
        expect(row).toEqual({ text: clean, json: clean })
      }),
      { numRuns: 100 },
    )
  })

  it('the text fields strip before trimming and counting', () => {
    expect(requiredText(10, 'Enter it.').safeParse('\u0000 Dallas \u0000').data).toBe('Dallas')
    expect(requiredText(10, 'Enter it.').safeParse('\u0000\u0001').success).toBe(false)
    expect(optionalText(10).safeParse('a\u0000b').data).toBe('ab')
    expect(separatedList({ label: 'tags' }).safeParse('fraud\u0000, cyber').data).toEqual(['fraud', 'cyber'])
    expect(typedString().safeParse('q\u0000').data).toBe('q')
  })
})

describe("people's names", () => {
  it('lose bidirectional controls and every other invisible character, so a name cannot read backwards', () => {
    // "Dana \u202Esey\u202C": shown as "Dana yes" in a right-to-left override.
    expect(toPersonName('Dana \u202Esey\u202C')).toBe('Dana sey')
    for (const invisible of ['\u202A', '\u202B', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect(toPersonName(`Ana${invisible} Lima`), invisible.codePointAt(0)!.toString(16)).toBe('Ana Lima')
    }
    for (const invisible of ['\u200B', '\u2060', '\u00AD', '\uFEFF', '\u034F', '\u3164', '\u{E0041}', '\u180E', '\u0000', '\u0007', '\u007F']) {
      expect(toPersonName(`Ana${invisible}Lima`), invisible.codePointAt(0)!.toString(16)).toBe('AnaLima')
    }
    expect(toPersonName('  Ana \t\n Lima\u00A0\u2028Souza  ')).toBe('Ana Lima Souza')
    expect(toPersonName('\u202E\u200B')).toBe('')
  })

  it('keep the joiners scripts spell with, between letters only, and a kanji variation selector', () => {
    // Persian "Alireza" with a zero-width non-joiner; Malayalam and Sinhala with a zero-width joiner.
    for (const name of ['علی\u200Cرضا', 'മ\u0D4D\u200Dല', 'ශ්\u200Dර', '葛\u{E0100}西', '邊\uFE00']) expect(toPersonName(name)).toBe(name)
    expect(toPersonName('\u200CAna\u200D \u200DLima\u200C')).toBe('Ana Lima')
    // Latin, Greek and Cyrillic never need them: there they would only make two names look alike.
    expect(toPersonName('An\u200Ca Li\u200Dma Ни\u200Cна Ελ\u200Dένη')).toBe('Ana Lima Нина Ελένη')
    expect(toPersonName('ᠣ\u180Bᠶᠤᠨ')).toBe('ᠣ\u180Bᠶᠤᠨ')
    expect(toPersonName('A\u200C\u200Cb')).toBe('Ab')
    expect(toPersonName('\uFE0FAna 1\uFE0F')).toBe('Ana 1')
  })

  it('are idempotent and never keep a format character outside a joiner between letters', () => {
    fc.assert(
      fc.property(awkwardString, (text) => {
        const name = toPersonName(text)
        expect(toPersonName(name)).toBe(name)
        expect(isStorableText(name)).toBe(true)
        expect(name).toBe(name.trim())
        for (const match of name.matchAll(/[\p{Cf}\p{Cc}]/gu)) {
          expect(['\u200C', '\u200D']).toContain(match[0])
          expect(name[match.index - 1]).toMatch(/[\p{L}\p{M}]/u)
        }
      }),
    )
  })

  it('every name field uses the rule, and counts what is left', () => {
    const field = personName({ missing: 'Enter your name.' })
    expect(field.parse(' \u202EDana\u202C Reyes ')).toBe('Dana Reyes')
    expect(field.safeParse('\u200B\u202EA\u202C').error?.issues[0].message).toBe('Enter your name.')
    expect(field.safeParse('x'.repeat(121)).error?.issues[0].message).toBe('Use at most 120 characters.')
  })
})

describe('calendar dates', () => {
  it('accepts real days from 1900 to 2200 only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true)
    expect(isCalendarDate('1900-01-01')).toBe(true)
    expect(isCalendarDate('2200-12-31')).toBe(true)
    for (const wrong of [
      '2027-02-29',
      '2026-02-31',
      '2024-13-45',
      '2024-00-10',
      '2024-04-31',
      '0000-01-01',
      '1899-12-31',
      '2201-01-01',
      '2024-1-5',
      '2024-01-01T00:00',
      ' 2024-01-01',
      '２０２４-01-01',
    ]) {
      expect(isCalendarDate(wrong), wrong).toBe(false)
    }
  })

  it('matches what Date and PostgreSQL think, for any YYYY-MM-DD', async () => {
    await fc.assert(
      fc.asyncProperty(dateLike, async (value) => {
        if (!isCalendarDate(value)) return
        expect(new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10)).toBe(value)
        expect(await postgresAccepts(value, 'date')).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('reads wall-clock date-times, refusing impossible ones', () => {
    expect(readLocalDateTime('2026-08-12T14:30')).toEqual({ year: 2026, month: 8, day: 12, hour: 14, minute: 30, second: 0 })
    expect(readLocalDateTime('2026-08-12T14:30:15')?.second).toBe(15)
    for (const wrong of [
      '2026-13-45T99:99',
      '2026-02-31T10:00',
      '2026-01-01T24:00',
      '2026-01-01T10:60',
      '2026-01-01T10:00:60',
      '2026-01-01',
      '0000-01-01T00:00',
      '2026-01-01 10:00',
    ]) {
      expect(isLocalDateTime(wrong), wrong).toBe(false)
    }
  })

  it('accepted date-times are ones PostgreSQL takes, unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(dateTimeLike, async (value) => {
        if (!isLocalDateTime(value)) return
        const [row] = await rowsOf<{ value: string }>(sql`select to_char(${value}::timestamp, 'YYYY-MM-DD"T"HH24:MI:SS') as value`)
        expect(row.value.startsWith(value)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('date fields name the problem', () => {
    const field = calendarDateField('Enter the day.')
    expect(field.safeParse('').error?.issues[0].message).toBe('Enter the day.')
    expect(field.safeParse('2026-02-31').error?.issues[0].message).toBe('Enter a real date.')
    expect(localDateTimeField('Enter the start.').safeParse('2026-13-45T99:99').error?.issues[0].message).toBe('Enter a real date and time.')
  })
})

describe('uuids', () => {
  it('accepts only the canonical spelling, which PostgreSQL always takes', async () => {
    expect(isUuid('000000000000000000000000000000000000')).toBe(false)
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true)
    expect(isUuid('7CB5039E-D274-1030-932D-9F9380493F31')).toBe(true)
    await fc.assert(
      fc.asyncProperty(uuidLike, async (value) => {
        if (isUuid(value)) expect(await postgresAccepts(value, 'uuid')).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('every id field and filter uses that check', () => {
    const zeros = '000000000000000000000000000000000000'
    expect(uuidOrNull.safeParse(zeros).success).toBe(false)
    expect(uuidOrNull.safeParse(undefined).data).toBeNull()
    expect(z.object({ agency: uuidFilter }).parse({ agency: zeros })).toEqual({})
  })
})

describe('numbers and filters', () => {
  it('a version must fit the integer column', () => {
    expect(versionField.safeParse('3').data).toBe(3)
    for (const wrong of ['0', '-1', '1.5', '1099511627776', '2147483648', '1e20', 'Infinity', 'x'])
      expect(versionField.safeParse(wrong).success, wrong).toBe(false)
  })

  it('list filters ignore what they cannot use, and never throw', () => {
    const filters = z.object({ q: searchFilter(20), from: isoDateFilter, agency: uuidFilter })
    expect(filters.parse({ q: 'a\u0000b', from: '2024-13-45', agency: '000000000000000000000000000000000000' })).toEqual({ q: 'ab' })
    expect(filters.parse({ from: '0000-01-01' })).toEqual({})
    fc.assert(
      fc.property(fc.record({ q: awkwardString, from: dateLike, agency: uuidLike }, { requiredKeys: [] }), (input) => {
        const value = filters.parse(input)
        if (value.q !== undefined) expect(isStorableText(value.q) && [...value.q].length <= 20).toBe(true)
        if (value.from !== undefined) expect(isCalendarDate(value.from)).toBe(true)
        if (value.agency !== undefined) expect(isUuid(value.agency)).toBe(true)
      }),
    )
  })

  it('type-ahead queries are storable, trimmed and short', () => {
    expect(parseSearchQuery(' a\u0000b ')).toBe('ab')
    expect(parseSearchQuery(null)).toBe('')
    fc.assert(
      fc.property(awkwardString, (text) => {
        const query = parseSearchQuery(text, 5)
        expect(isStorableText(query) && query.length <= 5 && query === query.trim()).toBe(true)
      }),
    )
  })
})
