import cluster from 'node:cluster'
import { createServer, type ServerResponse } from 'node:http'
import path from 'node:path'
import { createRequestHandler } from '@react-router/express'
import type { ServerBuild } from 'react-router'
import compression from 'compression'
import express from 'express'
import { parseEnv } from './app/lib/env.server'
import { cspNonce, formBodyCheck, methodCheck, noStore, ONE_CLICK_UNSUBSCRIBE_PATH, originCheck, securityHeaders } from './app/lib/http.server'
import { withRequestStore } from './app/lib/request-store.server'
import { MAX_IMPORT_BODY_BYTES } from './app/modules/imports/import-schema'

/**
 * The HTTP server: security headers, the origin check, compression, static files and a
 * graceful SIGTERM around React Router's request handler. Everything stateful (database, email
 * worker) lives in the app's build and is reached through its entry module, so that one
 * process never opens the database twice.
 *
 * In production on PostgreSQL it runs one such process per core (WEB_CONCURRENCY) under a
 * primary that only forks, restarts and stops them (`server-primary.ts`, ADR 008).
 */
let env: ReturnType<typeof parseEnv>
try {
  env = parseEnv()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

if (cluster.isPrimary && env.WEB_CONCURRENCY > 1 && env.NODE_ENV === 'production') {
  const { runPrimary } = await import('./server-primary')
  runPrimary(env.WEB_CONCURRENCY)
} else {
  await serve(env)
}

async function serve(env: ReturnType<typeof parseEnv>) {
  type EntryModule = { startServices(): Promise<void>; stopServices(): Promise<void> }
  const production = env.NODE_ENV === 'production'

  const viteDevServer = production ? undefined : await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))

  async function loadBuild(): Promise<ServerBuild> {
    if (viteDevServer) return (await viteDevServer.ssrLoadModule('virtual:react-router/server-build')) as ServerBuild
    // @ts-expect-error the build exists only after `npm run build`
    return (await import('./build/server/index.js')) as ServerBuild
  }

  let build: ServerBuild
  let entry: EntryModule
  try {
    build = await loadBuild()
    entry = build.entry.module as unknown as EntryModule
    await entry.startServices()
  } catch (error) {
    // A refusal to start (the database folder in use, no database) is a sentence, not a stack.
    console.error(
      `[server] cannot start: ${error instanceof Error && error.name === 'FolderInUseError' ? error.message : ((error as Error)?.stack ?? String(error))}`,
    )
    process.exit(1)
  }

  const app = express()
  app.disable('x-powered-by')
  // React Router reads the URL itself: Express need not parse every query string.
  app.set('query parser', false)
  // Hops or addresses of the proxies in front (never `true`, which would trust the client's own header).
  app.set('trust proxy', env.TRUST_PROXY)
  app.use(compression({ level: 1 }))
  app.use(cspNonce)
  app.use(securityHeaders({ production, https: env.APP_ORIGIN.startsWith('https:') }))
  app.use(methodCheck)
  app.use(originCheck(env.APP_ORIGIN, { anyOrigin: [ONE_CLICK_UNSUBSCRIBE_PATH] }))
  // Every form body is checked (type, stated length, size) before anything reads it; the CSV
  // import's two addresses take a file, every other form a few hundred KB (README, "Limits on requests").
  app.use(formBodyCheck({ '/import': MAX_IMPORT_BODY_BYTES, '/import/upload': MAX_IMPORT_BODY_BYTES }))

  if (viteDevServer) {
    app.use(viteDevServer.middlewares)
  } else {
    app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
    // The other public files (favicon) have an extension: pages skip the file-system lookup.
    const publicFiles = express.static('build/client', { maxAge: '1h', index: false })
    app.use((request, response, next) => (path.extname(request.path) ? publicFiles(request, response, next) : next()))
  }
  app.use(noStore)
  app.use(withRequestStore)

  app.use(
    createRequestHandler({
      build: viteDevServer ? loadBuild : build,
      mode: env.NODE_ENV,
      getLoadContext: (request, response) => ({
        cspNonce: response.locals.cspNonce as string,
        ip: request.ip ?? request.socket.remoteAddress ?? null,
        renderOnly: request.path.endsWith('.data') ? undefined : new Map<string, string>(),
      }),
    }),
  )

  // From SIGTERM on, requests still running are answered with `Connection: close`, a request
  // that arrives on a kept-alive connection is refused with 503, and idle connections are closed:
  // the process exits as soon as the last answer is out, never waiting for keep-alive timers.
  let closing = false
  const running = new Set<ServerResponse>()
  const server = createServer((request, response) => {
    if (closing) {
      response.writeHead(503, { Connection: 'close', 'Retry-After': '1', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
      response.end('The server is restarting. Please try again.')
      return
    }
    running.add(response)
    response.once('close', () => running.delete(response))
    app(request, response)
  })
  server.listen(env.PORT, env.HOST, () => {
    const worker = cluster.isWorker ? `, process ${process.pid}` : ''
    console.info(`Liaison is listening on ${env.APP_ORIGIN} (bound to ${env.HOST}:${env.PORT}${worker})`)
  })

  async function shutdown(signal: string) {
    if (closing) return
    closing = true
    console.info(`[server] ${signal}: finishing ${running.size} requests and closing`)
    const force = setTimeout(() => {
      console.error('[server] shutdown took too long; exiting')
      process.exit(1)
    }, 9_000)
    force.unref()
    for (const response of running) {
      if (!response.headersSent) response.setHeader('Connection', 'close')
      // An answer already under way on a kept-alive connection: close the socket when it is out.
      else response.once('finish', () => response.socket?.end())
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    await closed
    await viteDevServer?.close()
    await entry.stopServices()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}
