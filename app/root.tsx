import { data, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from 'react-router'
import type { Route } from './+types/root'
import type { ReactNode } from 'react'
import { I18nextProvider } from 'react-i18next'
import { AppShell } from './components/app-shell'
import { ErrorPage } from './components/error-page'
import { useNonce } from './components/nonce'
import { getUser } from './lib/auth/guards.server'
import { navigationFor } from './lib/auth/permissions'
import { readToast } from './lib/toast.server'
import { rememberLanguageHeader, resolveInterfaceLocale } from './lib/content/locale.server'
import { i18nFor } from './lib/i18n/i18n'
import { messagesFor } from './lib/i18n/i18n.server'
import { browserTimeZoneScript } from './lib/browser-time-zone-script'
import stylesheet from './styles/app.css?url'

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: Route.LoaderArgs) {
  const [user, { toast, clearHeader }] = await Promise.all([getUser(request), readToast(request)])
  const locale = resolveInterfaceLocale(request, user)
  const headers = new Headers()
  if (clearHeader) headers.append('Set-Cookie', clearHeader)
  const remember = rememberLanguageHeader(request)
  if (remember) headers.append('Set-Cookie', remember)
  return data(
    {
      user: user && { id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale },
      navigation: navigationFor(user?.role ?? null),
      toast,
      // The screens' language and its words (none for English, which the code carries).
      locale,
      messages: messagesFor(locale),
    },
    { headers },
  )
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const rootData = useRouteLoaderData<typeof loader>('root')
  const locale = rootData?.locale ?? 'en'
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        {/* Tells the server the browser's time zone (resolveTimeZone), before anything else runs. */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: browserTimeZoneScript }} />
        <Links />
      </head>
      <body className="min-h-screen">
        <I18nextProvider i18n={i18nFor(locale, rootData?.messages ?? null)}>{children}</I18nextProvider>
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
