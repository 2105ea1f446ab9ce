import type { RegionCode } from '#db/schema/vocabulary'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { now, today } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import { toCsv, type CsvFile } from '~/modules/exports/exports.server'
import { metricKeys, quarterLabel, quarterOf, type CountrySort, type Quarter, type RegionMetrics } from './coverage-schema'
import { countryAgencies, countryTable, regionTable } from './coverage.server'

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
  const rows = await countryAgencies({ actor: args.actor, country: args.country })
  const period = quarterLabel(quarterOf(now()))
  const body = toCsv(
    ['id', 'name', 'priority', 'status', 'owner', 'last_engaged_at', 'stale', 'officers_trained'],
    rows.map((row) => [row.id, row.name, row.priority, row.status, row.ownerName, row.lastEngagedAt, row.stale, row.officersTrained]),
  )
  await logged(args, 'agencies', period, rows.length, { region: args.region, country: args.country })
  return { filename: fileName(['agencies', args.country]), body, count: rows.length, truncated: false }
}
