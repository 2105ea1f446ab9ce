import freeMailList from 'email-providers/all.json' with { type: 'json' }
import { parse } from 'tldts'

/**
 * Which email domains can be an agency's, and which addresses they take in. An officer who signs
 * up (or is invited) at an address on an agency's domains is taken for one of its people, so a
 * domain must belong to the agency alone:
 *
 * - never a public suffix (`co.uk`, `gov.uk`, `police.uk`) nor anything above one: the Public
 *   Suffix List, through `tldts`, private entries included (anyone can have a `*.github.io`);
 * - never a free-mail provider (`gmail.com`), nor a part of one: the `email-providers` list.
 *
 * A domain is a registrable domain (`example.gov.uk`) or one of its subdomains
 * (`police.example.gov.uk`). An address matches a domain when its host is that domain or a
 * subdomain of it: `a@mail.police.example.gov.uk` is on `police.example.gov.uk`, `a@co.uk` or
 * `a@gmail.com` is on nothing, whatever an agency was saved with before these rules.
 */

const freeMailDomains: ReadonlySet<string> = new Set(freeMailList)
const suffixOptions = { allowPrivateDomains: true }

/** Letters, digits and hyphens in dot-separated labels, with a top-level label of letters. */
const domainPattern = /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

export type EmailDomainProblem = 'format' | 'public_suffix' | 'free_mail'

/** `mail.police.example.gov.uk` down to `example.gov.uk`: the domain and its parents under the public suffix. */
function chainDown(host: string, registrable: string) {
  const labels = host.split('.')
  const depth = registrable.split('.').length
  const chain: string[] = []
  for (let index = 0; labels.length - index >= depth; index++) chain.push(labels.slice(index).join('.'))
  return chain
}

/** The domain and its parents down to its registrable domain, or why it cannot be an agency's. */
function examine(domain: string): { problem: EmailDomainProblem } | { chain: string[] } {
  if (!domainPattern.test(domain)) return { problem: 'format' }
  const parsed = parse(domain, suffixOptions)
  if (parsed.isIp || !parsed.domain || !domain.endsWith(parsed.domain)) return { problem: 'public_suffix' }
  const chain = chainDown(domain, parsed.domain)
  if (chain.some((part) => freeMailDomains.has(part))) return { problem: 'free_mail' }
  return { chain }
}

/** Why `domain` (lower case) cannot be one of an agency's email domains, or null when it can. */
export function emailDomainProblem(domain: string): EmailDomainProblem | null {
  const result = examine(domain)
  return 'problem' in result ? result.problem : null
}

/** The form's words for each problem, naming the domain. */
export function emailDomainMessage(domain: string, problem: EmailDomainProblem) {
  switch (problem) {
    case 'format':
      return `${domain} is not a domain: enter domains like agency.gov, separated by commas.`
    case 'public_suffix':
      return `${domain} is shared by many organisations: enter the agency's own domain, such as police.example.gov.uk.`
    case 'free_mail':
      return `${domain} is a free email provider: enter the agency's own domain.`
  }
}

/** The domain of an address (lower case, without a final dot), or null when it has none. */
function hostOf(email: string) {
  const at = email.lastIndexOf('@')
  if (at < 0) return null
  return email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
}

/**
 * The agency domains an address can be on, most specific first: its host and each parent down
 * to the registrable domain (`a@ic.fbi.gov` → `ic.fbi.gov`, `fbi.gov`). None for an address at
 * a free-mail provider, a public suffix or an IP. A look-alike such as `fbi.gov.evil.example`
 * yields only domains under `evil.example`.
 */
export function emailDomainCandidates(email: string): string[] {
  const host = hostOf(email)
  if (!host) return []
  const result = examine(host)
  return 'chain' in result ? result.chain : []
}

/** Whether `email` is on one of `domains` (an agency's email domains): the one rule sign-up and invitations follow. */
export function isEmailOnAgencyDomains(email: string, domains: readonly string[]): boolean {
  const candidates = emailDomainCandidates(email)
  return domains.some((domain) => candidates.includes(domain.trim().toLowerCase()))
}
