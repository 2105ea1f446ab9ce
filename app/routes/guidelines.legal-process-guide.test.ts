import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import type { Locale } from '#db/schema/vocabulary'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { getContentLibrary } from '~/lib/content/compile.server'
import { i18nFor } from '~/lib/i18n/i18n'
import { messagesFor } from '~/lib/i18n/i18n.server'
import GuidePage, { loader } from './guidelines.legal-process-guide'
import GuidelinesPage from './guidelines._index'

const PATH = '/guidelines/legal-process-guide'

/**
 * The page as the server sends it to a browser without JavaScript: the route's loader answers
 * the request, with its status, and the page renders from its data.
 */
async function renderGuide(query: string, locale: Locale = 'en') {
  const handler = createStaticHandler([
    {
      id: 'guide',
      path: '/guidelines/legal-process-guide',
      loader: (args) => loader({ ...args, url: new URL(args.request.url) } as never),
      Component: GuidePage,
    },
  ])
  const context = await handler.query(new Request(`http://localhost:3000${PATH}${query}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  const page = createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })
  const html = renderToString(createElement(I18nextProvider, { i18n: i18nFor(locale, messagesFor(locale)) }, page))
  return { status: context.statusCode, html }
}

/** Renders a page component with the loader data given. */
async function renderWith(Component: ComponentType, loaderData: unknown, path: string) {
  const handler = createStaticHandler([{ id: 'page', path: '*', loader: () => loaderData as object, Component }])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }))
}

const href = (query: string) => `href="${PATH}?${query.replace(/&/g, '&amp;')}"`

describe('/guidelines/legal-process-guide', () => {
  it('speaks the reader’s language around the English guide, and says the guide is in English only', async () => {
    const spanish = (await renderGuide('?emergency=no&child-safety=no', 'es')).html
    expect(spanish).toContain('Sus respuestas')
    expect(spanish).toContain('Empezar de nuevo')
    expect(spanish).toContain('Disponible solo en inglés')
    expect(spanish).not.toContain('Your answers')
    const english = (await renderGuide('?emergency=no&child-safety=no')).html
    expect(english).toContain('Your answers')
    expect(english).not.toContain('Available in English only')
  })

  it('is public: a visitor and a signed-in officer get the first question', async () => {
    const visitor = await call(loader, makeRequest(PATH))
    expect(statusOf(visitor)).toBe(200)
    expect(dataOf<{ step: { kind: string } }>(visitor).step.kind).toBe('question')
    const officer = await createUser({ role: 'officer' })
    const signedIn = await call(loader, makeRequest(PATH, { cookie: (await signInAs(officer)).cookie }))
    expect(dataOf<{ step: { kind: string } }>(signedIn).step.kind).toBe('question')
  })

  it('renders the first question with each answer as a plain link, and no back link', async () => {
    const { status, html } = await renderGuide('')
    expect(status).toBe(200)
    expect(html).toContain('Is someone in danger of death or serious physical injury right now?')
    expect(html).toContain(href('emergency=yes'))
    expect(html).toContain(href('emergency=no'))
    expect(html).not.toContain('>Back<')
    expect(html).not.toMatch(/<form/)
  })

  it('renders an answer step: the answers so far with links to change them, the next question, back and restart', async () => {
    const { status, html } = await renderGuide('?emergency=no&child-safety=no')
    expect(status).toBe(200)
    expect(html).toContain('Where is your agency?')
    expect(html).toContain(href('emergency=no&child-safety=no&region=us'))
    expect(html).toContain(href('emergency=no&child-safety=no&region=brazil'))
    expect(html).toContain(`${href('emergency=no')}`) // back, and change the second answer
    expect(html).toContain(`href="${PATH}"`) // start again, and change the first answer
    expect(html).toMatch(/Back/)
    expect(html).toMatch(/Start again/)
  })

  it('renders a result: the process, what it obtains, what to send and links to guideline sections', async () => {
    const library = await getContentLibrary()
    const { status, html } = await renderGuide('?emergency=no&child-safety=yes&region=us&data-us=content')
    expect(status).toBe(200)
    expect(html).toContain('The process to use')
    expect(html).toContain('Search warrant')
    expect(html).toContain('What it can obtain')
    expect(html).toContain('What to send us')
    expect(html).toContain('href="/guidelines/us-legal-process#search-warrants"')
    expect(html).toContain('href="/guidelines/child-safety-reporting#what-we-preserve"')
    expect(html).toContain(library.site.lawEnforcementPortalUrl)
    expect(html).toContain(href('emergency=no&child-safety=yes&region=us'))
  })

  it('answers unknown or out-of-order answers with a 400 and a fresh start, never a 500', async () => {
    for (const query of [
      '?emergency=perhaps',
      '?region=us',
      '?emergency=no&emergency=yes',
      '?emergency=no&child-safety=no&region=us&data-us=%00',
      `?emergency=${'x'.repeat(5000)}`,
    ]) {
      const result = await call(loader, makeRequest(`${PATH}${query}`))
      expect(statusOf(result), query).toBe(400)
      const { status, html } = await renderGuide(query)
      expect(status, query).toBe(400)
      expect(html, query).toContain('These answers do not fit the guide')
      expect(html, query).toContain(`href="${PATH}"`)
    }
  })

  it('is linked from the guidelines list', async () => {
    const html = await renderWith(GuidelinesPage, { guidelines: [], isOfficer: false, locale: 'en' }, '/guidelines')
    expect(html).toContain(`href="${PATH}"`)
    expect(html).toContain('Which legal process do I need?')
  })
})
