/**
 * What people type, made storable. PostgreSQL refuses NUL in a text value (and in jsonb, where
 * the activity log keeps before/after copies), so a pasted NUL would be a 500. The other C0
 * control characters and DEL are invisible and nobody means to type them; tab, line feed and
 * carriage return are kept (textareas send CRLF). A lone UTF-16 surrogate cannot arrive over
 * HTTP, but jsonb refuses its escape too, so it becomes U+FFFD like a UTF-8 decoder would make it.
 */
// Matching control characters is the point of these two.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g
// eslint-disable-next-line no-control-regex
const anyControlCharacter = /[\u0000-\u001F\u007F]/
const loneSurrogates = /\p{Cs}/gu

export function toStorableText(text: string) {
  return text.replace(controlCharacters, '').replace(loneSurrogates, '\uFFFD')
}

/** Whether `text` can be stored as it is (see `toStorableText`). */
export function isStorableText(text: string) {
  return toStorableText(text) === text
}

/** Whether `text` has any control character, tab and line breaks included (for one-line values such as a URL). */
export function hasControlCharacters(text: string) {
  return anyControlCharacter.test(text)
}

/**
 * A person's name as it will be shown, printed on certificates and compared: one line of visible
 * characters. Removed:
 *
 * - every format character (Unicode category Cf) and every other default-ignorable code point:
 *   the bidirectional controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C) that can make a
 *   name read backwards on a certificate, zero-width spaces and joiners, the word joiner, the
 *   soft hyphen, the byte-order mark, tag characters, Hangul fillers, the combining grapheme
 *   joiner; and every control character;
 * - except two joiners some scripts spell with: the zero-width non-joiner (U+200C, Persian,
 *   Kurdish, Indic scripts) and the zero-width joiner (U+200D, Indic scripts such as Malayalam
 *   and Sinhala), kept between two letters or marks of a script other than Latin, Greek or
 *   Cyrillic (which never need them, and where they would only make two names look alike); and
 *   the variation selectors right after a letter: U+FE00–FE0F and U+E0100–E01EF choose the
 *   registered form of a kanji in a Japanese name, U+180B–180D and U+180F a Mongolian letter's.
 *   The Mongolian vowel separator (U+180E, Cf) goes: names are shown, not typeset.
 *
 * Any run of white space (line breaks and no-break spaces included) becomes one space, and the
 * name is trimmed.
 */
const invisibleInNames = /[\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}]/u
const joinable = /^(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])[\p{L}\p{M}]$/u
const letter = /^\p{L}$/u
const variationSelector = /^[\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u180B-\u180D\u180F]$/u

function keptInName(character: string, before: string | undefined, after: string | undefined) {
  if (character === '\u200C' || character === '\u200D') return joinable.test(before ?? '') && joinable.test(after ?? '')
  if (variationSelector.test(character)) return letter.test(before ?? '')
  return false
}

export function toPersonName(text: string) {
  const characters = [...text.replace(/[^\S\uFEFF]+/gu, ' ')]
  return characters
    .filter((character, index) => !invisibleInNames.test(character) || keptInName(character, characters[index - 1], characters[index + 1]))
    .join('')
    .replace(/\p{Cs}/gu, '\uFFFD')
    .replace(/ {2,}/g, ' ')
    .trim()
}
