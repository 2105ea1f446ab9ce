import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { DEMO_PASSWORD } from '#db/seed/demo-accounts'

export const origin = process.env.E2E_ORIGIN ?? `http://localhost:${process.env.E2E_PORT ?? 3100}`

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** One browser per spec file; each test opens its own context (its own cookies). */
export function withBrowser() {
  const holder: { browser?: Browser } = {}
  beforeAll(async () => {
    holder.browser = await launchChromium()
  })
  afterAll(async () => {
    await holder.browser?.close()
  })
  return async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await holder.browser!.newContext({ ...options, baseURL: origin })
    const page = await context.newPage()
    // Any CSP violation or uncaught error in the page is a failure of the journey.
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    // Every route is in the first document's manifest (routeDiscovery 'initial'): navigating
    // never asks the server for more of it.
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/__manifest')) problems.push(`route discovery request: ${request.url()}`)
    })
    ;(page as Page & { problems: string[] }).problems = problems
    return page
  }
}

export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? []
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.getByRole('button', { name: 'Sign in' }).click()])
  // The URL changes before React has swapped the page: wait until the sign-in form is gone.
  await page.locator('form#login').waitFor({ state: 'detached' })
  await page.locator('main h1').first().waitFor()
}
