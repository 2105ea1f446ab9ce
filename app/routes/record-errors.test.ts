import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, Outlet, StaticRouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import { createAgency } from '#test/factories/crm'
import { call, makeRequest, statusOf, type RouteHandler } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { AppShell } from '~/components/app-shell'
import * as outboxEmail from './admin.outbox.$emailId'
import * as adminUser from './admin.users.$userId'
import * as agencyPage from './agencies.$agencyId._index'
import * as agencyEdit from './agencies.$agencyId.edit'
import * as certificatePage from './certificates.$code'
import * as conferencePage from './conferences.$conferenceId._index'
import * as conferenceEdit from './conferences.$conferenceId.edit'
import * as contactPage from './contacts.$contactId._index'
import * as contactEdit from './contacts.$contactId.edit'
import * as engagementPage from './engagements.$engagementId._index'
import * as engagementEdit from './engagements.$engagementId.edit'
import * as guidelinePage from './guidelines.$slug'
import * as invitationPage from './invitations.$token'
import * as officerPage from './officers.$userId'
import * as coverageCountryPage from './coverage.$region.$country'
import * as coverageRegionPage from './coverage.$region._index'
import * as goalPage from './goals.$goalId'
import * as presentationPage from './presentations.$presentationId._index'
import * as presentationEdit from './presentations.$presentationId.edit'
import * as resetPasswordPage from './reset-password.$token'
import * as trainingModulePage from './training.$slug'
import * as unsubscribePage from './unsubscribe.$token'
import * as verifyEmailPage from './verify-email.$token'

type RouteModule = { loader: RouteHandler; ErrorBoundary: ComponentType }
type Reader = 'admin' | 'anonymous'

const missing = '7d1c6a55-0b7e-4c43-9a8e-2f0f4b1f9e10'

/**
 * Every route with a parameter in its URL, what a wrong value looks like, and what its 404 page
 * must say and link to. `search`: the list's search form (`?q=`) is on the page.
 */
const recordRoutes: {
  file: string
  route: RouteModule
  path: string
  params: Record<string, string>
  reader: Reader
  heading: string
  links: string[]
  search?: string
}[] = [
  {
    file: 'admin.outbox.$emailId.tsx',
    route: outboxEmail,
    path: '/admin/outbox/999999',
    params: { emailId: '999999' },
    reader: 'admin',
    heading: 'This email does not exist',
    links: ['/admin/outbox'],
    search: '/admin/outbox',
  },
  {
    file: 'admin.users.$userId.tsx',
    route: adminUser,
    path: `/admin/users/${missing}`,
    params: { userId: missing },
    reader: 'admin',
    heading: 'This user does not exist',
    links: ['/admin/users'],
    search: '/admin/users',
  },
  {
    file: 'agencies.$agencyId._index.tsx',
    route: agencyPage,
    path: `/agencies/${missing}`,
    params: { agencyId: missing },
    reader: 'admin',
    heading: 'This agency does not exist',
    links: ['/agencies'],
    search: '/agencies',
  },
  {
    file: 'agencies.$agencyId.edit.tsx',
    route: agencyEdit,
    path: `/agencies/${missing}/edit`,
    params: { agencyId: missing },
    reader: 'admin',
    heading: 'This agency does not exist',
    links: ['/agencies'],
    search: '/agencies',
  },
  {
    file: 'certificates.$code.tsx',
    route: certificatePage,
    path: '/certificates/ABCDE-23456',
    params: { code: 'ABCDE-23456' },
    reader: 'anonymous',
    heading: 'No certificate has this code',
    links: ['/'],
  },
  {
    file: 'conferences.$conferenceId._index.tsx',
    route: conferencePage,
    path: `/conferences/${missing}`,
    params: { conferenceId: missing },
    reader: 'admin',
    heading: 'This conference does not exist',
    links: ['/conferences'],
    search: '/conferences',
  },
  {
    file: 'conferences.$conferenceId.edit.tsx',
    route: conferenceEdit,
    path: `/conferences/${missing}/edit`,
    params: { conferenceId: missing },
    reader: 'admin',
    heading: 'This conference does not exist',
    links: ['/conferences'],
    search: '/conferences',
  },
  {
    file: 'contacts.$contactId._index.tsx',
    route: contactPage,
    path: `/contacts/${missing}`,
    params: { contactId: missing },
    reader: 'admin',
    heading: 'This contact does not exist',
    links: ['/contacts'],
    search: '/contacts',
  },
  {
    file: 'contacts.$contactId.edit.tsx',
    route: contactEdit,
    path: `/contacts/${missing}/edit`,
    params: { contactId: missing },
    reader: 'admin',
    heading: 'This contact does not exist',
    links: ['/contacts'],
    search: '/contacts',
  },
  {
    file: 'engagements.$engagementId._index.tsx',
    route: engagementPage,
    path: `/engagements/${missing}`,
    params: { engagementId: missing },
    reader: 'admin',
    heading: 'This engagement does not exist',
    links: ['/engagements'],
    search: '/engagements',
  },
  {
    file: 'engagements.$engagementId.edit.tsx',
    route: engagementEdit,
    path: `/engagements/${missing}/edit`,
    params: { engagementId: missing },
    reader: 'admin',
    heading: 'This engagement does not exist',
    links: ['/engagements'],
    search: '/engagements',
  },
  {
    file: 'guidelines.$slug.tsx',
    route: guidelinePage,
    path: '/guidelines/no-such-guideline',
    params: { slug: 'no-such-guideline' },
    reader: 'anonymous',
    heading: 'This guideline does not exist',
    links: ['/guidelines'],
  },
  {
    file: 'invitations.$token.tsx',
    route: invitationPage,
    path: '/invitations/unknown-token',
    params: { token: 'unknown-token' },
    reader: 'anonymous',
    heading: 'This invitation no longer works',
    links: ['/login'],
  },
  {
    file: 'officers.$userId.tsx',
    route: officerPage,
    path: `/officers/${missing}`,
    params: { userId: missing },
    reader: 'admin',
    heading: 'This officer does not exist',
    links: ['/officers'],
    search: '/officers',
  },
  {
    file: 'coverage.$region._index.tsx',
    route: coverageRegionPage,
    path: '/coverage/MARS',
    params: { region: 'MARS' },
    reader: 'admin',
    heading: 'This region does not exist',
    links: ['/coverage'],
  },
  {
    file: 'coverage.$region.$country.tsx',
    route: coverageCountryPage,
    path: '/coverage/US/NL',
    params: { region: 'US', country: 'NL' },
    reader: 'admin',
    heading: 'This country does not exist',
    links: ['/coverage'],
  },
  {
    file: 'goals.$goalId.tsx',
    route: goalPage,
    path: `/goals/${missing}`,
    params: { goalId: missing },
    reader: 'admin',
    heading: 'This goal does not exist',
    links: ['/goals'],
  },
  {
    file: 'presentations.$presentationId._index.tsx',
    route: presentationPage,
    path: `/presentations/${missing}`,
    params: { presentationId: missing },
    reader: 'admin',
    heading: 'This presentation does not exist',
    links: ['/conferences'],
    search: '/conferences',
  },
  {
    file: 'presentations.$presentationId.edit.tsx',
    route: presentationEdit,
    path: `/presentations/${missing}/edit`,
    params: { presentationId: missing },
    reader: 'admin',
    heading: 'This presentation does not exist',
    links: ['/conferences'],
    search: '/conferences',
  },
  {
    file: 'reset-password.$token.tsx',
    route: resetPasswordPage,
    path: '/reset-password/unknown-token',
    params: { token: 'unknown-token' },
    reader: 'anonymous',
    heading: 'This link no longer works',
    links: ['/forgot-password', '/login'],
  },
  {
    file: 'training.$slug.tsx',
    route: trainingModulePage,
    path: '/training/no-such-module',
    params: { slug: 'no-such-module' },
    reader: 'admin',
    heading: 'This training module does not exist',
    links: ['/training'],
  },
  {
    file: 'unsubscribe.$token.tsx',
    route: unsubscribePage,
    path: '/unsubscribe/unknown-token',
    params: { token: 'unknown-token' },
    reader: 'anonymous',
    heading: 'This link no longer works',
    links: ['/settings', '/login'],
  },
  {
    file: 'verify-email.$token.tsx',
    route: verifyEmailPage,
    path: '/verify-email/unknown-token',
    params: { token: 'unknown-token' },
    reader: 'anonymous',
    heading: 'This link no longer works',
    links: ['/signup', '/login'],
  },
]

async function cookieFor(reader: Reader) {
  if (reader === 'anonymous') return undefined
  return (await signInAs(await createUser({ role: 'admin' }))).cookie
}

/**
 * Renders what the server would answer when a route's loader throws `thrown`: the page route
 * sits under a root whose component is the AppShell, as in root.tsx.
 */
async function renderError(route: RouteModule, thrown: unknown, path: string) {
  const handler = createStaticHandler([
    {
      id: 'root',
      path: '/',
      loader: () => ({ user: null, navigation: [{ to: '/guidelines', label: 'Guidelines' }], toast: null }),
      Component: () => createElement(AppShell, null, createElement(Outlet)),
      children: [
        {
          id: 'page',
          path: '*',
          loader: () => {
            throw thrown
          },
          Component: () => null,
          ErrorBoundary: route.ErrorBoundary,
        },
      ],
    },
  ])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  const html = renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }))
  return { status: context.statusCode, html }
}

/** What a reader sees for a wrong id: the loader's status and the rendered page. */
async function open(entry: (typeof recordRoutes)[number], cookie?: string, params = entry.params, path = entry.path) {
  const thrown = await call(entry.route.loader, makeRequest(path, { cookie }), params)
  expect(thrown, entry.file).toBeInstanceOf(Response)
  return { loaderStatus: statusOf(thrown), ...(await renderError(entry.route, thrown, path)) }
}

describe('record routes answer a missing record with a page that offers a way on', () => {
  it('covers every route with a parameter in its URL', () => {
    const routeFiles = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((name) => name.includes('.$') && name.endsWith('.tsx'))
    expect(recordRoutes.map((entry) => entry.file).sort()).toEqual(routeFiles.sort())
  })

  it.each(recordRoutes)('$file: 404, says what is missing and links back', async (entry) => {
    const page = await open(entry, await cookieFor(entry.reader))
    expect(page.loaderStatus).toBe(404)
    expect(page.status).toBe(404)
    expect(page.html).toContain(entry.heading)
    for (const link of entry.links) expect(page.html).toContain(`href="${link}"`)
    if (entry.search) expect(page.html).toMatch(new RegExp(`<form[^>]*action="${entry.search}"[^>]*>.*name="q"`))
    else expect(page.html).not.toContain('name="q"')
    // The navigation stays around the page.
    expect(page.html).toContain('aria-label="Main"')
  })
})

describe('the record error pages', () => {
  const agencyEntry = recordRoutes.find((entry) => entry.file === 'agencies.$agencyId._index.tsx')!

  it('show a record outside the reader’s regions exactly as a missing one', async () => {
    const agency = await createAgency({ name: 'Politie Nederland', countryCode: 'NL' })
    const { cookie } = await signInAs(await createUser({ role: 'outreach_lead', regions: ['US'] }))
    const outside = await open(agencyEntry, cookie, { agencyId: agency.id }, `/agencies/${agency.id}`)
    const absent = await open(agencyEntry, cookie)
    expect(outside.loaderStatus).toBe(404)
    expect(outside.html).toBe(absent.html)
    expect(outside.html).not.toContain('Politie Nederland')
  })

  it('tell an officer on a staff page that they have no access', async () => {
    const { cookie } = await signInAs(await createUser({ role: 'officer' }))
    const page = await open(agencyEntry, cookie)
    expect(page.loaderStatus).toBe(403)
    expect(page.html).toContain('You do not have access')
    expect(page.html).not.toContain('This agency does not exist')
  })

  it('keep the friendly page, with no detail, for an unexpected error', async () => {
    for (const entry of recordRoutes) {
      const page = await renderError(entry.route, new Error('relation "agencies" is locked at db.server.ts:42'), entry.path)
      expect(page.status, entry.file).toBe(500)
      expect(page.html, entry.file).toContain('Something went wrong')
      expect(page.html, entry.file).not.toContain('db.server.ts')
      expect(page.html, entry.file).not.toContain(entry.heading)
    }
  })
})
