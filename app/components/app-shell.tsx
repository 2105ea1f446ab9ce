import { Form, Link, NavLink, useLocation, useNavigation, useRouteLoaderData } from 'react-router'
import { CircleUserRound, Languages, LogOut, Settings } from 'lucide-react'
import { useEffect, useRef, type ReactNode } from 'react'
import { useI18n } from '~/lib/i18n/i18n'
import { isStaff, roleLabels } from '~/lib/auth/permissions'
import { localeNames, locales, type Locale } from '#db/schema/vocabulary'
import type { loader as rootLoader } from '~/root'
import { KeyboardShortcuts } from './keyboard-shortcuts'
import { Toaster } from './toaster'

/** The frame of every page: header, navigation for the role, user menu, toasts, pending bar. */
export function AppShell({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof rootLoader>('root')
  const user = rootData?.user ?? null
  const { t } = useI18n()
  return (
    <div className="flex min-h-screen flex-col">
      <PendingBar />
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:p-2">
        {t('shell.skipToContent')}
      </a>
      <header className="no-print border-b border-line bg-surface">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link to={user ? (user.role === 'officer' ? '/training' : '/home') : '/'} className="text-lg font-bold text-ink no-underline hover:no-underline">
            Liaison
          </Link>
          <nav aria-label={t('nav.main')} className="flex flex-1 flex-wrap gap-1">
            {(rootData?.navigation ?? []).map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                prefetch="intent"
                className={({ isActive }) =>
                  `rounded-md px-3 py-1.5 text-sm font-medium no-underline hover:bg-canvas hover:no-underline ${isActive ? 'bg-accent-soft text-accent-strong' : 'text-muted'}`
                }
              >
                {item.message ? t(`nav.${item.message}`) : item.label}
              </NavLink>
            ))}
          </nav>
          {user && isStaff(user.role) ? null : <LanguageSwitch current={rootData?.locale ?? 'en'} />}
          {user ? (
            <UserMenu name={user.name} email={user.email} roleLabel={user.role === 'officer' ? t('roles.officer') : roleLabels[user.role]} />
          ) : (
            <Link to="/login" className="btn-primary">
              {t('shell.signIn')}
            </Link>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
      <Toaster toast={rootData?.toast ?? null} />
      {user && isStaff(user.role) ? <KeyboardShortcuts navigation={rootData?.navigation ?? []} /> : null}
    </div>
  )
}

/**
 * The languages of the screens, each a link to this page in it (`?lang=`, remembered for the
 * pages that follow). Visitors and officers get it; the staff's CRM is in English.
 */
function LanguageSwitch({ current }: { current: Locale }) {
  const { t } = useI18n()
  const location = useLocation()
  // A relative link (this page, its query kept) loads the page anew in the language: the whole
  // document, the root's words included, comes in it.
  const hrefFor = (locale: Locale) => {
    const search = new URLSearchParams(location.search)
    search.set('lang', locale)
    return `?${search}`
  }
  return (
    <nav aria-label={t('shell.language')} className="flex items-center gap-2 text-sm">
      <Languages aria-hidden size={16} className="text-muted" />
      {locales.map((locale) =>
        locale === current ? (
          <span key={locale} lang={locale} aria-current="true" className="font-semibold text-ink">
            {localeNames[locale]}
          </span>
        ) : (
          <a key={locale} href={hrefFor(locale)} lang={locale} hrefLang={locale} className="text-muted">
            {localeNames[locale]}
          </a>
        ),
      )}
    </nav>
  )
}

/** The account menu: a native disclosure, so the shell needs no menu library in every page. */
function UserMenu({ name, email, roleLabel }: { name: string; email: string; roleLabel: string }) {
  const { t } = useI18n()
  const menu = useDismissableDisclosure()
  return (
    <div className="flex items-center gap-2">
      <details ref={menu} className="group relative">
        <summary aria-label={t('shell.accountMenu', { name })} className="btn-secondary cursor-pointer list-none [&::-webkit-details-marker]:hidden">
          <CircleUserRound aria-hidden size={18} />
          <span className="hidden sm:inline">{name}</span>
        </summary>
        <div className="absolute right-0 z-40 mt-1 min-w-56 rounded-md border border-line bg-surface p-1 shadow-lg">
          <div className="border-b border-line px-3 py-2 text-xs text-muted">
            <div className="font-medium text-ink">{email}</div>
            <div>{roleLabel}</div>
          </div>
          <Link to="/settings" className="flex items-center gap-2 rounded px-3 py-2 text-sm text-ink no-underline hover:bg-canvas hover:no-underline">
            <Settings aria-hidden size={16} /> {t('shell.settings')}
          </Link>
        </div>
      </details>
      <Form method="post" action="/logout">
        <button type="submit" className="btn-secondary" aria-label={t('shell.signOut')}>
          <LogOut aria-hidden size={16} />
          <span className="hidden md:inline">{t('shell.signOut')}</span>
        </button>
      </Form>
    </div>
  )
}

function PendingBar() {
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const { t } = useI18n()
  return (
    <div
      role="progressbar"
      aria-hidden={!busy}
      aria-label={t('shell.loading')}
      className={`fixed inset-x-0 top-0 z-50 h-0.5 origin-left bg-accent transition-transform duration-500 ${busy ? 'scale-x-75' : 'scale-x-0'}`}
    />
  )
}

/**
 * A `<details>` that behaves like a menu: it closes on Escape (focus back on its summary), on a
 * click or tap outside it, and after a navigation.
 */
function useDismissableDisclosure() {
  const ref = useRef<HTMLDetailsElement>(null)
  const location = useLocation()
  useEffect(() => {
    if (ref.current) ref.current.open = false
  }, [location.key])
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const details = ref.current
      if (event.key !== 'Escape' || !details?.open) return
      details.open = false
      details.querySelector('summary')?.focus()
    }
    const onPointerDown = (event: PointerEvent) => {
      const details = ref.current
      if (details?.open && !details.contains(event.target as Node)) details.open = false
    }
    document.addEventListener('keydown', onKeyDown)
    document.addEventListener('pointerdown', onPointerDown)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
      document.removeEventListener('pointerdown', onPointerDown)
    }
  }, [])
  return ref
}
