import { describe, expect, it } from 'vitest'
import { fuzzFormSchema, fuzzListFilters } from '~/lib/forms/schema-fuzz.test-helpers'
import { agencyEditSchema, agencyFormSchema, agencySorts, parseAgencyFilters, type AgencyListFilters } from './agencies-schema'

const ownerId = '7cb5039e-d274-4030-932d-9f9380493f31'
const valid = {
  name: 'Dallas Police Department',
  kind: 'local',
  countryCode: 'US',
  subdivision: 'Texas',
  city: 'Dallas',
  website: 'https://dallaspolice.net',
  emailDomains: 'dpd.gov, dallascityhall.com',
  phone: '+1 214 555 0100',
  status: 'engaged',
  priority: '1',
  ownerId,
  tags: 'fraud; cyber',
  notes: 'Met at IACP.',
}

describe('agency form', () => {
  it('keeps the name without a NUL and refuses an owner that is not a uuid', () => {
    expect(agencyFormSchema.parse({ ...valid, name: 'Dallas\u0000 PD', tags: 'a\u0000b' })).toMatchObject({ name: 'Dallas PD', tags: ['ab'] })
    const zeros = agencyFormSchema.safeParse({ ...valid, ownerId: '000000000000000000000000000000000000' })
    expect(zeros.error?.issues.map((issue) => issue.path)).toEqual([['ownerId']])
  })

  it('any input: a zod result, and accepted values PostgreSQL takes', () => {
    expect(fuzzFormSchema(agencyFormSchema, valid, { kinds: { ownerId: 'uuid' } })).toBeGreaterThan(0)
    expect(fuzzFormSchema(agencyEditSchema, { ...valid, version: '3' }, { kinds: { ownerId: 'uuid' } })).toBeGreaterThan(0)
  })
})

describe('agency list filters', () => {
  it('ignores impossible dates, out-of-range years, malformed owners and NUL', () => {
    const parse = (query: string) => parseAgencyFilters(new URLSearchParams(query))
    expect(parse('engagedAfter=2024-13-45&engagedBefore=0000-01-01')).toEqual({ sort: 'name', page: 1 })
    expect(parse('owner=000000000000000000000000000000000000').owner).toBeUndefined()
    expect(parse(`owner=${ownerId}`).owner).toBe(ownerId)
    expect(parse('owner=none').owner).toBe('none')
    expect(parse('q=a%00b&tag=x%00').q).toBe('ab')
    expect(parse('tag=x%00').tag).toBe('x')
    expect(parse('engagedAfter=2024-02-29').engagedAfter).toBe('2024-02-29')
  })

  it('any query string parses to values the query can use', () => {
    fuzzListFilters(
      parseAgencyFilters,
      ['q', 'region', 'country', 'kind', 'priority', 'status', 'owner', 'tag', 'engagedAfter', 'engagedBefore', 'never', 'stale', 'archived', 'sort', 'page'],
      {
        kinds: { owner: 'uuidOrNone', engagedAfter: 'date', engagedBefore: 'date' },
        check: (filters: AgencyListFilters) => {
          expect(agencySorts).toContain(filters.sort)
          expect(filters.page >= 1 && filters.page <= 100_000).toBe(true)
        },
      },
    )
  })
})
