import { describe, expect, it } from 'vitest'
import { loader } from './healthz'

describe('/healthz', () => {
  it('answers 200 with db ok when the database answers', async () => {
    const response = await loader()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ db: 'ok' })
  })
})
