import type { Route } from './+types/contacts[.]csv'
import { requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { contactListFilters } from '~/modules/contacts/contacts-schema'
import { csvResponse, exportContacts } from '~/modules/exports/exports.server'

/** /contacts.csv: the contacts the list shows with the same filters, every page of them. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const filters = contactListFilters.parse(Object.fromEntries(new URL(request.url).searchParams))
  return csvResponse(await exportContacts({ actor, filters, meta: requestMeta(request, context) }))
}
