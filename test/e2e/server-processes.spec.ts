import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The production server on PostgreSQL with two processes (WEB_CONCURRENCY, ADR 008): both
 * serve, a process that dies is replaced, and SIGTERM stops them all within 10 seconds.
 * Needs PostgreSQL on 127.0.0.1:5432 (as CI has) and the production build.
 */
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const database = 'liaison_e2e_processes'
const port = 3302
const origin = `http://localhost:${port}`

const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 })
const reachable = await admin`select 1`.then(
  () => true,
  () => false,
)

/** The server processes the primary forked (not helpers such as tsx's esbuild service). */
function childrenOf(pid: number): number[] {
  let children: number[]
  try {
    children = execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
  return children.filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('server.ts')
    } catch {
      return false
    }
  })
}

function alive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function until<T>(what: string, check: () => T | Promise<T>, seconds = 60): Promise<NonNullable<T>> {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    const value = await check()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`Timed out waiting for ${what}`)
}

describe.skipIf(!reachable)('several server processes on PostgreSQL', () => {
  let output = ''
  let server: ReturnType<typeof spawn>

  beforeAll(async () => {
    await admin.unsafe(`drop database if exists ${database} with (force)`)
    await admin.unsafe(`create database ${database}`)
    const url = new URL(adminUrl)
    url.pathname = `/${database}`
    server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_ORIGIN: origin,
        DATABASE_URL: url.toString(),
        WEB_CONCURRENCY: '2',
        COOKIE_SECRET: 'a-test-secret-shared-by-every-process',
        DEMO_SEED: 'false',
        EMAIL_WORKER: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stdout!.on('data', (chunk) => (output += chunk))
    server.stderr!.on('data', (chunk) => (output += chunk))
    await until('two processes serving', () => output.includes('[server] 2 processes serving') && output.split('Liaison is listening').length === 3)
  })

  afterAll(async () => {
    if (server?.exitCode === null) server.kill('SIGKILL')
    await admin.unsafe(`drop database if exists ${database} with (force)`).catch(() => {})
    await admin.end()
  })

  it('serves from both processes and replaces one that dies', async () => {
    expect((await fetch(`${origin}/healthz`)).status).toBe(200)
    const workers = childrenOf(server.pid!)
    expect(workers).toHaveLength(2)
    process.kill(workers[0], 'SIGKILL')
    const replaced = await until('a replacement process', () => {
      const now = childrenOf(server.pid!)
      return now.length === 2 && !now.includes(workers[0]) ? now : null
    })
    expect(replaced).toContain(workers[1])
    await until('the replacement listening', () => output.split('Liaison is listening').length === 4)
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${origin}/login`).then((response) => response.status)))
    expect(answers).toEqual(Array(20).fill(200))
  })

  it('stops every process within 10 seconds of SIGTERM', async () => {
    const workers = childrenOf(server.pid!)
    const started = Date.now()
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    server.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(workers).toHaveLength(2)
    expect(workers.filter(alive)).toEqual([])
  })
})
