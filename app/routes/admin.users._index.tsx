import { Form, Link, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/admin.users._index'
import { UserPlus } from 'lucide-react'
import { DateTime } from '~/components/date-time'
import { Pagination } from '~/components/pagination'
import { EmptyState, PageHeader } from '~/components/page-header'
import { requireRole } from '~/lib/auth/guards.server'
import { hasAllRegions, roleLabels } from '~/lib/auth/permissions'
import { userListFilters } from '~/modules/users/users-schema'
import { listUsers } from '~/modules/users/users.server'

export async function loader({ request, url }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  const filters = userListFilters.parse(Object.fromEntries(url.searchParams))
  return listUsers(filters)
}

export const meta: Route.MetaFunction = () => [{ title: 'Users · Admin · Liaison' }]

const statusStyles: Record<string, string> = {
  active: 'bg-success-soft text-success ring-success/20',
  invited: 'bg-warning-soft text-warning ring-warning/20',
  deactivated: 'bg-danger-soft text-danger ring-danger/20',
}

export default function AdminUsersPage() {
  const { rows, total, page, pageCount } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  return (
    <div>
      <PageHeader
        title="Users"
        description="Staff and officer accounts. Invite people, set roles and regions, deactivate accounts."
        actions={
          <Link to="/admin/users/new" className="btn-primary">
            <UserPlus aria-hidden size={16} /> Invite someone
          </Link>
        }
      />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <div className="min-w-64 flex-1">
          <label htmlFor="q" className="mb-1 block text-sm font-medium">
            Search
          </label>
          <input id="q" name="q" type="search" defaultValue={searchParams.get('q') ?? ''} placeholder="Name or email" className="input" />
        </div>
        <div>
          <label htmlFor="role" className="mb-1 block text-sm font-medium">
            Role
          </label>
          <select id="role" name="role" defaultValue={searchParams.get('role') ?? ''} className="input">
            <option value="">Any role</option>
            {Object.entries(roleLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="status" className="mb-1 block text-sm font-medium">
            Status
          </label>
          <select id="status" name="status" defaultValue={searchParams.get('status') ?? ''} className="input">
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="invited">Invited</option>
            <option value="deactivated">Deactivated</option>
          </select>
        </div>
        <button type="submit" className="btn-secondary">
          Filter
        </button>
      </Form>
      {rows.length === 0 ? (
        <EmptyState title="No account matches these filters">Clear the search or invite someone new.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Regions</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((user) => (
                <tr key={user.id} className="hover:bg-canvas">
                  <td>
                    <Link to={`/admin/users/${user.id}`} className="font-medium">
                      {user.name}
                    </Link>
                  </td>
                  <td className="text-muted">{user.email}</td>
                  <td>{roleLabels[user.role]}</td>
                  <td>{hasAllRegions(user.role) ? 'All' : user.regions.join(', ') || '—'}</td>
                  <td>
                    <span className={`badge ${statusStyles[user.status]}`}>{user.status}</span>
                  </td>
                  <td>
                    <DateTime value={user.lastLoginAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? 'account' : 'accounts'} />
    </div>
  )
}
