import { describe, expect, it } from 'vitest'
import { fuzzFormSchema, fuzzListFilters } from '~/lib/forms/schema-fuzz.test-helpers'
import { inviteUserSchema, userAccessSchema, userListFilters, userStatusSchema } from './users-schema'

describe('user schemas', () => {
  it('strip NUL from names and searches', () => {
    expect(inviteUserSchema.parse({ email: 'new.lead@liaison.example', name: 'New\u0000 Lead', role: 'global_head' }).name).toBe('New Lead')
    expect(userListFilters.parse({ q: 'a\u0000b', page: '1099511627776' })).toEqual({ q: 'ab', page: 1 })
  })

  it('any input: a zod result, and accepted values PostgreSQL takes', () => {
    expect(
      fuzzFormSchema(inviteUserSchema, { email: 'new.lead@liaison.example', name: 'New Lead', role: 'outreach_lead', regions: ['US', 'EMEA'] }),
    ).toBeGreaterThan(0)
    expect(fuzzFormSchema(userAccessSchema, { intent: 'access', role: 'outreach_lead', regions: ['APAC'] })).toBeGreaterThan(0)
    expect(fuzzFormSchema(userStatusSchema, { intent: 'deactivate' })).toBeGreaterThan(0)
  })

  it('any query string parses to values the query can use', () => {
    fuzzListFilters((params) => userListFilters.parse(Object.fromEntries(params)), ['q', 'role', 'status', 'page'], {
      check: (filters: { page: number }) => expect(filters.page >= 1 && filters.page <= 10_000).toBe(true),
    })
  })
})
