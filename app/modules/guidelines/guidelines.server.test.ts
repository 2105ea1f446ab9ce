import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { guidelineAcknowledgements, users } from '#db/schema'
import { actorFor, createAgency, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { getContentLibrary } from '~/lib/content/compile.server'
import { db } from '~/lib/db.server'
import { acknowledgeGuideline, changesSince, getGuideline, listGuidelines, listPendingAcknowledgements } from './guidelines.server'
import { guidelineFrontmatterSchema } from '~/lib/content/content-schema'

describe('guidelines', () => {
  it('shows drafts only to admins and the global head', async () => {
    const officer = actorFor(await createUser({ role: 'officer' }))
    const head = actorFor(await createUser({ role: 'global_head' }))
    // No guideline is a draft today: hold one back as a draft while the test runs.
    const slug = 'request-handling'
    const english = (await getContentLibrary()).guidelines.get(slug)!.get('en')!.frontmatter
    const saved = { ...english }
    try {
      english.status = 'draft'
      expect(await getGuideline({ viewer: null, slug, locale: 'en' })).toBeNull()
      expect(await getGuideline({ viewer: officer, slug, locale: 'en' })).toBeNull()
      expect((await getGuideline({ viewer: head, slug, locale: 'en' }))?.status).toBe('draft')
      expect((await listGuidelines({ viewer: null, locale: 'en' })).map((item) => item.slug)).not.toContain(slug)
      expect((await listGuidelines({ viewer: head, locale: 'en' })).map((item) => item.slug)).toContain(slug)
    } finally {
      Object.assign(english, saved)
    }
    expect((await getGuideline({ viewer: officer, slug, locale: 'en' }))?.status).toBe('published')
  })

  it('serves a translation when there is one, and English otherwise', async () => {
    const spanish = await getGuideline({ viewer: null, slug: 'emergency-disclosure-requests', locale: 'es' })
    expect(spanish?.locale).toBe('es')
    // Every language the guideline is written in is offered (the content decides which).
    const written = [...(await getContentLibrary()).guidelines.get('emergency-disclosure-requests')!.keys()]
    expect(written).toEqual(expect.arrayContaining(['en', 'es']))
    expect(spanish?.availableLocales.sort()).toEqual(written.sort())
    const untranslated = [...(await getContentLibrary()).guidelines].find(([, versions]) => !versions.has('es'))![0]
    expect((await getGuideline({ viewer: null, slug: untranslated, locale: 'es' }))?.locale).toBe('en')
  })

  it('serves the US, emergency and international guidelines in Portuguese, at the English version', async () => {
    const library = await getContentLibrary()
    for (const slug of ['us-legal-process', 'emergency-disclosure-requests', 'international-requests']) {
      const english = library.guidelines.get(slug)!.get('en')!.frontmatter
      const portuguese = await getGuideline({ viewer: null, slug, locale: 'pt' })
      expect(portuguese).toMatchObject({ locale: 'pt', version: english.version, status: 'published' })
      expect(portuguese?.availableLocales).toContain('pt')
    }
  })

  it('serves the Canada, emergency, preservation, user notice and US guidelines in French, at the English version', async () => {
    const library = await getContentLibrary()
    for (const slug of ['canada-requests', 'emergency-disclosure-requests', 'preservation-requests', 'user-notice', 'us-legal-process']) {
      const english = library.guidelines.get(slug)!.get('en')!.frontmatter
      const french = await getGuideline({ viewer: null, slug, locale: 'fr' })
      expect(french).toMatchObject({ locale: 'fr', version: english.version, status: 'published' })
      expect(french?.availableLocales).toContain('fr')
      expect(french?.title).not.toBe(english.title)
    }
  })

  it('has in Spanish, Portuguese and French every guideline the emergency module in that language sends its reader to', async () => {
    const library = await getContentLibrary()
    for (const locale of ['es', 'pt', 'fr'] as const) {
      const linked = library.modules.get('emergency-requests')!.get(locale)!.frontmatter.guidelines
      expect(linked).toEqual(expect.arrayContaining(['preservation-requests', 'us-legal-process', 'user-notice']))
      for (const slug of linked) expect((await getGuideline({ viewer: null, slug, locale }))?.locale).toBe(locale)
    }
  })

  it('serves a translation only of the current version, and a draft translation only to approvers', async () => {
    const slug = 'emergency-disclosure-requests'
    const spanish = (await getContentLibrary()).guidelines.get(slug)!.get('es')!.frontmatter
    const saved = { ...spanish }
    const head = actorFor(await createUser({ role: 'global_head' }))
    const officer = actorFor(await createUser({ role: 'officer' }))
    try {
      // A translation left behind by a new English version says something else: English is served.
      spanish.version = saved.version - 1
      const lagging = (await getGuideline({ viewer: officer, slug, locale: 'es' }))!
      expect(lagging).toMatchObject({ locale: 'en', version: saved.version })
      expect(lagging.availableLocales).toContain('en')
      expect(lagging.availableLocales).not.toContain('es')
      expect((await listGuidelines({ viewer: null, locale: 'es' })).find((item) => item.slug === slug)?.locale).toBe('en')

      // A translation marked draft is for approvers only, and shown to them as a draft.
      Object.assign(spanish, saved, { status: 'draft' })
      const hidden = (await getGuideline({ viewer: officer, slug, locale: 'es' }))!
      expect(hidden).toMatchObject({ locale: 'en', status: 'published' })
      expect(hidden.availableLocales).not.toContain('es')
      expect((await getGuideline({ viewer: null, slug, locale: 'es' }))?.locale).toBe('en')
      expect(await getGuideline({ viewer: head, slug, locale: 'es' })).toMatchObject({ locale: 'es', status: 'draft' })
      expect((await listGuidelines({ viewer: officer, locale: 'es' })).find((item) => item.slug === slug)).toMatchObject({ locale: 'en', status: 'published' })
    } finally {
      Object.assign(spanish, saved)
    }
    expect((await getGuideline({ viewer: officer, slug, locale: 'es' }))?.locale).toBe('es')
  })

  it('asks only officers for acknowledgements', async () => {
    const lead = actorFor(await createUser({ role: 'outreach_lead' }))
    expect(await listPendingAcknowledgements({ viewer: lead, locale: 'en' })).toEqual([])
    const officer = actorFor(await createUser({ role: 'officer' }))
    const pending = await listPendingAcknowledgements({ viewer: officer, locale: 'es' })
    expect(pending.find((item) => item.slug === 'emergency-disclosure-requests')).toMatchObject({ locale: 'es', acknowledgedVersion: null })
  })

  it('asks an officer to acknowledge only the guidelines that concern their agency’s region', async () => {
    async function officerAt(countryCode: string) {
      const agency = await createAgency({ name: `Agency in ${countryCode}`, countryCode })
      const [user] = await db
        .update(users)
        .set({ agencyId: agency.id })
        .where(eq(users.id, (await createUser({ role: 'officer' })).id))
        .returning()
      return { ...actorFor(user), agencyId: user.agencyId }
    }
    const colombian = await officerAt('CO')
    const pending = (await listPendingAcknowledgements({ viewer: colombian, locale: 'es' })).map((item) => item.slug)
    expect(pending).toContain('emergency-disclosure-requests')
    expect(pending).not.toContain('us-legal-process')
    const usProcess = (await getGuideline({ viewer: colombian, slug: 'us-legal-process', locale: 'es' }))!
    expect(usProcess.acknowledgement).toMatchObject({ required: false, otherRegions: true })
    expect((await listGuidelines({ viewer: colombian, locale: 'es' })).find((item) => item.slug === 'us-legal-process')).toMatchObject({
      requiresAcknowledgement: false,
    })
    expect(await acknowledgeGuideline({ actor: colombian, slug: 'us-legal-process', version: usProcess.version, meta: testMeta })).toEqual({
      ok: false,
      reason: 'not_found',
    })

    const american = await officerAt('US')
    expect((await listPendingAcknowledgements({ viewer: american, locale: 'en' })).map((item) => item.slug)).toContain('us-legal-process')
    expect((await getGuideline({ viewer: american, slug: 'us-legal-process', locale: 'en' }))!.acknowledgement).toMatchObject({
      required: true,
      otherRegions: false,
    })
  })

  it('asks again when a new version is published, showing what changed', async () => {
    const user = await createUser({ role: 'officer' })
    const officer = actorFor(user)
    const current = (await getGuideline({ viewer: officer, slug: 'emergency-disclosure-requests', locale: 'en' }))!
    expect(current.acknowledgement).toMatchObject({ required: true, acknowledgedVersion: null, current: false, outdated: false })
    // The officer acknowledged the previous version.
    await db
      .insert(guidelineAcknowledgements)
      .values({ userId: user.id, guidelineSlug: 'emergency-disclosure-requests', version: current.version - 1, acknowledgedAt: new Date() })
    const outdated = (await getGuideline({ viewer: officer, slug: 'emergency-disclosure-requests', locale: 'en' }))!
    expect(outdated.acknowledgement).toMatchObject({ outdated: true, current: false, acknowledgedVersion: current.version - 1 })
    expect(outdated.changes).toEqual([{ version: current.version, text: expect.any(String) }])
    expect((await listPendingAcknowledgements({ viewer: officer, locale: 'en' })).map((item) => item.slug)).toContain('emergency-disclosure-requests')

    expect(await acknowledgeGuideline({ actor: officer, slug: 'emergency-disclosure-requests', version: current.version - 1, meta: testMeta })).toEqual({
      ok: false,
      reason: 'outdated',
    })
    expect(await acknowledgeGuideline({ actor: officer, slug: 'emergency-disclosure-requests', version: current.version, meta: testMeta })).toEqual({
      ok: true,
    })
    const after = (await getGuideline({ viewer: officer, slug: 'emergency-disclosure-requests', locale: 'en' }))!
    expect(after.acknowledgement).toMatchObject({ current: true, outdated: false })
    expect((await listPendingAcknowledgements({ viewer: officer, locale: 'en' })).map((item) => item.slug)).not.toContain('emergency-disclosure-requests')
  })
})

describe('what changed since the acknowledged version', () => {
  const frontmatter = { title: 'A guideline', summary: 'A summary long enough.', version: 4, updated: '2026-05-01', status: 'published', regions: ['US'] }

  it('lists every note newer than the acknowledged version, newest first', () => {
    const { changes } = guidelineFrontmatterSchema.parse({ ...frontmatter, changes: { 2: 'Second.', 3: 'Third.', 4: 'Fourth.' } })
    expect(changesSince(changes, 4, 2)).toEqual([
      { version: 4, text: 'Fourth.' },
      { version: 3, text: 'Third.' },
    ])
    expect(changesSince(changes, 4, null).map((note) => note.version)).toEqual([4, 3, 2])
    expect(changesSince(changes, 4, 4)).toEqual([])
  })

  it('reads a single note as the current version’s, and refuses a key that is not a version', () => {
    const { changes } = guidelineFrontmatterSchema.parse({ ...frontmatter, changes: 'Rewritten.' })
    expect(changesSince(changes, 4, 1)).toEqual([{ version: 4, text: 'Rewritten.' }])
    expect(guidelineFrontmatterSchema.safeParse({ ...frontmatter, changes: { latest: 'No.' } }).success).toBe(false)
  })
})
