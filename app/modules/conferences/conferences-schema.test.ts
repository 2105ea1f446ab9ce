import { describe, expect, it } from 'vitest'
import { fuzzFormSchema, fuzzListFilters } from '~/lib/forms/schema-fuzz.test-helpers'
import { conferenceEditSchema, conferenceFormSchema, conferenceSorts, parseConferenceFilters, type ConferenceListFilters } from './conferences-schema'

const valid = {
  name: 'IACP Annual Conference',
  organiser: 'IACP',
  startsOn: '2026-10-17',
  endsOn: '2026-10-20',
  city: 'Boston',
  countryCode: 'US',
  website: 'https://www.theiacpconference.org',
  audience: 'law_enforcement_only',
  status: 'registered',
  expectedAttendance: '16000',
  notes: 'Booth 1200.',
}

describe('conference form', () => {
  it('refuses impossible days and overflowing attendance', () => {
    expect(conferenceFormSchema.safeParse({ ...valid, startsOn: '2026-02-31' }).error?.issues[0]).toMatchObject({
      path: ['startsOn'],
      message: 'Enter a real date.',
    })
    expect(conferenceFormSchema.safeParse({ ...valid, expectedAttendance: '99999999999' }).success).toBe(false)
    expect(conferenceFormSchema.parse({ ...valid, name: 'IACP\u0000' }).name).toBe('IACP')
  })

  it('takes the venue zone and the deadlines, on or before the first day, with a clear message otherwise', () => {
    const parsed = conferenceFormSchema.parse({
      ...valid,
      timeZone: 'America/New_York',
      registrationDeadline: '2026-10-17',
      callForPapersDeadline: '2026-04-01',
    })
    expect(parsed).toMatchObject({ timeZone: 'America/New_York', registrationDeadline: '2026-10-17', callForPapersDeadline: '2026-04-01' })
    expect(conferenceFormSchema.parse(valid)).toMatchObject({ timeZone: 'UTC', registrationDeadline: null, callForPapersDeadline: null })
    const late = conferenceFormSchema.safeParse({ ...valid, registrationDeadline: '2026-10-18', callForPapersDeadline: '2026-11-01' })
    expect(late.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['registrationDeadline', 'Registration must close on or before the first day.'],
      ['callForPapersDeadline', 'The call for papers must close on or before the first day.'],
    ])
    expect(conferenceFormSchema.safeParse({ ...valid, timeZone: 'Atlantis/Capital' }).error?.issues[0]).toMatchObject({
      path: ['timeZone'],
      message: 'Choose a time zone from the list.',
    })
  })

  it('any input: a zod result, and accepted values PostgreSQL takes', () => {
    const kinds = { startsOn: 'date', endsOn: 'date', registrationDeadline: 'date', callForPapersDeadline: 'date' } as const
    expect(fuzzFormSchema(conferenceFormSchema, valid, { kinds })).toBeGreaterThan(0)
    expect(fuzzFormSchema(conferenceEditSchema, { ...valid, version: '2' }, { kinds })).toBeGreaterThan(0)
  })
})

describe('conference list filters', () => {
  it('any query string parses to values the query can use', () => {
    fuzzListFilters(parseConferenceFilters, ['q', 'region', 'status', 'audience', 'year', 'sort', 'page'], {
      check: (filters: ConferenceListFilters) => {
        expect(conferenceSorts).toContain(filters.sort)
        if (filters.year !== undefined) expect(filters.year >= 1900 && filters.year <= 2200).toBe(true)
      },
    })
  })
})
