import type { AppLoadContext } from 'react-router'

/** Who is asking, for throttling and the activity log. */
export function requestMeta(request: Request, context: Pick<AppLoadContext, 'ip'> | undefined) {
  return { ip: context?.ip ?? null, userAgent: request.headers.get('User-Agent') }
}
