import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import helmet from 'helmet'

/**
 * HTTP protections applied by the Express server to every response, pages, data and
 * resource routes alike: the origin check on writes and the security headers
 * (docs/architecture.md, "A request, start to finish" and "Security in a few lines").
 */

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Refuses a state-changing request unless it comes from the app's own origin. */
export function originCheck(appOrigin: string) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (safeMethods.has(request.method)) return next()
    const origin = request.get('Origin')
    const fetchSite = request.get('Sec-Fetch-Site')
    if (origin === appOrigin || fetchSite === 'same-origin') return next()
    response.status(403).type('text/plain').send('Cross-origin request refused.')
  }
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
