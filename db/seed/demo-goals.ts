import { eq } from 'drizzle-orm'
import { goals, users } from '../schema'
import { regionCodes, type RegionCode } from '../schema/vocabulary'
import type { Transaction } from '../../app/lib/db.server'
import { elapsedShare, goalValue, quarterLabel, quarterOf, type GoalMetric, type RegionMetrics } from '../../app/modules/coverage/coverage-schema'
import { regionMetrics } from '../../app/modules/coverage/metrics.server'

/**
 * How ambitious each region's goals are, against what the demo world has done so far this
 * quarter: under 1 the region is ahead of its pace (on track), over 1 behind. The spread gives the
 * coverage page a story on first start: two regions on track, two behind, one mixed.
 */
const ambition: Record<RegionCode, number> = { US: 0.8, CA: 1.6, LATAM: 0.9, EMEA: 1.5, APAC: 1.2 }

/** Each region's goals for the current quarter, set by the global head (goals are theirs to set). */
export async function seedGoalsDemo(tx: Transaction, options: { today: Date }) {
  const period = quarterOf(options.today)
  const metrics = await regionMetrics({ actor: { allRegions: true, regions: [] }, period, executor: tx, at: options.today })
  const [head] = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'global_head')).limit(1)
  // Progress expected by now for a target T is T × elapsed: a target of value / (elapsed × ambition) sits at `ambition` times the pace.
  const elapsed = Math.max(elapsedShare(period, options.today), 0.05)
  const paced = (value: number, region: RegionCode, floor: number) => Math.max(floor, Math.round((value / elapsed) * ambition[region]))
  const rows = regionCodes.flatMap((region) => {
    const figures = metrics.get(region) as RegionMetrics
    const value = (metric: GoalMetric) => goalValue(metric, figures)
    const goal = (metric: GoalMetric, target: number) => ({ regionCode: region, period: quarterLabel(period), metric, target, setById: head?.id ?? null })
    return [
      goal('engagements', paced(value('engagements'), region, 5)),
      goal('priority1EngagedShare', Math.min(90, paced(value('priority1EngagedShare'), region, 20))),
      goal('officersTrained', paced(value('officersTrained'), region, 2)),
      // A ceiling: the regions ahead of their pace allow the stale agencies they have; the others aim at none.
      goal('priority1Stale', ambition[region] < 1 ? value('priority1Stale') : 0),
      ...(region === 'APAC' || region === 'EMEA' ? [goal('conferencesPresented', 3)] : []),
    ]
  })
  await tx.insert(goals).values(rows)
  return rows.length
}
