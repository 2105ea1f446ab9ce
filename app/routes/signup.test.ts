import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { activity, authTokens, emailOutbox, sessions, users } from '#db/schema'
import { createAgency } from '#test/factories/crm'
import { call, dataOf, headersOf, makeRequest, statusOf, testContext } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { sessionCookie, validateSessionToken } from '~/lib/auth/session.server'
import { db } from '~/lib/db.server'
import { unknownDomainMessage } from '~/modules/officers/officers-schema'
import { action as signupAction, loader as signupLoader } from './signup'
import { action as verifyAction, loader as verifyLoader } from './verify-email.$token'
import { deliveredLinkToken } from '#test/factories/mail'

type Reply = {
  result: { status?: string; error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> }
  sentTo: string | null
  agencyChoices: { id: string; name: string }[] | null
}

const password = 'a long and quiet phrase'

function signUp(form: Record<string, string>, ip = testContext.ip) {
  return call(signupAction, makeRequest('/signup', { form }), {}, { ...testContext, ip })
}

async function verificationToken() {
  const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.template, 'email-verification'))
  return deliveredLinkToken(mail.recipient, '/verify-email/')
}

describe('/signup', () => {
  it('sends a signed-in visitor to their start page', async () => {
    const { cookie } = await signInAs(await createUser({ role: 'officer' }))
    expect(statusOf(await call(signupLoader, makeRequest('/signup', { cookie })))).toBe(302)
  })

  it('refuses an unknown domain and a look-alike, keeping what was typed and creating nothing', async () => {
    await createAgency({ name: 'Federal Bureau of Investigation', emailDomains: ['fbi.gov'] })
    for (const email of ['dana@police.example', 'dana@fbi.gov.evil.example', 'dana@notfbi.gov']) {
      const result = await signUp({ name: 'Dana Reyes', email, password })
      expect(statusOf(result), email).toBe(400)
      const reply = dataOf<Reply>(result)
      expect(reply.result.error?.email).toEqual([unknownDomainMessage])
      expect(reply.result.initialValue).toMatchObject({ name: 'Dana Reyes', email })
      expect(reply.result.initialValue?.password).toBeUndefined()
      expect(reply.sentTo).toBeNull()
    }
    expect(await db.select().from(users)).toEqual([])
    expect(await db.select().from(emailOutbox)).toEqual([])
    expect(await db.select().from(authTokens)).toEqual([])
  })

  it('never lets a public suffix or a free-mail provider saved on an agency stand for it; a subdomain of its own domain does', async () => {
    const gb = await createAgency({ name: 'Example Constabulary', countryCode: 'GB', emailDomains: ['co.uk', 'gmail.com', 'police.example.gov.uk'] })
    for (const [index, email] of ['dana@anyone.co.uk', 'dana@gmail.com', 'dana@example.gov.uk'].entries()) {
      const result = await signUp({ name: 'Dana Reyes', email, password }, `198.51.100.${40 + index}`)
      expect(statusOf(result), email).toBe(400)
      expect(dataOf<Reply>(result).result.error?.email, email).toEqual([unknownDomainMessage])
    }
    expect(await db.select().from(users)).toEqual([])
    const accepted = await signUp({ name: 'Dana Reyes', email: 'dana@mail.police.example.gov.uk', password }, '198.51.100.50')
    expect(statusOf(accepted)).toBe(200)
    const [created] = await db.select().from(users)
    expect(created).toMatchObject({ email: 'dana@mail.police.example.gov.uk', agencyId: gb.id })
  })

  it('refuses a short or common password with field errors', async () => {
    await createAgency({ emailDomains: ['fbi.gov'] })
    const short = await signUp({ name: 'Dana Reyes', email: 'dana@fbi.gov', password: 'short' })
    expect(statusOf(short)).toBe(400)
    expect(dataOf<Reply>(short).result.error?.password?.[0]).toMatch(/at least 8/)
    const common = await signUp({ name: 'Dana Reyes', email: 'dana@fbi.gov', password: 'password123' })
    expect(statusOf(common)).toBe(400)
    expect(dataOf<Reply>(common).result.error?.password?.[0]).toMatch(/common/)
    expect(await db.select().from(users)).toEqual([])
  })

  it('creates a pending officer at a subdomain of a registered domain, and a verification email: nothing else', async () => {
    const fbi = await createAgency({ name: 'Federal Bureau of Investigation', emailDomains: ['fbi.gov'] })
    const result = await signUp({ name: 'Dana Reyes', email: 'Dana.Reyes@IC.fbi.gov', password })
    expect(statusOf(result)).toBe(200)
    expect(dataOf<Reply>(result).sentTo).toBe('dana.reyes@ic.fbi.gov')
    expect(headersOf(result).get('Set-Cookie')).toBeNull()

    const [officer, ...others] = await db.select().from(users)
    expect(others).toEqual([])
    expect(officer).toMatchObject({
      email: 'dana.reyes@ic.fbi.gov',
      name: 'Dana Reyes',
      role: 'officer',
      status: 'active',
      agencyId: fbi.id,
      officerVerification: 'pending',
      emailVerifiedAt: null,
    })
    const mails = await db.select().from(emailOutbox)
    expect(mails.map((mail) => [mail.recipient, mail.template])).toEqual([['dana.reyes@ic.fbi.gov', 'email-verification']])
    expect(await db.select().from(sessions)).toEqual([])
    expect((await db.select().from(activity)).map((row) => row.name)).toEqual(['officer.signed_up'])
  })

  it('writes the verification email in the language of the page the officer signed up on', async () => {
    await createAgency({ name: 'Policía Nacional de Colombia', emailDomains: ['policia.gov.co'] })
    const request = makeRequest('/signup', {
      form: { name: 'Camila Rojas', email: 'camila.rojas@policia.gov.co', password },
      headers: { 'Accept-Language': 'es-CO,es;q=0.9' },
    })
    expect(statusOf(await call(signupAction, request))).toBe(200)
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.template, 'email-verification'))
    expect(mail.subject).toBe('Confirme su correo electrónico para Liaison')
    expect(mail.html).toContain('lang="es"')
    expect(mail.text).toContain('Hola, Camila Rojas:')
    expect(mail.text).toContain('como agente de Policía Nacional de Colombia')
    expect(mail.text).not.toContain('Someone signed up')
  })

  it('gives the same answer when the address already has an account, and sends nothing', async () => {
    await createAgency({ emailDomains: ['fbi.gov'] })
    await createUser({ role: 'officer', email: 'taken@fbi.gov', name: 'Original Name' })
    const result = await signUp({ name: 'Someone Else', email: 'taken@fbi.gov', password })
    expect(statusOf(result)).toBe(200)
    expect(dataOf<Reply>(result).sentTo).toBe('taken@fbi.gov')
    expect(await db.select().from(emailOutbox)).toEqual([])
    const [unchanged] = await db.select().from(users)
    expect(unchanged.name).toBe('Original Name')
  })

  it('asks which agency when the domain is shared', async () => {
    const dea = await createAgency({ name: 'Drug Enforcement Administration', emailDomains: ['usdoj.gov'] })
    await createAgency({ name: 'US Marshals Service', emailDomains: ['usdoj.gov'] })
    const ask = await signUp({ name: 'Dana Reyes', email: 'dana@usdoj.gov', password })
    expect(statusOf(ask)).toBe(400)
    expect(dataOf<Reply>(ask).agencyChoices?.map((choice) => choice.name)).toEqual(['Drug Enforcement Administration', 'US Marshals Service'])
    expect(dataOf<Reply>(ask).result.initialValue).toMatchObject({ name: 'Dana Reyes', email: 'dana@usdoj.gov' })
    expect(statusOf(await signUp({ name: 'Dana Reyes', email: 'dana@usdoj.gov', password, agencyId: dea.id }))).toBe(200)
    const [officer] = await db.select().from(users)
    expect(officer.agencyId).toBe(dea.id)
  })

  it('throttles per account and per IP with 429 and Retry-After, the same for unknown addresses', async () => {
    await createAgency({ emailDomains: ['fbi.gov'] })
    for (let attempt = 0; attempt < 3; attempt++) expect(statusOf(await signUp({ name: 'Dana Reyes', email: 'busy@fbi.gov', password }))).toBe(200)
    const throttled = await signUp({ name: 'Dana Reyes', email: 'busy@fbi.gov', password })
    expect(statusOf(throttled)).toBe(429)
    expect(Number(headersOf(throttled).get('Retry-After'))).toBeGreaterThan(0)
    expect(dataOf<Reply>(throttled).result.error?.['']?.[0]).toMatch(/Too many attempts/)
    expect(dataOf<Reply>(throttled).result.initialValue).toMatchObject({ email: 'busy@fbi.gov' })

    const ip = '192.0.2.44'
    for (let attempt = 0; attempt < 10; attempt++) await signUp({ name: 'Dana Reyes', email: `person${attempt}@nowhere.example`, password }, ip)
    const byIp = await signUp({ name: 'Dana Reyes', email: 'new@fbi.gov', password }, ip)
    expect(statusOf(byIp)).toBe(429)
    expect(headersOf(byIp).get('Retry-After')).toBeTruthy()
    expect(await db.select().from(users).where(eq(users.email, 'new@fbi.gov'))).toEqual([])
  })
})

describe('/verify-email/:token', () => {
  it('shows the page without using the link; confirming signs in, keeps the account pending, and works once', async () => {
    await createAgency({ emailDomains: ['fbi.gov'] })
    await signUp({ name: 'Dana Reyes', email: 'dana@fbi.gov', password })
    const token = await verificationToken()
    for (let visit = 0; visit < 2; visit++) {
      expect(await call(verifyLoader, makeRequest(`/verify-email/${token}`), { token })).toEqual({ email: 'dana@fbi.gov' })
    }
    const confirmed = (await call(verifyAction, makeRequest(`/verify-email/${token}`, { method: 'POST' }), { token })) as Response
    expect(confirmed.status).toBe(302)
    expect(confirmed.headers.get('Location')).toBe('/training')
    const sessionToken = await sessionCookie.parse(confirmed.headers.get('Set-Cookie'))
    expect(await validateSessionToken(sessionToken)).not.toBeNull()

    const [officer] = await db.select().from(users)
    expect(officer.emailVerifiedAt).toBeInstanceOf(Date)
    expect(officer.officerVerification).toBe('pending')
    const logged = await db.select().from(activity).where(eq(activity.name, 'officer.email_verified'))
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({ actorId: officer.id, userId: officer.id, ip: testContext.ip })

    const again = await call(verifyAction, makeRequest(`/verify-email/${token}`, { method: 'POST' }), { token })
    expect(statusOf(again)).toBe(400)
    expect(dataOf<{ error: string }>(again).error).toMatch(/expired or was already used/)
    expect(statusOf(await call(verifyLoader, makeRequest(`/verify-email/${token}`), { token }))).toBe(404)
    expect(await db.select().from(sessions)).toHaveLength(1)
  })

  it('refuses an expired link, and an unknown one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-02T09:00:00Z'))
    await createAgency({ emailDomains: ['fbi.gov'] })
    await signUp({ name: 'Dana Reyes', email: 'late@fbi.gov', password })
    const token = await verificationToken()
    vi.setSystemTime(new Date('2026-03-03T09:00:01Z'))
    expect(statusOf(await call(verifyLoader, makeRequest(`/verify-email/${token}`), { token }))).toBe(404)
    expect(statusOf(await call(verifyAction, makeRequest(`/verify-email/${token}`, { method: 'POST' }), { token }))).toBe(400)
    const [officer] = await db.select().from(users)
    expect(officer.emailVerifiedAt).toBeNull()
    expect(await db.select().from(sessions)).toEqual([])
    expect(statusOf(await call(verifyAction, makeRequest('/verify-email/nope', { method: 'POST' }), { token: 'nope' }))).toBe(400)
  })
})
