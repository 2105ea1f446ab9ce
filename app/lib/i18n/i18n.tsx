import { createInstance, type i18n } from 'i18next'
import { setI18n, Trans, useTranslation } from 'react-i18next'
import type { ComponentProps } from 'react'
import type { Locale } from '#db/schema/vocabulary'
import en from './messages/en'

/**
 * The interface's words. English is the source and ships with the code (it is also what a
 * missing key falls back to); the other languages come from the root loader, one language per
 * page, so no page downloads every translation and none fetches one after it has rendered.
 */
export type Messages = typeof en

/** The shape every translation has: the English keys, each a string. */
export type Translation = { [Key in keyof Messages]: { [Entry in keyof Messages[Key]]: string } }

/** How each language writes dates and numbers (es: Latin America, pt: Brazil, fr: Canada). */
export const intlLocales: Record<Locale, string> = { en: 'en-GB', es: 'es-419', pt: 'pt-BR', fr: 'fr-CA' }

const instances = new Map<Locale, i18n>()

/**
 * One i18next instance per language, made once: its resources never change while the process
 * (or the browser tab) lives, so the server shares it between requests. `messages` is the
 * language's translation (ignored for English); without one the page reads in English.
 */
export function i18nFor(locale: Locale, messages: Translation | null): i18n {
  const language = locale === 'en' || messages ? locale : 'en'
  const existing = instances.get(language)
  if (existing) return existing
  const instance = createInstance()
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [language, 'en'],
    resources: { en: { translation: en }, ...(language !== 'en' && messages ? { [language]: { translation: messages } } : {}) },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  instances.set(language, instance)
  return instance
}

/**
 * English is also what a component reads outside the root's provider (a component rendered
 * alone, in a test): words, never keys.
 */
setI18n(i18nFor('en', null))

/** The screens' translate function and language: every component takes its words from here. */
export function useI18n() {
  const { t, i18n } = useTranslation()
  return { t, locale: i18n.language as Locale }
}

/**
 * The translate function for a route's `meta` (which renders outside the provider): the root
 * loader's language and words, found among the matches; English when the root has no data.
 */
export function metaTranslator(matches: ReadonlyArray<{ id: string; data?: unknown } | undefined>) {
  const root = matches.find((match) => match?.id === 'root')?.data as { locale?: Locale; messages?: Translation | null } | undefined
  return i18nFor(root?.locale ?? 'en', root?.messages ?? null).t
}

/**
 * A sentence with elements in it (`<date/>`, `<cert>…</cert>`): the translation places them
 * where its language wants them. Element names must not be HTML void elements (`link`, `img`).
 */
export function Sentence(props: Omit<ComponentProps<typeof Trans>, 't'>) {
  const { t } = useTranslation()
  return <Trans t={t} {...props} />
}
