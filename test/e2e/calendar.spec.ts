import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

/** React's hydration complaints, which production builds print as minified errors (#418, #423, #425). */
function watchHydration(page: Page) {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && /hydrat|Minified React error #4(18|19|20|21|22|23|25)/i.test(message.text())) errors.push(message.text())
  })
  return errors
}

describe('the calendar', () => {
  it('a lead in Chicago moves a meeting on the week view by keyboard and sees the move on its timeline', async () => {
    const page = await newPage({ timezoneId: 'America/Chicago', locale: 'en-GB' })
    const hydrationErrors = watchHydration(page)
    await signIn(page, 'lead.us@liaison.example')
    // The root told the server the browser's zone.
    const cookies = await page.context().cookies()
    expect(cookies.find((cookie) => cookie.name === 'tz')?.value).toBe(encodeURIComponent('America/Chicago'))

    await page.goto('/calendar')
    await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor()
    await page.getByText('Times in America/Chicago.', { exact: false }).first().waitFor()
    await page.locator('.rbc-month-view').waitFor()
    await page.waitForLoadState('networkidle')
    expect(await seriousViolations(page), 'month view').toEqual([])

    // A meeting of this month, and its day (the dialog starts on it).
    const firstMove = page.getByRole('button', { name: /^Move .+…$/ }).first()
    const label = (await firstMove.getAttribute('aria-label'))!
    const title = label.slice('Move '.length, -1)
    await firstMove.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: `Move “${title}”` })
    await dialog.waitFor()
    const day = await dialog.getByLabel('Date').inputValue()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })

    await page.goto(`/calendar?view=week&date=${day}`)
    await page.locator('.rbc-time-view').waitFor()
    await page.waitForLoadState('networkidle')
    expect(await seriousViolations(page), 'week view').toEqual([])
    await page.locator('.rbc-event', { hasText: title }).first().waitFor()

    // By keyboard: focus "Move…", Enter, the date field has focus; Tab to the time, type it, Enter.
    await page
      .getByRole('button', { name: `Move ${title}…` })
      .first()
      .focus()
    await page.keyboard.press('Enter')
    await dialog.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('move-date')
    // Tab walks through the date's day, month and year, then reaches the time.
    for (let step = 0; step < 4 && (await page.evaluate(() => document.activeElement?.id)) !== 'move-time'; step++) await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('move-time')
    await page.keyboard.type('1545')
    await expect.poll(() => dialog.getByLabel('Time').inputValue()).toBe('15:45')
    await page.keyboard.press('Enter')
    await page.getByText('Engagement moved.').waitFor()
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) })
    await expect.poll(() => row.first().innerText()).toMatch(/15:45–/)

    await row.first().getByRole('link', { name: title, exact: true }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    const description = await page.locator('main header p, main p').first().innerText()
    const newStart = /· (.+?)(?: – |$)/.exec(description)?.[1]
    expect(newStart).toBeTruthy()
    await page
      .getByText(new RegExp(`changed start from .+ to ${newStart!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
      .first()
      .waitFor()
    expect(hydrationErrors).toEqual([])
    expect(pageProblems(page)).toEqual([])
  })

  it('a lead drags a meeting an hour later on the week view', async () => {
    const page = await newPage({ timezoneId: 'America/Chicago', locale: 'en-GB' })
    await signIn(page, 'lead.us@liaison.example')
    await page.goto('/calendar?view=agenda')
    await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor()
    await page.waitForLoadState('networkidle')
    const firstMove = page.getByRole('button', { name: /^Move .+…$/ }).first()
    const title = (await firstMove.getAttribute('aria-label'))!.slice('Move '.length, -1)
    await firstMove.click()
    const day = await page.getByRole('dialog').getByLabel('Date').inputValue()
    const time = await page.getByRole('dialog').getByLabel('Time').inputValue()
    await page.keyboard.press('Escape')

    await page.goto(`/calendar?view=week&date=${day}`)
    await page.locator('.rbc-time-view').waitFor()
    await page.waitForLoadState('networkidle')
    const event = page.locator('.rbc-time-view .rbc-event', { hasText: title }).first()
    await event.scrollIntoViewIfNeeded()
    const box = (await event.boundingBox())!
    // Two 30-minute slots below: one hour later.
    const slot = (await page.locator('.rbc-time-slot').first().boundingBox())!.height
    await page.mouse.move(box.x + box.width / 2, box.y + 5)
    await page.mouse.down()
    for (let step = 1; step <= 10; step++) await page.mouse.move(box.x + box.width / 2, box.y + 5 + (slot * 2 * step) / 10)
    await page.mouse.up()
    await page.getByText('Engagement moved.').waitFor()
    const [hour, minute] = time.split(':').map(Number)
    const later = `${String(hour + 1).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) })
    await expect.poll(() => row.first().innerText()).toContain(`${later}–`)
    expect(pageProblems(page)).toEqual([])
  })

  it('a zone chosen in the settings wins over the browser’s, and "Follow my browser" goes back', async () => {
    const page = await newPage({ timezoneId: 'Asia/Tokyo' })
    await signIn(page, 'lead.emea@liaison.example')
    await page.goto('/settings')
    await page.getByRole('heading', { name: 'Time zone' }).waitFor()
    await page.waitForLoadState('networkidle')
    expect(await seriousViolations(page), '/settings').toEqual([])
    await page.getByText('Now: Asia/Tokyo (from your browser).').waitFor()
    await page.getByRole('combobox', { name: 'Time zone' }).selectOption('Europe/Berlin')
    await page.getByRole('button', { name: 'Save time zone' }).click()
    await page.getByText('Time zone saved.').waitFor()
    await page.goto('/calendar?view=agenda')
    await page.getByText('Times in Europe/Berlin.', { exact: false }).first().waitFor()
    await page.goto('/settings')
    await page.getByRole('combobox', { name: 'Time zone' }).selectOption('')
    await page.getByRole('button', { name: 'Save time zone' }).click()
    await page.getByText('Now: Asia/Tokyo (from your browser).').waitFor()
    expect(pageProblems(page)).toEqual([])
  })

  it('shows the agenda without JavaScript, and officers may not open it', async () => {
    const page = await newPage({ javaScriptEnabled: false })
    await signIn(page, 'lead.us@liaison.example').catch(() => {})
    const response = await page.goto('/calendar?view=agenda')
    expect(response?.status()).toBe(200)
    await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor()
    expect(await page.locator('.rbc-calendar').count()).toBe(0)
    expect(await page.getByRole('table').count()).toBe(1)
    const officer = await newPage()
    await signIn(officer, 'officer@police.example')
    expect((await officer.goto('/calendar'))?.status()).toBe(403)
  })
})
