import type { RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { now, today } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import { toCsv, type CsvFile } from '~/modules/exports/exports.server'
import { metricKeys, quarterBounds, quarterLabel, quarterOf, type CountrySort, type DashboardTable, type Quarter, type RegionMetrics } from './coverage-schema'
import { countryAgencies, countryTable, leadActivity, regionTable } from './coverage.server'
import { funnelSteps } from './funnel-steps'
import { conferenceFunnels, regionFunnels } from './funnel.server'
import { countryMetrics } from './metrics.server'
import { recentTrends } from './trends.server'

/**
 * CSV files of the coverage tables, exactly the rows the page shows for the same filters, within
 * the actor's regions. Each export is in the activity log. Column names are the metric keys in
 * snake case, so a spreadsheet can be matched to the page's definitions.
 */
const metricColumns = metricKeys.map((key) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`))
const figures = (metrics: RegionMetrics) => metricKeys.map((key) => metrics[key])

type ExportArgs = { actor: CurrentUser; meta: RequestMeta }

async function logged(args: ExportArgs, table: string, period: string, count: number, filters: Record<string, string>) {
  await logActivity(db, { name: 'coverage.exported', actor: args.actor, ip: args.meta.ip, properties: { table, period, count, filters } })
}

function fileName(parts: string[]) {
  return `liaison-coverage-${parts.join('-')}-${today(now())}.csv`
}

export async function exportRegionTable(args: ExportArgs & { period: Quarter; region?: RegionCode }): Promise<CsvFile> {
  const { rows } = await regionTable({ actor: args.actor, period: args.period, region: args.region })
  const period = quarterLabel(args.period)
  const body = toCsv(
    ['period', 'region', 'region_name', ...metricColumns],
    rows.map((row) => [period, row.code, row.name, ...figures(row.metrics)]),
  )
  await logged(args, 'regions', period, rows.length, { period, ...(args.region ? { region: args.region } : {}) })
  return { filename: fileName(['regions', period]), body, count: rows.length, truncated: false }
}

export async function exportCountryTable(args: ExportArgs & { period: Quarter; region: RegionCode; sort: CountrySort }): Promise<CsvFile> {
  const { rows } = await countryTable({ actor: args.actor, period: args.period, region: args.region, sort: args.sort })
  const period = quarterLabel(args.period)
  const body = toCsv(
    ['period', 'region', 'country', 'country_name', ...metricColumns],
    rows.map((row) => [period, args.region, row.code, row.name, ...figures(row.metrics)]),
  )
  await logged(args, 'countries', period, rows.length, { period, region: args.region })
  return { filename: fileName(['countries', args.region, period]), body, count: rows.length, truncated: false }
}

export async function exportCountryAgencies(args: ExportArgs & { region: RegionCode; country: string }): Promise<CsvFile> {
  const { rows } = await countryAgencies({ actor: args.actor, country: args.country })
  const period = quarterLabel(quarterOf(now()))
  const body = toCsv(
    ['id', 'name', 'priority', 'status', 'owner', 'last_engaged_at', 'stale', 'officers_trained'],
    rows.map((row) => [row.id, row.name, row.priority, row.status, row.ownerName, row.lastEngagedAt, row.stale, row.officersTrained]),
  )
  await logged(args, 'agencies', period, rows.length, { region: args.region, country: args.country })
  return { filename: fileName(['agencies', args.country]), body, count: rows.length, truncated: false }
}

const funnelColumns = funnelSteps.map((step) => step.key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`))

/** The rows of one of the page's other tables (the region table has its own export above). */
async function dashboardRows(table: Exclude<DashboardTable, 'regions'>, scope: { actor: CurrentUser; period: Quarter; region?: RegionCode }) {
  const period = quarterLabel(scope.period)
  switch (table) {
    case 'leads': {
      const leads = await leadActivity(scope)
      return {
        header: ['period', 'lead', 'regions', 'engagements_logged', 'agencies_touched', 'tasks_overdue'],
        rows: leads.map((lead) => [period, lead.name, lead.regions.join(' '), lead.engagementsLogged, lead.agenciesTouched, lead.tasksOverdue]),
      }
    }
    case 'funnels': {
      const funnels = await regionFunnels({ viewer: scope.actor, period: quarterBounds(scope.period) })
      return {
        header: ['period', 'region', ...funnelColumns],
        rows: funnels
          .filter((funnel) => !scope.region || funnel.regionCode === scope.region)
          .map((funnel) => [period, funnel.regionCode, ...funnelSteps.map((step) => funnel.counts[step.key])]),
      }
    }
    case 'conferences': {
      const funnels = await conferenceFunnels({ viewer: scope.actor, period: quarterBounds(scope.period), region: scope.region })
      return {
        header: ['period', 'conference_id', 'conference', 'starts_on', 'region', ...funnelColumns],
        rows: funnels.map((funnel) => [
          period,
          funnel.id,
          funnel.name,
          funnel.startsOn,
          funnel.regionCode,
          ...funnelSteps.map((step) => funnel.counts[step.key]),
        ]),
      }
    }
    case 'trends': {
      const trends = await recentTrends(scope.actor, { regions: scope.region ? [scope.region] : undefined })
      const rows = (['engagements', 'completions'] as const).flatMap((series) =>
        trends[series].series.flatMap((line) => trends[series].months.map((month, index) => [series, month, line.regionCode, line.values[index]])),
      )
      return { header: ['series', 'month', 'region', 'count'], rows }
    }
    case 'countries': {
      const countries = await countryMetrics(scope)
      return {
        header: ['period', 'country', 'agencies', 'engaged365'],
        rows: [...countries].filter(([, figures]) => figures.agencies > 0).map(([code, figures]) => [period, code, figures.agencies, figures.engaged365]),
      }
    }
  }
}

/** Any table of /coverage as CSV, for the page's quarter and region, logged like the others. */
export async function exportDashboardTable(args: ExportArgs & { table: DashboardTable; period: Quarter; region?: RegionCode }): Promise<CsvFile> {
  if (args.table === 'regions') return exportRegionTable(args)
  const period = quarterLabel(args.period)
  const { header, rows } = await dashboardRows(args.table, { actor: args.actor, period: args.period, region: args.region })
  await logged(args, args.table, period, rows.length, { period, ...(args.region ? { region: args.region } : {}) })
  return { filename: fileName([args.table, period]), body: toCsv(header, rows), count: rows.length, truncated: false }
}
