import { and, asc, count, countDistinct, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { agencies, countries, engagementAgencies, engagements, tasks, trainingProgress, userRegions, users } from '#db/schema'
import { regionScope } from '~/lib/auth/region-scope.server'
import { lastEngagedExpression, staleCondition } from '~/modules/agencies/agencies.server'
import { regionNames, type RegionCode } from '#db/schema/vocabulary'
import { notFound, type CurrentUser } from '~/lib/auth/guards.server'
import { now, today } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import {
  previousQuarter,
  quarterBounds,
  quarterDays,
  quarterLabel,
  quarterOf,
  type CountrySort,
  type MetricKey,
  type Quarter,
  type RegionMetrics,
} from './coverage-schema'
import { countryMetrics, emptyMetrics, engagedSince, regionMetrics, totalMetrics, visibleRegions } from './metrics.server'

const DAY = 24 * 60 * 60_000

export type CoverageScope = { actor: CurrentUser; period: Quarter; region?: RegionCode }

/**
 * Where each figure's records are listed, with the list's own filters, so that a number can be
 * checked by hand. Only figures a list can show exactly have a link: the priority-1 agencies
 * engaged this quarter are the ones last engaged since it began only while it is the current one.
 */
export function figureLinks(region: RegionCode | null, period: Quarter, at: Date): Partial<Record<MetricKey, string>> {
  const agencies = (filters: Record<string, string>) => `/agencies?${new URLSearchParams({ ...(region ? { region } : {}), ...filters })}`
  const days = quarterDays(period)
  const links: Partial<Record<MetricKey, string>> = {
    agencies: agencies({}),
    priority1: agencies({ priority: '1' }),
    priority2: agencies({ priority: '2' }),
    priority3: agencies({ priority: '3' }),
    engaged90: agencies({ engagedAfter: engagedSince(at, 90) }),
    engaged365: agencies({ engagedAfter: engagedSince(at, 365) }),
    priority1Never: agencies({ priority: '1', never: '1' }),
    priority1Stale: agencies({ priority: '1', stale: '1' }),
  }
  const engagementList = (quarter: Quarter) =>
    `/engagements?${new URLSearchParams({ ...(region ? { region } : {}), from: quarterDays(quarter).from, to: lastShownDay(quarter, at) })}`
  // Officers of the region's agencies who signed up, or were verified, on the quarter's days so far.
  const officers = (filters: Record<string, string>) => `/officers?${new URLSearchParams({ tab: 'all', ...(region ? { region } : {}), ...filters })}`
  const shownDays = { from: days.from, to: lastShownDay(period, at) }
  links.officersRegistered = officers({ registeredFrom: shownDays.from, registeredTo: shownDays.to })
  links.officersVerified = officers({ state: 'verified', verifiedFrom: shownDays.from, verifiedTo: shownDays.to })
  links.engagements = engagementList(period)
  links.engagementsLastQuarter = engagementList(previousQuarter(period))
  if (quarterLabel(period) === quarterLabel(quarterOf(at))) links.priority1Engaged = agencies({ priority: '1', engagedAfter: days.from })
  return links
}

/** A list's last day (included) for a quarter's figures: the quarter's last day, or today while it runs. */
function lastShownDay(quarter: Quarter, at: Date) {
  return today(new Date(Math.min(new Date(`${quarterDays(quarter).to}T00:00:00Z`).getTime() - DAY, at.getTime())))
}

export type CoverageRow = { code: RegionCode; name: string; metrics: RegionMetrics; links: Partial<Record<MetricKey, string>> }

/** The region table: one row per region the actor sees (narrowed by the filter), and their total. */
export async function regionTable({ actor, period, region }: CoverageScope) {
  const at = now()
  const metrics = await regionMetrics({ actor, period, region })
  const rows: CoverageRow[] = [...metrics].map(([code, figures]) => ({ code, name: regionNames[code], metrics: figures, links: figureLinks(code, period, at) }))
  const total = rows.length > 1 ? { metrics: totalMetrics(rows.map((row) => row.metrics)), links: figureLinks(null, period, at) } : null
  return { rows, total, asOf: at, metrics }
}

/**
 * Each outreach lead of the regions shown, with what they did this quarter: engagements they
 * logged (created within the quarter), the agencies those touched, and their tasks now overdue.
 * Three grouped queries over the leads' ids, however many leads there are.
 */
export async function leadActivity({ actor, period, region }: CoverageScope) {
  const codes = visibleRegions({ actor, region })
  if (codes.length === 0) return []
  const leads = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.role, 'outreach_lead'),
        eq(users.status, 'active'),
        inArray(users.id, db.select({ id: userRegions.userId }).from(userRegions).where(inArray(userRegions.regionCode, codes))),
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
  if (leads.length === 0) return []
  const ids = leads.map((lead) => lead.id)
  const { start, end } = quarterBounds(period)
  const [regionRows, logged, overdue] = await Promise.all([
    db.select().from(userRegions).where(inArray(userRegions.userId, ids)).orderBy(asc(userRegions.regionCode)),
    db
      .select({
        userId: engagements.createdById,
        engagements: countDistinct(engagements.id),
        agencies: countDistinct(engagementAgencies.agencyId),
      })
      .from(engagements)
      .leftJoin(engagementAgencies, eq(engagementAgencies.engagementId, engagements.id))
      .where(and(inArray(engagements.createdById, ids), gte(engagements.createdAt, start), lt(engagements.createdAt, end)))
      .groupBy(engagements.createdById),
    db
      .select({ userId: tasks.assigneeId, overdue: count() })
      .from(tasks)
      .where(and(inArray(tasks.assigneeId, ids), eq(tasks.status, 'open'), lt(tasks.dueOn, today())))
      .groupBy(tasks.assigneeId),
  ])
  return leads.map((lead) => {
    const mine = logged.find((row) => row.userId === lead.id)
    return {
      ...lead,
      regions: regionRows.filter((row) => row.userId === lead.id).map((row) => row.regionCode as RegionCode),
      engagementsLogged: mine?.engagements ?? 0,
      agenciesTouched: mine?.agencies ?? 0,
      tasksOverdue: overdue.find((row) => row.userId === lead.id)?.overdue ?? 0,
    }
  })
}

/**
 * The countries of one region with their figures for the quarter, every country of the region
 * included (one never reached shows zeros), sorted by any column; ties by name.
 */
export async function countryTable({ actor, period, region, sort }: CoverageScope & { region: RegionCode; sort: CountrySort }) {
  const at = now()
  const [list, metrics] = await Promise.all([
    db.select({ code: countries.code, name: countries.name }).from(countries).where(eq(countries.regionCode, region)),
    countryMetrics({ actor, period, region }),
  ])
  const rows = list.map((country) => ({
    ...country,
    metrics: metrics.get(country.code) ?? emptyMetrics(),
    links: countryLinks(figureLinks(region, period, at), country.code),
  }))
  const direction = sort.descending ? -1 : 1
  rows.sort((a, b) => {
    const order = sort.key === 'name' ? a.name.localeCompare(b.name) : a.metrics[sort.key] - b.metrics[sort.key]
    return order * direction || a.name.localeCompare(b.name)
  })
  return { rows, asOf: at }
}

function countryLinks(links: Partial<Record<MetricKey, string>>, country: string) {
  return Object.fromEntries(Object.entries(links).map(([key, href]) => [key, `${href}&country=${country}`])) as Partial<Record<MetricKey, string>>
}

export const COUNTRY_AGENCIES_PAGE_SIZE = 50

/**
 * One country's active agencies, by priority then name: owner, priority, last engaged, stale, and
 * officers who completed a module. A page of them (`page`, from 1) for the drill-down, or every
 * one for the export; the officers are counted for the agencies returned only.
 */
export async function countryAgencies({ actor, country, page }: { actor: CurrentUser; country: string; page?: number }) {
  const at = now()
  const owners = alias(users, 'owners')
  const where = and(eq(agencies.countryCode, country), isNull(agencies.archivedAt), regionScope(actor, agencies.regionCode))
  const query = db
    .select({
      id: agencies.id,
      name: agencies.name,
      priority: agencies.priority,
      status: agencies.status,
      ownerName: owners.name,
      lastEngagedAt: lastEngagedExpression(at),
      stale: sql<boolean>`${staleCondition(at)}`,
    })
    .from(agencies)
    .leftJoin(owners, eq(owners.id, agencies.ownerId))
    .where(where)
    .orderBy(asc(agencies.priority), asc(agencies.name), asc(agencies.id))
  const [rows, [{ total }]] = await Promise.all([
    page ? query.limit(COUNTRY_AGENCIES_PAGE_SIZE).offset((page - 1) * COUNTRY_AGENCIES_PAGE_SIZE) : query,
    db.select({ total: count() }).from(agencies).where(where),
  ])
  const trained = rows.length
    ? await db
        .select({ agencyId: users.agencyId, officers: sql<number>`count(distinct ${trainingProgress.userId})`.mapWith(Number) })
        .from(trainingProgress)
        .innerJoin(users, eq(users.id, trainingProgress.userId))
        .where(
          and(
            isNotNull(trainingProgress.completedAt),
            inArray(
              users.agencyId,
              rows.map((row) => row.id),
            ),
          ),
        )
        .groupBy(users.agencyId)
    : []
  const officers = new Map(trained.map((row) => [row.agencyId, row.officers]))
  return {
    rows: rows.map((row) => ({ ...row, officersTrained: officers.get(row.id) ?? 0 })),
    total,
    page: page ?? 1,
    pageCount: page ? Math.max(1, Math.ceil(total / COUNTRY_AGENCIES_PAGE_SIZE)) : 1,
  }
}

/** A country of the region, or null (unknown, or in another region). */
export async function countryOf(region: RegionCode, code: string) {
  if (!/^[A-Z]{2}$/.test(code)) return null
  const [row] = await db
    .select({ code: countries.code, name: countries.name })
    .from(countries)
    .where(and(eq(countries.code, code), eq(countries.regionCode, region)))
  return row ?? null
}

/** The region a drill-down URL names, if the actor sees it; otherwise 404 (out of scope is not found). */
export function regionParam(actor: Pick<CurrentUser, 'allRegions' | 'regions'>, value: string | undefined): RegionCode {
  const region = visibleRegions({ actor }).find((code) => code === value)
  if (!region) throw notFound('There is no such region.')
  return region
}
