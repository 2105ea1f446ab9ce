import { describe, expect, it } from 'vitest'
import { zoneOf } from './time-zone'

describe('zoneOf', () => {
  it('reads a missing or unknown zone as UTC and keeps a known one', () => {
    expect(zoneOf({ timeZone: null })).toBe('UTC')
    expect(zoneOf({ timeZone: 'Not/AZone' })).toBe('UTC')
    expect(zoneOf({ timeZone: 'America/Bogota' })).toBe('America/Bogota')
  })
})
