import type { Route } from './+types/search.staff'
import { requireStaff } from '~/lib/auth/guards.server'
import { searchStaffOptions } from '~/modules/engagements/engagements.server'

/** Type-ahead options: active staff (attendees, presenters, assignees). */
export async function loader({ request, url }: Route.LoaderArgs) {
  await requireStaff(request)
  const rows = await searchStaffOptions(url.searchParams.get('q') ?? '')
  return { options: rows.map((row) => ({ id: row.id, label: row.name, description: row.email })) }
}
