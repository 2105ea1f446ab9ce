/**
 * `npm run bench`: load benchmark of the CRM pages against the seeded benchmark database
 * (`npm run bench:seed` first), following docs/architecture.md ("Quality bars"): production build, real
 * PostgreSQL, load generator on the same machine over loopback, 20 connections, signed in.
 *
 * For every page it reports p50 / p99 latency, requests per second, non-2xx and errors, and,
 * measured in the same run, the bare SQL time of the page's main query (the app's own module
 * function, called directly 200 times) and of the page's route loader (called directly with a
 * signed-in Request: all its queries, the sign-in check included, without rendering), with the ratio
 * page p50 / SQL p50 (the app's own overhead) — at 20 connections, and again at 1 connection
 * (the overhead without queueing). CPU per request of the server and of its PostgreSQL
 * backends, and what other processes took meanwhile, say where the time went. Every query a
 * loader sends is EXPLAIN ANALYZEd (bench/results/explain.txt, slowest first).
 *
 *   BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/liaison_bench
 *   BENCH_PORT          default 3200 (never 3000 or 3100)
 *   BENCH_DURATION      seconds measured per page (default 15), after a 3 s warm-up
 *   BENCH_BUILD=1       rebuild the app first (otherwise only when build/ is missing)
 *   BENCH_GZIP=0        do not ask for gzip (browsers do; the default asks for it)
 *   BENCH_STRICT=1      exit non-zero when a performance target is missed
 *   BENCH_NODE_FLAGS=<flags> extra Node flags for the server processes, split on spaces (e.g. --trace-gc)
 *   BENCH_ONLY=<text>   load-test only the pages whose scenario name contains <text>
 *   BENCH_CPU_PROF=1    run the server with --cpu-prof (profiles in bench/results/profiles/)
 *   WEB_CONCURRENCY     server processes (the app's default: one per core on PostgreSQL)
 *
 * Exits non-zero when the server fails to start, dies, answers a page with anything but 2xx,
 * or does not stop within 10 s of SIGTERM.
 */
import { execSync, spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { register } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import type { CurrentUser } from '../app/lib/auth/guards.server'
import { postgresOptions } from '../app/lib/postgres-url'
import { regionCodes } from '../db/schema/vocabulary'
import { searchCities } from './synthetic-names'

const benchUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liaison_bench'
const port = Number(process.env.BENCH_PORT ?? '3200')
if (!Number.isInteger(port) || port < 1024 || port > 65535 || port === 3000 || port === 3100) {
  throw new Error('BENCH_PORT must be a free port ≥ 1024 other than 3000 and 3100 (used by the dev server and the e2e tests)')
}
const origin = `http://localhost:${port}`
const base = `http://127.0.0.1:${port}`
const CONNECTIONS = 20
const WARMUP_SECONDS = 3
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? '15')
if (!(DURATION_SECONDS >= 1 && DURATION_SECONDS <= 120)) throw new Error('BENCH_DURATION must be between 1 and 120 seconds')
/** A short run with one connection: the page's own latency, without queueing behind 19 others. */
const SINGLE_CONNECTION_SECONDS = 5
const SQL_ITERATIONS = 200
const SQL_WARMUP_ITERATIONS = 10
const AGENCY_SAMPLE = 200
const gzip = process.env.BENCH_GZIP !== '0'
const strict = process.env.BENCH_STRICT === '1'
const only = process.env.BENCH_ONLY
const cpuProfile = process.env.BENCH_CPU_PROF === '1'
const resultsDir = path.resolve('bench/results')

/** The performance targets (docs/architecture.md, "Quality bars") for the pages measured here. */
const targets: Record<string, { p99Ms: number; rps: number } | undefined> = {
  '/agencies': { p99Ms: 150, rps: 200 },
  '/agencies/:agencyId': { p99Ms: 150, rps: 200 },
  '/guidelines/:slug': { p99Ms: 100, rps: 400 },
  '/training/:slug': { p99Ms: 150, rps: 200 },
  '/coverage': { p99Ms: 300, rps: 50 },
  '/coverage/:region/:country': { p99Ms: 150, rps: 50 },
  '/calendar': { p99Ms: 150, rps: 200 },
}

// The app modules read the environment when they are imported: point them at the bench database.
Object.assign(process.env, {
  DATABASE_URL: benchUrl,
  APP_ORIGIN: origin,
  PORT: String(port),
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
  EMAIL_WORKER: 'false',
  DEMO_SEED: 'false',
  COOKIE_SECRET: process.env.COOKIE_SECRET ?? 'a-bench-secret-shared-by-every-process',
})

// A hard ceiling on the whole run: every loop below is bounded, this is the belt to the braces.
const watchdog = setTimeout(() => fail('the benchmark took longer than 20 minutes'), 20 * 60_000)
watchdog.unref()

type Stats = { p50: number; p99: number; mean: number; iterations: number }
type SqlTiming = { stats?: Stats; error?: string }
type Scenario = {
  name: string
  page: string
  user: 'head' | 'lead.us' | 'officer'
  paths: string[]
  main: () => Promise<unknown>
  mainLabel: string
  /** Fewer timed calls of `main` when one takes about a second (the whole coverage dashboard). */
  mainIterations?: number
  loader: () => Promise<unknown>
}
type LoadResult = {
  singleConnection: { p50: number; p99: number; rps: number; non2xx: number; errors: number }
  p50: number
  p90: number
  p99: number
  max: number
  rps: number
  requests: number
  non2xx: number
  errors: number
  timeouts: number
  serverProcesses: number
  serverCpuMsPerRequest: number
  postgresCpuMsPerRequest: number
  loadGeneratorCpuMsPerRequest: number
  machineCpuBusyPercent: number
  otherProcessesCores: number
  loadAverageBefore: number
}
type ScenarioResult = {
  name: string
  page: string
  user: string
  example: string
  distinctPaths: number
  smoke: { status: number; bytes: number; ok: boolean; detail?: string }
  load?: LoadResult
  sqlMain: SqlTiming & { label: string }
  routeLoader: SqlTiming
  overheadRatio?: number
  overheadRatioLoader?: number
  /** One connection: page p50 / route loader p50, the overhead of rendering and HTTP without queueing. */
  overheadRatioSingleConnection?: number
  target?: { p99Ms: number; rps: number }
  targetMet?: boolean
}

let server: ReturnType<typeof spawn> | undefined
let serverExit: { code: number | null; signal: NodeJS.Signals | null } | undefined
let stoppingServer = false

function fail(message: string): never {
  console.error(`[bench] FAILED: ${message}`)
  if (server && !serverExit) server.kill('SIGKILL')
  process.exit(1)
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits

/** Calls `run` sequentially (after a warm-up) and returns its latency percentiles in ms. */
async function timeSql(run: () => Promise<unknown>, iterations = SQL_ITERATIONS): Promise<SqlTiming> {
  try {
    for (let i = 0; i < Math.min(SQL_WARMUP_ITERATIONS, iterations); i++) await run()
    const samples: number[] = []
    for (let i = 0; i < iterations; i++) {
      const started = performance.now()
      await run()
      samples.push(performance.now() - started)
    }
    samples.sort((a, b) => a - b)
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length
    return { stats: { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), mean: round(mean), iterations: samples.length } }
  } catch (error) {
    // drizzle wraps the driver's error ("Failed query: <sql>"): the cause says what went wrong.
    const cause = (error as Error & { cause?: Error }).cause
    return { error: cause ? `${cause.message} (in: ${(error as Error).message.slice(0, 120)}…)` : (error as Error).message.slice(0, 300) }
  }
}

function rotating(paths: string[]) {
  let next = 0
  return () => paths[next++ % paths.length]
}

/** CPU time (ms) of one process, from /proc (Linux). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return 0
  }
}
/** CPU time (ms) of several processes (the PostgreSQL backends, the server's processes). */
function backendsCpuMs(pids: number[]): number {
  return pids.reduce((total, pid) => total + processCpuMs(pid), 0)
}
/** The server's primary and its children: the processes it forked (WEB_CONCURRENCY), tsx's esbuild. */
function serverPids(): number[] {
  const primary = server!.pid!
  try {
    const children = execSync(`pgrep -P ${primary}`, { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number)
    return [primary, ...children]
  } catch {
    return [primary]
  }
}
function processTitle(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0].trim()
  } catch {
    return ''
  }
}
function machineCpu(): { busy: number; total: number } {
  const [line] = readFileSync('/proc/stat', 'utf8').split('\n')
  const values = line.split(/\s+/).slice(1).map(Number)
  const idle = values[3] + (values[4] ?? 0)
  const total = values.reduce((sum, value) => sum + value, 0)
  return { busy: total - idle, total }
}

async function load(paths: string[], cookie: string, seconds: number, connections = CONNECTIONS) {
  const next = rotating(paths)
  const headers: Record<string, string> = { cookie, accept: 'text/html' }
  if (gzip) headers['accept-encoding'] = 'gzip'
  return autocannon({
    url: base,
    connections,
    duration: seconds,
    headers,
    requests: [{ method: 'GET', path: paths[0], setupRequest: (request) => ({ ...request, path: next() }) }],
  })
}

async function measureLoad(paths: string[], cookie: string, backendPids: () => Promise<number[]>): Promise<LoadResult> {
  await load(paths, cookie, WARMUP_SECONDS)
  // The server's pool is open after the warm-up; its backends are the ones to watch.
  const pids = await backendPids()
  const serverProcesses = serverPids()
  const serverBefore = backendsCpuMs(serverProcesses)
  const postgresBefore = backendsCpuMs(pids)
  const runnerBefore = process.cpuUsage()
  const machineBefore = machineCpu()
  const loadBefore = os.loadavg()[0]
  const result = await load(paths, cookie, DURATION_SECONDS)
  const requests = result.requests.total
  const machineAfter = machineCpu()
  const runner = process.cpuUsage(runnerBefore)
  const serverMs = backendsCpuMs(serverProcesses) - serverBefore
  const postgresMs = backendsCpuMs(pids) - postgresBefore
  const runnerMs = (runner.user + runner.system) / 1000
  // /proc/stat counts in 1/100 s per CPU: the machine's busy time in ms, all CPUs together.
  const machineBusyMs = (machineAfter.busy - machineBefore.busy) * 10
  const single = await load(paths, cookie, SINGLE_CONNECTION_SECONDS, 1)
  return {
    singleConnection: {
      p50: single.latency.p50,
      p99: single.latency.p99,
      rps: round(single.requests.average, 1),
      non2xx: single.non2xx,
      errors: single.errors,
    },
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    rps: round(result.requests.average, 1),
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    serverProcesses: Math.max(1, serverProcesses.filter((pid) => processTitle(pid) === 'liaison-bench-server').length - 1),
    serverCpuMsPerRequest: round(serverMs / Math.max(1, requests)),
    postgresCpuMsPerRequest: round(postgresMs / Math.max(1, requests)),
    loadGeneratorCpuMsPerRequest: round(runnerMs / Math.max(1, requests)),
    machineCpuBusyPercent: round((100 * (machineAfter.busy - machineBefore.busy)) / Math.max(1, machineAfter.total - machineBefore.total), 1),
    // What the rest of the machine (other people's processes) took while we measured, in CPU cores.
    otherProcessesCores: round(Math.max(0, machineBusyMs - serverMs - postgresMs - runnerMs) / (DURATION_SECONDS * 1000), 2),
    loadAverageBefore: round(loadBefore, 2),
  }
}

async function waitForHealth() {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (serverExit) fail(`the server exited during start (code ${serverExit.code}); see bench/results/server.log`)
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) })
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  fail('the server did not answer /healthz within 60 s; see bench/results/server.log')
}

async function stopServer(): Promise<boolean> {
  if (!server || serverExit) return false
  stoppingServer = true
  const exited = new Promise<boolean>((resolve) => server!.once('exit', (code) => resolve(code === 0)))
  server.kill('SIGTERM')
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000))
  const outcome = await Promise.race([exited, timer])
  if (outcome === 'timeout') {
    server.kill('SIGKILL')
    return false
  }
  return outcome
}

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0
  const stats = statSync(entry)
  if (!stats.isDirectory()) return stats.mtimeMs
  return readdirSync(entry).reduce((newest, child) => Math.max(newest, newestChange(path.join(entry, child))), stats.mtimeMs)
}

async function main() {
  mkdirSync(resultsDir, { recursive: true })
  const sql = postgres(postgresOptions(benchUrl).url, {
    path: postgresOptions(benchUrl).path,
    max: 2,
    onnotice: () => {},
    connection: { application_name: 'liaison-bench-runner' },
  })

  // 1. The seeded database.
  let scale: Record<string, number>
  try {
    ;[scale] = await sql`
      select (select count(*) from agencies)::int as agencies, (select count(*) from contacts)::int as contacts,
             (select count(*) from engagements)::int as engagements, (select count(*) from users where role = 'officer')::int as officers,
             (select count(*) from tasks)::int as tasks, (select count(*) from activity)::int as activity,
             (select count(distinct country_code) from agencies)::int as countries,
             coalesce((select n_live_tup from pg_stat_user_tables where relname = 'training_progress'), -1)::int as training_progress`
  } catch (error) {
    fail(`cannot read the benchmark database (${(error as Error).message}); run \`npm run bench:seed\` first`)
  }
  if (scale.agencies < 20_000) fail(`only ${scale.agencies} agencies in ${new URL(benchUrl).pathname.slice(1)}; run \`npm run bench:seed\` first`)
  const [{ server_version: postgresVersion }] = await sql`show server_version`
  const settings =
    await sql`select name, setting, unit from pg_settings where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_connections', 'jit')`

  // 2. The production build.
  const buildEntry = 'build/server/index.js'
  if (!existsSync(buildEntry) || process.env.BENCH_BUILD === '1') {
    console.info('[bench] building the app (npx react-router build)…')
    execSync('npx react-router build', { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
  }
  const builtAt = statSync(buildEntry).mtime
  const sourcesChangedAt = Math.max(...['app', 'db', 'content'].map(newestChange))
  const buildStale = sourcesChangedAt > builtAt.getTime()
  if (buildStale) console.warn('[bench] warning: app/, db/ or content/ changed after the last build; set BENCH_BUILD=1 to measure the current sources')

  // 3. Nobody else on the port: we must measure our own server.
  const occupied = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  )
  if (occupied) fail(`something already answers on ${base}; stop it or set BENCH_PORT`)

  // 4. The server, exactly as production runs it (`node --import tsx server.ts`, through
  //    bench/serve.ts which only gives the process its own name).
  const log = createWriteStream(path.join(resultsDir, 'server.log'))
  const profileFlags = cpuProfile ? ['--cpu-prof', '--cpu-prof-dir', path.join(resultsDir, 'profiles')] : []
  const extraFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean)
  server = spawn(process.execPath, [...profileFlags, ...extraFlags, '--import', 'tsx', 'bench/serve.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: benchUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_ORIGIN: origin,
      EMAIL_WORKER: 'false',
      DEMO_SEED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout!.pipe(log, { end: false })
  server.stderr!.pipe(log, { end: false })
  server.on('exit', (code, signal) => {
    serverExit = { code, signal }
    if (!stoppingServer) console.error(`[bench] the server exited unexpectedly (code ${code}, signal ${signal}); see bench/results/server.log`)
  })
  await waitForHealth()
  console.info(`[bench] server up on ${base} (pid ${server.pid}), build of ${builtAt.toISOString()}${buildStale ? ' (STALE)' : ''}`)

  // Route modules import their stylesheets as URLs (`./x.css?url`, for `links()`), which only
  // Vite resolves: here each becomes a module exporting its specifier, so their loaders load.
  register(
    `data:text/javascript,${encodeURIComponent(
      'export async function resolve(specifier, context, next) { if (specifier.endsWith("?url")) return { shortCircuit: true, url: "data:text/javascript,export default " + encodeURIComponent(JSON.stringify(specifier)) }; return next(specifier, context) }',
    )}`,
  )

  // 5. Sessions for the global head and the US lead, created directly in the database.
  const { db, closeDatabase } = await import('../app/lib/db.server')
  const { commitSessionCookie, createSession } = await import('../app/lib/auth/session.server')
  const { countStaleAgencies, getAgency, listAgencies, listStaleAgencies } = await import('../app/modules/agencies/agencies.server')
  const { parseAgencyFilters } = await import('../app/modules/agencies/agencies-schema')
  const { getGuideline } = await import('../app/modules/guidelines/guidelines.server')
  const { getModuleForLearner } = await import('../app/modules/training/training.server')
  const { coverageDashboard } = await import('../app/modules/coverage/dashboard.server')
  const { countryAgencies } = await import('../app/modules/coverage/coverage.server')
  const { quarterOf } = await import('../app/modules/coverage/coverage-schema')
  const { listCalendarEvents } = await import('../app/modules/calendar/calendar.server')

  /**
   * The page's own route loader, called directly with a signed-in Request: every query the
   * page runs (sign-in check included), without rendering or HTTP. Found by its flat-routes
   * file name, or the folder form `<name>/route.tsx`.
   */
  type RouteLoader = (args: { request: Request; url: URL; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>
  const loaders = new Map<string, RouteLoader | Error>()
  async function routeLoader(routeName: string): Promise<RouteLoader> {
    if (!loaders.has(routeName)) {
      const candidates = [`app/routes/${routeName}.tsx`, `app/routes/${routeName}/route.tsx`].filter((file) => existsSync(file))
      try {
        if (!candidates.length) throw new Error(`no route file app/routes/${routeName}.tsx or app/routes/${routeName}/route.tsx`)
        const module = (await import(path.resolve(candidates[0]))) as { loader?: RouteLoader }
        if (typeof module.loader !== 'function') throw new Error(`${candidates[0]} has no loader`)
        loaders.set(routeName, module.loader)
      } catch (error) {
        loaders.set(routeName, error as Error)
      }
    }
    const found = loaders.get(routeName)!
    if (found instanceof Error) throw found
    return found
  }
  async function callLoader(routeName: string, pathname: string, cookie: string, params: Record<string, string> = {}) {
    const load = await routeLoader(routeName)
    const url = new URL(`${origin}${pathname}`)
    return load({ request: new Request(url, { headers: { cookie } }), url, params, context: { cspNonce: '', ip: '127.0.0.1' } })
  }

  const sessionIds: string[] = []
  async function signIn(email: string): Promise<{ actor: CurrentUser; cookie: string }> {
    const [user] = await sql`
      select u.id, u.email, u.name, u.role, u.locale, u.agency_id, u.officer_verification,
             coalesce(array_agg(ur.region_code) filter (where ur.region_code is not null), '{}') as regions
      from users u left join user_regions ur on ur.user_id = u.id where u.email = ${email} group by u.id`
    if (!user) fail(`no user ${email} in the benchmark database; run \`npm run bench:seed\``)
    const allRegions = user.role === 'admin' || user.role === 'global_head'
    const { token, session } = await createSession(db, { id: user.id, role: user.role }, { ip: '127.0.0.1', userAgent: 'liaison-bench' })
    sessionIds.push(session.id)
    const cookie = (await commitSessionCookie(token, session.expiresAt)).split(';')[0]
    const actor: CurrentUser = {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      locale: user.locale,
      agencyId: user.agency_id,
      officerVerification: user.officer_verification,
      regions: allRegions ? [...regionCodes] : user.regions,
      allRegions,
      timeZone: 'UTC',
      chosenTimeZone: null,
      sessionId: session.id,
    }
    return { actor, cookie }
  }
  const head = await signIn('head@liaison.example')
  const leadUs = await signIn('lead.us@liaison.example')
  const officer = await signIn('officer@police.example')

  // 6. What to request: generated city names, and agencies sampled the same way every run.
  const agencyIds = (await sql`select id from agencies where archived_at is null order by md5(id::text) limit ${AGENCY_SAMPLE}`).map((row) => row.id as string)
  const searchPaths = searchCities.map((city) => `/agencies?${new URLSearchParams({ q: city, status: 'engaged' })}`)
  const searchFilters = searchCities.map((city) => parseAgencyFilters(new URLSearchParams({ q: city, status: 'engaged' })))
  const rotate = <T>(items: T[]) => {
    let index = 0
    return () => items[index++ % items.length]
  }

  const allScenarios: Scenario[] = []
  for (const [user, who] of [
    ['head', head],
    ['lead.us', leadUs],
  ] as const) {
    const mainFilter = rotate(searchFilters)
    const loaderPath = rotate(searchPaths)
    allScenarios.push({
      name: `agencies-search-${user}`,
      page: '/agencies',
      user,
      paths: searchPaths,
      mainLabel: 'listAgencies (page of 50 + count)',
      main: () => listAgencies({ actor: who.actor, filters: mainFilter() }),
      loader: () => callLoader('agencies._index', loaderPath(), who.cookie),
    })
  }
  {
    const mainId = rotate(agencyIds)
    const loaderId = rotate(agencyIds)
    allScenarios.push({
      name: 'agency-detail-head',
      page: '/agencies/:agencyId',
      user: 'head',
      paths: agencyIds.map((id) => `/agencies/${id}`),
      mainLabel: 'getAgency',
      main: () => getAgency({ actor: head.actor, agencyId: mainId() }),
      loader: () => {
        const agencyId = loaderId()
        return callLoader('agencies.$agencyId._index', `/agencies/${agencyId}`, head.cookie, { agencyId })
      },
    })
  }
  allScenarios.push({
    name: 'home-head',
    page: '/home',
    user: 'head',
    paths: ['/home'],
    mainLabel: 'listStaleAgencies + countStaleAgencies',
    main: () => Promise.all([listStaleAgencies({ actor: head.actor }), countStaleAgencies(head.actor)]),
    loader: () => callLoader('home', '/home', head.cookie),
  })
  allScenarios.push({
    name: 'agencies-list-head',
    page: '/agencies (no filter)',
    user: 'head',
    paths: ['/agencies'],
    mainLabel: 'listAgencies (page of 50 + count)',
    main: () => listAgencies({ actor: head.actor, filters: parseAgencyFilters(new URLSearchParams()) }),
    loader: () => callLoader('agencies._index', '/agencies', head.cookie),
  })

  {
    const guidelineSlugs = ['us-legal-process', 'emergency-disclosure-requests', 'preservation-requests', 'data-we-hold']
    const mainSlug = rotate(guidelineSlugs)
    const loaderSlug = rotate(guidelineSlugs)
    allScenarios.push({
      name: 'guideline-officer',
      page: '/guidelines/:slug',
      user: 'officer',
      paths: guidelineSlugs.map((slug) => `/guidelines/${slug}`),
      mainLabel: 'getGuideline (compiled HTML + acknowledgement)',
      main: () => getGuideline({ viewer: officer.actor, slug: mainSlug(), locale: 'en' }),
      loader: () => {
        const slug = loaderSlug()
        return callLoader('guidelines.$slug', `/guidelines/${slug}`, officer.cookie, { slug })
      },
    })
  }
  {
    const moduleSlugs = ['data-request-fundamentals', 'emergency-requests', 'child-safety-referrals', 'international-requests']
    const mainSlug = rotate(moduleSlugs)
    const loaderSlug = rotate(moduleSlugs)
    allScenarios.push({
      name: 'training-officer',
      page: '/training/:slug',
      user: 'officer',
      paths: moduleSlugs.map((slug) => `/training/${slug}`),
      mainLabel: 'getModuleForLearner (section + progress)',
      main: () => getModuleForLearner({ user: officer.actor, slug: mainSlug(), locale: 'en' }),
      loader: () => {
        const slug = loaderSlug()
        return callLoader('training.$slug', `/training/${slug}`, officer.cookie, { slug })
      },
    })
  }

  for (const [user, who] of [
    ['head', head],
    ['lead.us', leadUs],
  ] as const) {
    allScenarios.push({
      name: `coverage-${user}`,
      page: '/coverage',
      user,
      paths: ['/coverage'],
      mainLabel: 'coverageDashboard, uncached (figures, goals, leads, trends, map, funnels)',
      main: () => coverageDashboard({ actor: who.actor, period: quarterOf(new Date()) }),
      mainIterations: 10,
      // The route reads the snapshot: this times the page as its readers get it.
      loader: () => callLoader('coverage._index', '/coverage', who.cookie),
    })
  }
  {
    // The countries of the US region with the most agencies: the drill-down's heaviest pages.
    const countryCodes = (
      await sql`select country_code from agencies where region_code = 'US' and archived_at is null group by country_code order by count(*) desc, country_code limit 3`
    ).map((row) => row.country_code as string)
    const mainCountry = rotate(countryCodes)
    const loaderCountry = rotate(countryCodes)
    allScenarios.push({
      name: 'coverage-country-head',
      page: '/coverage/:region/:country',
      user: 'head',
      paths: countryCodes.map((code) => `/coverage/US/${code}`),
      mainLabel: 'countryAgencies (page of 50 + count + officers trained)',
      main: () => countryAgencies({ actor: head.actor, country: mainCountry(), page: 1 }),
      loader: () => {
        const country = loaderCountry()
        return callLoader('coverage.$region.$country', `/coverage/US/${country}`, head.cookie, { region: 'US', country })
      },
    })
  }
  {
    // The month view of the US lead's regions, over the last six months (the engagements span
    // two years up to four months ahead): engagements, conferences, presentations, training dates.
    const months = Array.from({ length: 6 }, (_, back) => {
      const day = new Date()
      day.setUTCDate(15)
      day.setUTCMonth(day.getUTCMonth() - back)
      return day.toISOString().slice(0, 10)
    })
    const mainMonth = rotate(months)
    const loaderMonth = rotate(months)
    allScenarios.push({
      name: 'calendar-month-lead',
      page: '/calendar',
      user: 'lead.us',
      paths: months.map((date) => `/calendar?view=month&date=${date}`),
      mainLabel: 'listCalendarEvents (month)',
      main: () => listCalendarEvents({ actor: leadUs.actor, search: { view: 'month', date: mainMonth() }, timeZone: leadUs.actor.timeZone }),
      loader: () => callLoader('calendar', `/calendar?view=month&date=${loaderMonth()}`, leadUs.cookie),
    })
  }

  const scenarios = allScenarios.filter((scenario) => !only || scenario.name.includes(only))
  if (scenarios.length === 0) fail(`BENCH_ONLY=${only} matches none of ${allScenarios.map((scenario) => scenario.name).join(', ')}`)
  const cookieOf = (user: Scenario['user']) => ({ head, 'lead.us': leadUs, officer })[user].cookie

  // 7. One request per page first: a page that does not answer 200 is reported, not loaded.
  const results: ScenarioResult[] = []
  for (const scenario of scenarios) {
    const response = await fetch(`${base}${scenario.paths[0]}`, {
      headers: { cookie: cookieOf(scenario.user) },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    })
    const body = await response.text()
    const ok = response.status === 200
    results.push({
      name: scenario.name,
      page: scenario.page,
      user: scenario.user,
      example: scenario.paths[0],
      distinctPaths: scenario.paths.length,
      smoke: {
        status: response.status,
        bytes: body.length,
        ok,
        detail: ok ? undefined : `${response.headers.get('location') ?? ''} ${body.slice(0, 200)}`.trim(),
      },
      sqlMain: { label: scenario.mainLabel },
      routeLoader: {},
      target: targets[scenario.page],
    })
    if (!ok) console.error(`[bench] ${scenario.name}: GET ${scenario.paths[0]} answered ${response.status}; this page is not load-tested`)
  }

  // 8. EXPLAIN ANALYZE of every query each page's loader sends (captured from drizzle's logger),
  //    slowest first, so that a slow query shows with its plan.
  type Logger = { logQuery(query: string, params: unknown[]): void }
  const session = (db as unknown as { session: { logger: Logger } }).session
  const originalLogger = session.logger
  const explains: { scenario: string; query: string; params: unknown[]; executionMs?: number; plan?: string; error?: string }[] = []
  for (const scenario of scenarios) {
    const captured: { query: string; params: unknown[] }[] = []
    session.logger = { logQuery: (query, params) => captured.push({ query, params }) }
    try {
      await scenario.loader()
    } catch {
      // The timing below reports the error.
    }
    session.logger = originalLogger
    // Only reads: the sign-in check may also touch its session row, which EXPLAIN ANALYZE would run.
    for (const { query, params } of captured.filter((entry) => /^\s*(select|with)\b/i.test(entry.query))) {
      try {
        // Once to warm the cache as the load test will have it, once to measure.
        await sql.unsafe(`explain (analyze) ${query}`, params as never[])
        const rows = await sql.unsafe(`explain (analyze, buffers) ${query}`, params as never[])
        const plan = rows.map((row) => row['QUERY PLAN'] as string).join('\n')
        explains.push({ scenario: scenario.name, query, params, plan, executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0) })
      } catch (error) {
        explains.push({ scenario: scenario.name, query, params, error: (error as Error).message })
      }
    }
  }
  explains.sort((a, b) => (b.executionMs ?? Infinity) - (a.executionMs ?? Infinity))
  writeFileSync(
    path.join(resultsDir, 'explain.txt'),
    explains
      .map(
        (entry) =>
          `-- ${entry.scenario}: ${entry.executionMs ?? 'error'} ms\n${entry.query}\n-- params: ${JSON.stringify(entry.params)}\n${entry.plan ?? `ERROR: ${entry.error}`}\n`,
      )
      .join('\n'),
  )
  for (const entry of explains.slice(0, 5)) {
    console.info(`[bench] EXPLAIN ${entry.scenario}: ${entry.executionMs ?? 'error'} ms — ${entry.query.replace(/\s+/g, ' ').slice(0, 110)}…`)
  }

  // 9. Bare SQL time, sequential, with the server idle.
  for (const [index, scenario] of scenarios.entries()) {
    const result = results[index]
    result.sqlMain = { label: scenario.mainLabel, ...(await timeSql(scenario.main, scenario.mainIterations)) }
    result.routeLoader = await timeSql(scenario.loader)
    console.info(
      `[bench] SQL ${scenario.name}: main p50 ${result.sqlMain.stats?.p50 ?? result.sqlMain.error} ms, loader p50 ${result.routeLoader.stats?.p50 ?? result.routeLoader.error} ms`,
    )
  }

  // The runner's own pool is done: close it, so that only the server's backends remain.
  await closeDatabase()

  // 10. Load, one page at a time: 3 s warm-up, then the measured run.
  const backendPids = async () =>
    (
      await sql`select pid from pg_stat_activity where datname = current_database() and application_name <> 'liaison-bench-runner' and pid <> pg_backend_pid()`
    ).map((row) => row.pid as number)
  for (const [index, scenario] of scenarios.entries()) {
    const result = results[index]
    if (!result.smoke.ok) continue
    if (serverExit) break
    console.info(
      `[bench] load ${scenario.name}: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${DURATION_SECONDS} s, then 1 connection ${SINGLE_CONNECTION_SECONDS} s…`,
    )
    result.load = await measureLoad(scenario.paths, cookieOf(scenario.user), backendPids)
    const sqlP50 = result.sqlMain.stats?.p50
    const loaderP50 = result.routeLoader.stats?.p50
    if (sqlP50) result.overheadRatio = round(result.load.p50 / sqlP50, 1)
    if (loaderP50) result.overheadRatioLoader = round(result.load.p50 / loaderP50, 1)
    if (loaderP50) result.overheadRatioSingleConnection = round(result.load.singleConnection.p50 / loaderP50, 1)
    if (result.target)
      result.targetMet = result.load.p99 < result.target.p99Ms && result.load.rps >= result.target.rps && result.load.non2xx === 0 && result.load.errors === 0
    const cpu = result.load
    console.info(`        1 connection: p50 ${cpu.singleConnection.p50} ms, ${cpu.singleConnection.rps} req/s`)
    console.info(
      `        p50 ${cpu.p50} ms, p99 ${cpu.p99} ms, ${cpu.rps} req/s, non-2xx ${cpu.non2xx}, errors ${cpu.errors}; CPU ms/req server ${cpu.serverCpuMsPerRequest} (${cpu.serverProcesses} processes), postgres ${cpu.postgresCpuMsPerRequest}, autocannon ${cpu.loadGeneratorCpuMsPerRequest}; machine ${cpu.machineCpuBusyPercent}% busy, other processes ${cpu.otherProcessesCores} cores`,
    )
  }

  // 11. Clean up and stop.
  await sql`delete from sessions where id in ${sql(sessionIds)}`
  const died = Boolean(serverExit)
  const stoppedCleanly = died ? false : await stopServer()
  log.end()

  const report = {
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: round(os.totalmem() / 1024 ** 3, 1),
      node: process.version,
      postgres: postgresVersion,
      postgresSettings: Object.fromEntries(settings.map((row) => [row.name, `${row.setting}${row.unit ? ` ${row.unit}` : ''}`])),
    },
    dataScale: scale,
    setup: {
      connections: CONNECTIONS,
      singleConnectionSeconds: SINGLE_CONNECTION_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      durationSeconds: DURATION_SECONDS,
      sqlIterations: SQL_ITERATIONS,
      gzip,
      loopback: base,
      build: { builtAt: builtAt.toISOString(), stale: buildStale },
    },
    results,
    slowestQueries: explains
      .slice(0, 10)
      .map((entry) => ({ scenario: entry.scenario, executionMs: entry.executionMs, query: entry.query.slice(0, 400), error: entry.error })),
    server: { diedDuringRun: died, stoppedWithin10s: stoppedCleanly },
  }
  writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`)
  await sql.end()

  printTable(report.results)
  console.info(
    `\n[bench] ${scale.agencies.toLocaleString('en')} agencies, ${scale.contacts.toLocaleString('en')} contacts, ${scale.engagements.toLocaleString('en')} engagements, ${scale.officers.toLocaleString('en')} officers; ${os.cpus().length} CPUs, Node ${process.version}, PostgreSQL ${postgresVersion}`,
  )
  console.info(`[bench] results: bench/results/latest.json, query plans: bench/results/explain.txt, server log: bench/results/server.log`)

  const problems: string[] = []
  if (died) problems.push('the server died during the run')
  else if (!stoppedCleanly) problems.push('the server did not stop cleanly within 10 s of SIGTERM')
  for (const result of results) {
    if (!result.smoke.ok) problems.push(`${result.name} answered ${result.smoke.status}`)
    else if (!result.load) problems.push(`${result.name} was not measured`)
    else if (result.load.non2xx || result.load.errors || result.load.singleConnection.non2xx || result.load.singleConnection.errors)
      problems.push(`${result.name}: ${result.load.non2xx} non-2xx, ${result.load.errors} errors`)
    if (strict && result.targetMet === false) problems.push(`${result.name} misses its performance target`)
  }
  if (problems.length) fail(problems.join('; '))
  clearTimeout(watchdog)
}

function printTable(results: ScenarioResult[]) {
  const cell = (value: number | string | undefined) => (value === undefined ? '—' : String(value))
  const lines = [
    '| page | user | p50 ms | p99 ms | req/s | non-2xx | errors | main SQL p50 ms | page/SQL | route loader p50 ms | page/loader | 1-conn p50 ms | 1-conn/loader | CPU ms/req server + PG | target | met |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  for (const result of results) {
    const target = result.target ? `p99 < ${result.target.p99Ms} ms, ≥ ${result.target.rps} req/s` : '—'
    const met = result.targetMet === undefined ? (result.smoke.ok ? '—' : `no (HTTP ${result.smoke.status})`) : result.targetMet ? 'yes' : 'no'
    lines.push(
      `| ${result.page} | ${result.user} | ${cell(result.load?.p50)} | ${cell(result.load?.p99)} | ${cell(result.load?.rps)} | ${cell(result.load?.non2xx)} | ${cell(result.load?.errors)} | ${cell(result.sqlMain.stats?.p50 ?? (result.sqlMain.error ? 'error' : undefined))} | ${cell(result.overheadRatio)} | ${cell(result.routeLoader.stats?.p50 ?? (result.routeLoader.error ? 'error' : undefined))} | ${cell(result.overheadRatioLoader)} | ${cell(result.load?.singleConnection.p50)} | ${cell(result.overheadRatioSingleConnection)} | ${result.load ? `${result.load.serverCpuMsPerRequest} + ${result.load.postgresCpuMsPerRequest}` : '—'} | ${target} | ${met} |`,
    )
  }
  console.info(`\n${lines.join('\n')}`)
  for (const result of results) {
    if (result.sqlMain.error) console.info(`\n${result.name} main SQL error: ${result.sqlMain.error}`)
  }
}

await main().catch((error: unknown) => fail((error as Error).stack ?? String(error)))
