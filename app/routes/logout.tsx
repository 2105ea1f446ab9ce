import { redirect } from 'react-router'
import type { Route } from './+types/logout'
import { getUser } from '~/lib/auth/guards.server'
import { clearSessionCookie } from '~/lib/auth/session.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { signOut } from '~/modules/accounts/accounts.server'

// Signing out changes state, so it is a POST only; a GET just goes home.
export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await getUser(request)
  if (user) await signOut(user, requestMeta(request, context))
  const headers = new Headers({ 'Set-Cookie': await clearSessionCookie() })
  return redirectWithToast('/login', { kind: 'info', message: 'You are signed out.' }, { headers })
}
