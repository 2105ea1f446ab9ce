import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import pLimit from 'p-limit'
import postgres from 'postgres'
import * as schema from '#db/schema'
import { DatabaseAvailability, guardedClient, surfaceOutages } from './db-availability.server'
import { env } from './env.server'
import { type FolderLock, lockFolder } from './folder-lock.server'
import { postgresOptions } from './postgres-url'
import { singleton } from './singleton.server'

/**
 * The one place that knows which driver is in use: postgres.js when DATABASE_URL is set,
 * the embedded PGlite otherwise. Everything else sees a drizzle `Database`.
 */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
/** A function that writes takes this, so that callers can run it inside their transaction. */
export type Executor = Database | Transaction

const migrationsFolder = path.resolve('db/migrations')

type Connection =
  | { kind: 'postgres'; db: Database; client: postgres.Sql; availability: DatabaseAvailability }
  | { kind: 'pglite'; db: Database; client: PGlite; lock: FolderLock | null }

/**
 * drizzle sends every query as an unnamed statement, parsed and planned again each time,
 * unless the query was given a name. postgres.js can instead prepare each distinct SQL text
 * once per connection and reuse it: the hot queries are the same text on every request, and
 * parsing and planning cost the database more CPU than running them (bench/README.md, ADR 008).
 * Transactions keep drizzle's default. `guardedClient` does that, and bounds every query in time
 * and answers 503 at once while the database is away (db-availability.server.ts).
 */
function connect(): Connection {
  if (env.DATABASE_URL) {
    const { url, path } = postgresOptions(env.DATABASE_URL)
    const client = postgres(url, {
      path,
      max: env.DATABASE_POOL_MAX,
      idle_timeout: 30,
      // A database that is down or does not answer fails a request in seconds, never hangs it.
      connect_timeout: env.DATABASE_CONNECT_TIMEOUT,
      keep_alive: 10,
      // postgres.js waits longer and longer between attempts to reconnect (up to 20 s), and a
      // query queued meanwhile waits with it: the database's return is seen within a second.
      backoff: () => 0.25,
      connection: {
        statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
        idle_in_transaction_session_timeout: 60_000,
      },
      onnotice: () => {},
    })
    const availability = new DatabaseAvailability(() => client`select 1`, { retryMs: 500, log: console })
    // The server cancels a statement after statement_timeout; the client stops waiting a little
    // later, for a server that does not answer at all.
    const guarded = guardedClient(client, availability, { queryTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS + 2_000 })
    return { kind: 'postgres', client, availability, db: surfaceOutages(drizzlePostgres(guarded, { schema })) as unknown as Database }
  }
  const inMemory = env.PGLITE_DIR.startsWith('memory://')
  if (!inMemory) mkdirSync(env.PGLITE_DIR, { recursive: true })
  // One process per folder: a second PGlite on the same files would corrupt them (ADR 011).
  const lock = inMemory ? null : lockFolder(env.PGLITE_DIR)
  const client = new PGlite({ dataDir: inMemory ? undefined : env.PGLITE_DIR, extensions: { pg_trgm } })
  return { kind: 'pglite', client, lock, db: drizzlePglite(client, { schema }) as unknown as Database }
}

const connection = singleton('database', connect)

export const db: Database = connection.db
export const databaseKind = connection.kind

/**
 * A query built on first use and kept: for a prepared statement (`.prepare(name)` with
 * `sql.placeholder`) that runs on every request, whose SQL text and result mapping drizzle
 * would otherwise build again each time.
 */
export function buildOnce<T>(build: () => T): () => T {
  let built: T | undefined
  return () => (built ??= build())
}

/**
 * Long transactions (an import, an export) run one at a time in a process: each holds a pooled
 * connection from start to end, and the pool is small (DATABASE_POOL_MAX, ADR 008), so pages
 * always keep the other connections. Jobs must not nest.
 */
const longJobs = pLimit(1)
export function runLongJob<T>(job: () => Promise<T>): Promise<T> {
  return longJobs(job)
}

/** A transaction that is a long job. */
export function longTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  return runLongJob(() => db.transaction(work))
}

/** Applies pending migrations; with several instances starting at once, one migrates. */
export async function migrateDatabase() {
  if (connection.kind === 'pglite') {
    await migratePglite(connection.db as never, { migrationsFolder })
    return
  }
  // One connection holds the advisory lock and runs the migrations, so that several
  // instances starting together migrate one after another.
  const { url, path } = postgresOptions(env.DATABASE_URL!)
  const single = postgres(url, { path, max: 1, onnotice: () => {} })
  try {
    await single`select pg_advisory_lock(7301)`
    await migratePostgres(drizzlePostgres(single), { migrationsFolder })
    await single`select pg_advisory_unlock(7301)`
  } finally {
    await single.end()
  }
}

/** True when the database answers a trivial query within the timeout. */
export async function isDatabaseReachable(timeoutMs = 2000, database: Pick<Database, 'execute'> = db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  const ping = database.execute(sql`select 1`).then(
    () => true,
    () => false,
  )
  try {
    return await Promise.race([ping, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export async function closeDatabase() {
  if (connection.kind === 'postgres') {
    await connection.availability.stop()
    await connection.client.end({ timeout: 5 })
    return
  }
  await connection.client.close()
  connection.lock?.release()
}

/** What pg-boss needs to reach a database: its own pool's settings, or a function that runs SQL. */
export type JobQueueDatabase =
  | { kind: 'postgres'; connectionString: string }
  | { kind: 'pglite'; executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount?: number }> }

/**
 * The job queue's way to the database (ADR 014). On PostgreSQL pg-boss opens its own small `pg`
 * pool on DATABASE_URL (it cannot use postgres.js). On PGlite it shares the app's one
 * connection: a statement with parameters goes through `query`, a script of several (pg-boss's
 * migrations and queue creation, wrapped in BEGIN … COMMIT) through `exec`.
 */
export function jobQueueDatabase(): JobQueueDatabase {
  if (connection.kind === 'postgres') return { kind: 'postgres', connectionString: env.DATABASE_URL! }
  const client = connection.client
  return {
    kind: 'pglite',
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const result = await client.query(text, values)
        return { rows: result.rows, rowCount: result.affectedRows }
      }
      try {
        const results = await client.exec(text)
        const last = results.at(-1)
        return { rows: last?.rows ?? [], rowCount: last?.affectedRows }
      } catch (error) {
        // A script that failed between its BEGIN and COMMIT would leave the one shared
        // connection in an aborted transaction: end it (a no-op when none is open).
        await client.exec('rollback')
        throw error
      }
    },
  }
}
