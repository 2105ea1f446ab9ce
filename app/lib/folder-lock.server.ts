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
 * - an owner on another host (a folder shared over the network) counts as gone once it has not
 *   touched the lock for `staleMs`.
 *
 * A refresh of the lock that comes late (a busy event loop) takes the lock afresh while it still
 * names this process; if another process holds it now, this one stops: two writers would
 * corrupt the database.
 */
export function lockFolder(folder: string, { staleMs = 60_000 }: { staleMs?: number } = {}): FolderLock {
  const lockPath = `${path.resolve(folder)}.lock`
  const take = () => {
    lockfile.lockSync(folder, {
      lockfilePath: lockPath,
      realpath: false,
      stale: staleMs,
      onCompromised(error: Error) {
        const owner = readOwner(lockPath)
        if (owner && owner.pid === process.pid && owner.host === hostname()) {
          // A busy event loop (PGlite's start-up, a large import) delayed the refresh; the lock
          // is still ours: take it afresh so that it is kept fresh again.
          rmSync(lockPath, { recursive: true, force: true })
          take()
          return
        }
        console.error(`[db] the lock on ${folder} is lost (${error.message}); stopping so that two processes never write the same files`)
        process.exit(1)
      },
    })
    writeFileSync(path.join(lockPath, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner))
  }
  try {
    take()
  } catch (error) {
    // ELOCKED: held. ENOTEMPTY: proper-lockfile found the lock stale by its time stamp but
    // could not remove it (the owner file is inside): the owner decides either way.
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') throw error
    const owner = readOwner(lockPath)
    const here = owner !== null && owner.host === hostname()
    // A pid equal to ours is a previous life of this container's process, not this one.
    const ownerGone = here ? owner.pid === process.pid || !isAlive(owner.pid) : code === 'ENOTEMPTY'
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
      // proper-lockfile removes only an empty lock directory, and only a lock it still keeps
      // fresh: the directory goes here either way, since this process owns it.
      rmSync(path.join(lockPath, 'owner.json'), { force: true })
      try {
        lockfile.unlockSync(folder, { lockfilePath: lockPath, realpath: false })
      } catch {
        rmSync(lockPath, { recursive: true, force: true })
      }
    },
  }
}
