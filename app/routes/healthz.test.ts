import { describe, expect, it, vi } from 'vitest'
import * as database from '~/lib/db.server'
import { loader } from './healthz'

describe('/healthz', () => {
  it('answers 200 with db ok when the database answers', async () => {
    const response = await loader()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ db: 'ok' })
  })

  it('answers 503 with Retry-After when the database does not', async () => {
    const reachable = vi.spyOn(database, 'isDatabaseReachable').mockResolvedValue(false)
    try {
      const response = await loader()
      expect(response.status).toBe(503)
      expect(Number(response.headers.get('Retry-After'))).toBeGreaterThan(0)
      expect(await response.json()).toEqual({ db: 'unreachable' })
    } finally {
      reachable.mockRestore()
    }
  })
})
