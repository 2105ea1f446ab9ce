/**
 * The steps of the outreach funnel, in order, with their labels (client-safe: the conference page
 * and /coverage render them). funnel.server.ts computes the counts and defines each step.
 */
export const FUNNEL_WINDOW_DAYS = 90

export const funnelSteps = [
  { key: 'presentations', label: 'Presentations given' },
  { key: 'agencies', label: 'Agencies reached' },
  { key: 'signedUp', label: `Officers signed up within ${FUNNEL_WINDOW_DAYS} days` },
  { key: 'verified', label: 'Of whom verified' },
  { key: 'completed', label: 'Of whom completed a module' },
] as const

export type FunnelStepKey = (typeof funnelSteps)[number]['key']
export type FunnelCounts = Record<FunnelStepKey, number>

export const emptyFunnel: FunnelCounts = { presentations: 0, agencies: 0, signedUp: 0, verified: 0, completed: 0 }
