import type { Route } from './+types/coverage.$region.countries[.]csv'
import { requireStaff } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { requestMeta } from '~/lib/request-meta.server'
import { parseCountrySort, parseCoverageFilters } from '~/modules/coverage/coverage-schema'
import { exportCountryTable } from '~/modules/coverage/coverage-export.server'
import { regionParam } from '~/modules/coverage/coverage.server'
import { csvResponse } from '~/modules/exports/exports.server'

/** /coverage/:region/countries.csv: the region's countries table, in the page's order. */
export async function loader({ request, context, params, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const region = regionParam(actor, params.region)
  const { period } = parseCoverageFilters(url.searchParams, now())
  const sort = parseCountrySort(url.searchParams.get('sort'))
  return csvResponse(await exportCountryTable({ actor, period, region, sort, meta: requestMeta(request, context) }))
}
