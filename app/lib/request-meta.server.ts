import type { AppLoadContext } from 'react-router'

/** Who is asking, for throttling and the activity log. */
export type RequestMeta = { ip: string | null; userAgent?: string | null }

export function requestMeta(request: Request, context: Pick<AppLoadContext, 'ip'> | undefined): RequestMeta {
  return { ip: context?.ip ?? null, userAgent: request.headers.get('User-Agent') }
}
