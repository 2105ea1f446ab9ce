import { z } from 'zod'
import { officerVerificationStates, regionCodes, type Locale, type OfficerVerification } from '#db/schema/vocabulary'
import { newPasswordField } from '~/lib/auth/password-schema'
import { isoDateFilter, optionalFilter, pageFilter, personName, searchFilter, typedString } from '~/lib/forms/fields'
import { isCalendarDate } from '~/lib/forms/dates'
import { uuidPattern } from '~/lib/uuid'
import { emailField } from '~/modules/accounts/accounts-schema'
import { intlLocales } from '~/lib/i18n/i18n'

/** Officer accounts: sign-up, the verification queue, invitations and training assignments. */

export const unknownDomainMessage = "We can only register addresses at a law-enforcement agency we know. Ask your agency's outreach contact to invite you."

export const verificationLabels: Record<OfficerVerification, string> = {
  pending: 'Waiting for verification',
  verified: 'Verified',
  rejected: 'Rejected',
}

const uuidText = z.string().regex(uuidPattern)

export const signupSchema = z.object({
  name: personName({ missing: 'Enter your name.' }),
  email: emailField,
  password: newPasswordField,
  /** Only asked for when the address's domain belongs to several agencies (e.g. usdoj.gov). */
  agencyId: uuidText.optional().catch(undefined),
})
export type SignupInput = z.infer<typeof signupSchema>

export const officerTabs = ['queue', 'all'] as const
export type OfficerTab = (typeof officerTabs)[number]

export const officerListFilters = z.object({
  tab: z.enum(officerTabs).catch('queue').default('queue'),
  q: searchFilter(100),
  agency: optionalFilter(uuidText),
  state: optionalFilter(z.enum(officerVerificationStates)),
  /** The agency's region and country, and days (UTC, both ends included) the account was created or verified: the coverage figures link here. */
  region: optionalFilter(z.enum(regionCodes)),
  country: optionalFilter(z.string().regex(/^[A-Z]{2}$/)),
  registeredFrom: isoDateFilter,
  registeredTo: isoDateFilter,
  verifiedFrom: isoDateFilter,
  verifiedTo: isoDateFilter,
  page: pageFilter,
})

/** The filters only links set (the coverage figures): the list keeps them through a search and says them in words. */
export const officerLinkFilters = ['region', 'country', 'registeredFrom', 'registeredTo', 'verifiedFrom', 'verifiedTo'] as const

/** The filters that narrow the list (the "Clear filters" link shows when one is set). */
export const officerNarrowingFilters = ['q', 'agency', 'state', ...officerLinkFilters] as const
export type OfficerListFilters = z.infer<typeof officerListFilters>

export function parseOfficerFilters(params: URLSearchParams): OfficerListFilters {
  return officerListFilters.parse(Object.fromEntries(params))
}

export const rejectionReasonField = typedString({ error: 'Say why the account is rejected.' })
  .trim()
  .min(3, 'Say why the account is rejected (at least 3 characters).')
  .max(500, 'Use at most 500 characters.')

/** Verify (an optional note) or reject (a reason is required): both are kept and logged. */
export const verificationDecisionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('verify'),
    userId: uuidText,
    reason: typedString().trim().max(500, 'Use at most 500 characters.').optional(),
  }),
  z.object({ intent: z.literal('reject'), userId: uuidText, reason: rejectionReasonField }),
])
export type VerificationDecision = z.infer<typeof verificationDecisionSchema>

export const inviteOfficerSchema = z.object({
  email: emailField,
  name: personName({ missing: 'Enter a name.' }),
  agencyId: z.string({ error: 'Choose the agency.' }).regex(uuidPattern, 'Choose the agency from the list.'),
  /**
   * The address the lead vouches for, outside the agency's email domains (asked only then): the
   * box's value, so that a confirmation given for one address does not carry over to another.
   */
  confirmOutsideDomains: z.string().trim().toLowerCase().max(254).optional(),
})
export type InviteOfficerInput = z.infer<typeof inviteOfficerSchema>

/** The invitation form's answer when the address is not at the agency: on the email, and on the box to tick. */
export function outsideDomainsMessages(agencyName: string, domains: string[]) {
  const where = domains.length ? `${agencyName}'s email domains (${domains.join(', ')})` : `an email domain of ${agencyName} (it has none on record)`
  return {
    email: [`This address is not on ${where}. Check it: the invitation makes a verified officer of the agency.`],
    confirmOutsideDomains: [`Tick the box to vouch that this person is an officer of ${agencyName} at this address.`],
  }
}

/**
 * The assignment form, checked against `today` (YYYY-MM-DD, UTC): the server's `today()` in the
 * action, and the same day from the loader in the browser, whose own clock may be wrong or in
 * another zone. The day before is still accepted: somewhere on Earth it is still that day.
 */
export function assignModuleSchema(today: string) {
  const earliestDueDate = new Date(Date.parse(`${today}T00:00:00Z`) - 24 * 60 * 60_000).toISOString().slice(0, 10)
  return z.object({
    intent: z.literal('assign'),
    moduleSlug: z.string({ error: 'Choose a module.' }).regex(/^[a-z0-9-]{1,100}$/, 'Choose a module.'),
    dueOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date.')
      .refine(isCalendarDate, 'Enter a real date.')
      .refine((value) => value >= earliestDueDate, 'The due date is in the past.')
      .refine((value) => value <= '2100-12-31', 'Enter a date before 2101.')
      .optional(),
  })
}
export type AssignModuleInput = z.infer<ReturnType<typeof assignModuleSchema>>

/** An officer gets at most one reminder a day per assignment. */
export const REMINDER_INTERVAL_MS = 24 * 60 * 60_000

export const remindSchema = z.object({
  intent: z.literal('remind'),
  moduleSlug: z.string().regex(/^[a-z0-9-]{1,100}$/),
})

/** A YYYY-MM-DD due date as people read it in a language (dates carry no time zone). */
export function formatDueDate(dueOn: string, locale: Locale = 'en') {
  return new Intl.DateTimeFormat(intlLocales[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${dueOn}T00:00:00Z`))
}

/** Badge colours per state, shared by the list and the profile. */
export const verificationBadgeStyles: Record<OfficerVerification, string> = {
  pending: 'bg-warning-soft text-warning ring-warning/20',
  verified: 'bg-success-soft text-success ring-success/20',
  rejected: 'bg-danger-soft text-danger ring-danger/20',
}
