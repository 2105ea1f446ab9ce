/**
 * How long /forgot-password takes to answer for an address with an account and for one
 * without (issue #10: the answer's time told which addresses have an account). Runs the
 * route's action in this process on a throwaway embedded database (or on DATABASE_URL),
 * alternating the two addresses, N times each, and prints the median and p90 of each.
 *
 *   npx tsx bench/forgot-password.ts            # N = 200
 *   BENCH_N=500 npx tsx bench/forgot-password.ts
 *
 * Between two requests (not timed) the throttle's rows are deleted and the background work of
 * the last request is awaited, so that each answer is measured alone.
 */
export {}

process.env.NODE_ENV ??= 'production'
process.env.EMAIL_WORKER = 'false'
process.env.DEMO_SEED = 'false'
process.env.PGLITE_DIR = process.env.DATABASE_URL ? (process.env.PGLITE_DIR ?? './data/pglite') : 'memory://'
delete process.env.RESEND_API_KEY

const rounds = Number(process.env.BENCH_N ?? '200')

const { db, migrateDatabase, closeDatabase } = await import('../app/lib/db.server')
const { seedReferenceData } = await import('../db/seed/seed')
const { loginAttempts, users } = await import('../db/schema')
const { hashPassword } = await import('../app/lib/auth/password.server')
// The same script measures a build from before the background work existed (nothing to wait for there).
const background = await import('../app/lib/background.server').then(
  (module) => ({ settle: module.settleBackgroundWork }),
  () => ({ settle: async () => {} }),
)
const { action } = await import('../app/routes/forgot-password')
const { eq } = await import('drizzle-orm')

await migrateDatabase()
await seedReferenceData(db)
const known = 'bench.known@liaison.example'
const unknown = 'bench.unknown@liaison.example'
await db.delete(users).where(eq(users.email, known))
await db
  .insert(users)
  .values({ email: known, name: 'Bench Known', role: 'outreach_lead', status: 'active', passwordHash: await hashPassword('a bench password') })

async function once(email: string) {
  const request = new Request('http://localhost:3000/forgot-password', { method: 'POST', body: new URLSearchParams({ email }) })
  const started = performance.now()
  const answer = await (action as (args: unknown) => Promise<unknown>)({
    request,
    params: {},
    context: { cspNonce: 'bench', ip: '203.0.113.50' },
    url: new URL(request.url),
  })
  const elapsed = performance.now() - started
  const status = (answer as { init?: { status?: number } } | null)?.init?.status ?? 200
  if (status !== 200) throw new Error(`/forgot-password answered ${status}`)
  await background.settle()
  await db.delete(loginAttempts)
  return elapsed
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]

// Warm-up: module loading, first queries, the first email render.
for (let index = 0; index < 10; index++) await once(index % 2 ? known : unknown)
const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] }
for (let index = 0; index < rounds; index++) {
  times.known.push(await once(known))
  times.unknown.push(await once(unknown))
}
console.info(`/forgot-password, ${rounds} answers each, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}:`)
console.info('| address | median | p90 |')
console.info('|---|---|---|')
for (const [name, values] of Object.entries(times)) {
  console.info(`| ${name === 'known' ? 'has an account' : 'no account'} | ${quantile(values, 0.5).toFixed(2)} ms | ${quantile(values, 0.9).toFixed(2)} ms |`)
}
await closeDatabase()
