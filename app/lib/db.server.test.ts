import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import { isDatabaseReachable } from './db.server'

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
