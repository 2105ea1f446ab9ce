import type { Route } from './+types/search.contacts'
import { requireStaff } from '~/lib/auth/guards.server'
import { parseSearchQuery } from '~/lib/forms/fields'
import { searchContactOptions } from '~/modules/contacts/contacts.server'

/** Type-ahead options: contacts, of the chosen agencies when given (`agencyIds`, repeated). */
export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const params = url.searchParams
  const rows = await searchContactOptions({ actor, query: parseSearchQuery(params.get('q')), agencyIds: params.getAll('agencyIds').slice(0, 20) })
  return { options: rows.map((row) => ({ id: row.id, label: row.fullName, description: [row.title, row.agencyName].filter(Boolean).join(' · ') })) }
}
