import { sha256 } from '@oslojs/crypto/sha2'
import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { sessions } from '#db/schema'
import { createUser } from '#test/factories/users'
import { db } from '../db.server'
import { createSession, invalidateUserSessions, sessionLimits, touchSession, validateSessionToken } from './session.server'

const MINUTE = 60_000

describe('sessions', () => {
  it('stores only the SHA-256 of the secret, and the secret carries at least 128 random bits', async () => {
    const user = await createUser()
    const { token } = await createSession(db, user)
    const [id, secret] = token.split('.')
    expect(secret.length * 5).toBeGreaterThanOrEqual(128) // base32: 5 bits a character
    const [row] = await db.select().from(sessions).where(eq(sessions.id, id))
    expect(Buffer.from(row.secretHash)).toEqual(Buffer.from(sha256(new TextEncoder().encode(secret))))
    expect(JSON.stringify(row)).not.toContain(secret)
  })

  it('refuses a token whose secret does not match, and a malformed token', async () => {
    const user = await createUser()
    const { token } = await createSession(db, user)
    const [id, secret] = token.split('.')
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a')
    expect(await validateSessionToken(`${id}.${flipped}`)).toBeNull()
    expect(await validateSessionToken(id)).toBeNull()
    expect(await validateSessionToken(`${token}.extra`)).toBeNull()
    expect(await validateSessionToken(token)).not.toBeNull()
  })

  it('ends a staff session after 30 idle minutes, and slides while it is used', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = new Date('2026-03-02T09:00:00Z')
    vi.setSystemTime(start)
    const user = await createUser({ role: 'outreach_lead' })
    const { token } = await createSession(db, user)

    vi.setSystemTime(start.getTime() + 25 * MINUTE)
    const used = await validateSessionToken(token)
    expect(used).not.toBeNull()
    await touchSession(used!, user.role)

    vi.setSystemTime(start.getTime() + 50 * MINUTE) // 25 minutes after the last use
    expect(await validateSessionToken(token)).not.toBeNull()

    vi.setSystemTime(start.getTime() + 25 * MINUTE + 31 * MINUTE) // 31 idle minutes
    expect(await validateSessionToken(token)).toBeNull()
  })

  it('ends a staff session 12 hours after sign-in however active it is', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = new Date('2026-03-02T08:00:00Z')
    vi.setSystemTime(start)
    const user = await createUser({ role: 'admin' })
    const { token } = await createSession(db, user)
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      vi.setSystemTime(start.getTime() + minutes * MINUTE)
      const session = await validateSessionToken(token)
      expect(session, `alive after ${minutes} minutes`).not.toBeNull()
      await touchSession(session!, user.role)
    }
    vi.setSystemTime(start.getTime() + sessionLimits.staff.absoluteMs)
    expect(await validateSessionToken(token)).toBeNull()
  })

  it('gives officers 8 idle hours and 7 days in all', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const start = new Date('2026-03-02T08:00:00Z')
    vi.setSystemTime(start)
    const officer = await createUser({ role: 'officer' })
    const { token } = await createSession(db, officer)
    vi.setSystemTime(start.getTime() + 7 * 60 * MINUTE)
    const session = await validateSessionToken(token)
    expect(session).not.toBeNull()
    await touchSession(session!, officer.role)
    vi.setSystemTime(start.getTime() + 7 * 60 * MINUTE + 8 * 60 * MINUTE + MINUTE)
    expect(await validateSessionToken(token)).toBeNull()

    const second = await createSession(db, officer)
    const secondStart = Date.now()
    for (let hours = 6; hours < 7 * 24; hours += 6) {
      vi.setSystemTime(secondStart + hours * 60 * MINUTE)
      await touchSession((await validateSessionToken(second.token))!, officer.role)
    }
    vi.setSystemTime(secondStart + sessionLimits.officer.absoluteMs)
    expect(await validateSessionToken(second.token)).toBeNull()
  })

  it('ends every session of a user, or all but one', async () => {
    const user = await createUser()
    const first = await createSession(db, user)
    const second = await createSession(db, user)
    await invalidateUserSessions(db, user.id, first.session.id)
    expect(await validateSessionToken(first.token)).not.toBeNull()
    expect(await validateSessionToken(second.token)).toBeNull()
    await invalidateUserSessions(db, user.id)
    expect(await validateSessionToken(first.token)).toBeNull()
  })
})
