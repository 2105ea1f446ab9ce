import { afterEach, describe, expect, it, vi } from 'vitest'
import { now, today } from './clock.server'

describe('clock', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('tells today in UTC from the moved clock', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-01T23:59:59.999Z'))
    expect(now().toISOString()).toBe('2026-03-01T23:59:59.999Z')
    expect(today()).toBe('2026-03-01')
    vi.setSystemTime(new Date('2026-03-02T00:00:00Z'))
    expect(today()).toBe('2026-03-02')
  })

  it('tells the day of a given instant, whatever the offset it was written with', () => {
    expect(today(new Date('2026-07-04T21:30:00-05:00'))).toBe('2026-07-05')
  })
})
