import { describe, expect, it } from 'vitest'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { ONE_CLICK_UNSUBSCRIBE_PATH } from '~/lib/http.server'
import { getEmailPreferences } from '~/modules/notifications/preferences.server'
import { unsubscribeToken } from '~/modules/notifications/unsubscribe.server'
import { action, loader } from './unsubscribe.$token'
import { action as saveEmails } from './settings_.emails'

describe('/unsubscribe/:token', () => {
  it('asks first: opening the link changes nothing', async () => {
    const lead = await createUser({ email: 'lena@liaison.example' })
    const token = unsubscribeToken(lead.id, 'digests')
    const page = await call(loader, makeRequest(`/unsubscribe/${token}`), { token })
    expect(dataOf(page)).toEqual({ named: { email: 'lena@liaison.example', category: 'digests' } })
    expect((await getEmailPreferences(lead.id)).digests).toBe(true)
  })

  it('turns one category off on a one-click POST from a mail provider, without a session', async () => {
    const lead = await createUser()
    const token = unsubscribeToken(lead.id, 'reminders')
    // The address the outbox puts in List-Unsubscribe passes the origin check's narrow exception.
    expect(ONE_CLICK_UNSUBSCRIBE_PATH.test(`/unsubscribe/${token}`)).toBe(true)
    const oneClick = makeRequest(`/unsubscribe/${token}`, { form: { 'List-Unsubscribe': 'One-Click' } })
    const done = await call(action, oneClick, { token })
    expect(statusOf(done)).toBe(200)
    expect(await getEmailPreferences(lead.id)).toEqual({ reminders: false, digests: true, training: true, guidelines: true })
    // Posting again is harmless.
    expect(statusOf(await call(action, makeRequest(`/unsubscribe/${token}`, { form: { 'List-Unsubscribe': 'One-Click' } }), { token }))).toBe(200)
  })

  it('refuses an altered token or one of another category, and changes nothing', async () => {
    const lead = await createUser()
    const token = unsubscribeToken(lead.id, 'reminders')
    for (const forged of [token.replace('.reminders.', '.digests.'), `${token.slice(0, -2)}xx`, 'nonsense', `${lead.id}.reminders`]) {
      const answer = await call(action, makeRequest(`/unsubscribe/${forged}`, { form: { 'List-Unsubscribe': 'One-Click' } }), { token: forged })
      expect(statusOf(answer)).toBe(400)
      expect(statusOf(await call(loader, makeRequest(`/unsubscribe/${forged}`), { token: forged }))).toBe(404)
    }
    expect(Object.values(await getEmailPreferences(lead.id)).every(Boolean)).toBe(true)
  })
})

describe('/settings/emails', () => {
  it('saves the ticked categories and turns the unticked ones off', async () => {
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    const answer = await call(saveEmails, makeRequest('/settings/emails', { cookie, form: { reminders: 'on', training: 'on' } }))
    expect(statusOf(answer)).toBe(302)
    expect(await getEmailPreferences(officer.id)).toEqual({ reminders: true, digests: false, training: true, guidelines: false })
  })

  it('refuses a value that is no checkbox', async () => {
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    const answer = await call(saveEmails, makeRequest('/settings/emails', { cookie, form: { reminders: 'yes please' } }))
    expect(statusOf(answer)).toBe(400)
    expect((await getEmailPreferences(officer.id)).reminders).toBe(true)
  })
})
