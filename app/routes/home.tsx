import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { EmptyState, PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { canManageUsers, roleLabels, rolePluralLabels } from '~/lib/auth/permissions'
import { listMyRegions } from '~/modules/regions/regions.server'
import { countUsersByRole } from '~/modules/users/users.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request)
  const [regions, people] = await Promise.all([listMyRegions(user), countUsersByRole()])
  return { user: { name: user.name, role: user.role, allRegions: user.allRegions }, regions, people, canManageUsers: canManageUsers(user.role) }
}

export const meta: MetaFunction = () => [{ title: 'Home · Liaison' }]

export default function HomePage() {
  const { user, regions, people, canManageUsers } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader
        title={`Welcome, ${user.name.split(' ')[0]}`}
        description={`${roleLabels[user.role]} · ${user.allRegions ? 'all regions' : regions.map((region) => region.code).join(', ') || 'no regions assigned'}`}
      />
      <section aria-labelledby="regions-heading">
        <h2 id="regions-heading" className="mb-3 text-lg font-semibold">
          {user.allRegions ? 'Regions' : 'Your regions'}
        </h2>
        {regions.length === 0 ? (
          <EmptyState title="No region is assigned to you yet">An administrator assigns regions on the Admin › Users page.</EmptyState>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
            {regions.map((region) => (
              <li key={region.code} className="card">
                <p className="text-xs font-semibold tracking-wide text-muted uppercase">{region.code}</p>
                <p className="mt-1 font-medium">{region.name}</p>
                <dl className="mt-3 grid grid-cols-2 gap-2 text-sm">
                  <div>
                    <dt className="text-muted">Countries</dt>
                    <dd className="text-lg font-semibold tabular-nums">{region.countries}</dd>
                  </div>
                  <div>
                    <dt className="text-muted">Leads</dt>
                    <dd className="text-lg font-semibold tabular-nums">{region.leads}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="team-heading" className="mt-8">
        <h2 id="team-heading" className="mb-3 text-lg font-semibold">
          People with active accounts
        </h2>
        <dl className="grid gap-4 sm:grid-cols-4">
          {(['admin', 'global_head', 'outreach_lead', 'officer'] as const).map((role) => (
            <div key={role} className="card">
              <dt className="text-sm text-muted">{rolePluralLabels[role]}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{people[role] ?? 0}</dd>
            </div>
          ))}
        </dl>
        {canManageUsers ? (
          <p className="mt-3 text-sm">
            <Link to="/admin/users">Manage users and invitations</Link>
          </p>
        ) : null}
      </section>
    </div>
  )
}
