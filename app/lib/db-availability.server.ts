import type postgres from 'postgres'
import { UNSAFE_ErrorResponseImpl as ErrorResponseImpl } from 'react-router'

/** Seconds a client is asked to wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5

/**
 * Thrown by every query while PostgreSQL cannot be reached. It is a route error response with
 * status 503, so that a loader or action that meets it answers 503 with the friendly
 * "temporarily unavailable" page (never the generic 500, never a stack trace), with no
 * try/catch in any route.
 */
export class DatabaseUnavailableError extends ErrorResponseImpl {
  readonly name = 'DatabaseUnavailableError'
  readonly message: string
  readonly cause: unknown

  constructor(cause?: unknown) {
    super(503, 'Service Unavailable', 'The database is not answering.')
    this.cause = cause
    const reason = cause instanceof Error ? `: ${cause.message}` : ''
    this.message = `The database is unreachable${reason}`
  }

  toString() {
    return `${this.name}: ${this.message}`
  }
}

export function isDatabaseUnavailable(error: unknown): error is DatabaseUnavailableError {
  return error instanceof DatabaseUnavailableError
}

/** Socket and postgres.js errors that mean the server is not there (not that a query was wrong). */
const connectionErrorCodes = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // The Unix socket of a stopped server is gone.
  'ENOENT',
  // SQLSTATE: shutting down, crashed, starting up, too many connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
])

/** The error and the errors it wraps (drizzle wraps a driver's error in its own, as `cause`). */
function* causes(error: unknown) {
  for (let depth = 0; depth < 5 && error != null; depth++) {
    yield error
    error = (error as { cause?: unknown }).cause
  }
}

function hasCode(error: unknown, test: (code: string) => boolean) {
  for (const each of causes(error)) {
    const code = (each as { code?: unknown }).code
    if (typeof code === 'string' && test(code)) return true
  }
  return false
}

/** True for an error that says the database cannot be reached (any SQLSTATE of class 08, too). */
export function isConnectionError(error: unknown): boolean {
  return hasCode(error, (code) => connectionErrorCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code))
}

/** A statement the server cancelled (statement_timeout): the database is there but overloaded. */
function isStatementTimeout(error: unknown) {
  return hasCode(error, (code) => code === '57014')
}

/** The DatabaseUnavailableError inside an error, if there is one. */
export function outageIn(error: unknown): DatabaseUnavailableError | undefined {
  for (const each of causes(error)) if (each instanceof DatabaseUnavailableError) return each
  return undefined
}

type Log = Pick<Console, 'error' | 'info'>

/**
 * What a process knows about its database: up, or down since a connection failed. While it is
 * down, queries fail at once with DatabaseUnavailableError instead of each waiting for a
 * connection attempt, and a probe tries the database every `retryMs` until it answers again.
 */
export class DatabaseAvailability {
  #down = false
  #probing: Promise<void> | null = null
  /** Queries waiting for an answer that give up as soon as the database is known to be down. */
  readonly #waiting = new Set<(error: DatabaseUnavailableError) => void>()
  #stopped = false

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly options: { retryMs: number; log?: Log } = { retryMs: 500 },
  ) {}

  get isDown() {
    return this.#down
  }

  /** Records a failed connection and starts probing (once, however many queries failed). */
  markDown(cause: unknown) {
    if (this.#down || this.#stopped) return
    this.#down = true
    this.options.log?.error(`[db] the database is unreachable; answering 503 until it is back (${describe(cause)})`)
    // postgres.js fails the queries queued on a pool connection one per connection attempt;
    // their requests need not wait for that.
    for (const giveUp of this.#waiting) giveUp(new DatabaseUnavailableError(cause))
    this.#waiting.clear()
    this.#probing = this.#probeUntilUp()
  }

  async #probeUntilUp() {
    while (this.#down && !this.#stopped) {
      await new Promise((resolve) => setTimeout(resolve, this.options.retryMs).unref())
      if (this.#stopped) return
      try {
        await this.probe()
        this.#down = false
        this.options.log?.info('[db] the database answers again')
      } catch {
        // still away: try again after the delay
      }
    }
  }

  /** Ends the probing (shutdown). */
  async stop() {
    this.#stopped = true
    await this.#probing
  }

  /**
   * Runs one database call: fails fast while the database is down, turns connection failures
   * and statement timeouts into DatabaseUnavailableError, and gives up after `timeoutMs`
   * (calling `onTimeout`, which should cancel the query) when the server does not answer.
   * With `leaveOnOutage`, the call also gives up as soon as another one finds the database
   * down (for single statements; a transaction runs to its own end, commit or rollback).
   */
  async guard<T>(
    run: () => PromiseLike<T>,
    { timeoutMs, onTimeout, leaveOnOutage = false }: { timeoutMs?: number; onTimeout?: () => void; leaveOnOutage?: boolean } = {},
  ): Promise<T> {
    if (this.#down) throw new DatabaseUnavailableError()
    let timer: NodeJS.Timeout | undefined
    let giveUp: ((error: DatabaseUnavailableError) => void) | undefined
    try {
      const result = Promise.resolve(run())
      const racers: Promise<T>[] = [result]
      if (timeoutMs) {
        racers.push(
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              onTimeout?.()
              reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }))
            }, timeoutMs)
          }),
        )
      }
      if (leaveOnOutage) {
        racers.push(
          new Promise<never>((_, reject) => {
            giveUp = reject
            this.#waiting.add(reject)
          }),
        )
      }
      if (racers.length > 1) result.catch(() => {})
      return await Promise.race(racers)
    } catch (error) {
      const outage = outageIn(error)
      if (outage) throw outage
      if (isConnectionError(error)) {
        this.markDown(error)
        throw new DatabaseUnavailableError(error)
      }
      if (isStatementTimeout(error)) throw new DatabaseUnavailableError(error)
      throw error
    } finally {
      clearTimeout(timer)
      if (giveUp) this.#waiting.delete(giveUp)
    }
  }
}

function describe(error: unknown) {
  if (error instanceof Error) return `${(error as { code?: string }).code ?? error.name}: ${error.message}`
  return String(error)
}

/**
 * The postgres.js client as drizzle should see it: every query and transaction guarded by
 * `availability`, and plain queries prepared once per connection (see db.server.ts). A query
 * with no answer after `queryTimeoutMs` is cancelled.
 */
export function guardedClient(client: postgres.Sql, availability: DatabaseAvailability, { queryTimeoutMs }: { queryTimeoutMs: number }): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'begin') {
        return (...args: Parameters<postgres.Sql['begin']>) => availability.guard(() => target.begin(...args))
      }
      if (property !== 'unsafe') return Reflect.get(target, property, receiver)
      return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) => {
        // postgres.js runs a query when it is awaited; drizzle awaits either the query or its
        // `.values()`. Both are kept, each run through the guard.
        let pending: postgres.PendingQuery<postgres.Row[]> | undefined
        const start = () => (pending ??= target.unsafe(query, parameters, { ...options, prepare: true }))
        const run = (values: boolean) =>
          availability.guard(() => (values ? start().values() : start()), {
            timeoutMs: queryTimeoutMs,
            onTimeout: () => void pending?.cancel(),
            leaveOnOutage: true,
          })
        let settled: Promise<unknown> | undefined
        return {
          values: () => run(true),
          then: (resolve?: (value: unknown) => unknown, reject?: (reason: unknown) => unknown) => (settled ??= run(false)).then(resolve, reject),
        }
      }
    },
  })
}

type PreparedQuery = { execute(...args: unknown[]): Promise<unknown>; all(...args: unknown[]): Promise<unknown> }

/**
 * drizzle wraps the error of every failed query in its own DrizzleQueryError, which React
 * Router would answer with a 500. The session of `database` is given a `prepareQuery` that
 * unwraps a DatabaseUnavailableError, so that an outage reaches the route as a 503. Every query
 * of a drizzle database, relational ones included, is prepared through its one session.
 */
export function surfaceOutages<T extends object>(database: T): T {
  const session = (database as unknown as { session: { prepareQuery(...args: unknown[]): PreparedQuery } }).session
  const prepare = session.prepareQuery.bind(session)
  const rethrow = (error: unknown) => {
    throw outageIn(error) ?? error
  }
  session.prepareQuery = (...args: unknown[]) => {
    const prepared = prepare(...args)
    const execute = prepared.execute.bind(prepared)
    const all = prepared.all.bind(prepared)
    prepared.execute = (...values: unknown[]) => execute(...values).catch(rethrow)
    prepared.all = (...values: unknown[]) => all(...values).catch(rethrow)
    return prepared
  }
  return database
}
