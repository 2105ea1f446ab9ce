import { data, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from 'react-router'
import type { Route } from './+types/root'
import type { ReactNode } from 'react'
import { AppShell } from './components/app-shell'
import { ErrorPage } from './components/error-page'
import { useNonce } from './components/nonce'
import { getUser } from './lib/auth/guards.server'
import { navigationFor } from './lib/auth/permissions'
import { readToast } from './lib/toast.server'
import stylesheet from './styles/app.css?url'

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: Route.LoaderArgs) {
  const [user, { toast, clearHeader }] = await Promise.all([getUser(request), readToast(request)])
  return data(
    {
      user: user && { id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale },
      navigation: navigationFor(user?.role ?? null),
      toast,
    },
    clearHeader ? { headers: { 'Set-Cookie': clearHeader } } : undefined,
  )
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const rootData = useRouteLoaderData<typeof loader>('root')
  return (
    <html lang={rootData?.user?.locale ?? 'en'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  )
}

export function ErrorBoundary() {
  return (
    <AppShell>
      <ErrorPage />
    </AppShell>
  )
}
