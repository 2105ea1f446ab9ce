import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { users } from '#db/schema'
import { call, dataOf, headersOf, makeRequest } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import es from '~/lib/i18n/messages/es'
import fr from '~/lib/i18n/messages/fr'
import { loader } from './root'

type RootData = { locale: string; messages: unknown }
const rootOf = async (path: string, options: { cookie?: string; headers?: Record<string, string> } = {}) => {
  const result = await call(loader, makeRequest(path, options))
  return { data: dataOf<RootData>(result), headers: headersOf(result) }
}

describe('the screens’ language (root loader)', () => {
  it('follows a visitor’s browser and sends that language’s words only', async () => {
    const { data } = await rootOf('/guidelines', { headers: { 'Accept-Language': 'es-CO,es;q=0.9,en;q=0.5' } })
    expect(data.locale).toBe('es')
    expect(data.messages).toBe(es)
    const english = (await rootOf('/guidelines')).data
    expect(english.locale).toBe('en')
    // English ships with the code: nothing to send.
    expect(english.messages).toBeNull()
  })

  it('remembers the language switch (?lang=) for the pages that follow, over the browser and the settings', async () => {
    const switched = await rootOf('/guidelines?lang=fr', { headers: { 'Accept-Language': 'es' } })
    expect(switched.data.locale).toBe('fr')
    expect(switched.data.messages).toBe(fr)
    const setCookie = switched.headers.get('Set-Cookie')!
    expect(setCookie).toMatch(/^liaison_lang=fr; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly/)
    const cookie = setCookie.split(';')[0]
    const next = await rootOf('/training', { cookie, headers: { 'Accept-Language': 'es' } })
    expect(next.data.locale).toBe('fr')
    expect(next.headers.get('Set-Cookie')).toBeNull()

    const officer = await createUser({ role: 'officer' })
    await db.update(users).set({ locale: 'pt' }).where(eq(users.id, officer.id))
    const session = (await signInAs(officer)).cookie
    expect((await rootOf('/training', { cookie: session })).data.locale).toBe('pt')
    expect((await rootOf('/training', { cookie: `${session}; ${cookie}` })).data.locale).toBe('fr')
  })

  it('an officer who chose no language reads in the browser’s; the staff’s screens stay English', async () => {
    const officer = await createUser({ role: 'officer' })
    const officerCookie = (await signInAs(officer)).cookie
    expect((await rootOf('/training', { cookie: officerCookie, headers: { 'Accept-Language': 'es-CO' } })).data.locale).toBe('es')

    const lead = await createUser({ role: 'outreach_lead' })
    await db.update(users).set({ locale: 'es' }).where(eq(users.id, lead.id))
    const leadCookie = (await signInAs(lead)).cookie
    const staff = await rootOf('/home', { cookie: leadCookie, headers: { 'Accept-Language': 'es' } })
    expect(staff.data.locale).toBe('en')
    expect(staff.data.messages).toBeNull()
  })
})
