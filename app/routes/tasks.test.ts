import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { engagements, tasks } from '#db/schema'
import { createAgency } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import * as agencyPage from './agencies.$agencyId._index'
import * as engagementPage from './engagements.$engagementId._index'
import * as homePage from './home'
import { action, loader } from './tasks'

const DAY = 24 * 60 * 60_000
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10)

type TasksPage = {
  tasks: { id: string; title: string; dueOn: string | null; status: string }[]
  total: number
  page: number
  pageCount: number
  counts: { open: number; overdue: number }
}

async function signedIn() {
  const user = await createUser({ role: 'outreach_lead', regions: ['US'] })
  return { user, cookie: (await signInAs(user)).cookie }
}

/** 120 open tasks: 30 overdue, 60 due later, 30 without a date; and 3 done. */
async function manyTasks(assigneeId: string) {
  const rows = []
  for (let index = 0; index < 120; index += 1) {
    const number = String(index).padStart(3, '0')
    if (index < 30) rows.push({ title: `Overdue ${number}`, dueOn: dateIn(-30 + index), assigneeId })
    else if (index < 90) rows.push({ title: `Later ${number}`, dueOn: dateIn(index - 29), assigneeId })
    else rows.push({ title: `Undated ${number}`, dueOn: null, assigneeId })
  }
  for (let index = 0; index < 3; index += 1)
    rows.push({ title: `Done ${index}`, dueOn: dateIn(-1), assigneeId, status: 'done' as const, doneAt: new Date(Date.now() - index * DAY) })
  await db.insert(tasks).values(rows)
}

async function page(cookie: string, query = '') {
  return dataOf<TasksPage>(await call(loader, makeRequest(`/tasks${query}`, { cookie })))
}

describe('/tasks', () => {
  it('pages through my open tasks 50 at a time, overdue first across the pages', async () => {
    const { user, cookie } = await signedIn()
    await manyTasks(user.id)
    const other = await createUser({ role: 'outreach_lead' })
    await db.insert(tasks).values({ title: 'Someone else’s', dueOn: dateIn(-100), assigneeId: other.id })

    const first = await page(cookie)
    expect(first).toMatchObject({ total: 120, page: 1, pageCount: 3, counts: { open: 120, overdue: 30 } })
    expect(first.tasks).toHaveLength(50)
    const second = await page(cookie, '?page=2')
    const third = await page(cookie, '?page=3')
    expect(second.tasks).toHaveLength(50)
    expect(third.tasks).toHaveLength(20)
    const titles = [...first.tasks, ...second.tasks, ...third.tasks].map((task) => task.title)
    // Every task once, overdue first (oldest first), then by due date, undated last.
    expect(new Set(titles).size).toBe(120)
    expect(titles.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, index) => `Overdue ${String(index).padStart(3, '0')}`))
    expect(titles.slice(30, 90).every((title) => title.startsWith('Later'))).toBe(true)
    expect(titles.slice(90)).toEqual(Array.from({ length: 30 }, (_, index) => `Undated ${String(index + 90).padStart(3, '0')}`))
    expect(titles).not.toContain('Someone else’s')
  })

  it('keeps the tab in the pages: done tasks, latest first; all of them', async () => {
    const { user, cookie } = await signedIn()
    await manyTasks(user.id)
    expect((await page(cookie, '?show=done')).tasks.map((task) => task.title)).toEqual(['Done 0', 'Done 1', 'Done 2'])
    expect(await page(cookie, '?show=all&page=3')).toMatchObject({ total: 123, page: 3, pageCount: 3 })
    // Malformed paging is page 1.
    expect(await page(cookie, '?page=-2&show=bogus')).toMatchObject({ page: 1, total: 120 })
  })

  it('completes a task from the list; an emptied last page leads to the one before', async () => {
    const { user, cookie } = await signedIn()
    const agency = await createAgency()
    await db.insert(tasks).values(
      Array.from({ length: 51 }, (_, index) => ({
        title: `Task ${String(index).padStart(2, '0')}`,
        dueOn: dateIn(index),
        assigneeId: user.id,
        agencyId: agency.id,
      })),
    )
    const last = await page(cookie, '?page=2')
    expect(last.tasks.map((task) => task.title)).toEqual(['Task 50'])

    const completed = await call(action, makeRequest('/tasks?page=2', { cookie, form: { intent: 'complete', taskId: last.tasks[0].id } }))
    expect(statusOf(completed)).toBe(200)
    const [row] = await db.select().from(tasks).where(eq(tasks.id, last.tasks[0].id))
    expect(row).toMatchObject({ status: 'done', doneAt: expect.any(Date) })

    // The list revalidates on page 2, which is now past the end.
    const revalidated = (await call(loader, makeRequest('/tasks?page=2', { cookie }))) as Response
    expect(revalidated.status).toBe(302)
    expect(revalidated.headers.get('Location')).toBe('/tasks?page=1')
    expect(await page(cookie)).toMatchObject({ total: 50, pageCount: 1, counts: { open: 50 } })

    // Reopened, it is back where it was.
    await call(action, makeRequest('/tasks', { cookie, form: { intent: 'reopen', taskId: last.tasks[0].id } }))
    expect((await page(cookie, '?page=2')).tasks.map((task) => task.title)).toEqual(['Task 50'])
  })

  it('refuses to complete a task the user may not see', async () => {
    const { cookie } = await signedIn()
    const stranger = await createUser({ role: 'outreach_lead', regions: ['EMEA'] })
    const emeaAgency = await createAgency({ countryCode: 'FR' })
    const [task] = await db.insert(tasks).values({ title: 'Theirs', assigneeId: stranger.id, agencyId: emeaAgency.id }).returning()
    expect(statusOf(await call(action, makeRequest('/tasks', { cookie, form: { intent: 'complete', taskId: task.id } })))).toBe(404)
    const [row] = await db.select().from(tasks).where(eq(tasks.id, task.id))
    expect(row.status).toBe('open')
  })

  it('every page with a task list gives it the server’s today, which decides what is overdue', async () => {
    // A minute before midnight UTC: a browser's clock elsewhere would already be on another day.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2031-03-04T23:59:00Z'))
    const user = await createUser({ role: 'global_head' })
    const { cookie } = await signInAs(user)
    const agency = await createAgency({ name: 'Tulsa Police Department' })
    const [engagement] = await db
      .insert(engagements)
      .values({ kind: 'meeting', title: 'Quarterly review', startsAt: new Date('2031-03-01T15:00:00Z'), timeZone: 'UTC' })
      .returning({ id: engagements.id })
    const pages = [
      await call(loader, makeRequest('/tasks', { cookie })),
      await call(homePage.loader, makeRequest('/home', { cookie })),
      await call(agencyPage.loader, makeRequest(`/agencies/${agency.id}`, { cookie }), { agencyId: agency.id }),
      await call(engagementPage.loader, makeRequest(`/engagements/${engagement.id}`, { cookie }), { engagementId: engagement.id }),
    ]
    expect(pages.map((page) => dataOf<{ today: string }>(page).today)).toEqual(['2031-03-04', '2031-03-04', '2031-03-04', '2031-03-04'])
  })
})
