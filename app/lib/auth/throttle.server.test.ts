import { describe, expect, it } from 'vitest'
import { throttledReply } from './throttle.server'

describe('throttledReply', () => {
  it('says how long to wait, in minutes, in the asking page’s language', () => {
    expect(throttledReply(30).message).toBe('Too many attempts. Please wait 1 minute and try again.')
    expect(throttledReply(600).message).toBe('Too many attempts. Please wait 10 minutes and try again.')
    expect(throttledReply(600, 'es').message).toBe('Demasiados intentos. Espere 10 minutos e inténtelo de nuevo.')
    expect(throttledReply(61, 'fr').message).toBe('Trop de tentatives. Veuillez patienter 2 minutes, puis réessayer.')
    expect(throttledReply(600, 'pt').init).toEqual({ status: 429, headers: { 'Retry-After': '600' } })
  })
})
