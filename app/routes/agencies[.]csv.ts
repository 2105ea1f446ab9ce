import type { Route } from './+types/agencies[.]csv'
import { requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { parseAgencyFilters } from '~/modules/agencies/agencies-schema'
import { csvResponse, exportAgencies } from '~/modules/exports/exports.server'

/** /agencies.csv: the agencies the list shows with the same filters, every page of them. */
export async function loader({ request, context, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const filters = parseAgencyFilters(url.searchParams)
  return csvResponse(await exportAgencies({ actor, filters, meta: requestMeta(request, context) }))
}
