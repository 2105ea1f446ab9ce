import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loginAttempts, sessions } from '#db/schema'
import { createUser } from '#test/factories/users'
import { createSession } from '~/lib/auth/session.server'
import { takeAttempt } from '~/lib/auth/throttle.server'
import { db } from '~/lib/db.server'
import { runMaintenance } from './maintenance.server'

const DAY = 24 * 60 * 60_000

describe('maintenance', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('deletes expired sessions and old sign-in attempts, and keeps the live ones', async () => {
    const user = await createUser()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(Date.now() - 60 * DAY))
    const expired = await createSession(db, user)
    await takeAttempt('login', { account: user.email, ip: '192.0.2.1' })
    vi.useRealTimers()
    const live = await createSession(db, user)
    await takeAttempt('login', { account: user.email, ip: '192.0.2.2' })

    await runMaintenance()

    const sessionIds = (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id))).map((row) => row.id)
    expect(sessionIds).toEqual([live.token.split('.')[0]])
    expect(expired.token.split('.')[0]).not.toBe(live.token.split('.')[0])
    const attemptKeys = (await db.select({ key: loginAttempts.key }).from(loginAttempts)).map((row) => row.key).sort()
    expect(attemptKeys).toEqual([`account:${user.email.toLowerCase()}`, 'ip:192.0.2.2'])
  })
})
