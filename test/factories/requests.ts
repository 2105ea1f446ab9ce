import type { AppLoadContext, LoaderFunctionArgs } from 'react-router'

export const testContext: AppLoadContext = { cspNonce: 'test-nonce', ip: '203.0.113.10' }

type RequestOptions = { cookie?: string; form?: Record<string, string | string[]>; method?: string; headers?: Record<string, string> }

/** A real Request, as the React Router handler would build it. */
export function makeRequest(path: string, options: RequestOptions = {}) {
  const headers = new Headers(options.headers)
  if (options.cookie) headers.set('Cookie', options.cookie)
  let body: URLSearchParams | undefined
  if (options.form) {
    body = new URLSearchParams()
    for (const [key, value] of Object.entries(options.form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item)
    }
  }
  return new Request(`http://localhost:3000${path}`, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body })
}

/** Any route's loader or action: each takes its own generated `Route.LoaderArgs` or `Route.ActionArgs`. */
export type RouteHandler = (args: never) => unknown

/** Runs a loader or action; a thrown Response (redirect, 403, 404) is returned instead. */
export async function call(
  handler: RouteHandler,
  request: Request,
  params: Record<string, string> = {},
  context: AppLoadContext = testContext,
): Promise<Response | unknown> {
  try {
    // React Router hands a handler the URL with its own markers removed (`?index`).
    const url = new URL(request.url)
    url.searchParams.delete('index')
    return await (handler as (args: Pick<LoaderFunctionArgs, 'request' | 'params' | 'context' | 'url'>) => unknown)({ request, params, context, url })
  } catch (error) {
    if (error instanceof Response) return error
    throw error
  }
}

/** The status of a loader/action outcome: a Response's, or the `data()` wrapper's init. */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status
  const init = (result as { init?: { status?: number } } | null)?.init
  return init?.status ?? 200
}

export function headersOf(result: unknown): Headers {
  if (result instanceof Response) return result.headers
  return new Headers((result as { init?: { headers?: HeadersInit } } | null)?.init?.headers)
}

export function dataOf<T = Record<string, unknown>>(result: unknown): T {
  const value = result as { type?: string; data?: unknown }
  return (value && value.type === 'DataWithResponseInit' ? value.data : value) as T
}
