/** Turns an activity row into a sentence a person reads ("Ana Ruiz invited Tom Lee"). */
export type DescribableActivity = {
  name: string
  actorName: string | null
  targetName: string | null
  properties: Record<string, unknown>
}

const verbs: Record<string, string> = {
  'user.invited': 'invited',
  'user.login': 'signed in',
  'user.login_failed': 'failed to sign in',
  'user.logout': 'signed out',
  'user.password_changed': 'changed their password',
  'user.password_reset_requested': 'asked for a password reset',
  'user.password_reset': 'reset their password',
  'user.invitation_accepted': 'accepted the invitation',
  'user.profile_updated': 'updated their profile',
  'user.role_changed': 'changed the role of',
  'user.regions_changed': 'changed the regions of',
  'user.deactivated': 'deactivated',
  'user.reactivated': 'reactivated',
}

const selfEvents = new Set([
  'user.login',
  'user.login_failed',
  'user.logout',
  'user.password_changed',
  'user.password_reset_requested',
  'user.password_reset',
  'user.invitation_accepted',
  'user.profile_updated',
])

export function describeActivity(entry: DescribableActivity): string {
  const actor = entry.actorName ?? entry.targetName ?? 'Someone'
  const verb = verbs[entry.name] ?? entry.name
  const properties = entry.properties ?? {}
  if (entry.name === 'user.role_changed') {
    return `${actor} changed the role of ${entry.targetName} from ${properties.from} to ${properties.to}`
  }
  if (entry.name === 'user.regions_changed') {
    const list = (value: unknown) => (Array.isArray(value) && value.length ? value.join(', ') : 'none')
    return `${actor} changed the regions of ${entry.targetName} from ${list(properties.from)} to ${list(properties.to)}`
  }
  if (selfEvents.has(entry.name)) return `${actor} ${verb}`
  return entry.targetName ? `${actor} ${verb} ${entry.targetName}` : `${actor} ${verb}`
}
