import { Form, Link, NavLink, useNavigation, useRouteLoaderData } from 'react-router'
import { CircleUserRound, LogOut, Settings } from 'lucide-react'
import type { ReactNode } from 'react'
import { roleLabels } from '~/lib/auth/permissions'
import type { loader as rootLoader } from '~/root'
import { Toaster } from './toaster'

/** The frame of every page: header, navigation for the role, user menu, toasts, pending bar. */
export function AppShell({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof rootLoader>('root')
  const user = rootData?.user ?? null
  return (
    <div className="flex min-h-screen flex-col">
      <PendingBar />
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:p-2">
        Skip to content
      </a>
      <header className="no-print border-b border-line bg-surface">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link to={user ? (user.role === 'officer' ? '/training' : '/home') : '/'} className="text-lg font-bold text-ink no-underline hover:no-underline">
            Liaison
          </Link>
          <nav aria-label="Main" className="flex flex-1 flex-wrap gap-1">
            {(rootData?.navigation ?? []).map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                prefetch="intent"
                className={({ isActive }) =>
                  `rounded-md px-3 py-1.5 text-sm font-medium no-underline hover:bg-canvas hover:no-underline ${isActive ? 'bg-accent-soft text-accent-strong' : 'text-muted'}`
                }
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          {user ? (
            <UserMenu name={user.name} email={user.email} roleLabel={roleLabels[user.role]} />
          ) : (
            <Link to="/login" className="btn-primary">
              Sign in
            </Link>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
      <Toaster toast={rootData?.toast ?? null} />
    </div>
  )
}

/** The account menu: a native disclosure, so the shell needs no menu library in every page. */
function UserMenu({ name, email, roleLabel }: { name: string; email: string; roleLabel: string }) {
  return (
    <div className="flex items-center gap-2">
      <details className="group relative">
        <summary aria-label={`Account menu for ${name}`} className="btn-secondary cursor-pointer list-none [&::-webkit-details-marker]:hidden">
          <CircleUserRound aria-hidden size={18} />
          <span className="hidden sm:inline">{name}</span>
        </summary>
        <div className="absolute right-0 z-40 mt-1 min-w-56 rounded-md border border-line bg-surface p-1 shadow-lg">
          <div className="border-b border-line px-3 py-2 text-xs text-muted">
            <div className="font-medium text-ink">{email}</div>
            <div>{roleLabel}</div>
          </div>
          <Link to="/settings" className="flex items-center gap-2 rounded px-3 py-2 text-sm text-ink no-underline hover:bg-canvas hover:no-underline">
            <Settings aria-hidden size={16} /> Settings
          </Link>
        </div>
      </details>
      <Form method="post" action="/logout">
        <button type="submit" className="btn-secondary" aria-label="Sign out">
          <LogOut aria-hidden size={16} />
          <span className="hidden md:inline">Sign out</span>
        </button>
      </Form>
    </div>
  )
}

function PendingBar() {
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  return (
    <div
      role="progressbar"
      aria-hidden={!busy}
      aria-label="Loading"
      className={`fixed inset-x-0 top-0 z-50 h-0.5 origin-left bg-accent transition-transform duration-500 ${busy ? 'scale-x-75' : 'scale-x-0'}`}
    />
  )
}
