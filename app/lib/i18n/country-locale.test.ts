import { describe, expect, it } from 'vitest'
import { countries } from '#db/schema/vocabulary-countries'
import { countryLocale } from './country-locale'

describe('the language of a country', () => {
  it('writes Spanish to Colombia, Portuguese to Brazil, French to France, English to Canada and the rest', () => {
    expect(countryLocale('CO')).toBe('es')
    expect(countryLocale('br')).toBe('pt')
    expect(countryLocale('FR')).toBe('fr')
    expect(countryLocale('CA')).toBe('en')
    expect(countryLocale('DE')).toBe('en')
    expect(countryLocale(null)).toBe('en')
  })

  it('names only countries of the vocabulary', () => {
    const known = new Set(countries.map((country) => country.code))
    for (const code of ['AR', 'BR', 'FR', 'MX', 'PT', 'SN', 'YT']) expect(known.has(code)).toBe(true)
    const spoken = ['es', 'pt', 'fr'].flatMap((locale) => countries.filter((country) => countryLocale(country.code) === locale).map((country) => country.code))
    expect(spoken.length).toBe(21 + 8 + 27)
  })
})
