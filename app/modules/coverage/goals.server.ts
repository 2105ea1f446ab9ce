import { and, asc, eq, sql } from 'drizzle-orm'
import { goals, users } from '#db/schema'
import { regionCodes, type RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { regionScope } from '~/lib/auth/region-scope.server'
import { now } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { isUuid } from '~/lib/uuid'
import { logActivity } from '~/modules/activity/activity.server'
import {
  goalMetrics,
  goalStatus,
  goalValue,
  parseQuarter,
  quarterLabel,
  type GoalEditInput,
  type GoalInput,
  type GoalMetric,
  type GoalStatus,
  type Quarter,
  type RegionMetrics,
} from './coverage-schema'
import { regionMetrics } from './metrics.server'

export type GoalWithProgress = {
  id: string
  regionCode: RegionCode
  period: string
  metric: GoalMetric
  label: string
  unit: 'percent' | 'count'
  direction: 'atLeast' | 'atMost'
  target: number
  value: number
  status: GoalStatus
  setByName: string | null
  version: number
}

function goalName(goal: { regionCode: string; period: string; metric: string; target: number }) {
  const metric = goalMetrics[goal.metric as GoalMetric]
  const unit = metric?.unit === 'percent' ? ' %' : ''
  return `${goal.regionCode} ${goal.period}: ${metric?.label ?? goal.metric} ${metric?.direction === 'atMost' ? '≤' : '≥'} ${goal.target}${unit}`
}

/** Goals of a quarter in the regions the actor sees (narrowed to one by `region`), in region order. */
async function listGoalRows({ actor, period, region }: { actor: CurrentUser; period: Quarter; region?: RegionCode }) {
  const rows = await db
    .select({
      id: goals.id,
      regionCode: goals.regionCode,
      period: goals.period,
      metric: goals.metric,
      target: goals.target,
      version: goals.version,
      setByName: users.name,
    })
    .from(goals)
    .leftJoin(users, eq(users.id, goals.setById))
    .where(and(eq(goals.period, quarterLabel(period)), regionScope(actor, goals.regionCode), region ? eq(goals.regionCode, region) : undefined))
    .orderBy(asc(goals.metric))
  // Metrics that left the fixed list are not shown (none has yet).
  const known = rows.filter((row) => row.metric in goalMetrics)
  return known.sort((a, b) => regionCodes.indexOf(a.regionCode as RegionCode) - regionCodes.indexOf(b.regionCode as RegionCode))
}

/** Progress is computed from the region's figures, never stored. */
export function withProgress(
  rows: Awaited<ReturnType<typeof listGoalRows>>,
  metrics: Map<RegionCode, RegionMetrics>,
  period: Quarter,
  at: Date,
): GoalWithProgress[] {
  return rows.flatMap((row) => {
    const figures = metrics.get(row.regionCode as RegionCode)
    if (!figures) return []
    const metric = row.metric as GoalMetric
    const value = goalValue(metric, figures)
    return [
      {
        ...row,
        regionCode: row.regionCode as RegionCode,
        metric,
        label: goalMetrics[metric].label,
        unit: goalMetrics[metric].unit,
        direction: goalMetrics[metric].direction,
        value,
        status: goalStatus(metric, row.target, value, period, at),
      },
    ]
  })
}

/** A quarter's goals in the actor's regions with their progress; pass the metrics when already computed. */
export async function goalsWithProgress({
  actor,
  period,
  region,
  metrics,
}: {
  actor: CurrentUser
  period: Quarter
  region?: RegionCode
  metrics?: Map<RegionCode, RegionMetrics>
}) {
  const rows = await listGoalRows({ actor, period, region })
  if (rows.length === 0) return []
  return withProgress(rows, metrics ?? (await regionMetrics({ actor, period, region })), period, now())
}

/** One goal the actor may see, or null. */
export async function getGoal({ actor, goalId }: { actor: CurrentUser; goalId: string }) {
  if (!isUuid(goalId)) return null
  const [row] = await db
    .select()
    .from(goals)
    .where(and(eq(goals.id, goalId), regionScope(actor, goals.regionCode)))
  if (!row) return null
  const period = parseQuarter(row.period)
  if (!period || !(row.metric in goalMetrics)) return null
  const found = await goalsWithProgress({ actor, period, region: row.regionCode as RegionCode })
  return found.find((goal) => goal.id === row.id) ?? null
}

type Meta = { actor: CurrentUser; meta: RequestMeta }

export async function createGoal({ actor, input, meta }: Meta & { input: GoalInput }) {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(goals)
      .values({ regionCode: input.region, period: input.period, metric: input.metric, target: input.target, setById: actor.id })
      .onConflictDoNothing()
      .returning()
    if (!created) return { ok: false as const, fieldErrors: { metric: ['This region already has a goal on this for that quarter: edit it instead.'] } }
    await logActivity(tx, {
      name: 'goal.created',
      actor,
      ip: meta.ip,
      targetName: goalName(created),
      properties: { region: created.regionCode, period: created.period, metric: created.metric, target: created.target },
    })
    return { ok: true as const, goal: created }
  })
}

/** A new target; refused when someone changed the goal since the form was loaded. */
export async function updateGoal({ actor, goalId, input, meta }: Meta & { goalId: string; input: GoalEditInput }) {
  if (!isUuid(goalId)) return { ok: false as const, reason: 'not_found' as const }
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(goals).where(eq(goals.id, goalId)).for('update')
    if (!current) return { ok: false as const, reason: 'not_found' as const }
    if (current.version !== input.version) return { ok: false as const, reason: 'conflict' as const, current }
    if (current.target === input.target) return { ok: true as const }
    const [updated] = await tx
      .update(goals)
      .set({ target: input.target, setById: actor.id, version: sql`${goals.version} + 1`, updatedAt: now() })
      .where(eq(goals.id, goalId))
      .returning()
    await logActivity(tx, {
      name: 'goal.updated',
      actor,
      ip: meta.ip,
      targetName: goalName(updated),
      properties: { changes: { target: { from: current.target, to: updated.target } } },
    })
    return { ok: true as const }
  })
}

export async function deleteGoal({ actor, goalId, meta }: Meta & { goalId: string }) {
  if (!isUuid(goalId)) return { ok: false as const }
  return db.transaction(async (tx) => {
    const [deleted] = await tx.delete(goals).where(eq(goals.id, goalId)).returning()
    if (!deleted) return { ok: false as const }
    await logActivity(tx, {
      name: 'goal.deleted',
      actor,
      ip: meta.ip,
      targetName: goalName(deleted),
      properties: { region: deleted.regionCode, period: deleted.period, metric: deleted.metric, target: deleted.target },
    })
    return { ok: true as const }
  })
}
