/** The guide's address: a static segment under /guidelines, so no guideline may take this slug. */
export const LEGAL_PROCESS_GUIDE_SLUG = 'legal-process-guide'
export const LEGAL_PROCESS_GUIDE_PATH = `/guidelines/${LEGAL_PROCESS_GUIDE_SLUG}`
