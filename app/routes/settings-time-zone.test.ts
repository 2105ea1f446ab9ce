import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { activity, users } from '#db/schema'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { action, loader } from './settings'

type Page = { timeZone: { chosen: string | null; shown: string } }

describe('/settings: time zone', () => {
  it('follows the browser until a zone is chosen, then the chosen one; "Follow my browser" goes back', async () => {
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const withBrowser = `${cookie}; tz=${encodeURIComponent('America/Chicago')}`
    expect(dataOf<Page>(await call(loader, makeRequest('/settings', { cookie }))).timeZone).toEqual({ chosen: null, shown: 'UTC' })
    expect(dataOf<Page>(await call(loader, makeRequest('/settings', { cookie: withBrowser }))).timeZone).toEqual({ chosen: null, shown: 'America/Chicago' })

    const save = await call(action, makeRequest('/settings', { cookie: withBrowser, form: { intent: 'timeZone', timeZone: 'Europe/Berlin' } }))
    expect(statusOf(save)).toBe(302)
    expect(dataOf<Page>(await call(loader, makeRequest('/settings', { cookie: withBrowser }))).timeZone).toEqual({
      chosen: 'Europe/Berlin',
      shown: 'Europe/Berlin',
    })
    const [logged] = await db.select().from(activity).where(eq(activity.userId, lead.id))
    expect(logged).toMatchObject({ name: 'user.time_zone_changed', properties: { from: null, to: 'Europe/Berlin' } })

    expect(statusOf(await call(action, makeRequest('/settings', { cookie: withBrowser, form: { intent: 'timeZone', timeZone: '' } })))).toBe(302)
    const [after] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, lead.id))
    expect(after.timeZone).toBeNull()
  })

  it('refuses a zone that does not exist with a message, and ignores a forged browser cookie', async () => {
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(lead)
    const refused = await call(action, makeRequest('/settings', { cookie, form: { intent: 'timeZone', timeZone: 'Mars/Olympus_Mons' } }))
    expect(statusOf(refused)).toBe(400)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(refused).result.error.timeZone).toEqual(['Choose a time zone from the list.'])
    const forged = `${cookie}; tz=${encodeURIComponent('<script>')}`
    expect(dataOf<Page>(await call(loader, makeRequest('/settings', { cookie: forged }))).timeZone.shown).toBe('UTC')
  })
})
