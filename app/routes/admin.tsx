import { NavLink, Outlet } from 'react-router'
import type { Route } from './+types/admin'
import { requireRole } from '~/lib/auth/guards.server'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  return null
}

const tabs = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/outbox', label: 'Email outbox' },
  { to: '/admin/jobs', label: 'Jobs' },
  { to: '/admin/activity', label: 'Activity log' },
]

export default function AdminLayout() {
  return (
    <div>
      <nav aria-label="Administration" className="mb-6 flex gap-1 border-b border-line">
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            className={({ isActive }) =>
              `-mb-px border-b-2 px-3 py-2 text-sm font-medium no-underline hover:no-underline ${isActive ? 'border-accent text-accent-strong' : 'border-transparent text-muted hover:text-ink'}`
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  )
}
