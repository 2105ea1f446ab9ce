import { describe, expect, it } from 'vitest'
import { guidelineAcknowledgements } from '#db/schema'
import { actorFor, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { acknowledgeGuideline, getGuideline, listGuidelines, listPendingAcknowledgements } from './guidelines.server'

describe('guidelines', () => {
  it('shows drafts only to admins and the global head', async () => {
    const officer = actorFor(await createUser({ role: 'officer' }))
    const head = actorFor(await createUser({ role: 'global_head' }))
    expect(await getGuideline({ viewer: null, slug: 'using-the-portal', locale: 'en' })).toBeNull()
    expect(await getGuideline({ viewer: officer, slug: 'using-the-portal', locale: 'en' })).toBeNull()
    expect((await getGuideline({ viewer: head, slug: 'using-the-portal', locale: 'en' }))?.status).toBe('draft')
    expect((await listGuidelines({ viewer: null, locale: 'en' })).map((item) => item.slug)).not.toContain('using-the-portal')
    expect((await listGuidelines({ viewer: head, locale: 'en' })).map((item) => item.slug)).toContain('using-the-portal')
  })

  it('serves a translation when there is one, and English otherwise', async () => {
    const spanish = await getGuideline({ viewer: null, slug: 'emergency-disclosure-requests', locale: 'es' })
    expect(spanish?.locale).toBe('es')
    expect(spanish?.availableLocales.sort()).toEqual(['en', 'es'])
    expect((await getGuideline({ viewer: null, slug: 'preservation-requests', locale: 'es' }))?.locale).toBe('en')
  })

  it('asks again when a new version is published, showing what changed', async () => {
    const user = await createUser({ role: 'officer' })
    const officer = actorFor(user)
    const current = (await getGuideline({ viewer: officer, slug: 'emergency-disclosure-requests', locale: 'en' }))!
    expect(current.acknowledgement).toMatchObject({ required: true, acknowledgedVersion: null, current: false, outdated: false })
    // The officer acknowledged the previous version.
    await db.insert(guidelineAcknowledgements).values({ userId: user.id, guidelineSlug: 'emergency-disclosure-requests', version: current.version - 1, acknowledgedAt: new Date() })
    const outdated = (await getGuideline({ viewer: officer, slug: 'emergency-disclosure-requests', locale: 'en' }))!
    expect(outdated.acknowledgement).toMatchObject({ outdated: true, current: false, acknowledgedVersion: current.version - 1 })
    expect(outdated.changes).toBeTruthy()
    expect((await listPendingAcknowledgements(officer)).map((item) => item.slug)).toContain('emergency-disclosure-requests')

    expect(await acknowledgeGuideline({ actor: officer, slug: 'emergency-disclosure-requests', version: current.version - 1, meta: testMeta })).toEqual({ ok: false, reason: 'outdated' })
    expect(await acknowledgeGuideline({ actor: officer, slug: 'emergency-disclosure-requests', version: current.version, meta: testMeta })).toEqual({ ok: true })
    const after = (await getGuideline({ viewer: officer, slug: 'emergency-disclosure-requests', locale: 'en' }))!
    expect(after.acknowledgement).toMatchObject({ current: true, outdated: false })
    expect((await listPendingAcknowledgements(officer)).map((item) => item.slug)).not.toContain('emergency-disclosure-requests')
  })
})
