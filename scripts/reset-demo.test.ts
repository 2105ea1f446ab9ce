import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { lockFolder } from '~/lib/folder-lock.server'

const run = promisify(execFile)

/** `npm run demo:reset` with this environment: its exit code and what it said. */
async function reset(env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...rest } = process.env
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/reset-demo.ts'], { env: { ...rest, ...env } })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, output: failed.stdout + failed.stderr }
  }
}

describe('npm run demo:reset', () => {
  it('removes the embedded database, but not while a server holds it, and never touches PostgreSQL', async () => {
    const folder = path.join(mkdtempSync(path.join(tmpdir(), 'liaison-reset-')), 'pglite')
    mkdirSync(folder)
    writeFileSync(path.join(folder, 'PG_VERSION'), '17')

    const lock = lockFolder(folder)
    const refused = await reset({ PGLITE_DIR: folder })
    expect(refused.code).toBe(1)
    expect(refused.output).toContain('a server is using')
    expect(existsSync(folder)).toBe(true)
    lock.release()

    const onPostgres = await reset({ PGLITE_DIR: folder, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' })
    expect(onPostgres.code).toBe(1)
    expect(existsSync(folder)).toBe(true)

    const done = await reset({ PGLITE_DIR: folder })
    expect(done.code).toBe(0)
    expect(existsSync(folder)).toBe(false)
    expect((await reset({ PGLITE_DIR: folder })).output).toContain('nothing to reset')
  }, 30_000)
})
