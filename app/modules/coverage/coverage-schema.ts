import { z } from 'zod'
import { regionCodes } from '#db/schema/vocabulary'
import { optionalFilter, versionField } from '~/lib/forms/fields'

/**
 * The coverage figures, the one fixed list the dashboard, its exports and the goals read.
 * Client-safe: no server imports.
 *
 * "Snapshot" figures describe the agencies as they are today (whatever the quarter chosen);
 * "period" figures count what happened within the chosen quarter.
 */
export const metricKeys = [
  'agencies',
  'priority1',
  'priority2',
  'priority3',
  'engaged90',
  'engaged365',
  'priority1Never',
  'priority1Stale',
  'engagements',
  'engagementsLastQuarter',
  'priority1Engaged',
  'presentations',
  'conferencesPresented',
  'audienceReached',
  'officersRegistered',
  'officersVerified',
  'officersTrained',
  'moduleCompletions',
  'quizAttempts',
  'quizPasses',
  'validCertificates',
] as const
export type MetricKey = (typeof metricKeys)[number]

export type RegionMetrics = Record<MetricKey, number>

export const metricLabels: Record<MetricKey, string> = {
  agencies: 'Agencies',
  priority1: 'Priority 1 agencies',
  priority2: 'Priority 2 agencies',
  priority3: 'Priority 3 agencies',
  engaged90: 'Agencies engaged in the last 90 days',
  engaged365: 'Agencies engaged in the last 365 days',
  priority1Never: 'Priority 1 agencies never engaged',
  priority1Stale: 'Priority 1 agencies stale',
  engagements: 'Engagements this quarter',
  engagementsLastQuarter: 'Engagements the quarter before',
  priority1Engaged: 'Priority 1 agencies engaged this quarter',
  presentations: 'Presentations',
  conferencesPresented: 'Conferences presented at',
  audienceReached: 'Audience reached',
  officersRegistered: 'Officers registered',
  officersVerified: 'Officers verified',
  officersTrained: 'Officers who completed a module',
  moduleCompletions: 'Module completions',
  quizAttempts: 'Quiz attempts',
  quizPasses: 'Quiz attempts passed',
  validCertificates: 'Valid certificates',
}

/**
 * What a goal can be set on. `atLeast` goals count up during the quarter (on track when the
 * figure has reached the target's share of the quarter elapsed so far); `atMost` goals are a
 * count that must stay at or under the target all quarter (usually 0).
 */
export const goalMetrics = {
  priority1EngagedShare: { label: 'Share of priority 1 agencies engaged this quarter (%)', direction: 'atLeast', unit: 'percent' },
  engagements: { label: 'Engagements logged', direction: 'atLeast', unit: 'count' },
  officersTrained: { label: 'Officers trained (completed a module)', direction: 'atLeast', unit: 'count' },
  officersVerified: { label: 'Officers verified', direction: 'atLeast', unit: 'count' },
  conferencesPresented: { label: 'Conferences presented at', direction: 'atLeast', unit: 'count' },
  priority1Stale: { label: 'Priority 1 agencies stale (at most)', direction: 'atMost', unit: 'count' },
} as const satisfies Record<string, { label: string; direction: 'atLeast' | 'atMost'; unit: 'percent' | 'count' }>
export type GoalMetric = keyof typeof goalMetrics
export const goalMetricKeys = Object.keys(goalMetrics) as [GoalMetric, ...GoalMetric[]]

/** A share as a whole percentage, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 100) : null
}

// --- periods ------------------------------------------------------------------------------

/** A calendar quarter in UTC, written as in the URL: `2027-Q1`. */
export type Quarter = { year: number; quarter: 1 | 2 | 3 | 4 }
const quarterPattern = /^(\d{4})-Q([1-4])$/

export function parseQuarter(value: string): Quarter | null {
  const match = quarterPattern.exec(value)
  if (!match) return null
  const year = Number(match[1])
  if (year < 2000 || year > 2100) return null
  return { year, quarter: Number(match[2]) as Quarter['quarter'] }
}

export function quarterOf(at: Date): Quarter {
  return { year: at.getUTCFullYear(), quarter: (Math.floor(at.getUTCMonth() / 3) + 1) as Quarter['quarter'] }
}

export function quarterLabel({ year, quarter }: Quarter) {
  return `${year}-Q${quarter}`
}

export function previousQuarter({ year, quarter }: Quarter): Quarter {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: (quarter - 1) as Quarter['quarter'] }
}

/** The quarter's first instant and the next quarter's first instant (exclusive). */
export function quarterBounds({ year, quarter }: Quarter) {
  return { start: new Date(Date.UTC(year, (quarter - 1) * 3, 1)), end: new Date(Date.UTC(year, quarter * 3, 1)) }
}

/** The ISO days the quarter covers, as list filters take them (`from` inclusive, `to` exclusive). */
export function quarterDays(period: Quarter) {
  const { start, end } = quarterBounds(period)
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) }
}

/** How much of the quarter has gone by at `at`: 0 before it, 1 after it. */
export function elapsedShare(period: Quarter, at: Date) {
  const { start, end } = quarterBounds(period)
  return Math.min(1, Math.max(0, (at.getTime() - start.getTime()) / (end.getTime() - start.getTime())))
}

const periodMessage = 'Choose a quarter such as 2027-Q1.'
export const periodField = z.string({ error: periodMessage }).refine((value) => parseQuarter(value) !== null, periodMessage)

/** The dashboard's URL filters. Malformed values are ignored, never a 500. */
export const coverageFilters = z.object({
  period: optionalFilter(periodField),
  region: optionalFilter(z.enum(regionCodes)),
})
export type CoverageFilters = z.infer<typeof coverageFilters>

/** The tables of /coverage, each exported by `/coverage.csv?table=`. */
export const dashboardTables = ['regions', 'leads', 'funnels', 'conferences', 'trends', 'countries'] as const
export type DashboardTable = (typeof dashboardTables)[number]

export function parseCoverageFilters(searchParams: URLSearchParams, at: Date) {
  const parsed = coverageFilters.parse(Object.fromEntries(searchParams))
  const table = dashboardTables.find((name) => name === searchParams.get('table')) ?? 'regions'
  return { period: (parsed.period && parseQuarter(parsed.period)) || quarterOf(at), region: parsed.region, table }
}

export function nextQuarter({ year, quarter }: Quarter): Quarter {
  return quarter === 4 ? { year: year + 1, quarter: 1 } : { year, quarter: (quarter + 1) as Quarter['quarter'] }
}

/** The quarters a period picker offers: the next one, the current one and `back` before it, newest first. */
export function quarterChoices(current: Quarter, back = 7): string[] {
  const choices = [quarterLabel(nextQuarter(current))]
  let quarter = current
  for (let index = 0; index <= back; index += 1) {
    choices.push(quarterLabel(quarter))
    quarter = previousQuarter(quarter)
  }
  return choices
}

// --- goals --------------------------------------------------------------------------------

const targetField = z.coerce
  .number({ error: 'Enter the target as a whole number.' })
  .int('Enter the target as a whole number.')
  .min(0, 'The target cannot be negative.')
  .max(1_000_000, 'Enter a target of at most 1,000,000.')

/** One schema for the goal form, on the client and the server. */
export const goalFormSchema = z
  .object({
    region: z.enum(regionCodes, { error: 'Choose a region.' }),
    period: periodField,
    metric: z.enum(goalMetricKeys, { error: 'Choose what the goal measures.' }),
    target: targetField,
  })
  .check((context) => {
    const { metric, target } = context.value
    if (goalMetrics[metric]?.unit === 'percent' && target > 100)
      context.issues.push({ code: 'custom', input: target, path: ['target'], message: 'A share is at most 100 %.' })
  })
export type GoalInput = z.infer<typeof goalFormSchema>

/** Editing a goal changes its target only; the version refuses a stale form. */
export const goalEditSchema = z.object({ target: targetField, version: versionField })
export type GoalEditInput = z.infer<typeof goalEditSchema>

export type GoalStatus = 'met' | 'on_track' | 'behind' | 'missed'
export const goalStatusLabels: Record<GoalStatus, string> = { met: 'Met', on_track: 'On track', behind: 'Behind', missed: 'Missed' }

/**
 * Where a goal stands at `at`. An `atLeast` goal is met once the figure reaches the target; until
 * then it is on track while the figure is at least the target times the share of the quarter gone
 * by (half the quarter gone: half the target), behind otherwise, and missed once the quarter is
 * over. An `atMost` goal (a count that must stay at or under the target, e.g. no priority-1 agency
 * stale) is on track while it holds, behind while it does not; when the quarter is over it was
 * met or missed.
 */
export function goalStatus(metric: GoalMetric, target: number, value: number, period: Quarter, at: Date): GoalStatus {
  const elapsed = elapsedShare(period, at)
  if (goalMetrics[metric].direction === 'atMost') {
    if (elapsed >= 1) return value <= target ? 'met' : 'missed'
    return value <= target ? 'on_track' : 'behind'
  }
  if (value >= target) return 'met'
  if (elapsed >= 1) return 'missed'
  return value >= target * elapsed ? 'on_track' : 'behind'
}

/** A share as a percentage, or an em dash when there is nothing to divide by. */
export function formatPercent(part: number, whole: number) {
  const share = percent(part, whole)
  return share === null ? '—' : `${share} %`
}

/** A goal's progress in words: "12 of 30", "45 % of 80 %", or for a ceiling "3 (at most 0)". */
export function goalFigureText(goal: { value: number; target: number; unit: 'percent' | 'count'; direction: 'atLeast' | 'atMost' }) {
  const unit = goal.unit === 'percent' ? ' %' : ''
  return goal.direction === 'atMost' ? `${goal.value}${unit} (at most ${goal.target}${unit})` : `${goal.value}${unit} of ${goal.target}${unit}`
}

/** The figure a goal is measured by, from a region's metrics. */
export function goalValue(metric: GoalMetric, metrics: RegionMetrics): number {
  switch (metric) {
    case 'priority1EngagedShare':
      return percent(metrics.priority1Engaged, metrics.priority1) ?? 0
    default:
      return metrics[metric]
  }
}

// --- drill-down ---------------------------------------------------------------------------

/** Columns the countries table sorts by (`?sort=engaged90`, `?sort=-engaged90` for descending). */
export const countrySortKeys = ['name', ...metricKeys] as const
export type CountrySortKey = (typeof countrySortKeys)[number]
export type CountrySort = { key: CountrySortKey; descending: boolean }

export function parseCountrySort(value: string | null): CountrySort {
  const descending = value?.startsWith('-') ?? false
  const key = (descending ? value!.slice(1) : (value ?? '')) as CountrySortKey
  return countrySortKeys.includes(key) ? { key, descending } : { key: 'name', descending: false }
}

/** The URL value of a sort: the same column again reverses it. */
export function countrySortValue(key: CountrySortKey, current: CountrySort) {
  return current.key === key && !current.descending ? `-${key}` : key
}
