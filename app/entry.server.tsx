import { Writable } from 'node:stream'
import { type AppLoadContext, type EntryContext, isRouteErrorResponse, ServerRouter } from 'react-router'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceProvider } from './components/nonce'
import { RenderOnlyProvider } from './components/render-only'

import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './lib/db-availability.server'

export { startServices, stopServices } from './startup.server'

export const streamTimeout = 5_000

/**
 * Renders the whole document before sending it. No loader defers data, so there is nothing to
 * stream, and one buffer costs far less CPU than many small chunks passed through a web stream,
 * the compression stream and the socket (bench/README.md).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? ''
  // 503 is only ever "the database is away, come back shortly" (db-availability.server.ts).
  if (responseStatusCode === 503) responseHeaders.set('Retry-After', String(RETRY_AFTER_SECONDS))
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const chunks: Buffer[] = []
    const document = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk)
        callback()
      },
      final(callback) {
        clearTimeout(deadline)
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }))
        callback()
      },
    })
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RenderOnlyProvider value={loadContext?.renderOnly ?? null}>
          <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
        </RenderOnlyProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true
        },
        onAllReady() {
          pipe(document)
        },
        onShellError(error: unknown) {
          clearTimeout(deadline)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Before the shell, the error rejects the render and React Router reports it.
          if (shellRendered) console.error(error)
        },
      },
    )
    // Cleared when the document is done (React calls back asynchronously, after this line): a
    // pending timer would keep the whole render, loader data included, alive for its full delay.
    const deadline = setTimeout(abort, streamTimeout + 1_000).unref()
  })
}

/** The answer to a client-side navigation's data request: the same Retry-After as a page's. */
export function handleDataRequest(response: Response) {
  if (response.status === 503) response.headers.set('Retry-After', String(RETRY_AFTER_SECONDS))
  return response
}

/** Unexpected errors go to the server log (never to the page in production). */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  // The outage is logged once when it starts and once when it ends, not for every request.
  if (isDatabaseUnavailable(error)) return
  // A 404 for an unknown URL is an answer, not an error.
  if (isRouteErrorResponse(error) && error.status < 500) return
  console.error(error)
}
