import { and, eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { activity, agencies, authTokens, certificates, emailOutbox, quizAttempts, trainingAssignments, trainingProgress, users } from '#db/schema'
import type { OfficerVerification } from '#db/schema/vocabulary'
import { actorFor, createAgency, testMeta } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { validateSessionToken } from '~/lib/auth/session.server'
import { getContentLibrary } from '~/lib/content/compile.server'
import { db } from '~/lib/db.server'
import { generateCertificateCode } from '~/modules/certificates/certificates.server'
import { setEmailPreferences } from '~/modules/notifications/preferences.server'
import { officerListFilters } from './officers-schema'
import { deliveredLinkToken } from '#test/factories/mail'
import {
  assignModule,
  confirmOfficerEmail,
  decideOfficerVerification,
  findAgenciesForEmail,
  getOfficer,
  inviteOfficer,
  listOfficers,
  listOfficersOfAgency,
  listPublishedModules,
  remindAssignment,
  signUpOfficer,
} from './officers.server'

let sequence = 0

/** An officer row as sign-up or an invitation leaves it. */
async function createOfficer(
  agencyId: string | null,
  values: { name?: string; email?: string; verification?: OfficerVerification; emailVerified?: boolean; createdAt?: Date } = {},
) {
  sequence += 1
  const [officer] = await db
    .insert(users)
    .values({
      email: values.email ?? `officer${sequence}@agency.example`,
      name: values.name ?? `Officer ${sequence}`,
      role: 'officer',
      status: 'active',
      agencyId,
      officerVerification: values.verification ?? 'pending',
      emailVerifiedAt: values.emailVerified === false ? null : new Date('2026-01-02T00:00:00Z'),
      createdAt: values.createdAt ?? new Date(),
    })
    .returning()
  return officer
}

async function leadOf(region: 'US' | 'EMEA', name = `${region} Lead`) {
  return actorFor(await createUser({ role: 'outreach_lead', regions: [region], name }), [region])
}

const verificationToken = (email: string) => deliveredLinkToken(email, '/verify-email/')

const signup = { name: 'Dana Reyes', password: 'a long and quiet phrase', meta: testMeta }

describe('which agency an address belongs to', () => {
  it('never matches through a public suffix or a free-mail provider an agency was saved with', async () => {
    await createAgency({ name: 'Saved on a suffix', emailDomains: ['co.uk', 'gov.uk'] })
    await createAgency({ name: 'Saved on free mail', emailDomains: ['gmail.com'] })
    const own = await createAgency({ name: 'Example Constabulary', countryCode: 'GB', emailDomains: ['co.uk', 'police.example.gov.uk'] })
    expect(await findAgenciesForEmail('a@anyone.co.uk')).toEqual([])
    expect(await findAgenciesForEmail('a@other.gov.uk')).toEqual([])
    expect(await findAgenciesForEmail('a@gmail.com')).toEqual([])
    expect((await findAgenciesForEmail('a@mail.police.example.gov.uk')).map((agency) => agency.id)).toEqual([own.id])
    expect(await findAgenciesForEmail('a@example.gov.uk')).toEqual([])
  })

  it('matches a registered domain or a subdomain, never a look-alike or an archived agency', async () => {
    const fbi = await createAgency({ name: 'Federal Bureau of Investigation', emailDomains: ['fbi.gov'] })
    const archived = await createAgency({ name: 'Old Task Force', emailDomains: ['oldtf.gov'] })
    await db.update(agencies).set({ archivedAt: new Date() }).where(eq(agencies.id, archived.id))
    expect((await findAgenciesForEmail('a@fbi.gov')).map((agency) => agency.id)).toEqual([fbi.id])
    expect((await findAgenciesForEmail('a@ic.fbi.gov')).map((agency) => agency.id)).toEqual([fbi.id])
    expect(await findAgenciesForEmail('a@fbi.gov.evil.example')).toEqual([])
    expect(await findAgenciesForEmail('a@evilfbi.gov')).toEqual([])
    expect(await findAgenciesForEmail('a@oldtf.gov')).toEqual([])
  })

  it('prefers the most specific domain, and returns every agency sharing it', async () => {
    const dea = await createAgency({ name: 'Drug Enforcement Administration', emailDomains: ['dea.gov', 'usdoj.gov'] })
    const marshals = await createAgency({ name: 'US Marshals Service', emailDomains: ['usdoj.gov'] })
    const ceos = await createAgency({ name: 'CEOS', emailDomains: ['criminal.usdoj.gov'] })
    expect((await findAgenciesForEmail('a@usdoj.gov')).map((agency) => agency.id)).toEqual([dea.id, marshals.id])
    expect((await findAgenciesForEmail('a@criminal.usdoj.gov')).map((agency) => agency.id)).toEqual([ceos.id])
    expect((await findAgenciesForEmail('a@dea.gov')).map((agency) => agency.id)).toEqual([dea.id])
  })
})

describe('officer sign-up', () => {
  it('creates a pending, unconfirmed officer, a verification email and a log entry, in one go', async () => {
    const fbi = await createAgency({ name: 'Federal Bureau of Investigation', emailDomains: ['fbi.gov'] })
    expect(await signUpOfficer({ ...signup, email: 'dana.reyes@ic.fbi.gov' })).toEqual({ ok: true })
    const [officer] = await db.select().from(users)
    expect(officer).toMatchObject({
      email: 'dana.reyes@ic.fbi.gov',
      role: 'officer',
      status: 'active',
      agencyId: fbi.id,
      officerVerification: 'pending',
      emailVerifiedAt: null,
      officerVerifiedById: null,
    })
    expect(officer.passwordHash).toMatch(/^\$argon2id\$/)
    const mails = await db.select().from(emailOutbox)
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({ recipient: 'dana.reyes@ic.fbi.gov', template: 'email-verification' })
    expect(mails[0].text).toContain('Federal Bureau of Investigation')
    const [token] = await db.select().from(authTokens)
    expect(token).toMatchObject({ userId: officer.id, purpose: 'email_verification', usedAt: null })
    expect(mails[0].text).not.toContain(token.tokenHash)
    const logged = await db.select().from(activity)
    expect(logged.map((row) => row.name)).toEqual(['officer.signed_up'])
    expect(logged[0]).toMatchObject({ userId: officer.id, agencyId: fbi.id, ip: testMeta.ip })
  })

  it('refuses an unknown domain and a common password, creating nothing', async () => {
    await createAgency({ emailDomains: ['fbi.gov'] })
    const unknown = await signUpOfficer({ ...signup, email: 'x@fbi.gov.evil.example' })
    expect(unknown).toMatchObject({ ok: false, reason: 'invalid', fieldErrors: { email: [expect.stringMatching(/law-enforcement agency we know/)] } })
    const common = await signUpOfficer({ ...signup, email: 'x@fbi.gov', password: 'password123' })
    expect(common).toMatchObject({ ok: false, reason: 'invalid', fieldErrors: { password: [expect.stringMatching(/common/)] } })
    expect(await db.select().from(users)).toEqual([])
    expect(await db.select().from(emailOutbox)).toEqual([])
  })

  it('asks which agency when several share the domain, and accepts only one of them', async () => {
    const dea = await createAgency({ name: 'Drug Enforcement Administration', emailDomains: ['usdoj.gov'] })
    await createAgency({ name: 'US Marshals Service', emailDomains: ['usdoj.gov'] })
    const other = await createAgency({ name: 'Elsewhere', emailDomains: ['elsewhere.gov'] })
    const ask = await signUpOfficer({ ...signup, email: 'x@usdoj.gov' })
    expect(ask).toMatchObject({ ok: false, reason: 'invalid', fieldErrors: { agencyId: [expect.any(String)] } })
    expect(ask.ok === false && ask.reason === 'invalid' && ask.agencyChoices?.map((choice) => choice.name)).toEqual([
      'Drug Enforcement Administration',
      'US Marshals Service',
    ])
    expect(await signUpOfficer({ ...signup, email: 'x@usdoj.gov', agencyId: other.id })).toMatchObject({ ok: false, reason: 'invalid' })
    expect(await signUpOfficer({ ...signup, email: 'x@usdoj.gov', agencyId: dea.id })).toEqual({ ok: true })
    const [officer] = await db.select().from(users)
    expect(officer.agencyId).toBe(dea.id)
  })

  it('answers the same for an existing account and sends nothing; an unconfirmed sign-up gets a fresh link', async () => {
    await createAgency({ emailDomains: ['fbi.gov'] })
    await createUser({ role: 'officer', email: 'known@fbi.gov' })
    expect(await signUpOfficer({ ...signup, email: 'known@fbi.gov' })).toEqual({ ok: true })
    expect(await db.select().from(emailOutbox)).toEqual([])
    expect(await db.select().from(users)).toHaveLength(1)

    expect(await signUpOfficer({ ...signup, email: 'new@fbi.gov' })).toEqual({ ok: true })
    const first = await verificationToken('new@fbi.gov')
    expect(await signUpOfficer({ ...signup, name: 'Someone Else', email: 'new@fbi.gov' })).toEqual({ ok: true })
    const mails = await db.select().from(emailOutbox).orderBy(emailOutbox.id)
    expect(mails).toHaveLength(2)
    expect(mails[1].text).toContain('Hello Dana Reyes')
    const second = await verificationToken('new@fbi.gov')
    expect(second).not.toBe(first)
    expect((await confirmOfficerEmail({ token: first, meta: testMeta })).ok).toBe(false)
    expect((await confirmOfficerEmail({ token: second, meta: testMeta })).ok).toBe(true)
  })

  it('throttles per account and per IP', async () => {
    await createAgency({ emailDomains: ['fbi.gov'] })
    for (let attempt = 0; attempt < 3; attempt++) expect((await signUpOfficer({ ...signup, email: 'busy@fbi.gov' })).ok).toBe(true)
    const refused = await signUpOfficer({ ...signup, email: 'busy@fbi.gov' })
    expect(refused).toMatchObject({ ok: false, reason: 'throttled' })
    expect(refused.ok === false && refused.reason === 'throttled' && refused.retryAfterSeconds).toBeGreaterThan(0)
    for (let attempt = 0; attempt < 7; attempt++) await signUpOfficer({ ...signup, email: `other${attempt}@fbi.gov` })
    expect(await signUpOfficer({ ...signup, email: 'fresh@fbi.gov' })).toMatchObject({ ok: false, reason: 'throttled' })
    expect(await signUpOfficer({ ...signup, email: 'fresh@fbi.gov', meta: { ip: '198.51.100.99' } })).toEqual({ ok: true })
  })
})

describe('email confirmation', () => {
  it('confirms once, signs the officer in and keeps the account pending', async () => {
    await createAgency({ emailDomains: ['fbi.gov'] })
    await signUpOfficer({ ...signup, email: 'dana@fbi.gov' })
    const token = await verificationToken('dana@fbi.gov')
    const confirmed = await confirmOfficerEmail({ token, meta: testMeta })
    expect(confirmed.ok).toBe(true)
    if (!confirmed.ok) return
    expect(await validateSessionToken(confirmed.token)).not.toBeNull()
    const [officer] = await db.select().from(users)
    expect(officer.emailVerifiedAt).toBeInstanceOf(Date)
    expect(officer.officerVerification).toBe('pending')
    const names = (await db.select().from(activity).orderBy(activity.id)).map((row) => row.name)
    expect(names).toEqual(['officer.signed_up', 'officer.email_verified', 'user.login'])
    expect((await confirmOfficerEmail({ token, meta: testMeta })).ok).toBe(false)
  })

  it('refuses an expired link and changes nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-02T09:00:00Z'))
    await createAgency({ emailDomains: ['fbi.gov'] })
    await signUpOfficer({ ...signup, email: 'late@fbi.gov' })
    const token = await verificationToken('late@fbi.gov')
    vi.setSystemTime(new Date('2026-03-03T09:00:01Z'))
    expect((await confirmOfficerEmail({ token, meta: testMeta })).ok).toBe(false)
    const [officer] = await db.select().from(users)
    expect(officer.emailVerifiedAt).toBeNull()
  })
})

describe('the verification queue', () => {
  it('shows a lead only confirmed, pending officers of agencies in their regions, oldest first', async () => {
    const us = await createAgency({ name: 'Plano PD', emailDomains: ['plano.gov'] })
    const nl = await createAgency({ name: 'Politie', countryCode: 'NL', emailDomains: ['politie.nl'] })
    const older = await createOfficer(us.id, { name: 'Older', createdAt: new Date('2026-01-01T00:00:00Z') })
    const newer = await createOfficer(us.id, { name: 'Newer', createdAt: new Date('2026-02-01T00:00:00Z') })
    await createOfficer(us.id, { name: 'Unconfirmed', emailVerified: false })
    await createOfficer(us.id, { name: 'Done', verification: 'verified' })
    await createOfficer(nl.id, { name: 'Dutch' })
    const lead = await leadOf('US')
    const queue = await listOfficers({ actor: lead, filters: officerListFilters.parse({}) })
    expect(queue.rows.map((row) => row.id)).toEqual([older.id, newer.id])
    expect(queue.waiting).toBe(2)
    const all = await listOfficers({ actor: lead, filters: officerListFilters.parse({ tab: 'all' }) })
    expect(all.rows.map((row) => row.name)).toEqual(['Done', 'Newer', 'Older', 'Unconfirmed'])
    const searched = await listOfficers({ actor: lead, filters: officerListFilters.parse({ tab: 'all', q: 'plano', state: 'verified' }) })
    expect(searched.rows.map((row) => row.name)).toEqual(['Done'])
    const admin = actorFor(await createUser({ role: 'admin' }))
    expect((await listOfficers({ actor: admin, filters: officerListFilters.parse({}) })).waiting).toBe(3)
  })

  it('verifies and rejects with who, when and why, on the account and in the log', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-04-01T10:00:00Z'))
    const agency = await createAgency({ name: 'Plano PD' })
    const first = await createOfficer(agency.id, { name: 'First' })
    const second = await createOfficer(agency.id, { name: 'Second' })
    const lead = await leadOf('US', 'Lena Lead')
    expect(await decideOfficerVerification({ actor: lead, decision: { intent: 'verify', userId: first.id }, meta: testMeta })).toMatchObject({
      ok: true,
      state: 'verified',
    })
    expect(
      await decideOfficerVerification({ actor: lead, decision: { intent: 'reject', userId: second.id, reason: 'Not on the agency roster' }, meta: testMeta }),
    ).toMatchObject({ ok: true, state: 'rejected' })
    const [verified] = await db.select().from(users).where(eq(users.id, first.id))
    expect(verified).toMatchObject({
      officerVerification: 'verified',
      officerVerifiedById: lead.id,
      officerVerifiedAt: new Date('2026-04-01T10:00:00Z'),
      officerVerificationNote: null,
    })
    const [rejected] = await db.select().from(users).where(eq(users.id, second.id))
    expect(rejected).toMatchObject({ officerVerification: 'rejected', officerVerifiedById: lead.id, officerVerificationNote: 'Not on the agency roster' })
    const logged = await db.select().from(activity).orderBy(activity.id)
    expect(logged.map((row) => [row.name, row.actorId, row.userId, row.agencyId])).toEqual([
      ['officer.verified', lead.id, first.id, agency.id],
      ['officer.rejected', lead.id, second.id, agency.id],
    ])
    expect(logged[1]).toMatchObject({
      actorName: 'Lena Lead',
      ip: testMeta.ip,
      properties: { from: 'pending', to: 'rejected', reason: 'Not on the agency roster' },
    })
    // The log's time is the database's clock (UTC), written in the same transaction.
    expect(logged[1].happenedAt).toBeInstanceOf(Date)
    expect(await decideOfficerVerification({ actor: lead, decision: { intent: 'verify', userId: first.id }, meta: testMeta })).toMatchObject({
      ok: false,
      reason: 'refused',
    })
  })

  it('issues, with the verification, the certificates the officer earned while pending, dated from the pass', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-06-10T10:00:00Z'))
    const agency = await createAgency({ name: 'Plano PD' })
    const officer = await createOfficer(agency.id, { name: 'Dana Reyes' })
    const passedAt = new Date('2026-04-02T09:30:00Z')
    await db.insert(trainingProgress).values({
      userId: officer.id,
      moduleSlug: 'emergency-requests',
      moduleVersion: 1,
      completedSectionIds: [],
      startedAt: passedAt,
      completedAt: passedAt,
      bestScore: 90,
      updatedAt: passedAt,
    })
    await db
      .insert(quizAttempts)
      .values({ userId: officer.id, moduleSlug: 'emergency-requests', moduleVersion: 1, answers: {}, score: 90, passed: true, submittedAt: passedAt })
    // A pass of long ago has lapsed: no certificate for it.
    const longAgo = new Date('2024-01-05T09:00:00Z')
    await db.insert(trainingProgress).values({
      userId: officer.id,
      moduleSlug: 'data-request-fundamentals',
      moduleVersion: 1,
      completedSectionIds: [],
      startedAt: longAgo,
      completedAt: longAgo,
      bestScore: 100,
      updatedAt: longAgo,
    })
    await db
      .insert(quizAttempts)
      .values({ userId: officer.id, moduleSlug: 'data-request-fundamentals', moduleVersion: 1, answers: {}, score: 100, passed: true, submittedAt: longAgo })
    const lead = await leadOf('US', 'Lena Lead')

    expect(await decideOfficerVerification({ actor: lead, decision: { intent: 'verify', userId: officer.id }, meta: testMeta })).toMatchObject({
      ok: true,
      state: 'verified',
    })
    const issued = await db.select().from(certificates)
    expect(issued.map((row) => [row.moduleSlug, row.moduleVersion, row.holderName, row.agencyName, row.score])).toEqual([
      ['emergency-requests', 1, 'Dana Reyes', 'Plano PD', 90],
    ])
    expect(issued[0].issuedAt).toEqual(passedAt)
    expect(issued[0].expiresAt).toEqual(new Date('2028-04-02T09:30:00Z'))
    const logged = await db.select().from(activity).orderBy(activity.id)
    expect(logged.map((row) => [row.name, row.actorId])).toEqual([
      ['officer.verified', lead.id],
      ['certificate.issued', officer.id],
    ])
  })

  it("refuses to verify an unconfirmed address, and finds nothing outside the lead's regions", async () => {
    const us = await createAgency()
    const nl = await createAgency({ countryCode: 'NL' })
    const unconfirmed = await createOfficer(us.id, { emailVerified: false })
    const dutch = await createOfficer(nl.id)
    const lead = await leadOf('US')
    expect(await decideOfficerVerification({ actor: lead, decision: { intent: 'verify', userId: unconfirmed.id }, meta: testMeta })).toMatchObject({
      ok: false,
      reason: 'refused',
      message: expect.stringMatching(/not confirmed/),
    })
    expect(await decideOfficerVerification({ actor: lead, decision: { intent: 'reject', userId: dutch.id, reason: 'Nope nope' }, meta: testMeta })).toEqual({
      ok: false,
      reason: 'not_found',
    })
    expect(await getOfficer({ actor: lead, userId: dutch.id })).toBeNull()
    expect(await db.select().from(activity)).toEqual([])
    const [unchanged] = await db.select().from(users).where(eq(users.id, dutch.id))
    expect(unchanged.officerVerification).toBe('pending')
  })
})

describe('inviting an officer', () => {
  it('creates a verified, invited officer vouched for by the lead, with the invitation email and log entry', async () => {
    const agency = await createAgency({ name: 'Plano PD', emailDomains: ['plano.gov'] })
    const lead = await leadOf('US', 'Lena Lead')
    const outcome = await inviteOfficer({ actor: lead, input: { email: 'sam@plano.gov', name: 'Sam Ortiz', agencyId: agency.id }, meta: testMeta })
    expect(outcome.ok).toBe(true)
    const [officer] = await db.select().from(users).where(eq(users.email, 'sam@plano.gov'))
    expect(officer).toMatchObject({
      role: 'officer',
      status: 'invited',
      agencyId: agency.id,
      officerVerification: 'verified',
      officerVerifiedById: lead.id,
      passwordHash: null,
    })
    const [mail] = await db.select().from(emailOutbox)
    expect(mail).toMatchObject({ recipient: 'sam@plano.gov', template: 'invitation' })
    expect(mail.text).toContain('Lena Lead invited you to Liaison as an officer of Plano PD')
    const [logged] = await db.select().from(activity)
    expect(logged).toMatchObject({ name: 'officer.invited', actorId: lead.id, userId: officer.id, agencyId: agency.id })
    const again = await inviteOfficer({ actor: lead, input: { email: 'sam@plano.gov', name: 'Sam Ortiz', agencyId: agency.id }, meta: testMeta })
    expect(again).toMatchObject({ ok: false, fieldErrors: { email: [expect.stringMatching(/already exists/)] } })
  })

  it("refuses an agency outside the lead's regions", async () => {
    const nl = await createAgency({ countryCode: 'NL' })
    const lead = await leadOf('US')
    const outcome = await inviteOfficer({ actor: lead, input: { email: 'jan@politie.nl', name: 'Jan de Vries', agencyId: nl.id }, meta: testMeta })
    expect(outcome).toMatchObject({ ok: false, fieldErrors: { agencyId: [expect.any(String)] } })
    expect(await db.select().from(users).where(eq(users.role, 'officer'))).toEqual([])
    expect(await db.select().from(emailOutbox)).toEqual([])
  })

  it("asks the lead to vouch for an address outside the agency's email domains, and logs that they did", async () => {
    const agency = await createAgency({ name: 'Plano PD', emailDomains: ['plano.gov'] })
    const lead = await leadOf('US', 'Lena Lead')
    for (const email of ['sam.ortiz@gmail.com', 'sam@plano.gov.evil.example', 'sam@notplano.gov']) {
      const asked = await inviteOfficer({ actor: lead, input: { email, name: 'Sam Ortiz', agencyId: agency.id }, meta: testMeta })
      expect(asked, email).toMatchObject({
        ok: false,
        reason: 'confirm',
        fieldErrors: { email: [expect.stringMatching(/not on Plano PD's email domains \(plano\.gov\)/)], confirmOutsideDomains: [expect.any(String)] },
      })
    }
    expect(await db.select().from(users).where(eq(users.role, 'officer'))).toEqual([])
    expect(await db.select().from(emailOutbox)).toEqual([])

    const elsewhere = await inviteOfficer({
      actor: lead,
      input: { email: 'sam.ortiz@gmail.com', name: 'Sam Ortiz', agencyId: agency.id, confirmOutsideDomains: 'other@gmail.com' },
      meta: testMeta,
    })
    expect(elsewhere).toMatchObject({ ok: false, reason: 'confirm' })
    const subdomain = await inviteOfficer({ actor: lead, input: { email: 'kim@pd.plano.gov', name: 'Kim Lee', agencyId: agency.id }, meta: testMeta })
    expect(subdomain.ok).toBe(true)
    const confirmed = await inviteOfficer({
      actor: lead,
      input: { email: 'sam.ortiz@gmail.com', name: 'Sam Ortiz', agencyId: agency.id, confirmOutsideDomains: 'sam.ortiz@gmail.com' },
      meta: testMeta,
    })
    expect(confirmed.ok).toBe(true)
    const logged = await db.select().from(activity).where(eq(activity.name, 'officer.invited')).orderBy(activity.id)
    expect(logged.map((row) => row.properties)).toEqual([
      { email: 'kim@pd.plano.gov', agency: 'Plano PD', region: 'US' },
      { email: 'sam.ortiz@gmail.com', agency: 'Plano PD', region: 'US', outsideDomains: ['plano.gov'] },
    ])
  })
})

describe('training assignments', () => {
  it('lists published modules from the content library', async () => {
    const modules = await listPublishedModules()
    expect(modules.length).toBeGreaterThan(0)
    expect(modules.map((module) => module.slug)).toContain('data-request-fundamentals')
  })

  it('writes the assignment email in the language the officer chose, due date included', async () => {
    const agency = await createAgency()
    const officer = await createOfficer(agency.id, { name: 'Rita Souza', email: 'rita@plano.gov' })
    await db.update(users).set({ locale: 'pt' }).where(eq(users.id, officer.id))
    const lead = await leadOf('US', 'Lena Lead')
    await assignModule({ actor: lead, userId: officer.id, input: { moduleSlug: 'data-request-fundamentals', dueOn: '2099-05-01' }, meta: testMeta })
    const [mail] = await db.select().from(emailOutbox)
    expect(mail.subject).toBe('Treinamento atribuído: Data request fundamentals')
    expect(mail.text).toContain('Olá, Rita Souza,')
    expect(mail.text).toContain('1 de maio de 2099')
    expect(mail.html).toContain('lang="pt"')
  })

  it('assigns a module with a due date: assignment, email and log entry; again updates the date', async () => {
    const agency = await createAgency()
    const officer = await createOfficer(agency.id, { name: 'Dana Reyes', email: 'dana@plano.gov' })
    const lead = await leadOf('US', 'Lena Lead')
    expect(
      await assignModule({ actor: lead, userId: officer.id, input: { moduleSlug: 'data-request-fundamentals', dueOn: '2099-05-01' }, meta: testMeta }),
    ).toEqual({ ok: true, title: 'Data request fundamentals', reassigned: false, emailed: true })
    const [assignment] = await db.select().from(trainingAssignments)
    expect(assignment).toMatchObject({
      userId: officer.id,
      moduleSlug: 'data-request-fundamentals',
      assignedById: lead.id,
      dueOn: '2099-05-01',
      remindedAt: null,
    })
    const [mail] = await db.select().from(emailOutbox)
    expect(mail).toMatchObject({ recipient: 'dana@plano.gov', template: 'training-assigned', subject: 'Training assigned: Data request fundamentals' })
    expect(mail.text).toContain('1 May 2099')
    expect(mail.text).toContain('/training/data-request-fundamentals')
    const [logged] = await db.select().from(activity)
    expect(logged).toMatchObject({
      name: 'training.assigned',
      actorId: lead.id,
      userId: officer.id,
      properties: { module: 'data-request-fundamentals', dueOn: '2099-05-01' },
    })

    expect(await assignModule({ actor: lead, userId: officer.id, input: { moduleSlug: 'data-request-fundamentals' }, meta: testMeta })).toMatchObject({
      ok: true,
      reassigned: true,
    })
    const rows = await db.select().from(trainingAssignments)
    expect(rows).toHaveLength(1)
    expect(rows[0].dueOn).toBeNull()
    const detail = await getOfficer({ actor: lead, userId: officer.id })
    expect(detail?.training.map((entry) => [entry.moduleSlug, entry.title])).toEqual([['data-request-fundamentals', 'Data request fundamentals']])
  })

  it('leaves out the email of an officer who turned training emails off, and gives the others a one-click unsubscribe', async () => {
    const agency = await createAgency()
    const keen = await createOfficer(agency.id, { name: 'Kim Keen', email: 'kim@plano.gov' })
    const quiet = await createOfficer(agency.id, { name: 'Quinn Quiet', email: 'quinn@plano.gov' })
    await setEmailPreferences(quiet.id, { training: false })
    const lead = await leadOf('US', 'Lena Lead')
    const input = { moduleSlug: 'data-request-fundamentals', dueOn: '2099-05-01' }
    expect(await assignModule({ actor: lead, userId: quiet.id, input, meta: testMeta })).toMatchObject({ ok: true, emailed: false })
    expect(await assignModule({ actor: lead, userId: keen.id, input, meta: testMeta })).toMatchObject({ ok: true, emailed: true })
    expect(await db.select().from(trainingAssignments)).toHaveLength(2)
    const mails = await db.select().from(emailOutbox)
    expect(mails.map((mail) => mail.recipient)).toEqual(['kim@plano.gov'])
    expect(mails[0].headers?.['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\/.+\.training\..+>$/)
    expect(mails[0].text).toContain('/unsubscribe/')
    expect(await remindAssignment({ actor: lead, userId: quiet.id, moduleSlug: 'data-request-fundamentals', meta: testMeta })).toEqual({
      ok: false,
      reason: 'refused',
      message: 'Quinn Quiet has turned training emails off.',
    })
    expect(await db.select().from(emailOutbox)).toHaveLength(1)
  })

  it('refuses an unknown module, a rejected officer and an officer outside the regions', async () => {
    const agency = await createAgency()
    const officer = await createOfficer(agency.id)
    const rejected = await createOfficer(agency.id, { verification: 'rejected' })
    const dutch = await createOfficer((await createAgency({ countryCode: 'NL' })).id)
    const lead = await leadOf('US')
    expect(await assignModule({ actor: lead, userId: officer.id, input: { moduleSlug: 'no-such-module' }, meta: testMeta })).toMatchObject({
      ok: false,
      reason: 'invalid',
    })
    expect(await assignModule({ actor: lead, userId: rejected.id, input: { moduleSlug: 'data-request-fundamentals' }, meta: testMeta })).toMatchObject({
      ok: false,
      reason: 'refused',
    })
    expect(await assignModule({ actor: lead, userId: dutch.id, input: { moduleSlug: 'data-request-fundamentals' }, meta: testMeta })).toEqual({
      ok: false,
      reason: 'not_found',
    })
    expect(await db.select().from(trainingAssignments)).toEqual([])
    expect(await db.select().from(emailOutbox)).toEqual([])
  })

  it('sends a reminder at most once every 24 hours, and none for a completed module', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-05-01T08:00:00Z'))
    const agency = await createAgency()
    const officer = await createOfficer(agency.id, { email: 'dana@plano.gov' })
    const lead = await leadOf('US')
    await assignModule({ actor: lead, userId: officer.id, input: { moduleSlug: 'emergency-requests', dueOn: '2026-05-10' }, meta: testMeta })
    const remind = () => remindAssignment({ actor: lead, userId: officer.id, moduleSlug: 'emergency-requests', meta: testMeta })
    expect(await remind()).toEqual({ ok: true, title: 'Emergency requests' })
    vi.setSystemTime(new Date('2026-05-02T07:59:00Z'))
    expect(await remind()).toMatchObject({ ok: false, reason: 'too_soon', nextAllowedAt: new Date('2026-05-02T08:00:00Z') })
    vi.setSystemTime(new Date('2026-05-02T08:00:00Z'))
    expect(await remind()).toMatchObject({ ok: true })
    const reminders = await db.select().from(emailOutbox).where(eq(emailOutbox.template, 'training-reminder'))
    expect(reminders).toHaveLength(2)
    expect(reminders[0].text).toContain('10 May 2026')
    const [assignment] = await db.select().from(trainingAssignments)
    expect(assignment.remindedAt).toEqual(new Date('2026-05-02T08:00:00Z'))
    expect((await db.select().from(activity).where(eq(activity.name, 'training.reminded'))).map((row) => row.actorId)).toEqual([lead.id, lead.id])

    vi.setSystemTime(new Date('2026-05-05T08:00:00Z'))
    await db
      .insert(trainingProgress)
      .values({ userId: officer.id, moduleSlug: 'emergency-requests', moduleVersion: 1, startedAt: new Date(), completedAt: new Date(), updatedAt: new Date() })
    expect(await remind()).toMatchObject({ ok: false, reason: 'refused', message: expect.stringMatching(/already completed/) })
    expect(await remindAssignment({ actor: lead, userId: officer.id, moduleSlug: 'international-requests', meta: testMeta })).toMatchObject({
      ok: false,
      reason: 'refused',
    })
  })
})

describe('officers of an agency', () => {
  it('lists them with their verification state and training counts', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-06-01T08:00:00Z'))
    const agency = await createAgency()
    const officer = await createOfficer(agency.id, { name: 'Amy' })
    await createOfficer(agency.id, { name: 'Bo', verification: 'verified' })
    await createOfficer((await createAgency()).id, { name: 'Elsewhere' })
    await db.insert(trainingAssignments).values([
      { userId: officer.id, moduleSlug: 'emergency-requests', dueOn: '2026-05-01', assignedAt: new Date() },
      { userId: officer.id, moduleSlug: 'child-safety-referrals', dueOn: '2026-05-01', assignedAt: new Date() },
      { userId: officer.id, moduleSlug: 'data-request-fundamentals', dueOn: '2026-07-01', assignedAt: new Date() },
    ])
    await db.insert(trainingProgress).values({
      userId: officer.id,
      moduleSlug: 'child-safety-referrals',
      moduleVersion: 1,
      startedAt: new Date(),
      completedAt: new Date(),
      updatedAt: new Date(),
    })
    const rows = await listOfficersOfAgency(agency.id)
    expect(rows.map((row) => [row.name, row.officerVerification, row.assignedCount, row.completedCount, row.overdueCount])).toEqual([
      ['Amy', 'pending', 3, 1, 1],
      ['Bo', 'verified', 0, 0, 0],
    ])
    expect(await listOfficersOfAgency('not-a-uuid')).toEqual([])
    const stillThere = await db
      .select()
      .from(trainingAssignments)
      .where(and(eq(trainingAssignments.userId, officer.id), eq(trainingAssignments.moduleSlug, 'emergency-requests')))
    expect(stillThere).toHaveLength(1)
  })
})

describe('training status as leads see it', () => {
  /** A certificate row as issueCertificate writes it. */
  async function certificateOf(userId: string, moduleSlug: string, version: number, issuedAt: Date, expiresAt: Date) {
    await db.insert(certificates).values({
      code: generateCertificateCode(),
      userId,
      moduleSlug,
      moduleVersion: version,
      moduleTitle: moduleSlug,
      holderName: 'Officer',
      agencyName: null,
      score: 100,
      issuedAt,
      expiresAt,
    })
  }

  it("counts as completed only a valid completion of a module in the content, an earlier version's certificate included", async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-06-01T08:00:00Z'))
    const agency = await createAgency()
    const officer = await createOfficer(agency.id, { name: 'Amy', verification: 'verified' })
    const lead = await leadOf('US')
    const dueOn = '2026-05-01' // past
    await db.insert(trainingAssignments).values(
      ['emergency-requests', 'data-request-fundamentals', 'child-safety-referrals', 'retired-module'].map((moduleSlug) => ({
        userId: officer.id,
        moduleSlug,
        dueOn,
        assignedAt: new Date('2026-01-01T00:00:00Z'),
      })),
    )
    // Emergency requests: certified on version 1 (valid until 2027), now working through version 2,
    // which left the progress row without a completion date.
    await certificateOf(officer.id, 'emergency-requests', 1, new Date('2025-09-01T00:00:00Z'), new Date('2027-09-01T00:00:00Z'))
    await db.insert(trainingProgress).values({
      userId: officer.id,
      moduleSlug: 'emergency-requests',
      moduleVersion: 2,
      completedSectionIds: ['legal-basis'],
      startedAt: new Date('2026-05-20T00:00:00Z'),
      completedAt: null,
      updatedAt: new Date(),
    })
    // Data request fundamentals: completed in 2024, expired after its 24 months.
    await db.insert(trainingProgress).values({
      userId: officer.id,
      moduleSlug: 'data-request-fundamentals',
      moduleVersion: 1,
      startedAt: new Date('2024-01-02T00:00:00Z'),
      completedAt: new Date('2024-01-03T00:00:00Z'),
      bestScore: 90,
      updatedAt: new Date(),
    })
    // A module that is no longer in the content: neither done nor overdue, nor assigned.
    await db.insert(trainingProgress).values({
      userId: officer.id,
      moduleSlug: 'retired-module',
      moduleVersion: 1,
      startedAt: new Date('2026-05-01T00:00:00Z'),
      completedAt: new Date('2026-05-02T00:00:00Z'),
      updatedAt: new Date(),
    })

    const library = await getContentLibrary()
    const emergency = library.modules.get('emergency-requests')!
    const saved = [...emergency.values()].map((module) => [module, module.frontmatter.version] as const)
    for (const module of emergency.values()) module.frontmatter.version = 2
    const counts = (rows: { name: string; assignedCount: number; completedCount: number; overdueCount: number }[]) =>
      rows.map((row) => [row.name, row.assignedCount, row.completedCount, row.overdueCount])
    try {
      expect(counts(await listOfficersOfAgency(agency.id))).toEqual([['Amy', 3, 1, 2]])
      expect(counts((await listOfficers({ actor: lead, filters: officerListFilters.parse({ tab: 'all' }) })).rows)).toEqual([['Amy', 3, 1, 2]])

      const detail = (await getOfficer({ actor: lead, userId: officer.id }))!
      expect(detail.training.map((entry) => [entry.moduleSlug, entry.standing, entry.overdue])).toEqual([
        ['child-safety-referrals', 'notStarted', true],
        ['data-request-fundamentals', 'lapsed', true],
        ['emergency-requests', 'completed', false],
      ])
      expect(detail.training[2]).toMatchObject({ renewing: true, completedAt: new Date('2025-09-01T00:00:00Z'), validUntil: new Date('2027-09-01T00:00:00Z') })
      expect(detail.training[1]).toMatchObject({ completedAt: new Date('2024-01-03T00:00:00Z'), validUntil: new Date('2026-01-03T00:00:00Z') })

      const remind = (moduleSlug: string) => remindAssignment({ actor: lead, userId: officer.id, moduleSlug, meta: testMeta })
      expect(await remind('emergency-requests')).toMatchObject({ ok: false, reason: 'refused', message: expect.stringMatching(/already completed/) })
      expect(await remind('retired-module')).toMatchObject({ ok: false, reason: 'refused' })
      expect(await remind('data-request-fundamentals')).toMatchObject({ ok: true }) // lapsed: worth renewing
    } finally {
      for (const [module, version] of saved) module.frontmatter.version = version
    }
    // Once the version 1 certificate expires, the module is in progress and overdue again.
    vi.setSystemTime(new Date('2027-09-02T00:00:00Z'))
    expect(counts(await listOfficersOfAgency(agency.id))).toEqual([['Amy', 3, 0, 3]])
  })
})
