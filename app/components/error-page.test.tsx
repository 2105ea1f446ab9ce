import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import type { Locale } from '#db/schema/vocabulary'
import { i18nFor } from '~/lib/i18n/i18n'
import { messagesFor } from '~/lib/i18n/i18n.server'
import fr from '~/lib/i18n/messages/fr'
import { ErrorPage } from './error-page'

/** The friendly error page of a route whose loader throws `status`, in a language. */
async function renderError(locale: Locale, status: number, path = '/training/emergency-requests?step=2') {
  const handler = createStaticHandler([
    {
      id: 'page',
      path: '*',
      loader: () => {
        throw new Response(null, { status })
      },
      Component: () => null,
      ErrorBoundary: ErrorPage,
    },
  ])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  const page = createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })
  return renderToString(createElement(I18nextProvider, { i18n: i18nFor(locale, messagesFor(locale)) }, page))
}

describe('the friendly error page', () => {
  it('says the database is away in the reader’s language, with a way to try the same page again', async () => {
    const html = await renderError('fr', 503)
    expect(html).toContain(fr.errors.title503)
    expect(html).toContain('Rien de ce que vous avez enregistré n’est perdu')
    expect(html).toContain('href="/training/emergency-requests?step=2"')
    expect(html).toContain(fr.errors.tryAgain)
    expect(html).not.toContain(fr.errors.toStart)
  })

  it('keeps the English words for English readers, and the way to the start page for other errors', async () => {
    const outage = await renderError('en', 503)
    expect(outage).toContain('Liaison is temporarily unavailable')
    expect(outage).toContain('Nothing you saved is lost')
    const throttled = await renderError('es', 429)
    expect(throttled).toContain('href="/"')
    expect(throttled).not.toContain(fr.errors.tryAgain)
  })
})
