import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { awkwardString, formValue } from '~/lib/forms/schema-fuzz.test-helpers'
import { guessColumnMapping, importFields, importKinds, importKindSchema, importModeSchema, readColumnMapping } from './import-schema'

describe('the import form', () => {
  it('any headers and any mapping step: a mapping of listed fields or a message, never a throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...importKinds),
        fc.array(awkwardString, { maxLength: 12 }),
        fc.dictionary(
          fc.oneof(
            fc.integer({ min: 0, max: 12 }).map((index) => `column-${index}`),
            awkwardString,
          ),
          formValue,
        ),
        (kind, headers, fields) => {
          const guessed = guessColumnMapping(kind, headers)
          expect(guessed).toHaveLength(headers.length)
          const formData = { get: (name: string) => fields[name] ?? null }
          const result = readColumnMapping(kind, headers, formData)
          expect(result.mapping).toHaveLength(headers.length)
          for (const field of [...guessed, ...result.mapping]) if (field !== null) expect(importFields[kind]).toContain(field)
          if (!result.ok) expect(result.error.length).toBeGreaterThan(0)
        },
      ),
    )
  })

  it('kind and mode take listed values only', () => {
    fc.assert(
      fc.property(formValue, (value) => {
        const kind = importKindSchema.safeParse(value)
        if (kind.success) expect(importKinds).toContain(kind.data)
        const mode = importModeSchema.safeParse(value)
        if (mode.success) expect(['all', 'valid']).toContain(mode.data)
      }),
    )
  })
})
