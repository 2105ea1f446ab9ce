import type { Route } from './+types/coverage[.]csv'
import { requireStaff } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { requestMeta } from '~/lib/request-meta.server'
import { parseCoverageFilters } from '~/modules/coverage/coverage-schema'
import { exportDashboardTable } from '~/modules/coverage/coverage-export.server'
import { csvResponse } from '~/modules/exports/exports.server'

/** /coverage.csv: a table of /coverage (`?table=leads`, the regions by default) with the page's filters (`?period=2027-Q1&region=EMEA`). */
export async function loader({ request, context, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const { period, region, table } = parseCoverageFilters(url.searchParams, now())
  return csvResponse(await exportDashboardTable({ actor, table, period, region, meta: requestMeta(request, context) }))
}
