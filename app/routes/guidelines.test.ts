import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { guidelineAcknowledgements, users } from '#db/schema'
import { call, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { compileStats, getContentLibrary } from '~/lib/content/compile.server'
import { db } from '~/lib/db.server'
import GuidelinePage, { action, loader } from './guidelines.$slug'
import { renderPage } from '#test/factories/pages'
import GuidelinesPage, { loader as listLoader } from './guidelines._index'

describe('/guidelines', () => {
  it('is public, and a request compiles nothing', async () => {
    await call(listLoader, makeRequest('/guidelines')) // the library is ready (compiled at start)
    const before = compileStats.bundleCalls
    const list = (await call(listLoader, makeRequest('/guidelines'))) as { guidelines: { slug: string }[] }
    expect(list.guidelines.length).toBeGreaterThanOrEqual(6)
    const page = (await call(loader, makeRequest('/guidelines/us-legal-process'), { slug: 'us-legal-process' })) as {
      guideline: { html: string; toc: unknown[] }
    }
    expect(page.guideline.html).toContain('<h2 id=')
    expect(page.guideline.toc.length).toBeGreaterThan(2)
    expect(compileStats.bundleCalls).toBe(before)
  })

  it('for a visitor: ?lang, then Accept-Language', async () => {
    const byHeader = (await call(
      loader,
      makeRequest('/guidelines/emergency-disclosure-requests', { headers: { 'Accept-Language': 'es-CO,es;q=0.9,en;q=0.5' } }),
      { slug: 'emergency-disclosure-requests' },
    )) as { guideline: { locale: string } }
    expect(byHeader.guideline.locale).toBe('es')
    const byParam = (await call(loader, makeRequest('/guidelines/emergency-disclosure-requests?lang=en', { headers: { 'Accept-Language': 'es' } }), {
      slug: 'emergency-disclosure-requests',
    })) as { guideline: { locale: string } }
    expect(byParam.guideline.locale).toBe('en')
  })

  it('for a signed-in reader: ?lang, then the language they chose, then Accept-Language, then English', async () => {
    const slug = 'emergency-disclosure-requests'
    const localeOf = async (path: string, cookie: string, headers: Record<string, string> = {}) =>
      ((await call(loader, makeRequest(path, { cookie, headers }), { slug })) as { guideline: { locale: string } }).guideline.locale
    const spanishBrowser = { 'Accept-Language': 'es-MX,es;q=0.9' }

    // No language chosen in the settings: the browser decides.
    const undecided = await createUser({ role: 'officer' })
    const undecidedCookie = (await signInAs(undecided)).cookie
    expect((await db.select({ locale: users.locale }).from(users).where(eq(users.id, undecided.id)))[0].locale).toBeNull()
    expect(await localeOf(`/guidelines/${slug}`, undecidedCookie, spanishBrowser)).toBe('es')
    expect(await localeOf(`/guidelines/${slug}`, undecidedCookie)).toBe('en')

    // English chosen: it wins over the browser; ?lang wins over both.
    const english = await createUser({ role: 'officer' })
    await db.update(users).set({ locale: 'en' }).where(eq(users.id, english.id))
    const englishCookie = (await signInAs(english)).cookie
    expect(await localeOf(`/guidelines/${slug}`, englishCookie, spanishBrowser)).toBe('en')
    expect(await localeOf(`/guidelines/${slug}?lang=es`, englishCookie, spanishBrowser)).toBe('es')

    // Spanish chosen: it wins over an English browser.
    const spanish = await createUser({ role: 'outreach_lead' })
    await db.update(users).set({ locale: 'es' }).where(eq(users.id, spanish.id))
    const spanishCookie = (await signInAs(spanish)).cookie
    expect(await localeOf(`/guidelines/${slug}`, spanishCookie, { 'Accept-Language': 'en-US,en;q=0.9' })).toBe('es')
  })

  it('on a document request hands the article to the render only; a client navigation gets it in the data', async () => {
    const renderOnly = new Map<string, string>()
    const documentLoad = (await call(
      loader,
      makeRequest('/guidelines/us-legal-process'),
      { slug: 'us-legal-process' },
      { cspNonce: '', ip: null, renderOnly },
    )) as { guideline: { html: string | null } }
    expect(documentLoad.guideline.html).toBeNull()
    expect([...renderOnly.values()]).toEqual([expect.stringContaining('<h2')])
    const navigation = (await call(loader, makeRequest('/guidelines/us-legal-process'), { slug: 'us-legal-process' }, { cspNonce: '', ip: null })) as {
      guideline: { html: string | null }
    }
    expect(navigation.guideline.html).toBe([...renderOnly.values()][0])
  })

  it('answers 404 for an unknown or draft guideline to the public', async () => {
    expect(statusOf(await call(loader, makeRequest('/guidelines/nope'), { slug: 'nope' }))).toBe(404)
    const draft = (await getContentLibrary()).guidelines.get('request-handling')!.get('en')!.frontmatter
    const saved = { ...draft }
    try {
      draft.status = 'draft'
      expect(statusOf(await call(loader, makeRequest('/guidelines/request-handling'), { slug: 'request-handling' }))).toBe(404)
    } finally {
      Object.assign(draft, saved)
    }
    expect(statusOf(await call(loader, makeRequest('/guidelines/request-handling'), { slug: 'request-handling' }))).toBe(200)
  })

  it('lets a signed-in officer acknowledge, and only officers', async () => {
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    const page = (await call(loader, makeRequest('/guidelines/preservation-requests', { cookie }), { slug: 'preservation-requests' })) as {
      guideline: { version: number }
    }
    const version = String(page.guideline.version)
    expect(
      statusOf(await call(action, makeRequest('/guidelines/preservation-requests', { cookie, form: { version } }), { slug: 'preservation-requests' })),
    ).toBe(302)
    const after = (await call(loader, makeRequest('/guidelines/preservation-requests', { cookie }), { slug: 'preservation-requests' })) as {
      guideline: { acknowledgement: { current: boolean } }
    }
    expect(after.guideline.acknowledgement.current).toBe(true)
    expect(
      statusOf(await call(action, makeRequest('/guidelines/preservation-requests', { cookie, form: { version: 'x' } }), { slug: 'preservation-requests' })),
    ).toBe(400)
    const lead = await createUser({ role: 'outreach_lead' })
    const leadCookie = (await signInAs(lead)).cookie
    expect(
      statusOf(
        await call(action, makeRequest('/guidelines/preservation-requests', { cookie: leadCookie, form: { version } }), { slug: 'preservation-requests' }),
      ),
    ).toBe(403)
  })
})

describe('/guidelines in the reader’s language', () => {
  it('lists the guidelines in Spanish, saying which exist in English only', async () => {
    const headers = { 'Accept-Language': 'es-CO,es;q=0.9' }
    const list = (await call(listLoader, makeRequest('/guidelines', { headers }))) as { guidelines: { slug: string; locale: string }[] }
    const html = await renderPage(GuidelinesPage, list, '/guidelines', 'es')
    expect(html).toContain('Lineamientos para autoridades')
    expect(list.guidelines.find((guideline) => guideline.slug === 'emergency-disclosure-requests')!.locale).toBe('es')
    const englishOnly = list.guidelines.filter((guideline) => guideline.locale === 'en').length
    expect(html.split('Disponible solo en inglés').length - 1).toBe(englishOnly)
  })

  it('explains to an officer reading Spanish that the guideline to acknowledge is in English, and puts the acknowledgement after the text', async () => {
    const library = await getContentLibrary()
    const slug = [...library.guidelines.entries()].find(([, versions]) => versions.get('en')!.frontmatter.requiresAcknowledgement && !versions.has('es'))![0]
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    const page = await call(loader, makeRequest(`/guidelines/${slug}`, { cookie, headers: { 'Accept-Language': 'es-CO' } }), { slug })
    const html = await renderPage(GuidelinePage, page, `/guidelines/${slug}`, 'es')
    expect(html).toContain('Este lineamiento solo está disponible en inglés')
    expect(html).toContain('Disponible solo en inglés')
    expect(html.indexOf('id="acknowledge"')).toBeGreaterThan(html.indexOf('class="prose-content"'))
    expect(html).toContain('class="print-keep')
    // In English, to an English reader, no such note.
    expect(await renderPage(GuidelinePage, page, `/guidelines/${slug}`, 'en')).not.toContain('available in English only')
  })

  it('shows an officer who acknowledged an older version what changed since', async () => {
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    const slug = 'emergency-disclosure-requests'
    const first = (await call(loader, makeRequest(`/guidelines/${slug}`, { cookie }), { slug })) as { guideline: { version: number } }
    await db
      .insert(guidelineAcknowledgements)
      .values({ userId: officer.id, guidelineSlug: slug, version: first.guideline.version - 1, acknowledgedAt: new Date() })
    const page = await call(loader, makeRequest(`/guidelines/${slug}`, { cookie }), { slug })
    const html = await renderPage(GuidelinePage, page, `/guidelines/${slug}`)
    expect(html).toContain(`What changed since version ${first.guideline.version - 1}`)
    expect(html).toContain(`I have read and understood version ${first.guideline.version}`)
  })
})
