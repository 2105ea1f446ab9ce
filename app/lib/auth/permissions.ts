import type { Role } from '#db/schema/vocabulary'

/** Client-safe role checks, shared by the UI (to hide) and the server (to refuse). */
export const staffRoles = ['admin', 'global_head', 'outreach_lead'] as const satisfies readonly Role[]

export function isStaff(role: Role): boolean {
  return role !== 'officer'
}

/** Admins and the global head work in every region; leads only in theirs. */
export function hasAllRegions(role: Role): boolean {
  return role === 'admin' || role === 'global_head'
}

export function canManageUsers(role: Role): boolean {
  return role === 'admin'
}

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  global_head: 'Global head of outreach',
  outreach_lead: 'Outreach lead',
  officer: 'Officer',
}

export const rolePluralLabels: Record<Role, string> = {
  admin: 'Administrators',
  global_head: 'Global head',
  outreach_lead: 'Outreach leads',
  officer: 'Officers',
}

/** `message` names the label's translation in the officers' and visitors' screens (en.ts, `nav`). */
/** `key`: the letter that, after `g`, opens the item from anywhere (KeyboardShortcuts). */
export type NavigationItem = { to: string; label: string; message?: 'training' | 'guidelines' | 'certificates'; key?: string }

/** What the main navigation shows: only pages the role may open and that exist. */
export function navigationFor(role: Role | null): NavigationItem[] {
  const certificates: NavigationItem = { to: '/certificates', label: 'Certificates', message: 'certificates' }
  if (role === null) return [{ to: '/guidelines', label: 'Guidelines', message: 'guidelines' }, certificates]
  if (!isStaff(role))
    return [{ to: '/training', label: 'Training', message: 'training' }, { to: '/guidelines', label: 'Guidelines', message: 'guidelines' }, certificates]
  const items: NavigationItem[] = [
    { to: '/home', label: 'Home', key: 'h' },
    { to: '/coverage', label: 'Coverage', key: 'v' },
    { to: '/agencies', label: 'Agencies', key: 'a' },
    { to: '/contacts', label: 'Contacts', key: 'c' },
    { to: '/engagements', label: 'Engagements', key: 'e' },
    { to: '/calendar', label: 'Calendar', key: 'l' },
    { to: '/conferences', label: 'Conferences', key: 'f' },
    { to: '/tasks', label: 'Tasks', key: 't' },
    { to: '/officers', label: 'Officers', key: 'o' },
    { to: '/guidelines', label: 'Guidelines', key: 'g' },
  ]
  if (canManageUsers(role)) items.push({ to: '/admin/users', label: 'Admin', key: 'm' })
  return items
}
