import type { agencyKinds, agencyStatuses } from '#db/schema/vocabulary'

/** How the kinds and statuses of agencies read on the page. */
export const agencyKindLabels: Record<(typeof agencyKinds)[number], string> = {
  federal: 'Federal',
  state: 'State or provincial',
  local: 'Local',
  tribal: 'Tribal',
  national_police: 'National police',
  prosecutor: 'Prosecutor',
  regulator: 'Regulator',
  international_body: 'International body',
  ngo: 'NGO',
  industry_coalition: 'Industry coalition',
}

export const agencyStatusLabels: Record<(typeof agencyStatuses)[number], string> = {
  prospect: 'Prospect',
  engaged: 'Engaged',
  partner: 'Partner',
  dormant: 'Dormant',
}
