/**
 * The colour scale of the coverage map: one definition for the server (which gives every country
 * its step), the map's legend and the quarterly PDF. Client-safe: it imports nothing.
 *
 * Coverage is the share of a country's agencies engaged in the last 365 days, cut into five steps
 * of one hue, light (little) to dark (much). A country with no agencies gets a neutral grey.
 */
export const coverageThresholds = [0.2, 0.4, 0.6, 0.8] as const

export const coverageSteps: ReadonlyArray<{ label: string; fill: string }> = [
  { label: 'Under 20 %', fill: '#bfdbfe' },
  { label: '20–40 %', fill: '#93c5fd' },
  { label: '40–60 %', fill: '#60a5fa' },
  { label: '60–80 %', fill: '#2563eb' },
  { label: '80 % or more', fill: '#1e3a8a' },
]

export const noAgenciesFill = '#e2e8f0'
export const noAgenciesLabel = 'No agencies'
