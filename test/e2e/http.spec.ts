import { describe, expect, it } from 'vitest'
import { origin } from './browser'

/** What the running production server answers at the HTTP level, where the route tests cannot see. */
describe('HTTP answers of the production server', () => {
  it('gives a throttled sign-in its 429 and Retry-After, on the page and on its .data answer', async () => {
    const attempt = (path: string) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'nobody.throttled@police.example', password: 'wrong password' }),
        redirect: 'manual',
      })
    for (let count = 0; count < 5; count++) expect((await attempt('/login')).status).toBe(400)
    const page = await attempt('/login')
    expect(page.status).toBe(429)
    expect(Number(page.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await page.text()).toContain('Too many attempts')
    const data = await attempt('/login.data')
    expect(data.status).toBe(429)
    expect(Number(data.headers.get('Retry-After'))).toBeGreaterThan(0)
  })
})
