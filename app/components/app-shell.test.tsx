import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createStaticHandler, createStaticRouter, Outlet, StaticRouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import type { Locale, Role } from '#db/schema/vocabulary'
import { navigationFor } from '~/lib/auth/permissions'
import { i18nFor } from '~/lib/i18n/i18n'
import { messagesFor } from '~/lib/i18n/i18n.server'
import { AppShell } from './app-shell'

/** The shell around an empty page, with the root data the root loader would give, in a language. */
async function renderShell(locale: Locale, role: Role | null, path = '/guidelines?sort=title') {
  const user = role && { id: 'u', name: 'Ana Gómez', email: 'ana@policia.gov.co', role, locale: null }
  const handler = createStaticHandler([
    {
      id: 'root',
      path: '/',
      loader: () => ({ user, navigation: navigationFor(role), toast: null, locale, messages: messagesFor(locale) }),
      Component: () => createElement(AppShell, null, createElement(Outlet)),
      children: [{ id: 'page', path: '*', Component: () => null }],
    },
  ])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  const page = createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })
  return renderToString(createElement(I18nextProvider, { i18n: i18nFor(locale, messagesFor(locale)) }, page))
}

describe('the shell of officers and visitors', () => {
  it('speaks the page’s language and offers the others, keeping the page and its query', async () => {
    const html = await renderShell('es', null)
    expect(html).toContain('Iniciar sesión')
    expect(html).toContain('Lineamientos')
    expect(html).toContain('Certificados')
    expect(html).toContain('href="?sort=title&amp;lang=fr"')
    expect(html).toContain('href="?sort=title&amp;lang=en"')
    expect(html).toMatch(/<span lang="es" aria-current="true"[^>]*>Español<\/span>/)
  })

  it('names an officer’s role and navigation in French', async () => {
    const html = await renderShell('fr', 'officer', '/training')
    expect(html).toContain('Formation')
    expect(html).toContain('Agent')
    expect(html).toContain('Se déconnecter')
  })

  it('leaves the staff’s shell in English, with no language switch', async () => {
    const html = await renderShell('en', 'outreach_lead', '/home')
    expect(html).toContain('Agencies')
    expect(html).not.toContain('hrefLang')
  })
})
