import { describe, expect, it } from 'vitest'
import { fuzzFormSchema, fuzzListFilters } from '~/lib/forms/schema-fuzz.test-helpers'
import { contactEditSchema, contactFormSchema, contactListFilters } from './contacts-schema'

const valid = {
  agencyId: '7cb5039e-d274-4030-932d-9f9380493f31',
  fullName: 'Inspector Joost Brandt',
  title: 'Inspector',
  unit: 'Cybercrime',
  email: 'demo.joost@politie.example',
  phone: '+31 20 555 0100',
  preferredLanguage: 'Dutch',
  isPrimary: 'on',
  notes: 'Prefers email.',
}

describe('contact form', () => {
  it('strips NUL from names and refuses an agency id PostgreSQL would refuse', () => {
    expect(contactFormSchema.parse({ ...valid, fullName: 'Joost\u0000 Brandt' }).fullName).toBe('Joost Brandt')
    expect(contactFormSchema.safeParse({ ...valid, agencyId: '000000000000000000000000000000000000' }).success).toBe(false)
    expect(contactFormSchema.parse({ ...valid, email: 'Demo\u0000@X.example' }).email).toBe('demo@x.example')
  })

  it('any input: a zod result, and accepted values PostgreSQL takes', () => {
    expect(fuzzFormSchema(contactFormSchema, valid, { kinds: { agencyId: 'uuid' } })).toBeGreaterThan(0)
    expect(fuzzFormSchema(contactEditSchema, { ...valid, version: '2' }, { kinds: { agencyId: 'uuid' } })).toBeGreaterThan(0)
  })
})

describe('contact list filters', () => {
  it('ignores a malformed agency id and strips NUL from the search', () => {
    expect(contactListFilters.parse({ agency: '000000000000000000000000000000000000', q: 'a\u0000b' })).toEqual({ q: 'ab', page: 1 })
  })

  it('any query string parses to values the query can use', () => {
    fuzzListFilters((params) => contactListFilters.parse(Object.fromEntries(params)), ['q', 'agency', 'archived', 'page'], { kinds: { agency: 'uuid' } })
  })
})
