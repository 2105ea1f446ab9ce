import { execSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * `npm start`: build the app when the sources are newer than the build, then serve the
 * production build. The first start also migrates and seeds the embedded database.
 */
const buildEntry = 'build/server/index.js'
const sources = ['app', 'content', 'db', 'public', 'vite.config.ts', 'react-router.config.ts', 'package.json', 'package-lock.json']

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0
  const stats = statSync(entry)
  if (!stats.isDirectory()) return stats.mtimeMs
  return readdirSync(entry).reduce((newest, child) => Math.max(newest, newestChange(path.join(entry, child))), stats.mtimeMs)
}

const builtAt = existsSync(buildEntry) ? statSync(buildEntry).mtimeMs : 0
if (builtAt < Math.max(...sources.map(newestChange))) {
  console.info('[start] building the app (sources changed since the last build)…')
  execSync('npm run build', { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
}

process.env.NODE_ENV = 'production'
await import('../server')
