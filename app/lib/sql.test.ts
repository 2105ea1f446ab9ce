import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { db } from '~/lib/db.server'
import { awkwardString } from './forms/schema-fuzz.test-helpers'
import { toStorableText } from './forms/text'
import { containsPattern, isUuid, prefixPattern } from './sql'

async function firstRow<T>(query: ReturnType<typeof sql>) {
  const result = await db.execute(query)
  return ((Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[])[0]
}

describe('ILIKE patterns from what people type', () => {
  it('take %, _ and \\ literally and drop NUL', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%')
    expect(prefixPattern('a\u0000b')).toBe('ab%')
  })

  it('never make PostgreSQL throw, and a text always matches itself', async () => {
    await fc.assert(
      fc.asyncProperty(awkwardString, awkwardString, async (text, other) => {
        const stored = toStorableText(text)
        const row = await firstRow<{ contains: boolean; prefix: boolean }>(
          sql`select (${stored} ilike ${containsPattern(text)}) as contains, (${toStorableText(other)} ilike ${prefixPattern(text)}) as prefix`,
        )
        expect(row.contains).toBe(true)
        expect(typeof row.prefix).toBe('boolean')
      }),
      { numRuns: 150 },
    )
  })

  it('isUuid is the one uuid check, re-exported for the queries', () => {
    expect(isUuid('000000000000000000000000000000000000')).toBe(false)
    expect(isUuid(null)).toBe(false)
  })
})
