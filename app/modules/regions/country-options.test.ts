import { describe, expect, it } from 'vitest'
import { countries } from '#db/schema'
import { regionCodes } from '#db/schema/vocabulary'
import { db } from '~/lib/db.server'
import { countryOptions } from './country-options'

describe('country options', () => {
  it('lists the countries of the given regions by name', () => {
    const us = countryOptions(['US'])
    expect(us.map((country) => country.code)).toContain('US')
    expect(us.map((country) => country.code)).toContain('PR')
    expect(us.some((country) => country.code === 'CA')).toBe(false)
    const names = countryOptions(['EMEA', 'APAC']).map((country) => country.name)
    // Accented names sort with their base letters, the same in every JavaScript engine.
    expect(names.slice(0, 3)).toEqual(['Afghanistan', 'Åland Islands', 'Albania'])
    expect(names.indexOf('Türkiye')).toBe(names.indexOf('Turkmenistan') - 1)
    expect(countryOptions([])).toEqual([])
  })

  it('is the list the database holds', async () => {
    const stored = await db.select({ code: countries.code, name: countries.name }).from(countries)
    const all = countryOptions(regionCodes)
    expect(all).toHaveLength(stored.length)
    expect(new Set(all.map((country) => `${country.code} ${country.name}`))).toEqual(new Set(stored.map((country) => `${country.code} ${country.name}`)))
  })
})
