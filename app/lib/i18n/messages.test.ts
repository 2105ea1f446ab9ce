import { describe, expect, it } from 'vitest'
import { locales } from '#db/schema/vocabulary'
import en from './messages/en'
import es from './messages/es'
import fr from './messages/fr'
import pt from './messages/pt'
import { i18nFor } from './i18n'
import { messagesFor, translator } from './i18n.server'

const translations = { es, pt, fr }

/** Every "section.key" of a message file with its text. */
function entries(messages: Record<string, Record<string, string>>) {
  return new Map(Object.entries(messages).flatMap(([section, words]) => Object.entries(words).map(([key, text]) => [`${section}.${key}`, text] as const)))
}

/** The `{{variables}}` a text interpolates and the `<elements>` it places, sorted. */
function variables(text: string) {
  const values = [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((match) => match[1])
  const elements = [...text.matchAll(/<(\w+)\s*\/?>/g)].map((match) => `<${match[1]}>`)
  return [...values, ...elements].sort()
}

const english = entries(en)

describe('interface translations', () => {
  it('has a translation for every language but English', () => {
    expect(Object.keys(translations).sort()).toEqual(locales.filter((locale) => locale !== 'en').sort())
  })

  for (const [locale, messages] of Object.entries(translations)) {
    const translated = entries(messages)

    it(`${locale} has every English key and no other`, () => {
      expect([...english.keys()].filter((key) => !translated.has(key))).toEqual([])
      expect([...translated.keys()].filter((key) => !english.has(key))).toEqual([])
    })

    it(`${locale} interpolates the same variables as English`, () => {
      const mismatches = [...english].filter(([key, text]) => translated.has(key) && variables(translated.get(key)!).join() !== variables(text).join())
      expect(mismatches.map(([key]) => key)).toEqual([])
    })

    it(`${locale} leaves no text empty or untranslated markup`, () => {
      expect([...translated].filter(([, text]) => !text.trim()).map(([key]) => key)).toEqual([])
    })
  }

  it('finds a missing key and a renamed variable (the checks above can fail)', () => {
    const broken = entries({ shell: { ...es.shell, accountMenu: 'Menú de {{nombre}}' }, training: { ...es.training, validUntil: 'Válido hasta el' } })
    expect(variables(broken.get('shell.accountMenu')!)).not.toEqual(variables(english.get('shell.accountMenu')!))
    expect(variables(broken.get('training.validUntil')!)).not.toEqual(variables(english.get('training.validUntil')!))
    expect(variables(english.get('training.certificateExpired')!)).toEqual(['<cert>', '<date>', 'code'])
    const { signIn: _dropped, ...rest } = es.shell
    expect(entries({ shell: rest }).has('shell.signIn')).toBe(false)
  })

  it('translates on the server in the language asked, English without a translation', () => {
    expect(translator('es')('shell.signIn')).toBe('Iniciar sesión')
    expect(translator('fr')('shell.accountMenu', { name: 'Ana' })).toBe('Menu du compte de Ana')
    expect(translator('en')('shell.signIn')).toBe('Sign in')
    expect(messagesFor('en')).toBeNull()
    expect(messagesFor('pt')).toBe(pt)
    // A page whose translation did not arrive reads in English rather than showing keys.
    expect(i18nFor('pt', null).t('shell.signIn')).toBe('Sign in')
  })
})
