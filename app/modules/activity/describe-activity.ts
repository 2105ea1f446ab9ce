import type { ActivityEventName } from './activity-events'

/**
 * Turns an activity row into a sentence a person reads: "Maria Ortiz changed status from
 * prospect to engaged on FBI". Rows are named `<entity>.<action>`; updates carry
 * `properties.changes` as `{ field: { from, to } }` with display values. The timeline of every
 * record and the officer page's history both say events with it.
 */
export type DescribableActivity = {
  name: string
  actorName: string | null
  targetName: string | null
  properties: Record<string, unknown>
}

const userEvents: Partial<Record<ActivityEventName, string>> = {
  'user.login': 'signed in',
  'user.login_failed': 'failed to sign in',
  'user.logout': 'signed out',
  'user.password_changed': 'changed their password',
  'user.password_reset_requested': 'asked for a password reset',
  'user.password_reset': 'reset their password',
  'user.invitation_accepted': 'accepted the invitation',
  'user.profile_updated': 'updated their profile',
  'user.calendar_feed_created': 'made a calendar feed link',
  'user.calendar_feed_rotated': 'replaced their calendar feed link',
  'user.calendar_feed_revoked': 'revoked their calendar feed link',
  'user.time_zone_changed': 'changed their time zone',
  'officer.email_verified': 'confirmed their email address',
  'officer.verification_resent': 'asked for a new confirmation link',
}

const entityWords: Record<string, string> = {
  agency: 'agency',
  contact: 'contact',
  engagement: 'engagement',
  conference: 'conference',
  presentation: 'presentation',
  task: 'task',
  goal: 'goal',
  user: 'account of',
}

const actionVerbs: Record<string, string> = {
  created: 'created',
  updated: 'updated',
  archived: 'archived',
  restored: 'restored',
  logged: 'logged',
  deleted: 'deleted',
  completed: 'completed',
  reopened: 'reopened',
  exported: 'exported',
  imported: 'imported',
  invited: 'invited',
  deactivated: 'deactivated',
  reactivated: 'reactivated',
}

/** Field names as a person says them. */
const fieldLabels: Record<string, string> = {
  ownerId: 'owner',
  owner: 'owner',
  countryCode: 'country',
  emailDomains: 'email domains',
  fullName: 'name',
  isPrimary: 'primary contact',
  preferredLanguage: 'preferred language',
  startsAt: 'start',
  endsAt: 'end',
  startsOn: 'start date',
  endsOn: 'end date',
  expectedAttendance: 'expected attendance',
  audienceSize: 'audience size',
  feedbackScore: 'feedback score',
  materialsUrl: 'materials link',
  dueOn: 'due date',
  timeZone: 'time zone',
}

/** An agency, contact or staff member named in a link change; `region` for those a region owns. */
export type LinkedName = { id: string; name: string; region?: string }

/**
 * Who an edit added to or removed from a record's links (`changes.agencies` of an engagement,
 * `changes.audience` of a presentation).
 * For a reader outside some of their regions the server replaces those by the `…Elsewhere` counts.
 */
export type LinkChange = { added: LinkedName[]; removed: LinkedName[]; addedElsewhere?: number; removedElsewhere?: number }

export function isLinkChange(value: unknown): value is LinkChange {
  return typeof value === 'object' && value !== null && Array.isArray((value as LinkChange).added) && Array.isArray((value as LinkChange).removed)
}

/** Link fields: where people were added ("to the attendees") and what one elsewhere is called. */
const linkFields: Record<string, { label: string; one: string; many: string }> = {
  agencies: { label: 'the agencies', one: 'agency', many: 'agencies' },
  audience: { label: 'the audience', one: 'agency', many: 'agencies' },
  contacts: { label: 'the attendees', one: 'contact', many: 'contacts' },
  staff: { label: 'the staff attendees', one: 'staff member', many: 'staff members' },
}

function sentenceList(items: string[]) {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

function linkNames(items: LinkedName[], elsewhere: number, nouns: { one: string; many: string }) {
  const names = items.map((item) => item.name)
  if (elsewhere > 0) names.push(elsewhere === 1 ? `1 ${nouns.one} in another region` : `${elsewhere} ${nouns.many} in other regions`)
  return sentenceList(names)
}

function describeLinkChange(field: string, change: LinkChange) {
  const words = linkFields[field] ?? { label: `the ${field}`, one: field, many: field }
  const parts: string[] = []
  if (change.added.length || change.addedElsewhere) parts.push(`added ${linkNames(change.added, change.addedElsewhere ?? 0, words)} to ${words.label}`)
  if (change.removed.length || change.removedElsewhere)
    parts.push(`removed ${linkNames(change.removed, change.removedElsewhere ?? 0, words)} from ${words.label}`)
  return parts
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'nothing'
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'nothing'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return String(value).replaceAll('_', ' ')
}

function list(value: unknown) {
  return Array.isArray(value) && value.length ? value.join(', ') : 'none'
}

export function describeChanges(changes: Record<string, { from: unknown; to: unknown } | LinkChange>) {
  const parts = Object.entries(changes).flatMap(([field, change]) => {
    if (isLinkChange(change)) return describeLinkChange(field, change)
    const label = fieldLabels[field] ?? field.replace(/([A-Z])/g, ' $1').toLowerCase()
    if (field === 'notes' || field === 'summary' || field === 'outcome') return [`edited the ${label}`]
    return [`changed ${label} from ${show(change.from)} to ${show(change.to)}`]
  })
  return parts.length ? sentenceList(parts) : 'saved without changes'
}

export function describeActivity(entry: DescribableActivity): string {
  const actor = entry.actorName ?? (entry.name.startsWith('user.') || entry.name.startsWith('officer.') ? entry.targetName : null) ?? 'Someone'
  const properties = entry.properties ?? {}
  const said = userEvents[entry.name as ActivityEventName]
  if (said) return `${actor} ${said}`
  const agency = typeof properties.agency === 'string' && properties.agency ? ` of ${properties.agency}` : ''
  const reason = properties.reason ? `: “${properties.reason}”` : ''
  const trainingModule = show(properties.title ?? properties.module)
  if (entry.name === 'user.role_changed') return `${actor} changed the role of ${entry.targetName} from ${show(properties.from)} to ${show(properties.to)}`
  if (entry.name === 'user.regions_changed')
    return `${actor} changed the regions of ${entry.targetName} from ${list(properties.from)} to ${list(properties.to)}`
  if (entry.name === 'user.invited') return `${actor} invited ${entry.targetName}`
  if (entry.name === 'officer.signed_up') return `${actor} signed up as an officer${agency}`
  if (entry.name === 'officer.invited')
    return `${actor} invited officer ${entry.targetName}${agency}${Array.isArray(properties.outsideDomains) ? ', confirming an address outside its email domains' : ''}`
  if (entry.name === 'officer.verified') return `${actor} verified the officer account of ${entry.targetName}${reason}`
  if (entry.name === 'officer.name_changed')
    return `${actor} changed their name after verification, from “${String(properties.from ?? '')}” to “${String(properties.to ?? '')}”`
  if (entry.name === 'officer.rejected') return `${actor} rejected the officer account of ${entry.targetName}${reason}`
  if (entry.name === 'training.assigned')
    return `${actor} assigned “${trainingModule}” to ${entry.targetName}${properties.dueOn ? `, due ${properties.dueOn}` : ''}`
  if (entry.name === 'training.reminded') return `${actor} reminded ${entry.targetName} about “${trainingModule}”`
  if (entry.name === 'training.started') return `${actor} started “${entry.targetName}”`
  if (entry.name === 'training.quiz_failed')
    return `${actor} scored ${show(properties.score)}% on the quiz of “${entry.targetName}” (pass mark ${show(properties.passMark)}%)`
  if (entry.name === 'training.completed') return `${actor} completed “${entry.targetName}” with ${show(properties.score)}%`
  if (entry.name === 'certificate.issued') return `${actor} received a certificate for ${entry.targetName}`
  if (entry.name === 'certificate.revoked') return `${actor} revoked the certificate ${entry.targetName}`
  if (entry.name === 'guideline.acknowledged') return `${actor} acknowledged version ${show(properties.version)} of “${entry.targetName}”`

  const [entity, action] = entry.name.split('.')
  const changes = properties.changes as Record<string, { from: unknown; to: unknown } | LinkChange> | undefined
  const target = entry.targetName ? ` ${entry.targetName}` : ''
  if (action === 'updated' && changes) return `${actor} ${describeChanges(changes)} on${target || ` the ${entity}`}`
  if (entry.name === 'coverage.report_downloaded')
    return `${actor} downloaded the quarterly report of ${show(properties.period)}${properties.region ? ` for ${show(properties.region)}` : ''} as PDF`
  if (entry.name === 'coverage.exported') return `${actor} exported the coverage table of ${show(properties.table)} (${show(properties.count)} rows) to CSV`
  if (action === 'exported') return `${actor} exported ${show(properties.count)} ${entity === 'agency' ? 'agencies' : `${entity}s`} to CSV`
  if (action === 'imported') return `${actor} imported ${show(properties.count)} ${entity === 'agency' ? 'agencies' : `${entity}s`} from CSV`
  const verb = actionVerbs[action] ?? action?.replaceAll('_', ' ') ?? entry.name
  return `${actor} ${verb} ${entityWords[entity] ?? entity}${target}`
}
