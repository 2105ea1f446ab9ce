import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import { isDatabaseReachable, jobQueueDatabase, runLongJob } from './db.server'
import { postgresOptions } from './postgres-url'

describe('database health', () => {
  it('is reachable in the test setup', async () => {
    expect(await isDatabaseReachable()).toBe(true)
  })

  it('reports an unreachable server instead of throwing', async () => {
    // Nothing listens on port 1 of the loopback address.
    const client = postgres('postgres://postgres@127.0.0.1:1/none', { max: 1, connect_timeout: 1, onnotice: () => {} })
    try {
      expect(await isDatabaseReachable(3000, drizzle(client))).toBe(false)
    } finally {
      await client.end({ timeout: 1 })
    }
  })
})

describe('postgres.js options from DATABASE_URL', () => {
  it('keeps a TCP address as it is', () => {
    expect(postgresOptions('postgres://postgres@127.0.0.1:5432/liaison')).toEqual({ url: 'postgres://postgres@127.0.0.1:5432/liaison' })
  })

  it('reads a libpq-style ?host=/directory as the Unix socket in that directory', () => {
    expect(postgresOptions('postgres://postgres@localhost/liaison?host=/var/run/postgresql')).toEqual({
      url: 'postgres://postgres@localhost/liaison',
      path: '/var/run/postgresql/.s.PGSQL.5432',
    })
    expect(postgresOptions('postgres://postgres@localhost:5433/liaison?host=/tmp/&application_name=x').path).toBe('/tmp/.s.PGSQL.5433')
  })
})

describe('long jobs (imports, exports)', () => {
  it('run one at a time, in the order asked, each to its end even when one fails', async () => {
    const events: string[] = []
    const job =
      (name: string, fail = false) =>
      async () => {
        events.push(`${name} starts`)
        await new Promise((resolve) => setTimeout(resolve, 5))
        events.push(`${name} ends`)
        if (fail) throw new Error(`${name} failed`)
        return name
      }
    const results = await Promise.allSettled([runLongJob(job('import')), runLongJob(job('export', true)), runLongJob(job('second export'))])
    expect(events).toEqual(['import starts', 'import ends', 'export starts', 'export ends', 'second export starts', 'second export ends'])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  })
})

describe("the job queue's way to the database", () => {
  it('runs statements with parameters and scripts, and leaves no failed script’s transaction open', async () => {
    const queue = jobQueueDatabase()
    if (queue.kind === 'postgres') {
      // pg-boss opens its own pool on the same database.
      expect(queue.connectionString).toBe(process.env.DATABASE_URL)
      return
    }
    expect((await queue.executeSql('select $1::int + 1 as answer', [41])).rows).toEqual([{ answer: 42 }])
    expect((await queue.executeSql('select 1 as one; select 2 as two')).rows).toEqual([{ two: 2 }])
    await expect(queue.executeSql('begin; select 1; select * from no_such_table; commit;')).rejects.toThrow(/no_such_table/)
    // The shared connection is usable again: the app's next query is not refused as "in a failed transaction".
    expect((await queue.executeSql('select $1::text as still', ['fine'])).rows).toEqual([{ still: 'fine' }])
    expect(await isDatabaseReachable()).toBe(true)
  })
})
