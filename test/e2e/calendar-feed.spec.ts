import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

describe('calendar feed: create on /settings → subscribe → revoke; Add to calendar', () => {
  it('shows the feed address once, serves it as iCalendar, and stops it after a confirmed revoke', async () => {
    const page = await newPage()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await signIn(page, 'lead.emea@liaison.example')
    await page.goto('/settings')
    await page.getByRole('heading', { name: 'Calendar feed' }).waitFor()
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: 'Create feed link' }).click()
    const field = page.getByLabel('Feed address')
    await field.waitFor()
    const url = await field.inputValue()
    expect(url).toMatch(/\/calendar\.ics\?token=[a-z2-7]+\.[a-z2-7]+$/)
    await page.getByRole('button', { name: 'Copy' }).click()
    await page.getByRole('button', { name: 'Copied' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)

    expect(await seriousViolations(page)).toEqual([])

    // A calendar app fetches it without any session.
    const feed = await fetch(url)
    expect(feed.status).toBe(200)
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const text = await feed.text()
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(text).toContain('BEGIN:VEVENT')

    // Shown once: after a reload the page says a link is active, without it.
    await page.reload()
    await page.getByRole('button', { name: 'Replace link' }).waitFor()
    expect(await page.getByLabel('Feed address').count()).toBe(0)
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: 'Revoke link' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Revoke your calendar feed link?' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Revoke link' }).click()
    await page.getByText('Your calendar feed link is revoked.').waitFor()
    await page.getByRole('button', { name: 'Create feed link' }).waitFor()
    expect((await fetch(url)).status).toBe(404)
    expect(pageProblems(page)).toEqual([])
  })

  it('downloads a conference as an .ics file from its page', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')
    await page.goto('/conferences')
    await page.locator('table a[href^="/conferences/"]').first().click()
    const link = page.getByRole('link', { name: 'Add to calendar' })
    await link.waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect(download.suggestedFilename()).toMatch(/\.ics$/)
    const response = await page.request.get((await link.getAttribute('href'))!)
    expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8')
    expect(await response.text()).toContain('BEGIN:VEVENT')
    expect(pageProblems(page)).toEqual([])
  })
})
