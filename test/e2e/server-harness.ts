import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { DEMO_PASSWORD } from '#db/seed/demo-accounts'

/** Polls `check` every 100 ms until it returns something truthy. */
export async function until<T>(what: string, check: () => T | Promise<T>, seconds = 60): Promise<NonNullable<T>> {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    const value = await check()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`Timed out waiting for ${what}`)
}

export type RunningServer = {
  process: ChildProcess
  origin: string
  output: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** The production server (`server.ts` on the build) on `port`, with `env` added to this process's. */
export function startServer(port: number, env: Record<string, string>): RunningServer {
  const origin = `http://localhost:${port}`
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_ORIGIN: origin,
      EMAIL_WORKER: 'false',
      RESEND_API_KEY: '',
      COOKIE_SECRET: 'a-test-secret-shared-by-every-process',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return { process: child, origin, output: () => output, exited }
}

/** Waits until `count` processes of the server listen (one, or the two of WEB_CONCURRENCY=2). */
export async function listening(server: RunningServer, count = 1, seconds = 90) {
  await until(
    `${count} listening process(es)\n${server.output()}`,
    () => {
      if (server.process.exitCode !== null) throw new Error(`The server exited:\n${server.output()}`)
      return server.output().split('Liaison is listening').length > count
    },
    seconds,
  )
}

export async function stopServer(server: RunningServer | undefined) {
  if (!server || server.process.exitCode !== null || server.process.signalCode !== null) return
  server.process.kill('SIGKILL')
  await server.exited
}

/** Signs in a demo account and returns its session cookie. */
export async function signIn(origin: string, email: string) {
  const response = await fetch(`${origin}/login`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
    redirect: 'manual',
  })
  if (response.status !== 302) throw new Error(`Sign-in of ${email} answered ${response.status}`)
  return response.headers.get('Set-Cookie')!.split(';')[0]
}

/** The directory of PostgreSQL's server programs (initdb, pg_ctl), if they are installed. */
export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((version) => existsSync(path.join(root, version, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))
  return versions.length ? path.join(root, versions[0], 'bin') : null
}

/**
 * A PostgreSQL cluster of its own in a temporary folder, on `port`, that a test may stop and
 * start. initdb refuses root: as root, the programs run as the `postgres` user.
 */
export function throwawayCluster(bin: string, port: number) {
  const folder = mkdtempSync('/tmp/liaison-pg-')
  const dataDir = path.join(folder, 'data')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString())
    chownSync(folder, uid, gid)
  }
  const run = (program: string, args: string[]) => {
    const command = asRoot ? 'runuser' : path.join(bin, program)
    const fullArgs = asRoot ? ['-u', 'postgres', '--', path.join(bin, program), ...args] : args
    execFileSync(command, fullArgs, { stdio: 'pipe', cwd: folder })
  }
  const pgCtl = (args: string[]) => run('pg_ctl', ['-D', dataDir, '-l', path.join(folder, 'server.log'), ...args])
  run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => pgCtl(['-o', `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start']),
    stop: () => pgCtl(['-m', 'fast', '-w', 'stop']),
    remove() {
      try {
        pgCtl(['-m', 'immediate', '-w', 'stop'])
      } catch {
        // not running
      }
      rmSync(folder, { recursive: true, force: true })
    },
  }
}
