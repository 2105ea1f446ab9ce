import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { emailOutbox, users } from '#db/schema'
import { testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { acceptInvitation, sendInvitation } from './accounts.server'
import { deliveredLinkToken } from '#test/factories/mail'

describe('invitations', () => {
  it('sends one email naming the role, whose link acceptInvitation takes once', async () => {
    const invitee = await createUser({ role: 'officer', status: 'invited', email: 'sam@plano.gov' })
    await db.transaction((tx) => sendInvitation(tx, { invitee, inviterName: 'Maria Ortiz', invitedAs: { kind: 'officer', agencyName: 'Plano PD' } }))
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.recipient, 'sam@plano.gov'))
    expect(mail).toMatchObject({ template: 'invitation' })
    expect(mail.text).toContain('Maria Ortiz invited you')
    expect(mail.text).toContain('an officer of Plano PD')
    const token = await deliveredLinkToken('sam@plano.gov', '/invitations/')

    const accepted = await acceptInvitation({ token, name: 'Sam Hill', password: 'my own long phrase', meta: testMeta })
    expect(accepted.ok).toBe(true)
    const [active] = await db.select({ status: users.status, name: users.name }).from(users).where(eq(users.id, invitee.id))
    expect(active).toEqual({ status: 'active', name: 'Sam Hill' })
    expect((await acceptInvitation({ token, name: 'Sam Hill', password: 'my own long phrase', meta: testMeta })).ok).toBe(false)
  })
})
