import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { FolderInUseError, lockFolder } from '../app/lib/folder-lock.server'

/**
 * `npm run demo:reset`: throws away the embedded database so that the next `npm start` creates
 * it again with a fresh demo world. Refuses while a server still uses the folder, and never
 * touches a PostgreSQL server (DATABASE_URL): drop that database yourself.
 */
if (process.env.DATABASE_URL) {
  console.error('[demo:reset] DATABASE_URL is set: this resets the embedded database only. Drop and recreate the PostgreSQL database instead.')
  process.exit(1)
}
const folder = path.resolve(process.env.PGLITE_DIR ?? './data/pglite')
if (!existsSync(folder)) {
  console.info(`[demo:reset] nothing to reset: ${folder} does not exist. \`npm start\` creates it with the demo world.`)
  process.exit(0)
}
try {
  const lock = lockFolder(folder)
  rmSync(folder, { recursive: true, force: true })
  lock.release()
  console.info(`[demo:reset] removed ${folder}; the next \`npm start\` creates the database and the demo world again (about a minute).`)
} catch (error) {
  if (!(error instanceof FolderInUseError)) throw error
  console.error(`[demo:reset] a server is using ${folder}: stop it first (Ctrl+C), then run this again.`)
  process.exit(1)
}
