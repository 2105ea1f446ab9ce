import type { Locale } from '#db/schema/vocabulary'

/**
 * The language we write in to someone we know only by their agency's country (an officer's
 * invitation, before they have chosen one): the country's official language where it is one of
 * ours, English otherwise. Countries with several official languages (Canada, Belgium,
 * Switzerland, Cameroon) get English: guessing wrong there reads worse than English.
 */
const countriesByLocale: Record<Exclude<Locale, 'en'>, readonly string[]> = {
  es: ['AR', 'BO', 'CL', 'CO', 'CR', 'CU', 'DO', 'EC', 'ES', 'GQ', 'GT', 'HN', 'MX', 'NI', 'PA', 'PE', 'PR', 'PY', 'SV', 'UY', 'VE'],
  pt: ['AO', 'BR', 'CV', 'GW', 'MZ', 'PT', 'ST', 'TL'],
  fr: [
    'BF',
    'BJ',
    'CD',
    'CF',
    'CG',
    'CI',
    'FR',
    'GA',
    'GF',
    'GN',
    'GP',
    'HT',
    'MC',
    'MF',
    'MG',
    'ML',
    'MQ',
    'NC',
    'NE',
    'PF',
    'PM',
    'RE',
    'SN',
    'TD',
    'TG',
    'WF',
    'YT',
  ],
}

const localeOfCountry = new Map<string, Locale>(
  Object.entries(countriesByLocale).flatMap(([locale, codes]) => codes.map((code) => [code, locale as Locale] as const)),
)

export function countryLocale(countryCode: string | null | undefined): Locale {
  return (countryCode && localeOfCountry.get(countryCode.toUpperCase())) || 'en'
}
