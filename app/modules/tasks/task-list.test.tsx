import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TaskList, type TaskRowData } from './task-list'

const task: TaskRowData = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Send the slides',
  dueOn: '2030-06-15',
  status: 'open',
  agencyId: null,
  agencyName: null,
  engagementId: null,
  assigneeName: 'Ana',
}

/** The list as the server renders it (its rows need a router for their links and fetchers). */
async function render(today: string) {
  const handler = createStaticHandler([{ path: '/', Component: () => <TaskList tasks={[task]} today={today} empty="None." /> }])
  const context = await handler.query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToString(<StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />)
}

describe('TaskList', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('marks a task overdue by the loader’s today, whatever the browser’s clock says', async () => {
    // A clock years after the due date: only the loader's day decides.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2045-01-01T12:00:00Z'))
    expect(await render('2030-06-15')).not.toContain('Overdue')
    expect(await render('2030-06-16')).toContain('Overdue')

    // And a clock years before it.
    vi.setSystemTime(new Date('2001-01-01T12:00:00Z'))
    expect(await render('2030-06-14')).not.toContain('Overdue')
    expect(await render('2030-07-01')).toContain('Overdue')
  })
})
