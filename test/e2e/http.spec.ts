import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '#db/seed/demo-accounts'
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

  it('sends exactly one Cache-Control, no-store, on pages, CSV exports and certificate PDFs', async () => {
    const signIn = async (email: string) => {
      const response = await fetch(`${origin}/login`, {
        method: 'POST',
        headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
        redirect: 'manual',
      })
      expect(response.status).toBe(302)
      return response.headers.get('Set-Cookie')!.split(';')[0]
    }
    const staff = await signIn('lead.us@liaison.example')
    // Rafael holds a certificate of the child-safety module in the demo world.
    const officer = await signIn('officer2@police.example')
    for (const [path, cookie] of [
      ['/home', staff],
      ['/agencies.csv', staff],
      ['/import/sample/agencies', staff],
      ['/training/child-safety-referrals/certificate.pdf', officer],
    ] as const) {
      const response = await fetch(`${origin}${path}`, { headers: { Cookie: cookie } })
      expect(response.status, path).toBe(200)
      // fetch joins repeated headers with ", ": one header reads exactly "no-store".
      expect(response.headers.get('Cache-Control'), path).toBe('no-store')
    }
  })
})
