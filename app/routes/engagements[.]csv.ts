import type { Route } from './+types/engagements[.]csv'
import { requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { engagementListFilters } from '~/modules/engagements/engagements-schema'
import { csvResponse, exportEngagements } from '~/modules/exports/exports.server'

/** /engagements.csv: the engagements the list shows with the same filters, every page of them. */
export async function loader({ request, context, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const filters = engagementListFilters.parse(Object.fromEntries(url.searchParams))
  return csvResponse(await exportEngagements({ actor, filters, meta: requestMeta(request, context) }))
}
