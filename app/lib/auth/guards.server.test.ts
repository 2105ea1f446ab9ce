import { describe, expect, it } from 'vitest'
import { createUser, signInAs } from '#test/factories/users'
import { makeRequest } from '#test/factories/requests'
import { requestStore } from '../request-store.server'
import { getUser, pagePathOf, requireStaff } from './guards.server'

describe('getUser', () => {
  it('looks the user up once per page load, even when each loader gets its own copy of the request', async () => {
    const user = await createUser({ role: 'outreach_lead', regions: ['US'] })
    const { cookie } = await signInAs(user)
    await requestStore.run(new Map(), async () => {
      // Two Request objects for one page, as React Router made them before v8_passThroughRequests.
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
      const forAction = getUser(action)
      const forLoader = getUser(loader)
      expect(getUser(action)).toBe(forAction)
      expect(forLoader).not.toBe(forAction)
      // Both are awaited: a lookup still running after the test would meet the next test's reset.
      expect((await forAction)?.id).toBe(user.id)
      expect((await forLoader)?.id).toBe(user.id)
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

describe('the way back after signing in', () => {
  it('names the page, not the data request or the form post React Router made for it', () => {
    expect(pagePathOf(makeRequest('/agencies.data?q=fbi&_routes=routes%2Fagencies._index'))).toBe('/agencies?q=fbi')
    expect(pagePathOf(makeRequest('/_root.data'))).toBe('/')
    expect(pagePathOf(makeRequest('/officers?index&tab=pending'))).toBe('/officers?tab=pending')
    expect(pagePathOf(makeRequest('/agencies/6f1c/edit'))).toBe('/agencies/6f1c/edit')
  })

  it('sends a visitor whose client navigation needs a session to sign in, then back to that page', async () => {
    const thrown = await requireStaff(makeRequest('/agencies.data?status=engaged&_routes=root')).catch((error: unknown) => error)
    expect(thrown).toBeInstanceOf(Response)
    const location = new URL((thrown as Response).headers.get('Location')!, 'http://localhost')
    expect(location.pathname).toBe('/login')
    expect(location.searchParams.get('redirectTo')).toBe('/agencies?status=engaged')
  })
})
