import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import type { Locale } from '#db/schema/vocabulary'
import { i18nFor } from '~/lib/i18n/i18n'
import { messagesFor } from '~/lib/i18n/i18n.server'
import { LEGAL_PROCESS_GUIDE_PATH } from '~/lib/content/legal-process-guide-path'
import fr from '~/lib/i18n/messages/fr'
import GuidelinesPage from './guidelines._index'

/** The guideline list with no guidelines, in a language. */
async function renderList(locale: Locale) {
  const handler = createStaticHandler([
    { id: 'page', path: '/guidelines', loader: () => ({ guidelines: [], isOfficer: true, locale }), Component: GuidelinesPage },
  ])
  const context = await handler.query(new Request('http://localhost:3000/guidelines'))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  const page = createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })
  return renderToString(createElement(I18nextProvider, { i18n: i18nFor(locale, messagesFor(locale)) }, page))
}

describe('the guideline list', () => {
  it('points to the legal process guide in the reader’s language', async () => {
    const french = await renderList('fr')
    expect(french).toContain(`href="${LEGAL_PROCESS_GUIDE_PATH}"`)
    expect(french).toContain(fr.guidelines.guideLink)
    expect(french).toContain(fr.guidelines.guidePrompt)
    const english = await renderList('en')
    expect(english).toContain('Which legal process do I need?')
  })
})
