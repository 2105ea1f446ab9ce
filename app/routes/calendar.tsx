import { parseWithZod } from '@conform-to/zod/v4'
import { CalendarPlus } from 'lucide-react'
import { lazy, Suspense, useEffect, useState } from 'react'
import { data, Form, Link, useActionData, useLoaderData, useLocation, useNavigate, useSubmit } from 'react-router'
import calendarStyles from 'react-big-calendar/lib/css/react-big-calendar.css?url'
import dragAndDropStyles from 'react-big-calendar/lib/addons/dragAndDrop/styles.css?url'
import appCalendarStyles from '~/modules/calendar/calendar.css?url'
import type { Route } from './+types/calendar'
import { regionCodes } from '#db/schema/vocabulary'
import { FilterSelect } from '~/components/filter-select'
import { PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { CalendarAgenda } from '~/modules/calendar/calendar-agenda'
import {
  calendarEventKindLabels,
  calendarEventKinds,
  calendarSearchSchema,
  calendarViews,
  moveEngagementSchema,
  wallClockText,
  type CalendarView,
} from '~/modules/calendar/calendar-schema'
import { listCalendarEvents, type CalendarEvent } from '~/modules/calendar/calendar.server'
import { MoveDialog } from '~/modules/calendar/move-dialog'
import { moveEngagement, searchStaffOptions } from '~/modules/engagements/engagements.server'
import { zonedLocalToUtc } from '~/modules/engagements/local-time'

// The calendar's code loads only here, and only in the browser (see BigCalendar).
const BigCalendar = lazy(() => import('~/modules/calendar/big-calendar'))

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: calendarStyles },
  { rel: 'stylesheet', href: dragAndDropStyles },
  { rel: 'stylesheet', href: appCalendarStyles },
]

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const search = calendarSearchSchema.parse(Object.fromEntries(url.searchParams))
  const [calendar, staff] = await Promise.all([listCalendarEvents({ actor, search, timeZone: actor.timeZone }), searchStaffOptions('', 100)])
  return {
    ...calendar,
    search,
    timeZone: actor.timeZone,
    regions: actor.regions,
    staff: staff.map((person) => ({ value: person.id, label: person.name })),
  }
}

const conflictMessage = 'Someone changed this engagement after the calendar was loaded: it now shows their version. Move it again if you still need to.'

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const submission = parseWithZod(await readFormData(request), { schema: moveEngagementSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), message: 'Enter a real date and time to move it to.' }, { status: 400 })
  const { engagementId, version, date, time, returnTo } = submission.value
  const outcome = await moveEngagement({
    actor,
    engagementId,
    version,
    startsAt: zonedLocalToUtc(`${date}T${time}`, actor.timeZone),
    meta: requestMeta(request, context),
  })
  if (!outcome.ok && outcome.reason === 'not_found') throw new Response('Not found.', { status: 404 })
  if (!outcome.ok && outcome.reason === 'conflict') return data({ result: submission.reply(), message: conflictMessage }, { status: 409 })
  if (!outcome.ok)
    return data(
      { result: submission.reply({ fieldErrors: outcome.fieldErrors }), message: 'The engagement cannot be saved as it is: open it to fix it.' },
      { status: 400 },
    )
  const back = returnTo?.startsWith('/calendar') && !returnTo.startsWith('//') ? returnTo : '/calendar'
  return redirectWithToast(back, { kind: 'success', message: 'Engagement moved.' })
}

export const meta: Route.MetaFunction = () => [{ title: 'Calendar · Liaison' }]

const viewLabels: Record<CalendarView, string> = { month: 'Month', week: 'Week', day: 'Day', agenda: 'Agenda' }

export default function CalendarPage() {
  const { events, view, date, from, to, search, timeZone, regions, staff } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const location = useLocation()
  const navigate = useNavigate()
  const submit = useSubmit()
  const [hydrated, setHydrated] = useState(false)
  const [moving, setMoving] = useState<CalendarEvent | null>(null)
  useEffect(() => setHydrated(true), [])
  const returnTo = `${location.pathname}${location.search}`

  const go = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams(location.search)
    for (const [name, value] of Object.entries(changes)) {
      if (value) params.set(name, value)
      else params.delete(name)
    }
    navigate(`/calendar?${params}`)
  }

  return (
    <div>
      <PageHeader
        title="Calendar"
        description={`Engagements, conferences and their deadlines, presentations and officers' training due dates${regions.length < regionCodes.length ? ` in ${regions.join(', ')}` : ''}. Times in ${timeZone}.`}
        actions={
          <Link to="/engagements/new" className="btn-primary">
            <CalendarPlus aria-hidden size={16} /> Log engagement
          </Link>
        }
      />
      <Form method="get" className="card mb-4 grid items-end gap-3 sm:grid-cols-7" aria-label="Calendar filters">
        <FilterSelect name="view" label="View" value={view} anyLabel={null} options={calendarViews.map((value) => ({ value, label: viewLabels[value] }))} />
        <div>
          <label htmlFor="filter-date" className="mb-1 block text-xs font-medium text-muted">
            Date
          </label>
          <input id="filter-date" name="date" type="date" defaultValue={date} className="input" />
        </div>
        <FilterSelect name="region" label="Region" value={search.region ?? ''} options={regions.map((code) => ({ value: code, label: code }))} />
        <FilterSelect
          name="kind"
          label="Kind"
          value={search.kind ?? ''}
          options={calendarEventKinds.map((value) => ({ value, label: calendarEventKindLabels[value] }))}
        />
        <FilterSelect name="owner" label="Person" value={search.owner ?? ''} options={staff} />
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="mine" value="1" defaultChecked={search.mine === '1'} /> Mine only
        </label>
        <button type="submit" className="btn-secondary">
          Show
        </button>
      </Form>
      {actionData?.message ? (
        <p role="alert" className="mb-4 rounded-md border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger">
          {actionData.message}
        </p>
      ) : null}
      {hydrated ? (
        <Suspense fallback={<p className="mb-4 text-sm text-muted">Loading the calendar…</p>}>
          <div className="mb-6">
            <BigCalendar
              events={events}
              view={view}
              date={date}
              onNavigate={(next, nextView) => go({ view: nextView, date: wallClockText(next).slice(0, 10) })}
              onOpen={(event) => navigate(event.href)}
              onDrop={(event, start) => {
                if (!event.move) return
                const at = wallClockText(start)
                const form = new FormData()
                for (const [name, value] of Object.entries({
                  intent: 'move',
                  engagementId: event.move.engagementId,
                  version: String(event.move.version),
                  date: at.slice(0, 10),
                  time: at.slice(11),
                  returnTo,
                }))
                  form.set(name, value)
                submit(form, { method: 'post' })
              }}
              onSelectSlot={(start) => {
                // A day picked in the month view has no hour: the form starts at 09:00.
                const at = view === 'month' ? `${wallClockText(start).slice(0, 10)}T09:00` : wallClockText(start)
                navigate(`/engagements/new?${new URLSearchParams({ startsAt: at, timeZone })}`)
              }}
            />
          </div>
        </Suspense>
      ) : null}
      <h2 className="mb-2 text-lg font-semibold">
        Events from {from} to {to}
      </h2>
      <CalendarAgenda events={events} timeZone={timeZone} interactive={hydrated} onMove={setMoving} />
      <MoveDialog event={moving} timeZone={timeZone} returnTo={returnTo} onClose={() => setMoving(null)} />
    </div>
  )
}
