import { describe, expect, it } from 'vitest'
import { demoAgencies } from '#db/seed/demo-agencies'
import { agencyFormSchema } from './agencies-schema'
import { emailDomainCandidates, emailDomainProblem, isEmailOnAgencyDomains } from './email-domains'

const form = { name: 'Metropolitan Police', kind: 'national_police', countryCode: 'GB' }

function domainErrors(emailDomains: string) {
  const parsed = agencyFormSchema.safeParse({ ...form, emailDomains })
  return parsed.success ? [] : parsed.error.issues.filter((issue) => issue.path[0] === 'emailDomains').map((issue) => issue.message)
}

describe('agency email domains', () => {
  it('refuses public suffixes, private ones included, and free-mail providers, each with its own message', () => {
    for (const suffix of ['co.uk', 'gov.uk', 'police.uk', 'github.io', 'com.au']) expect(emailDomainProblem(suffix), suffix).toBe('public_suffix')
    for (const free of ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'mail.gmail.com', 'gmx.de']) expect(emailDomainProblem(free), free).toBe('free_mail')
    for (const bad of ['bad domain', 'agency', 'com', '10.0.0.1', 'fbi.gov.']) expect(emailDomainProblem(bad), bad).toBe('format')
    expect(domainErrors('met.police.uk, gmail.com, co.uk')).toEqual([
      "gmail.com is a free email provider: enter the agency's own domain.",
      "co.uk is shared by many organisations: enter the agency's own domain, such as police.example.gov.uk.",
    ])
    expect(domainErrors('bad domain')).toEqual(['bad domain is not a domain: enter domains like agency.gov, separated by commas.'])
  })

  it('takes registrable domains and their subdomains, and every domain of the demo agencies', () => {
    for (const domain of ['fbi.gov', 'ic.fbi.gov', 'example.gov.uk', 'police.example.gov.uk', 'met.police.uk', 'someone.github.io']) {
      expect(emailDomainProblem(domain), domain).toBeNull()
    }
    const demoDomains = demoAgencies.flatMap((agency) => agency.emailDomains)
    expect(demoDomains.length).toBeGreaterThan(90)
    expect(demoDomains.filter((domain) => emailDomainProblem(domain) !== null)).toEqual([])
    for (const agency of demoAgencies) expect(domainErrors(agency.emailDomains.join(', ')), agency.name).toEqual([])
  })

  it('matches an address on a domain or a subdomain of it, never through a public suffix or a free-mail provider', () => {
    expect(isEmailOnAgencyDomains('a@mail.police.example.gov.uk', ['police.example.gov.uk'])).toBe(true)
    expect(isEmailOnAgencyDomains('A@Police.Example.GOV.UK.', ['police.example.gov.uk'])).toBe(true)
    expect(isEmailOnAgencyDomains('a@example.gov.uk', ['police.example.gov.uk'])).toBe(false)
    expect(isEmailOnAgencyDomains('a@other.gov.uk', ['police.example.gov.uk'])).toBe(false)
    // Saved before the rules: a suffix or a free-mail provider on an agency matches nobody.
    expect(isEmailOnAgencyDomains('a@anything.co.uk', ['co.uk'])).toBe(false)
    expect(isEmailOnAgencyDomains('a@co.uk', ['co.uk'])).toBe(false)
    expect(isEmailOnAgencyDomains('a@gmail.com', ['gmail.com'])).toBe(false)
    expect(isEmailOnAgencyDomains('a@fbi.gov.evil.example', ['fbi.gov'])).toBe(false)
    expect(isEmailOnAgencyDomains('a@evilfbi.gov', ['fbi.gov'])).toBe(false)
    expect(isEmailOnAgencyDomains('nobody', ['fbi.gov'])).toBe(false)
    expect(emailDomainCandidates('a@mail.police.example.gov.uk')).toEqual(['mail.police.example.gov.uk', 'police.example.gov.uk', 'example.gov.uk'])
    expect(emailDomainCandidates('a@ic.fbi.gov')).toEqual(['ic.fbi.gov', 'fbi.gov'])
    expect(emailDomainCandidates('a@fbi.gov.evil.example')).toEqual(['fbi.gov.evil.example', 'gov.evil.example', 'evil.example'])
    expect(emailDomainCandidates('a@gmail.com')).toEqual([])
    expect(emailDomainCandidates('a@[10.0.0.1]')).toEqual([])
  })
})
