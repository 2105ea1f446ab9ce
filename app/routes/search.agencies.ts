import type { Route } from './+types/search.agencies'
import { requireStaff } from '~/lib/auth/guards.server'
import { parseSearchQuery } from '~/lib/forms/fields'
import { searchAgencyOptions } from '~/modules/agencies/agencies.server'

/** Type-ahead options: agencies in the actor's regions. */
export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const query = parseSearchQuery(url.searchParams.get('q'))
  const rows = await searchAgencyOptions({ actor, query })
  return { options: rows.map((row) => ({ id: row.id, label: row.name, description: [row.city, row.countryCode].filter(Boolean).join(', ') })) }
}
