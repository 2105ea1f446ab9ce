import { and, asc, count, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { agencies, tasks, users } from '#db/schema'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now, today } from '~/lib/clock.server'
import { buildOnce, db, type Executor } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import type { TaskInput } from './tasks-schema'
import { isUuid } from '~/lib/sql'

/** Tasks on a page of /tasks (no list is longer than 100 rows). */
export const TASKS_PAGE_SIZE = 50

/** A task is the actor's own, or belongs to an agency in the actor's regions. */
function taskInScope(actor: CurrentUser) {
  const scope = regionScope(actor, agencies.regionCode)
  if (!scope) return undefined
  return or(eq(tasks.assigneeId, actor.id), and(sql`${tasks.agencyId} is not null`, scope))
}

const taskColumns = {
  id: tasks.id,
  title: tasks.title,
  dueOn: tasks.dueOn,
  status: tasks.status,
  doneAt: tasks.doneAt,
  agencyId: tasks.agencyId,
  agencyName: agencies.name,
  engagementId: tasks.engagementId,
  assigneeId: tasks.assigneeId,
  assigneeName: users.name,
}

// Overdue first, then by due date, undated last: every overdue date is earlier than every other,
// so the due date alone gives that order, and the index on (assignee, status, due date) serves
// it without reading all of someone's open tasks.
const overdueFirst = [sql`${tasks.dueOn} asc nulls last`, asc(tasks.title)]

type TaskShow = 'open' | 'done' | 'all'

function myTasksCondition(actor: CurrentUser, show: TaskShow) {
  return and(eq(tasks.assigneeId, actor.id), show === 'all' ? undefined : eq(tasks.status, show))
}

/** The actor's tasks: open ones overdue first, then by due date; or the done ones, latest first. */
export function listMyTasks({
  actor,
  show = 'open',
  limit = TASKS_PAGE_SIZE,
  offset = 0,
}: {
  actor: CurrentUser
  show?: TaskShow
  limit?: number
  offset?: number
}) {
  return (
    db
      .select(taskColumns)
      .from(tasks)
      .innerJoin(users, eq(users.id, tasks.assigneeId))
      .leftJoin(agencies, eq(agencies.id, tasks.agencyId))
      .where(myTasksCondition(actor, show))
      // The id last: rows that tie keep one order from page to page.
      .orderBy(...(show === 'done' ? [desc(tasks.doneAt)] : overdueFirst), asc(tasks.id))
      .limit(Math.min(limit, TASKS_PAGE_SIZE))
      .offset(offset)
  )
}

/** One page of the actor's tasks, in the order of listMyTasks, with the total. */
export async function listMyTaskPage({ actor, show, page }: { actor: CurrentUser; show: TaskShow; page: number }) {
  const [rows, [{ total }]] = await Promise.all([
    listMyTasks({ actor, show, offset: (page - 1) * TASKS_PAGE_SIZE }),
    db.select({ total: count() }).from(tasks).where(myTasksCondition(actor, show)),
  ])
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / TASKS_PAGE_SIZE)) }
}

export async function countMyOpenTasks(actor: CurrentUser) {
  const [row] = await db
    .select({ open: count(), overdue: sql<number>`count(*) filter (where ${tasks.dueOn} < ${today()})`.mapWith(Number) })
    .from(tasks)
    .where(and(eq(tasks.assigneeId, actor.id), eq(tasks.status, 'open')))
  return row
}

/** Open tasks of an agency, the most pressing 100 (the caller has checked the agency's scope). */
// On every view of an agency's page: built once, run as a prepared statement.
const agencyTasksQuery = buildOnce(() =>
  db
    .select(taskColumns)
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.assigneeId))
    .leftJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(and(eq(tasks.agencyId, sql.placeholder('agencyId')), eq(tasks.status, 'open')))
    .orderBy(...overdueFirst, asc(tasks.id))
    .limit(sql.placeholder('limit'))
    .prepare('agency_tasks'),
)

export function listAgencyTasks(agencyId: string, limit = 100) {
  return agencyTasksQuery().execute({ agencyId, limit })
}

type FieldErrors = Record<string, string[]>

/** What a form says when its assignee is refused (the task form and an engagement's follow-ups). */
export const unassignableMessage = 'Choose someone from the list.'

/**
 * Of these people, those a task may be given to: active staff accounts. Officers are external
 * and never get tasks; a deactivated account would never see it.
 */
export async function findAssignableIds(userIds: string[]): Promise<Set<string>> {
  const ids = [...new Set(userIds)]
  if (ids.length === 0) return new Set()
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.status, 'active'), sql`${users.role} <> 'officer'`))
  return new Set(rows.map((row) => row.id))
}

export type NewTask = {
  title: string
  dueOn?: string | null
  assigneeId: string
  agency?: { id: string; name: string } | null
  engagementId?: string | null
}

/**
 * Writes a task and its activity row in the caller's transaction (a task of its own, or the
 * follow-ups of an engagement). The caller has checked the assignee with findAssignableIds and
 * the agency against the actor's regions.
 */
export async function insertTask(executor: Executor, { actor, task, meta }: { actor: CurrentUser; task: NewTask; meta: RequestMeta }) {
  const [created] = await executor
    .insert(tasks)
    .values({
      title: task.title,
      dueOn: task.dueOn ?? null,
      assigneeId: task.assigneeId,
      agencyId: task.agency?.id ?? null,
      engagementId: task.engagementId ?? null,
      createdById: actor.id,
      createdAt: now(),
      updatedAt: now(),
    })
    .returning({ id: tasks.id, title: tasks.title })
  await logActivity(executor, {
    name: 'task.created',
    actor,
    ip: meta.ip,
    targetName: created.title,
    agencyId: task.agency?.id ?? null,
    engagementId: task.engagementId ?? null,
    properties: task.agency ? { agency: task.agency.name } : {},
  })
  return created
}

export async function createTask({ actor, input, meta }: { actor: CurrentUser; input: TaskInput; meta: RequestMeta }) {
  const errors: FieldErrors = {}
  let agency: { id: string; name: string } | null = null
  if (input.agencyId) {
    const [row] = await db
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(and(eq(agencies.id, input.agencyId), regionScope(actor, agencies.regionCode), isNull(agencies.archivedAt)))
    if (!row) errors.agencyId = ['Choose an agency in your regions.']
    agency = row ?? null
  }
  const assigneeId = input.assigneeId ?? actor.id
  if (!(await findAssignableIds([assigneeId])).has(assigneeId)) errors.assigneeId = [unassignableMessage]
  if (Object.keys(errors).length) return { ok: false as const, fieldErrors: errors }
  const task = await db.transaction((tx) => insertTask(tx, { actor, task: { title: input.title, dueOn: input.dueOn, assigneeId, agency }, meta }))
  return { ok: true as const, task }
}

/** Completes or reopens a task the actor may see; idempotent. */
export async function setTaskDone({ actor, taskId, done, meta }: { actor: CurrentUser; taskId: string; done: boolean; meta: RequestMeta }) {
  if (!isUuid(taskId)) return { ok: false as const }
  const [task] = await db
    .select({ id: tasks.id, title: tasks.title, status: tasks.status, agencyId: tasks.agencyId, engagementId: tasks.engagementId })
    .from(tasks)
    .leftJoin(agencies, eq(agencies.id, tasks.agencyId))
    .where(and(eq(tasks.id, taskId), taskInScope(actor)))
  if (!task) return { ok: false as const }
  if ((task.status === 'done') === done) return { ok: true as const }
  await db.transaction(async (tx) => {
    await tx
      .update(tasks)
      .set({ status: done ? 'done' : 'open', doneAt: done ? now() : null, updatedAt: now() })
      .where(eq(tasks.id, taskId))
    await logActivity(tx, {
      name: done ? 'task.completed' : 'task.reopened',
      actor,
      ip: meta.ip,
      targetName: task.title,
      agencyId: task.agencyId,
      engagementId: task.engagementId,
    })
  })
  return { ok: true as const }
}
