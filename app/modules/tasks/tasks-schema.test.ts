import { describe, expect, it } from 'vitest'
import { fuzzFormSchema, fuzzListFilters } from '~/lib/forms/schema-fuzz.test-helpers'
import { taskFormSchema, taskListFilters } from './tasks-schema'

const valid = {
  title: 'Send the guidelines',
  dueOn: '2026-03-31',
  assigneeId: '00000000-0000-4000-8000-000000000002',
  agencyId: '7cb5039e-d274-4030-932d-9f9380493f31',
}

describe('task form', () => {
  it('refuses due dates that are not real days', () => {
    for (const dueOn of ['2024-13-45', '2026-02-31', '0000-01-01']) {
      expect(taskFormSchema.safeParse({ ...valid, dueOn }).error?.issues[0], dueOn).toMatchObject({ path: ['dueOn'], message: 'Enter a real due date.' })
    }
    expect(taskFormSchema.parse({ ...valid, dueOn: undefined, title: 'Call\u0000 back' })).toMatchObject({ dueOn: undefined, title: 'Call back' })
  })

  it('any input: a zod result, and accepted values PostgreSQL takes', () => {
    expect(fuzzFormSchema(taskFormSchema, valid, { kinds: { dueOn: 'date', assigneeId: 'uuid', agencyId: 'uuid' } })).toBeGreaterThan(0)
  })

  it('any query string parses to a list PostgreSQL can run', () => {
    fuzzListFilters((params) => taskListFilters.parse(Object.fromEntries(params)), ['show', 'agency'], {
      kinds: { agency: 'uuid' },
      check: (filters: { show: string }) => expect(['open', 'done', 'all']).toContain(filters.show),
    })
  })
})
