/** What the Express server hands to every loader and action. */
declare module 'react-router' {
  interface AppLoadContext {
    /** The nonce of this response's Content-Security-Policy. */
    cspNonce: string
    /** The client's address (behind a proxy only when TRUST_PROXY is set). */
    ip: string | null
    /**
     * Set on a document request (not a client navigation's `.data` request): markup only the
     * server render needs (`app/components/render-only.tsx`).
     */
    renderOnly?: Map<string, string>
  }
}

export {}
