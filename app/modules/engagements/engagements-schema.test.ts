import { describe, expect, it } from 'vitest'
import { EARLIEST_YEAR, LATEST_YEAR } from '~/lib/forms/dates'
import { fuzzFormSchema, fuzzListFilters } from '~/lib/forms/schema-fuzz.test-helpers'
import { engagementEditSchema, engagementFormSchema, engagementListFilters, isValidTimeZone, type EngagementInput } from './engagements-schema'
import { zonedLocalToUtc } from './local-time'

const agencyId = '7cb5039e-d274-4030-932d-9f9380493f31'
const valid = {
  kind: 'meeting',
  title: 'Cybercrime liaison',
  startsAt: '2026-02-02T10:00',
  endsAt: '2026-02-02T11:30',
  timeZone: 'Europe/Amsterdam',
  location: 'Den Haag',
  summary: 'Talked about preservation requests.',
  outcome: 'Training in March.',
  topics: ['emergency_response'],
  agencyIds: [agencyId],
  contactIds: ['00000000-0000-4000-8000-000000000001'],
  staffIds: ['00000000-0000-4000-8000-000000000002'],
  'followUps[0].title': 'Send the guidelines',
  'followUps[0].dueOn': '2026-02-10',
  'followUps[0].assigneeId': '00000000-0000-4000-8000-000000000002',
}
const kinds = {
  agencyIds: 'uuid',
  contactIds: 'uuid',
  staffIds: 'uuid',
  conferenceId: 'uuid',
  assigneeId: 'uuid',
  startsAt: 'dateTime',
  endsAt: 'dateTime',
  dueOn: 'date',
} as const

function issuesOf(input: Record<string, unknown>) {
  const result = engagementFormSchema.safeParse(input)
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

describe('engagement form', () => {
  it('refuses impossible start and end times with a field message instead of rolling them over', () => {
    expect(issuesOf({ ...valid, startsAt: '2026-13-45T99:99', endsAt: undefined })).toEqual(['startsAt: Enter a real date and time.'])
    expect(issuesOf({ ...valid, endsAt: '2026-02-31T10:00' })).toEqual(['endsAt: Enter a real date and time.'])
    expect(issuesOf({ ...valid, startsAt: '0000-01-01T00:00', endsAt: undefined })).toEqual(['startsAt: Enter a real date and time.'])
  })

  it('refuses impossible follow-up due dates', () => {
    const input = {
      ...valid,
      followUps: [
        { title: 'Call back', dueOn: '2024-13-45' },
        { title: 'Write', dueOn: '2026-02-31' },
      ],
    }
    expect(issuesOf(input)).toEqual(['followUps.0.dueOn: Enter a real due date.', 'followUps.1.dueOn: Enter a real due date.'])
  })

  it('any input: a zod result, and accepted moments PostgreSQL takes', () => {
    const check = (input: EngagementInput) => {
      expect(isValidTimeZone(input.timeZone)).toBe(true)
      for (const local of [input.startsAt, input.endsAt].filter((value) => value !== undefined)) {
        const year = zonedLocalToUtc(local, input.timeZone).getUTCFullYear()
        expect(year >= EARLIEST_YEAR - 1 && year <= LATEST_YEAR + 1).toBe(true)
      }
    }
    expect(fuzzFormSchema(engagementFormSchema, valid, { kinds, check })).toBeGreaterThan(0)
    expect(fuzzFormSchema(engagementEditSchema, { ...valid, version: '4' }, { kinds, check })).toBeGreaterThan(0)
  })
})

describe('engagement list filters', () => {
  it('ignores impossible dates and malformed agencies', () => {
    expect(engagementListFilters.parse({ from: '2024-13-45', to: '0000-01-01', agency: '000000000000000000000000000000000000', q: 'a\u0000' })).toEqual({
      q: 'a',
      page: 1,
    })
  })

  it('any query string parses to values the query can use', () => {
    fuzzListFilters(
      (params) => engagementListFilters.parse(Object.fromEntries(params)),
      ['q', 'kind', 'topic', 'agency', 'region', 'from', 'to', 'mine', 'page'],
      {
        kinds: { agency: 'uuid', from: 'date', to: 'date' },
      },
    )
  })
})
