import type { Route } from './+types/coverage.$region.$country_.agencies[.]csv'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { exportCountryAgencies } from '~/modules/coverage/coverage-export.server'
import { countryOf, regionParam } from '~/modules/coverage/coverage.server'
import { csvResponse } from '~/modules/exports/exports.server'

/** /coverage/:region/:country/agencies.csv: the country's agencies as its drill-down page lists them. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const region = regionParam(actor, params.region)
  const country = await countryOf(region, params.country)
  if (!country) throw notFound('There is no such country in this region.')
  return csvResponse(await exportCountryAgencies({ actor, region, country: country.code, meta: requestMeta(request, context) }))
}
