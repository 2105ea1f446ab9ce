/**
 * Every list the schema, the server and the browser share, defined once. Client-safe: this file
 * imports nothing, so a form that needs a list never pulls drizzle or the table definitions into
 * the browser. The schema imports these tuples for its checks, not the other way round.
 */

// Regions: US = United States plus its territories (PR, GU, VI, AS, MP, UM); CA = Canada; LATAM = rest of the Americas and the Caribbean (incl. BM, PM, FK, GS).
// EMEA = Europe (incl. GL, BV, TF), Middle East (incl. TR, IL, IR, Gulf), Africa, Caucasus and former Soviet Central Asia; APAC = rest of Asia, Oceania, Pacific islands, AQ and HM.
export const regionCodes = ['US', 'CA', 'LATAM', 'EMEA', 'APAC'] as const
export type RegionCode = (typeof regionCodes)[number]

export const regionNames: Record<RegionCode, string> = {
  US: 'United States',
  CA: 'Canada',
  LATAM: 'Latin America and the Caribbean',
  EMEA: 'Europe, Middle East and Africa',
  APAC: 'Asia Pacific',
}

/** The regions in their display order, with their names. */
export const regions: ReadonlyArray<{ code: RegionCode; name: string }> = /* @__PURE__ */ regionCodes.map((code) => ({ code, name: regionNames[code] }))

export const roles = ['admin', 'global_head', 'outreach_lead', 'officer'] as const
export type Role = (typeof roles)[number]
export const userStatuses = ['invited', 'active', 'deactivated'] as const
export type UserStatus = (typeof userStatuses)[number]
export const officerVerificationStates = ['pending', 'verified', 'rejected'] as const
export type OfficerVerification = (typeof officerVerificationStates)[number]

/** The languages of the interface and the content; English is the original of every document. */
export const locales = ['en', 'es', 'pt', 'fr'] as const
export type Locale = (typeof locales)[number]
export const localeNames: Record<Locale, string> = { en: 'English', es: 'Español', pt: 'Português', fr: 'Français' }

export const agencyKinds = [
  'federal',
  'state',
  'local',
  'tribal',
  'national_police',
  'prosecutor',
  'regulator',
  'international_body',
  'ngo',
  'industry_coalition',
] as const
export type AgencyKind = (typeof agencyKinds)[number]
export const agencyStatuses = ['prospect', 'engaged', 'partner', 'dormant'] as const
export type AgencyStatus = (typeof agencyStatuses)[number]

export const engagementKinds = ['meeting', 'call', 'training_session', 'site_visit', 'email', 'conference_meeting'] as const
export type EngagementKind = (typeof engagementKinds)[number]

export const conferenceAudiences = ['law_enforcement_only', 'mixed'] as const
export type ConferenceAudience = (typeof conferenceAudiences)[number]
export const conferenceStatuses = ['considering', 'registered', 'attended', 'cancelled'] as const
export type ConferenceStatus = (typeof conferenceStatuses)[number]

export const taskStatuses = ['open', 'done'] as const
export type TaskStatus = (typeof taskStatuses)[number]

export const topics = [
  'law_enforcement_response',
  'emergency_response',
  'child_safety',
  'counter_terrorism',
  'data_disclosure',
  'preservation',
  'international_requests',
  'fraudulent_requests',
] as const
export type Topic = (typeof topics)[number]

// The country list is a module of its own so that a page needing only the short lists above does
// not download it; import it from here all the same.
export { countries } from './vocabulary-countries'

/**
 * The kinds of email a user may turn off (`/settings`, and the one-click unsubscribe of each).
 * Essential emails (password reset, invitations, address confirmation) belong to none.
 */
export const emailCategories = ['reminders', 'digests', 'training', 'guidelines'] as const
export type EmailCategory = (typeof emailCategories)[number]
