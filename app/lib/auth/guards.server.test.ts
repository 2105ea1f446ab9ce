import { describe, expect, it } from 'vitest'
import { createUser, signInAs } from '#test/factories/users'
import { makeRequest } from '#test/factories/requests'
import { requestStore } from '../request-store.server'
import { getUser } from './guards.server'

describe('getUser', () => {
  it('looks the user up once per page load, although each loader gets its own copy of the request', async () => {
    const user = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(user)
    await requestStore.run(new Map(), async () => {
      // React Router hands the root loader and the route loader two different Request objects.
      const root = getUser(makeRequest('/agencies', { cookie }))
      const route = getUser(makeRequest('/agencies', { cookie }))
      expect(route).toBe(root)
      expect((await root)?.id).toBe(user.id)
    })
  })

  it('looks again for each request object of a POST, whose action may change the user', async () => {
    const user = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(user)
    await requestStore.run(new Map(), async () => {
      const action = makeRequest('/settings', { cookie, form: { intent: 'profile' } })
      const loader = makeRequest('/settings', { cookie, method: 'POST' })
      expect(getUser(action)).toBe(getUser(action))
      expect(getUser(loader)).not.toBe(getUser(action))
      expect((await getUser(loader))?.id).toBe(user.id)
    })
  })

  it('keeps two page loads apart', async () => {
    const first = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const second = await createUser({ role: 'outreach_lead', regions: ['EMEA'] })
    const [firstCookie, secondCookie] = [(await signInAs(first)).cookie, (await signInAs(second)).cookie]
    const [a, b] = await Promise.all([
      requestStore.run(new Map(), () => getUser(makeRequest('/home', { cookie: firstCookie }))),
      requestStore.run(new Map(), () => getUser(makeRequest('/home', { cookie: secondCookie }))),
    ])
    expect(a?.id).toBe(first.id)
    expect(b?.id).toBe(second.id)
  })
})
