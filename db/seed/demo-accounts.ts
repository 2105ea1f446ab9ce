import type { RegionCode, Role } from '../schema/vocabulary'

/** The password of every demo account (printed at start and in the README). */
export const DEMO_PASSWORD = 'liaison-demo-2026'

/** `officer`: when the officer signed up (days before the seed's today) and which lead verified them, two days later. */
export type DemoAccount = { email: string; name: string; role: Role; regions: RegionCode[]; officer?: { joinedDaysAgo: number; verifiedBy: string } }

// Fictional people; `.example` addresses can never reach anyone.
export const demoAccounts: DemoAccount[] = [
  { email: 'admin@liaison.example', name: 'Avery Admin', role: 'admin', regions: [] },
  { email: 'head@liaison.example', name: 'Morgan Hale', role: 'global_head', regions: [] },
  { email: 'lead.us@liaison.example', name: 'Jordan Reyes', role: 'outreach_lead', regions: ['US'] },
  { email: 'lead.ca@liaison.example', name: 'Camille Tremblay', role: 'outreach_lead', regions: ['CA'] },
  { email: 'lead.latam@liaison.example', name: 'Lucía Fernández', role: 'outreach_lead', regions: ['LATAM'] },
  { email: 'lead.emea@liaison.example', name: 'Niamh Kessler', role: 'outreach_lead', regions: ['EMEA'] },
  { email: 'lead.apac@liaison.example', name: 'Kenji Wardell', role: 'outreach_lead', regions: ['APAC'] },
  {
    email: 'officer@police.example',
    name: 'Dana Whitfield',
    role: 'officer',
    regions: [],
    officer: { joinedDaysAgo: 21, verifiedBy: 'lead.us@liaison.example' },
  },
  // Rafael completed a module 40 days ago: he joined well before.
  {
    email: 'officer2@police.example',
    name: 'Rafael Osorio',
    role: 'officer',
    regions: [],
    officer: { joinedDaysAgo: 75, verifiedBy: 'lead.latam@liaison.example' },
  },
]
