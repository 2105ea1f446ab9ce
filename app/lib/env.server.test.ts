import { describe, expect, it } from 'vitest'
import { availableParallelism } from 'node:os'
import { parseEnv } from './env.server'

describe('environment', () => {
  it('has defaults for a newcomer: port 3000, embedded database, demo data', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({ PORT: 3000, APP_ORIGIN: 'http://localhost:3000', PGLITE_DIR: './data/pglite', DEMO_SEED: true, EMAIL_WORKER: true })
    expect(env.DATABASE_URL).toBeUndefined()
  })

  it('turns demo data off by default with a real database', () => {
    expect(parseEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/liaison' }).DEMO_SEED).toBe(false)
    expect(parseEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/liaison', DEMO_SEED: 'true' }).DEMO_SEED).toBe(true)
  })

  it('stops with a message that names each wrong variable', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
    expect(() => parseEnv({ DEMO_SEED: 'maybe' })).toThrow(/DEMO_SEED/)
    expect(() => parseEnv({ APP_ORIGIN: 'not a url' })).toThrow(/APP_ORIGIN/)
  })

  it('sends notifications from 07:00 local unless told another hour of the day', () => {
    expect(parseEnv({}).NOTIFY_LOCAL_HOUR).toBe(7)
    expect(parseEnv({ NOTIFY_LOCAL_HOUR: '0' }).NOTIFY_LOCAL_HOUR).toBe(0)
    expect(() => parseEnv({ NOTIFY_LOCAL_HOUR: '24' })).toThrow(/NOTIFY_LOCAL_HOUR/)
    expect(() => parseEnv({ NOTIFY_LOCAL_HOUR: 'morning' })).toThrow(/NOTIFY_LOCAL_HOUR/)
  })

  it('keeps only the origin of APP_ORIGIN', () => {
    expect(parseEnv({ APP_ORIGIN: 'https://liaison.example.org/some/path' }).APP_ORIGIN).toBe('https://liaison.example.org')
  })
})

describe('server processes (WEB_CONCURRENCY)', () => {
  const postgresUrl = 'postgres://postgres@127.0.0.1:5432/liaison'
  const secret = 'x'.repeat(32)

  it('runs one process on the embedded database and in development', () => {
    expect(parseEnv({ NODE_ENV: 'production' }).WEB_CONCURRENCY).toBe(1)
    expect(parseEnv({ DATABASE_URL: postgresUrl }).WEB_CONCURRENCY).toBe(1)
  })

  it('runs one process per core in production on PostgreSQL, unless told otherwise', () => {
    expect(parseEnv({ NODE_ENV: 'production', DATABASE_URL: postgresUrl, COOKIE_SECRET: secret }).WEB_CONCURRENCY).toBe(availableParallelism())
    expect(parseEnv({ NODE_ENV: 'production', DATABASE_URL: postgresUrl, COOKIE_SECRET: secret, WEB_CONCURRENCY: '3' }).WEB_CONCURRENCY).toBe(3)
  })

  it('refuses production on PostgreSQL without a shared COOKIE_SECRET', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', DATABASE_URL: postgresUrl })).toThrow(/COOKIE_SECRET/)
    expect(() => parseEnv({ NODE_ENV: 'production' })).not.toThrow()
  })

  it('refuses several processes on the embedded database', () => {
    expect(() => parseEnv({ WEB_CONCURRENCY: '2' })).toThrow(/WEB_CONCURRENCY: more than one process needs DATABASE_URL/)
    expect(() => parseEnv({ WEB_CONCURRENCY: '0' })).toThrow(/WEB_CONCURRENCY/)
  })
})

describe('connections per process (DATABASE_POOL_MAX)', () => {
  it('keeps a few by default so that a page’s queries share them, and takes another count', () => {
    expect(parseEnv({}).DATABASE_POOL_MAX).toBe(3)
    expect(parseEnv({ DATABASE_POOL_MAX: '12' }).DATABASE_POOL_MAX).toBe(12)
    expect(() => parseEnv({ DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/)
    expect(() => parseEnv({ DATABASE_POOL_MAX: 'many' })).toThrow(/DATABASE_POOL_MAX/)
  })
})

describe('proxies in front (TRUST_PROXY)', () => {
  it('trusts none by default', () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false)
    expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false)
  })

  it('takes a number of hops, or the proxies’ addresses and ranges', () => {
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1)
    expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.0.2.7', 'loopback'])
    expect(parseEnv({ TRUST_PROXY: 'fd00::/8' }).TRUST_PROXY).toEqual(['fd00::/8'])
  })

  it('refuses "true", which would believe the address a client writes itself, and anything unreadable', () => {
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: name the proxies/)
    expect(() => parseEnv({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/)
    expect(() => parseEnv({ TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY/)
  })
})
