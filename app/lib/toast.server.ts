import { createCookie, redirect } from 'react-router'
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { env } from './env.server'

/**
 * A one-time message shown after a redirect ("Invitation sent"). Signed so that nobody can
 * plant text in it; with no COOKIE_SECRET a per-process secret is used (a toast may then be
 * lost when the next request reaches another instance, nothing worse).
 */
const toastCookie = createCookie('liaison_toast', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: env.APP_ORIGIN.startsWith('https:'),
  secrets: [env.COOKIE_SECRET ?? randomBytes(32).toString('hex')],
  maxAge: 60,
})

const toastSchema = z.object({ kind: z.enum(['success', 'error', 'info']), message: z.string().max(300) })
export type Toast = z.infer<typeof toastSchema>

export async function toastHeaders(toast: Toast) {
  return { 'Set-Cookie': await toastCookie.serialize(toast) }
}

export async function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  headers.append('Set-Cookie', await toastCookie.serialize(toast))
  return redirect(url, { ...init, headers })
}

/** Reads the pending toast and the header that clears it. */
export async function readToast(request: Request) {
  const parsed = toastSchema.safeParse(await toastCookie.parse(request.headers.get('Cookie')))
  if (!parsed.success) return { toast: null, clearHeader: null }
  return { toast: parsed.data, clearHeader: await toastCookie.serialize('', { maxAge: 0 }) }
}
