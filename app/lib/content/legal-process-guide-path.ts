/**
 * The address of the legal-process guide (content/legal-process-guide/en.yaml), a page of its
 * own under /guidelines: its static segment wins over a guideline's, so no guideline may take
 * this slug, and the link check accepts links to it.
 */
export const LEGAL_PROCESS_GUIDE_SLUG = 'legal-process-guide'
export const LEGAL_PROCESS_GUIDE_PATH = `/guidelines/${LEGAL_PROCESS_GUIDE_SLUG}`
