import { describe, expect, it } from 'vitest'
import { fuzzFormSchema } from '~/lib/forms/schema-fuzz.test-helpers'
import { parseUtcDateTime, presentationEditSchema, presentationFormSchema, type PresentationInput } from './presentations-schema'

const valid = {
  title: 'Requesting user data in an emergency',
  conferenceId: '7cb5039e-d274-4030-932d-9f9380493f31',
  presentedAt: '2026-10-18T14:30',
  presenterIds: ['00000000-0000-4000-8000-000000000002'],
  audienceSize: '250',
  topics: ['emergency_response'],
  materialsUrl: 'https://example.org/slides.pdf',
  feedbackScore: '4',
  notes: 'Full room.',
}

describe('presentation form', () => {
  it('reads the moment as UTC, refusing impossible ones', () => {
    expect(parseUtcDateTime('2026-10-18T14:30')?.toISOString()).toBe('2026-10-18T14:30:00.000Z')
    expect(parseUtcDateTime('2026-13-45T99:99')).toBeNull()
    expect(parseUtcDateTime('2026-02-29T10:00')).toBeNull()
    expect(presentationFormSchema.safeParse({ ...valid, feedbackScore: '6' }).success).toBe(false)
    expect(presentationFormSchema.safeParse({ ...valid, audienceSize: '1e5' }).success).toBe(false)
  })

  it('any input: a zod result, and accepted values PostgreSQL takes', () => {
    const kinds = { conferenceId: 'uuid', presenterIds: 'uuid', presentedAt: 'dateTime' } as const
    const check = (input: PresentationInput) => expect(parseUtcDateTime(input.presentedAt)).not.toBeNull()
    expect(fuzzFormSchema(presentationFormSchema, valid, { kinds, check })).toBeGreaterThan(0)
    expect(fuzzFormSchema(presentationEditSchema, { ...valid, version: '7' }, { kinds, check })).toBeGreaterThan(0)
  })
})
