import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * What the browser downloads must carry no database code: a client chunk that imports a
 * drizzle table ships the ORM and every column name of the schema. This reads the output of
 * `npm run build`, so it runs after one (`npm run test:build`).
 */
const clientDirectory = path.resolve('build/client')

// `password_hash` is a column of the users table; `drizzle:entityKind` is the symbol name every
// drizzle-orm class is tagged with, kept as a string by the minifier.
const forbidden = ['password_hash', 'drizzle:entityKind']

function scripts(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) return scripts(full)
    return entry.name.endsWith('.js') ? [full] : []
  })
}

describe('the client build (build/client, from npm run build)', () => {
  it('carries no database schema and no drizzle code', () => {
    expect(existsSync(clientDirectory), 'build/client is missing: run `npm run build` first').toBe(true)
    const files = scripts(clientDirectory)
    expect(files.length).toBeGreaterThan(0)
    const leaks = files.flatMap((file) => {
      const source = readFileSync(file, 'utf8')
      return forbidden.filter((marker) => source.includes(marker)).map((marker) => `${path.relative(clientDirectory, file)}: ${marker}`)
    })
    expect(leaks).toEqual([])
  })
})
