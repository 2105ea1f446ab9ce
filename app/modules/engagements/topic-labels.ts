import type { topics } from '#db/schema/vocabulary'

/** How each topic reads in the interface (no form or database code, so any page can use it). */
export const topicLabels: Record<(typeof topics)[number], string> = {
  law_enforcement_response: 'Law-enforcement response',
  emergency_response: 'Emergency response',
  child_safety: 'Child safety',
  counter_terrorism: 'Counter-terrorism',
  data_disclosure: 'Data disclosure',
  preservation: 'Preservation',
  international_requests: 'International requests',
  fraudulent_requests: 'Fraudulent requests',
}
