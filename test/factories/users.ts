import { userRegions, users } from '#db/schema'
import type { RegionCode, Role } from '#db/schema/vocabulary'
import { hashPassword } from '~/lib/auth/password.server'
import { createSession, commitSessionCookie } from '~/lib/auth/session.server'
import { db } from '~/lib/db.server'

export const TEST_PASSWORD = 'correct horse battery staple'
let testPasswordHash: Promise<string> | undefined

let sequence = 0

export type TestUserOptions = {
  role?: Role
  regions?: RegionCode[]
  email?: string
  name?: string
  status?: 'invited' | 'active' | 'deactivated'
  password?: string
}

export async function createUser(options: TestUserOptions = {}) {
  sequence += 1
  const role = options.role ?? 'outreach_lead'
  testPasswordHash ??= hashPassword(TEST_PASSWORD)
  const passwordHash = options.password ? await hashPassword(options.password) : await testPasswordHash
  const [user] = await db
    .insert(users)
    .values({
      email: options.email ?? `person${sequence}@liaison.example`,
      name: options.name ?? `Test Person ${sequence}`,
      role,
      status: options.status ?? 'active',
      passwordHash,
      officerVerification: role === 'officer' ? 'verified' : null,
      emailVerifiedAt: new Date(),
    })
    .returning()
  const regions = options.regions ?? (role === 'outreach_lead' ? ['US'] : [])
  if (regions.length) await db.insert(userRegions).values(regions.map((regionCode) => ({ userId: user.id, regionCode })))
  return user
}

/** A session for the user and the Cookie header that carries it. */
export async function signInAs(user: { id: string; role: Role }) {
  const { token, session } = await createSession(db, user, { ip: '198.51.100.7' })
  const setCookie = await commitSessionCookie(token, session.absoluteExpiresAt)
  return { token, session, cookie: setCookie.split(';')[0] }
}
