import { z } from 'zod'
import { newPasswordField, newPasswordWithConfirmation } from '~/lib/auth/password-schema'
import { localePreferenceField } from '~/lib/content/locales'
import { personName } from '~/lib/forms/fields'
import { hasControlCharacters } from '~/lib/forms/text'
import { isValidTimeZone } from '~/lib/time-zone'

export const emailField = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .max(254, 'That email address is too long.')
  .pipe(z.email('Enter a valid email address.'))
  .transform((value) => value.toLowerCase())

export const loginSchema = z.object({
  email: emailField,
  password: z.string({ error: 'Enter your password.' }).max(128, 'Passwords are at most 128 characters.'),
  redirectTo: z.string().optional(),
})

export const forgotPasswordSchema = z.object({ email: emailField })

export const resetPasswordSchema = newPasswordWithConfirmation

export const acceptInvitationSchema = z
  .object({
    name: personName({ missing: 'Enter your name.' }),
    password: newPasswordField,
    confirmPassword: z.string({ error: 'Repeat the password.' }),
  })
  .refine((value) => value.password === value.confirmPassword, { message: 'The passwords do not match.', path: ['confirmPassword'] })

/** The profile part of /settings. The language may be left to the browser (stored as null). */
export const profileSchema = z.object({
  intent: z.literal('profile'),
  name: personName({ missing: 'Enter your name.' }),
  locale: localePreferenceField,
})

export const changePasswordSchema = z
  .object({
    intent: z.literal('password'),
    currentPassword: z.string({ error: 'Enter your current password.' }).max(128),
    password: newPasswordField,
    confirmPassword: z.string({ error: 'Repeat the new password.' }),
  })
  .refine((value) => value.password === value.confirmPassword, { message: 'The passwords do not match.', path: ['confirmPassword'] })

/** The time zone part of /settings: an IANA zone, or empty to follow the browser (stored as null). */
export const timeZoneSettingSchema = z.object({
  intent: z.literal('timeZone'),
  timeZone: z
    .string()
    .trim()
    .optional()
    .refine((zone) => !zone || isValidTimeZone(zone), 'Choose a time zone from the list.')
    .transform((zone) => zone || null),
})

export const settingsSchema = z.discriminatedUnion('intent', [profileSchema, changePasswordSchema, timeZoneSettingSchema])

const redirectBase = 'http://redirect.invalid'

/**
 * Only local paths are followed after sign-in (no open redirects). The path comes back
 * percent-encoded: a control character or a non-Latin-1 one in a Location header would make the
 * response itself fail.
 */
export function safeRedirect(target: string | null | undefined, fallback: string) {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback
  if (hasControlCharacters(target) || target.includes('\\') || target.length > 2000) return fallback
  try {
    const url = new URL(target, redirectBase)
    const path = `${url.pathname}${url.search}${url.hash}`
    // "/.//evil.example" normalises to "//evil.example": check again after encoding.
    return url.origin === redirectBase && !path.startsWith('//') ? path : fallback
  } catch {
    return fallback
  }
}
