import { z } from 'zod'

/** Length only, as ASVS asks; the server also refuses common breached passwords. */
export const newPasswordField = z.string({ error: 'Enter a password.' }).min(8, 'Use at least 8 characters.').max(128, 'Use at most 128 characters.')

export const newPasswordWithConfirmation = z
  .object({ password: newPasswordField, confirmPassword: z.string({ error: 'Repeat the password.' }) })
  .refine((value) => value.password === value.confirmPassword, {
    message: 'The passwords do not match.',
    path: ['confirmPassword'],
  })
