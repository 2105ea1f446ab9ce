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
