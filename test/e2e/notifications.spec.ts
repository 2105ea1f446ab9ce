import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

/** The latest message to `to` whose subject starts with `subject`, as local mail mode wrote it. */
async function mailTo(to: string, subject: string, timeoutMs = 20_000) {
  const folder = process.env.E2E_MAIL_DIR!
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith(`-${to}.txt`)).sort()
    for (const name of names.reverse()) {
      const text = await readFile(path.join(folder, name), 'utf8')
      if (text.includes(`Subject: ${subject}`)) return text
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`No email to ${to} with the subject ${subject}`)
}

describe('notifications', () => {
  it("an officer's reminder is queued by the jobs once its time has come, shows in the outbox, and one click unsubscribes", async () => {
    const tomorrow = new Date(Date.now() + 24 * 60 * 60_000).toISOString().slice(0, 10)
    const admin = await newPage()
    await signIn(admin, 'admin@liaison.example')

    // Dana has no time zone yet (UTC); the journeys' server sends from 00:00 (NOTIFY_LOCAL_HOUR=0),
    // so a module due tomorrow is due for its "due tomorrow" reminder now, whatever the hour.
    await admin.goto('/officers?tab=all')
    await admin.getByRole('link', { name: 'Dana Whitfield' }).first().click()
    await admin.getByLabel('Assign a module').selectOption('international-requests')
    await admin.getByLabel('Due (optional)').fill(tomorrow)
    await admin.getByRole('button', { name: 'Assign and email' }).click()
    await admin
      .getByText(/International requests/)
      .first()
      .waitFor()

    // The reminders job runs every five minutes; the admin runs it now.
    await admin.goto('/admin/jobs')
    await admin.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor()
    await admin.getByRole('button', { name: 'Run now (Reminders)' }).click()
    await admin.getByText('Reminders: a run is queued.').waitFor()

    const subject = 'Due tomorrow: International requests'
    const deadline = Date.now() + 30_000
    for (;;) {
      await admin.goto('/admin/outbox?q=officer%40police.example')
      if (await admin.getByRole('link', { name: subject }).count()) break
      if (Date.now() > deadline) throw new Error('the reminder did not reach the outbox')
      await admin.waitForTimeout(1000)
    }
    // The run is listed as completed.
    await admin.goto('/admin/jobs')
    await admin.getByRole('region', { name: 'Reminders' }).getByText('completed').first().waitFor()
    expect(await seriousViolations(admin)).toEqual([])

    // The message as sent carries the one-click unsubscribe headers (RFC 8058).
    const sent = await mailTo('officer@police.example', subject)
    expect(sent).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    const unsubscribe = sent.match(/List-Unsubscribe: <(https?:\/\/[^>]+)>/)![1]

    // A mail client's one-click POST: no session, no Origin of ours.
    const oneClick = await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(oneClick.status).toBe(200)

    // Dana's settings show training emails off.
    const dana = await newPage()
    await signIn(dana, 'officer@police.example')
    await dana.goto('/settings')
    expect(await dana.getByRole('checkbox', { name: 'Training' }).isChecked()).toBe(false)
    expect(await dana.getByRole('checkbox', { name: 'Reminders' }).isChecked()).toBe(true)
    expect(pageProblems(admin)).toEqual([])
    expect(pageProblems(dana)).toEqual([])
  })
})
