import { afterEach, describe, expect, it, vi } from 'vitest'
import { regionCodes } from '#db/schema/vocabulary'
import { seedDemoWorld } from '#db/seed/seed'
import { actorFor } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { goalsWithProgress } from '~/modules/coverage/goals.server'

describe('the demo goals', () => {
  afterEach(() => vi.useRealTimers())

  it('give every region goals for the quarter, some on track and some behind', async () => {
    const today = new Date('2026-11-20T12:00:00Z')
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(today)
    expect(await seedDemoWorld(db, { passwordHash: 'not-a-real-hash', today })).toBe(true)
    const head = actorFor(await createUser({ role: 'global_head', email: 'another-head@liaison.example' }))
    const found = await goalsWithProgress({ actor: head, period: { year: 2026, quarter: 4 } })
    expect(new Set(found.map((goal) => goal.regionCode))).toEqual(new Set(regionCodes))
    const statuses = new Set(found.map((goal) => goal.status))
    expect(statuses.has('behind')).toBe(true)
    expect(statuses.has('on_track') || statuses.has('met')).toBe(true)
    // Regions differ: at least one mostly on track and one mostly behind.
    const behindShare = (region: string) => {
      const mine = found.filter((goal) => goal.regionCode === region)
      return mine.filter((goal) => goal.status === 'behind').length / mine.length
    }
    const shares = regionCodes.map(behindShare)
    expect(Math.min(...shares)).toBeLessThan(0.5)
    expect(Math.max(...shares)).toBeGreaterThan(0.5)
  })
})
