import type { LinkChange } from './describe-activity'

/**
 * Every event the activity log records, by name, with the properties its row carries. Writing
 * an event (`logActivity`, `logActivities`) is checked against this map, so a mistyped name or
 * property fails the type check. Names are `<entity>.<action>` and are stored in old rows: rename
 * none. Client-safe: the sentences of the timeline read the same map.
 */
export type ActivityEvents = {
  'user.login': { via?: 'email_verification' }
  'user.login_failed': { email: string }
  'user.logout': NoProperties
  'user.password_changed': NoProperties
  'user.password_reset_requested': NoProperties
  'user.password_reset': NoProperties
  'user.invited': { email: string; role: string; regions: string[] }
  'user.invitation_accepted': NoProperties
  'user.profile_updated': { from: { name: string; locale: string | null }; to: { name: string; locale: string | null } }
  /** null: the zone follows the browser. */
  'user.time_zone_changed': { from: string | null; to: string | null }
  'user.role_changed': { from: string; to: string }
  'user.regions_changed': { from: string[]; to: string[] }
  'user.deactivated': NoProperties
  'user.reactivated': NoProperties
  'user.calendar_feed_created': NoProperties
  'user.calendar_feed_rotated': NoProperties
  'user.calendar_feed_revoked': NoProperties

  'officer.signed_up': { email: string; agency: string; region: string }
  'officer.verification_resent': NoProperties
  'officer.email_verified': { email: string }
  /** `outsideDomains`: the agency's email domains then, when the lead confirmed an address outside them. */
  'officer.invited': { email: string; agency: string; region: string; outsideDomains?: string[] }
  'officer.verified': OfficerDecision
  'officer.rejected': OfficerDecision
  /** A verified officer's new name (logged on the officer and their agency, for the region's leads). */
  'officer.name_changed': { from: string; to: string }

  'training.assigned': { module: string; title: string; dueOn: string | null; previousDueOn?: string | null }
  'training.reminded': { module: string; title: string; dueOn: string | null; overdue: boolean }
  'training.started': { slug: string; version: number; previousVersion?: number }
  'training.completed': QuizResult
  'training.quiz_failed': QuizResult
  'certificate.issued': { code: string; slug: string; version: number; score: number | null; issuedAt: string; expiresAt: string }
  'certificate.revoked': { code: string; slug: string; version: number; reason: string }
  'guideline.acknowledged': { slug: string; version: number }

  'agency.created': { file?: string }
  'agency.updated': Update & { file?: string }
  'agency.archived': NoProperties
  'agency.restored': NoProperties
  'agency.exported': Export
  'agency.imported': Import
  'contact.created': { agency?: string; file?: string }
  'contact.updated': Update & { file?: string }
  'contact.archived': NoProperties
  'contact.restored': NoProperties
  'contact.exported': Export
  'contact.imported': Import
  'engagement.logged': { kind: string; agencies: number }
  'engagement.updated': Update
  'engagement.exported': Export
  'conference.created': NoProperties
  'conference.updated': Update
  /** `agencies`: how many agencies were in the audience (absent in rows written before audiences were kept). */
  'presentation.created': { conference: string | null; agencies?: number }
  'presentation.updated': Update
  'task.created': { agency?: string }
  'task.completed': NoProperties
  'task.reopened': NoProperties

  'goal.created': GoalFigures
  'goal.updated': Update
  'goal.deleted': GoalFigures
  /** `table`: which coverage table (regions, countries, agencies) was exported. */
  'coverage.exported': Export & { table: string; period: string }
  /** The quarterly PDF report; `region` when it was narrowed to one. */
  'coverage.report_downloaded': { period: string; region?: string }
}

export type ActivityEventName = keyof ActivityEvents

/** An event whose row carries no properties (written as `{}`). */
type NoProperties = Record<string, never>

/** A field's change, in display values. */
export type FieldChange = { from: unknown; to: unknown }
/** What an update changed: fields by name, or who was linked and unlinked. */
export type Changes = Record<string, FieldChange | LinkChange>
type Update = { changes: Changes }

type OfficerDecision = { from: string | null; to: string; reason: string | null; agency: string | null }
type QuizResult = { slug: string; version: number; score: number; passMark: number; attemptId: string; retake?: boolean }
type GoalFigures = { region: string; period: string; metric: string; target: number }
type Export = { count: number; filters: Record<string, unknown>; truncated?: boolean }
type Import = { count: number; created: number; updated: number; skipped: number; invalid: number; rows: number }

/** The properties of an event: optional where the event needs none. */
export type EventProperties<Name extends ActivityEventName> = NoProperties extends ActivityEvents[Name]
  ? { properties?: ActivityEvents[Name] }
  : { properties: ActivityEvents[Name] }
