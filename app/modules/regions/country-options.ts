import { countries, type RegionCode } from '#db/schema/vocabulary'

/**
 * The countries of some regions, by name, for the country selects. Countries are reference
 * data shipped with the app (the database's table is seeded from the same list), so the server
 * and the browser build the options themselves instead of sending 249 of them with every page.
 */
// Sorted without the locale collation, which may differ between Node and a browser: the options
// must come out in the same order on both sides of hydration.
const sortKey = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
const byName = [...countries].sort((a, b) => (sortKey(a.name) < sortKey(b.name) ? -1 : sortKey(a.name) > sortKey(b.name) ? 1 : 0))

export function countryOptions(regions: readonly RegionCode[]): { code: string; name: string }[] {
  return byName.filter((country) => regions.includes(country.region)).map(({ code, name }) => ({ code, name }))
}
