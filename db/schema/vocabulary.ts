/** Plain lists shared by the schema and the browser (no database code here). */
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
