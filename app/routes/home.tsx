import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/home'
import { CalendarPlus } from 'lucide-react'
import { DateTime } from '~/components/date-time'
import { EmptyState, PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { now, today } from '~/lib/clock.server'
import { GoalFigure, GoalStatusBadge } from '~/components/goal-progress'
import { quarterLabel, quarterOf } from '~/modules/coverage/coverage-schema'
import { goalsWithProgress } from '~/modules/coverage/goals.server'
import { roleLabels } from '~/lib/auth/permissions'
import { countStaleAgencies, listStaleAgencies } from '~/modules/agencies/agencies.server'
import { listUpcomingConferences } from '~/modules/conferences/conferences.server'
import { engagementKindLabels } from '~/modules/engagements/engagements-schema'
import { listMyUpcomingEngagements } from '~/modules/engagements/engagements.server'
import { formatInZone } from '~/modules/engagements/local-time'
import { listMyRegions } from '~/modules/regions/regions.server'
import { TaskList } from '~/modules/tasks/task-list'
import { countMyOpenTasks, listMyTasks } from '~/modules/tasks/tasks.server'
import { countWaitingOfficers } from '~/modules/officers/officers.server'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireStaff(request)
  const period = quarterOf(now())
  const [regions, engagements, conferences, tasks, taskCounts, staleAgencies, staleTotal, goals, officersWaiting] = await Promise.all([
    listMyRegions(user),
    listMyUpcomingEngagements(user),
    listUpcomingConferences({ actor: user }),
    listMyTasks({ actor: user, limit: 8 }),
    countMyOpenTasks(user),
    listStaleAgencies({ actor: user }),
    countStaleAgencies(user),
    // The quarter's goals of the user's regions, with their progress (computed only when some are set).
    goalsWithProgress({ actor: user, period }),
    countWaitingOfficers(user),
  ])
  return {
    user: { name: user.name, role: user.role, allRegions: user.allRegions },
    regions,
    engagements,
    conferences,
    tasks,
    taskCounts,
    staleAgencies,
    staleTotal,
    goals,
    officersWaiting,
    period: quarterLabel(period),
    today: today(),
  }
}

export const meta: Route.MetaFunction = () => [{ title: 'Home · Liaison' }]

export default function HomePage() {
  const { user, regions, engagements, conferences, tasks, taskCounts, staleAgencies, staleTotal, goals, officersWaiting, period, today } =
    useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader
        title={`Welcome, ${user.name.split(' ')[0]}`}
        description={`${roleLabels[user.role]} · ${user.allRegions ? 'all regions' : regions.map((region) => region.code).join(', ') || 'no regions assigned'}`}
        actions={
          <Link to="/engagements/new" className="btn-primary">
            <CalendarPlus aria-hidden size={16} /> Log engagement
          </Link>
        }
      />
      {officersWaiting > 0 ? (
        <p role="status" className="card mb-6 flex flex-wrap items-center justify-between gap-3 text-sm">
          <span>
            <strong className="tabular-nums">{officersWaiting.toLocaleString('en')}</strong>{' '}
            {officersWaiting === 1 ? 'officer is waiting for you to verify their account.' : 'officers are waiting for you to verify their accounts.'}
          </span>
          <Link to="/officers?tab=queue" className="btn-secondary">
            Open the verification queue
          </Link>
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="next-heading" className="card lg:col-span-2">
          <h2 id="next-heading" className="mb-3 text-lg font-semibold">
            My next engagements and conferences
          </h2>
          {engagements.length === 0 ? (
            <EmptyState title="Nothing scheduled">Engagements you attend appear here before they happen.</EmptyState>
          ) : (
            <ul className="divide-y divide-line">
              {engagements.map((engagement) => (
                <li key={engagement.id} className="py-2 text-sm">
                  <Link to={`/engagements/${engagement.id}`} className="font-medium">
                    {engagement.title}
                  </Link>
                  <span className="block text-muted">
                    {formatInZone(engagement.startsAt, engagement.timeZone)} · {engagementKindLabels[engagement.kind]} · {engagement.agencyNames.join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3 className="mt-5 mb-2 font-semibold">Conferences ahead</h3>
          {conferences.length === 0 ? (
            <p className="text-sm text-muted">No conference planned in your regions.</p>
          ) : (
            <ul className="divide-y divide-line">
              {conferences.map((conference) => (
                <li key={conference.id} className="flex justify-between gap-2 py-2 text-sm">
                  <span>
                    <Link to={`/conferences/${conference.id}`} className="font-medium">
                      {conference.name}
                    </Link>
                    {conference.presenting ? (
                      <span className="ml-2 rounded bg-accent-soft px-1.5 py-0.5 text-xs font-medium text-accent">You present</span>
                    ) : null}
                  </span>
                  <span className="shrink-0 text-muted">
                    <DateTime value={conference.startsOn} dateOnly /> · {conference.city} · {conference.status}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="tasks-heading" className="card">
          <div className="mb-3 flex items-baseline justify-between">
            <h2 id="tasks-heading" className="text-lg font-semibold">
              My open tasks
            </h2>
            <Link to="/tasks" className="text-sm">
              {taskCounts.open} open{taskCounts.overdue ? ` · ${taskCounts.overdue} overdue` : ''}
            </Link>
          </div>
          <TaskList tasks={tasks} today={today} empty="No open tasks. Well done." />
        </section>
        <section aria-labelledby="goals-heading" className="card lg:col-span-3">
          <div className="mb-3 flex items-baseline justify-between">
            <h2 id="goals-heading" className="text-lg font-semibold">
              {user.allRegions ? 'Goals' : 'Your regions’ goals'} for {period}
            </h2>
            <Link to={`/goals?period=${period}`} className="text-sm">
              All goals
            </Link>
          </div>
          {goals.length === 0 ? (
            <p className="text-sm text-muted">No goal is set for this quarter.</p>
          ) : (
            <ul className="divide-y divide-line">
              {goals.map((goal) => (
                <li key={goal.id} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
                  <span>
                    <span className="text-muted">{goal.regionCode}</span> · {goal.label}
                  </span>
                  <span className="flex items-center gap-2">
                    <GoalFigure goal={goal} /> <GoalStatusBadge status={goal.status} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="stale-heading" className="card lg:col-span-2">
          <div className="mb-3 flex items-baseline justify-between">
            <h2 id="stale-heading" className="text-lg font-semibold">
              Not contacted for 180 days
            </h2>
            <Link to="/agencies?stale=1&sort=lastEngaged" className="text-sm">
              All {staleTotal} stale
            </Link>
          </div>
          {staleAgencies.length === 0 ? (
            <p className="text-sm text-muted">Every agency in your regions was engaged in the last 180 days.</p>
          ) : (
            <ul className="divide-y divide-line">
              {staleAgencies.map((agency) => (
                <li key={agency.id} className="flex justify-between gap-2 py-2 text-sm">
                  <Link to={`/agencies/${agency.id}`} className="font-medium">
                    {agency.name}
                  </Link>
                  <span className="text-muted">
                    {agency.lastEngagedAt ? (
                      <>
                        last <DateTime value={agency.lastEngagedAt} dateOnly />
                      </>
                    ) : (
                      'never engaged'
                    )}{' '}
                    · P{agency.priority} · {agency.regionCode}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="regions-heading" className="card">
          <h2 id="regions-heading" className="mb-3 text-lg font-semibold">
            {user.allRegions ? 'Regions' : 'Your regions'}
          </h2>
          {regions.length === 0 ? (
            <p className="text-sm text-muted">No region is assigned to you yet. An administrator assigns regions on the Admin › Users page.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {regions.map((region) => (
                <li key={region.code} className="flex justify-between">
                  <Link to={`/agencies?region=${region.code}`}>{region.name}</Link>
                  <span className="text-muted tabular-nums">
                    {region.countries} {region.countries === 1 ? 'country' : 'countries'} · {region.leads} {region.leads === 1 ? 'lead' : 'leads'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  )
}
