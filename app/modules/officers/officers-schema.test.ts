import { describe, expect, it, vi } from 'vitest'
import { fuzzFormSchema, fuzzListFilters } from '~/lib/forms/schema-fuzz.test-helpers'
import { assignModuleSchema, inviteOfficerSchema, officerListFilters, signupSchema, verificationDecisionSchema } from './officers-schema'

const userId = '6f1c2a4e-9b7d-4c3a-8e2f-1a2b3c4d5e6f'

describe('officer schemas', () => {
  it('strip NUL from what the public sign-up, invitations and decisions accept', () => {
    expect(signupSchema.parse({ name: 'Dana\u0000 Reyes', email: 'dana@dallaspolice.gov', password: 'a long passphrase 2026' }).name).toBe('Dana Reyes')
    expect(inviteOfficerSchema.parse({ name: 'Sam\u0000 Lee', email: 'sam@fbi.gov', agencyId: userId }).name).toBe('Sam Lee')
    expect(verificationDecisionSchema.parse({ intent: 'reject', userId, reason: 'Not\u0000 at this agency' })).toMatchObject({ reason: 'Not at this agency' })
    expect(officerListFilters.parse({ q: 'a\u0000b', agency: '000000000000000000000000000000000000' })).toMatchObject({ q: 'ab', agency: undefined })
  })

  it('any input: a zod result, and accepted values PostgreSQL takes', () => {
    // A password is only hashed, never stored as typed.
    expect(
      fuzzFormSchema(signupSchema, { name: 'Dana Reyes', email: 'dana@dallaspolice.gov', password: 'a long passphrase 2026' }, { notStored: ['password'] }),
    ).toBeGreaterThan(0)
    expect(fuzzFormSchema(inviteOfficerSchema, { name: 'Sam Lee', email: 'sam@fbi.gov', agencyId: userId })).toBeGreaterThan(0)
    expect(fuzzFormSchema(verificationDecisionSchema, { intent: 'reject', userId, reason: 'Not at this agency' })).toBeGreaterThan(0)
  })

  it('any query string parses to filters the queue can use', () => {
    fuzzListFilters((params) => officerListFilters.parse(Object.fromEntries(params)), ['tab', 'q', 'agency', 'state', 'page'])
  })

  it('checks a due date against the day it is given, not the clock of the machine it runs on', () => {
    const dueOn = (value: string) => assignModuleSchema('2030-03-01').safeParse({ intent: 'assign', moduleSlug: 'emergency-requests', dueOn: value }).success
    vi.useFakeTimers({ toFake: ['Date'] })
    for (const clock of ['2045-01-01T12:00:00Z', '2001-01-01T12:00:00Z']) {
      vi.setSystemTime(new Date(clock))
      // The day before is still "today" somewhere on Earth; two days before is past.
      expect([dueOn('2030-02-27'), dueOn('2030-02-28'), dueOn('2030-03-01'), dueOn('2031-01-01')]).toEqual([false, true, true, true])
    }
  })
})
