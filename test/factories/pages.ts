import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import type { Locale } from '#db/schema/vocabulary'
import { i18nFor } from '~/lib/i18n/i18n'
import { messagesFor } from '~/lib/i18n/i18n.server'

/** A route's page rendered as the server renders it, with its loader data, in a language (as the root gives it). */
export async function renderPage(Component: ComponentType, loaderData: unknown, path: string, locale: Locale = 'en') {
  const handler = createStaticHandler([{ id: 'page', path: '*', loader: () => loaderData as object, Component }])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  const page = createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false })
  return renderToString(createElement(I18nextProvider, { i18n: i18nFor(locale, messagesFor(locale)) }, page))
}
