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
export type NavigationItem = { to: string; label: string; message?: 'training' | 'guidelines' | 'certificates' }

/** What the main navigation shows: only pages the role may open and that exist. */
export function navigationFor(role: Role | null): NavigationItem[] {
  const certificates: NavigationItem = { to: '/certificates', label: 'Certificates', message: 'certificates' }
  if (role === null) return [{ to: '/guidelines', label: 'Guidelines', message: 'guidelines' }, certificates]
  if (!isStaff(role))
    return [{ to: '/training', label: 'Training', message: 'training' }, { to: '/guidelines', label: 'Guidelines', message: 'guidelines' }, certificates]
  const items: NavigationItem[] = [
    { to: '/home', label: 'Home' },
    { to: '/coverage', label: 'Coverage' },
    { to: '/agencies', label: 'Agencies' },
    { to: '/contacts', label: 'Contacts' },
    { to: '/engagements', label: 'Engagements' },
    { to: '/calendar', label: 'Calendar' },
    { to: '/conferences', label: 'Conferences' },
    { to: '/tasks', label: 'Tasks' },
    { to: '/officers', label: 'Officers' },
    { to: '/guidelines', label: 'Guidelines' },
  ]
  if (canManageUsers(role)) items.push({ to: '/admin/users', label: 'Admin' })
  return items
}
