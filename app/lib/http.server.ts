import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import helmet from 'helmet'

/**
 * HTTP protections applied by the Express server to every response, pages, data and
 * resource routes alike: the origin check on writes and the security headers
 * (docs/architecture.md, "A request, start to finish" and "Security in a few lines").
 */

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The only methods the app answers: pages and exports are read with GET, every form posts. */
const allowedMethods = ['GET', 'HEAD', 'POST']

/**
 * Refuses every other method with 405 before React Router sees it: no route has a use for PUT,
 * DELETE or the like, and an `OPTIONS` (a CORS preflight) would otherwise run a resource route's
 * loader as if it were a GET, or reach the data handler only to be logged as an error. Without
 * any Access-Control-Allow-* header, a browser's preflight fails, as it should: nothing is shared
 * with other origins.
 */
export function methodCheck(request: Request, response: Response, next: NextFunction) {
  if (allowedMethods.includes(request.method)) return next()
  response.set('Allow', allowedMethods.join(', '))
  refuse(request, response, 405, 'This address does not take that method.')
}

/**
 * The origin of the URL React Router will see, built the way @react-router/express builds it:
 * protocol and host name as Express reads them (forwarded ones only from trusted proxies), the
 * port from X-Forwarded-Host when trust proxy is on, else from Host. Null when no URL comes of it.
 */
export function requestOrigin(request: Request) {
  const forwardedPort = request.app.enabled('trust proxy') ? request.get('X-Forwarded-Host')?.split(':')[1] : undefined
  const hostPort = request.get('Host')?.split(':')[1]
  const port = [forwardedPort, hostPort].map((value) => Number.parseInt(value ?? '', 10)).find(Number.isSafeInteger)
  const hostname = (request.hostname ?? '').split(/[\\/?#@]/)[0] || 'localhost'
  try {
    return new URL(`${request.protocol}://${hostname}${port === undefined ? '' : `:${port}`}`).origin
  } catch {
    return null
  }
}

/**
 * Refuses a state-changing request unless it comes from the app's own origin and is addressed to
 * it. An `Origin` header, when sent, must be ours exactly (`null`, sent by sandboxed frames and
 * some redirects, is not, whatever Sec-Fetch-Site claims); without one, the browser's
 * `Sec-Fetch-Site: same-origin` vouches for the request. The request's own origin (its Host, or
 * a trusted proxy's forwarded host) must be ours as well: React Router aborts an action whose
 * URL does not match its Origin, as an error with a stack trace, so such a request is refused
 * here with a plain 403 instead.
 */
export function originCheck(appOrigin: string, options: { anyOrigin?: RegExp[] } = {}) {
  const expected = new URL(appOrigin).origin
  const anyOrigin = options.anyOrigin ?? []
  return (request: Request, response: Response, next: NextFunction) => {
    if (safeMethods.has(request.method)) return next()
    const origin = request.get('Origin')
    const fromUs = origin === undefined ? request.get('Sec-Fetch-Site') === 'same-origin' : origin === expected
    if (!fromUs && !anyOrigin.some((path) => path.test(request.path))) return refuse(request, response, 403, 'Cross-origin request refused.')
    const addressed = requestOrigin(request)
    if (addressed !== expected) return refuse(request, response, 403, `This request was addressed to ${addressed ?? 'no valid address'}, not to ${expected}.`)
    next()
  }
}

/**
 * The one-click unsubscribe of an email (RFC 8058): a mail provider posts
 * `List-Unsubscribe=One-Click` to the link from its own servers, with no Origin of ours. The
 * signed token in the path is the whole authority (whoever holds it could post it anyway), and
 * the action does nothing but turn one category of email off, so this exact path, and only it,
 * takes a post from anywhere (`originCheck`'s `anyOrigin`). Its `.data` twin, which the app's
 * own confirm button posts to, is checked as usual.
 */
export const ONE_CLICK_UNSUBSCRIBE_PATH = /^\/unsubscribe\/[0-9a-f-]{36}\.[a-z]+\.[A-Za-z0-9_-]{43}$/

/** The largest form body a page takes (bytes): the longest form, every text field full, fits several times over. */
export const FORM_BODY_LIMIT = 256 * 1024

const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data']

/**
 * What a posted body must be before React Router reads it: a form (URL-encoded, or multipart with
 * its boundary), of a stated length (Content-Length; a chunked body is refused with 411), no
 * larger than the limit of its path (`limits`, by path without `.data`; `FORM_BODY_LIMIT` for any
 * other). A body refused here is never read: the answer closes the connection rather than
 * draining it. Checked only for POST, the one method with a body that `methodCheck` lets by.
 */
export function formBodyCheck(limits: Record<string, number> = {}) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'POST') return next()
    const type = (request.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase()
    if (!formTypes.includes(type)) {
      return refuse(request, response, 415, 'Only form submissions are accepted here (application/x-www-form-urlencoded or multipart/form-data).')
    }
    if (type === 'multipart/form-data' && !/;\s*boundary=/i.test(request.get('Content-Type') ?? '')) {
      return refuse(request, response, 400, 'The form could not be read: it names no multipart boundary.')
    }
    const declared = request.get('Content-Length')
    if (declared === undefined) return refuse(request, response, 411, 'A form must state its length (Content-Length).')
    const limit = limits[request.path.replace(/\.data$/, '')] ?? FORM_BODY_LIMIT
    if (Number(declared) > limit) {
      return refuse(request, response, 413, `The form is larger than the ${formatBytes(limit)} this page accepts. Shorten it and send it again.`)
    }
    next()
  }
}

function formatBytes(bytes: number) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.round(bytes / 1024)} KB`
}

const statusTitles: Record<number, string> = {
  400: 'The form could not be read',
  403: 'Request refused',
  405: 'Not available',
  411: 'The form could not be read',
  413: 'Too large to send',
  415: 'Not a form',
}

/**
 * A refusal before React Router: plain text for a data request (`.data`) or any client that does
 * not ask for HTML, a short page for a browser's document request. The request's body, if any,
 * is left unread, so the connection is closed after the answer instead of being drained.
 */
function refuse(request: Request, response: Response, status: number, message: string) {
  // Sent before noStore runs: the refusal carries the same Cache-Control as every other answer.
  response.status(status).set({ Connection: 'close', 'Cache-Control': 'no-store' })
  if (request.path.endsWith('.data') || !request.accepts('html')) {
    response.type('text/plain').send(message)
    return
  }
  const title = statusTitles[status] ?? 'Request refused'
  response.type('html').send(
    `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Liaison</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2937">
<h1 style="font-size: 1.5rem">${title}</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/">Back to Liaison</a></p>
</body>
</html>`,
  )
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/** A fresh nonce per request, for the CSP and for every script React Router renders. */
export function cspNonce(_request: Request, response: Response, next: NextFunction) {
  response.locals.cspNonce = randomBytes(16).toString('base64')
  next()
}

/** Helmet's headers with our CSP. HSTS only where the origin is https: over http it means nothing. */
export function securityHeaders(options: { production: boolean; https: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", (_request, response) => `'nonce-${(response as Response).locals.cspNonce}'`],
        // Inline style attributes come from React components; no inline script is allowed.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': options.production ? ["'self'"] : ["'self'", 'ws:'],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // `frame-ancestors 'none'` in the CSP says it for every browser that matters.
    xFrameOptions: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  })
}

/**
 * Pages carry personal data: never store them; only fingerprinted assets are cached. This is the
 * one Cache-Control of every answer, resource routes included: a route that set its own would add
 * a second header (React Router appends a response's headers to Express's).
 */
export function noStore(_request: Request, response: Response, next: NextFunction) {
  response.set('Cache-Control', 'no-store')
  next()
}
