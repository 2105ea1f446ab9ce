import type { Route } from './+types/contacts[.]csv'
import { requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { contactListFilters } from '~/modules/contacts/contacts-schema'
import { csvResponse, exportContacts } from '~/modules/exports/exports.server'

/** /contacts.csv: the contacts the list shows with the same filters, every page of them. */
export async function loader({ request, context, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const filters = contactListFilters.parse(Object.fromEntries(url.searchParams))
  return csvResponse(await exportContacts({ actor, filters, meta: requestMeta(request, context) }))
}
