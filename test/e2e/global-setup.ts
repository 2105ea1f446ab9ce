import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100)
const origin = `http://localhost:${E2E_PORT}`
/** Everything the server prints, also kept here so that a spec can check what it logged. */
export const serverLogPath = path.join(tmpdir(), `liaison-e2e-${E2E_PORT}.log`)

let server: ChildProcess | undefined
let dataDir: string | undefined

async function waitForHealth(deadline: number) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${origin}/healthz`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`The app did not answer on ${origin}/healthz in time`)
}

export async function setup() {
  if (!existsSync('build/server/index.js')) throw new Error('Run `npm run build` before the browser journeys.')
  const taken = await fetch(`${origin}/healthz`).then(
    () => true,
    () => false,
  )
  if (taken) throw new Error(`Port ${E2E_PORT} is already in use; stop that server or set E2E_PORT.`)
  dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-e2e-'))
  server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      APP_ORIGIN: origin,
      PGLITE_DIR: path.join(dataDir, 'pglite'),
      DATABASE_URL: '',
      DEMO_SEED: 'true',
      RESEND_API_KEY: '',
      // Local mail mode keeps links masked in the outbox; the journeys read the messages as sent here.
      LOCAL_MAIL_DIR: path.join(dataDir, 'mail'),
      // Reminders and digests go out from midnight in each recipient's day rather than 07:00, so
      // that the notification journey does not depend on the hour it runs at.
      NOTIFY_LOCAL_HOUR: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log = createWriteStream(serverLogPath)
  server.stdout!.on('data', (chunk: Buffer) => (process.stdout.write(chunk), log.write(chunk)))
  server.stderr!.on('data', (chunk: Buffer) => (process.stderr.write(chunk), log.write(chunk)))
  await waitForHealth(Date.now() + 90_000)
  process.env.E2E_ORIGIN = origin
  process.env.E2E_MAIL_DIR = path.join(dataDir, 'mail')
}

export async function teardown() {
  if (server && server.exitCode === null) {
    // The server must finish and exit by itself within 10 seconds of SIGTERM.
    const started = Date.now()
    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)))
    server.kill('SIGTERM')
    const code = await exited
    const seconds = (Date.now() - started) / 1000
    if (code !== 0 || seconds > 10) throw new Error(`Graceful shutdown failed: exit code ${code} after ${seconds.toFixed(1)} s`)
    console.info(`[e2e] server stopped on SIGTERM in ${seconds.toFixed(1)} s`)
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  rmSync(serverLogPath, { force: true })
}
