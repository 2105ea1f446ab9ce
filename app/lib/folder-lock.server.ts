import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'
import lockfile from 'proper-lockfile'

export type FolderLock = { release(): void }

type Owner = { pid: number; host: string }

export class FolderInUseError extends Error {
  readonly name = 'FolderInUseError'
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(lockPath: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(path.join(lockPath, 'owner.json'), 'utf8')) as Partial<Owner>
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host } : null
  } catch {
    return null
  }
}

/**
 * Takes the lock on `folder` for this process (ADR 011), or throws FolderInUseError naming the
 * process that holds it. The lock is the directory `<folder>.lock` (proper-lockfile), with the
 * owner's pid and host inside:
 *
 * - an owner on this host that no longer runs (killed with SIGKILL, crashed) is replaced at
 *   once, so a restart never waits;
 * - an owner elsewhere (a folder shared over the network) counts as gone once it has not
 *   touched the lock for `staleMs`.
 *
 * If the lock is taken away while this process runs, it stops: two writers would corrupt the
 * database.
 */
export function lockFolder(folder: string, { staleMs = 30_000, onCompromised }: { staleMs?: number; onCompromised?: (error: Error) => void } = {}): FolderLock {
  const lockPath = `${path.resolve(folder)}.lock`
  const options = {
    lockfilePath: lockPath,
    realpath: false,
    stale: staleMs,
    onCompromised:
      onCompromised ??
      ((error: Error) => {
        console.error(`[db] the lock on ${folder} was lost (${error.message}); stopping so that two processes never write the same files`)
        process.exit(1)
      }),
  }
  const take = () => {
    lockfile.lockSync(folder, options)
    writeFileSync(path.join(lockPath, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner))
  }
  try {
    take()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
    const owner = readOwner(lockPath)
    // A pid equal to ours is a previous life of this container's process, not this one.
    const ownerGone = owner !== null && owner.host === hostname() && (owner.pid === process.pid || !isAlive(owner.pid))
    if (!ownerGone) {
      const who = owner ? `process ${owner.pid} on ${owner.host}` : 'another process'
      throw new FolderInUseError(
        `The embedded database in ${folder} is in use by ${who}. Only one Liaison process may open it: stop the other one, or give this one its own PGLITE_DIR (or a DATABASE_URL).`,
      )
    }
    rmSync(lockPath, { recursive: true, force: true })
    try {
      take()
    } catch (retryError) {
      if ((retryError as NodeJS.ErrnoException).code !== 'ELOCKED') throw retryError
      throw new FolderInUseError(`The embedded database in ${folder} was taken by another process starting at the same time.`)
    }
  }
  return {
    release() {
      try {
        lockfile.unlockSync(folder, { lockfilePath: lockPath, realpath: false })
      } catch {
        // already released
      }
    },
  }
}
