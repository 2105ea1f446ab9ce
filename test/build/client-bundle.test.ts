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

  it("loads react-big-calendar's code and CSS only on /calendar, and only from there", () => {
    const files = scripts(clientDirectory)
    const manifestFile = files.find((file) => path.basename(file).startsWith('manifest-'))
    expect(manifestFile, 'no route manifest in build/client/assets').toBeTruthy()
    const source = readFileSync(manifestFile!, 'utf8')
    const manifest = JSON.parse(source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1)) as {
      entry: { module: string; imports: string[] }
      routes: Record<string, { module: string; imports?: string[] }>
    }
    const read = (url: string) => readFileSync(path.join(clientDirectory, url), 'utf8')
    // `rbc-` prefixes every class react-big-calendar renders; its stylesheet is named after it.
    const calendarCode = (url: string) => read(url).includes('rbc-')
    const calendarCss = (url: string) => read(url).includes('react-big-calendar-')
    const staticChunks = (route: { module: string; imports?: string[] }) => [route.module, ...(route.imports ?? [])]
    const carriers = Object.entries(manifest.routes)
      .filter(([, route]) => staticChunks(route).some((url) => calendarCode(url) || calendarCss(url)))
      .map(([id]) => id)
    expect(carriers).toEqual(['routes/calendar'])
    expect([manifest.entry.module, ...manifest.entry.imports].filter(calendarCode)).toEqual([])
    // The calendar itself is a chunk of its own that the route loads in the browser, after the first paint.
    expect(staticChunks(manifest.routes['routes/calendar']).filter(calendarCode)).toEqual([])
    expect(files.filter((file) => readFileSync(file, 'utf8').includes('rbc-')).map((file) => path.basename(file))).toEqual([
      expect.stringMatching(/^big-calendar-/),
    ])
  })
})
