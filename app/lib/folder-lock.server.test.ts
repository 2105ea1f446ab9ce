import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FolderInUseError, lockFolder } from './folder-lock.server'

const require = createRequire(import.meta.url)

const folders: string[] = []
function newFolder() {
  const folder = path.join(mkdtempSync(path.join(tmpdir(), 'liaison-lock-')), 'pglite')
  folders.push(path.dirname(folder))
  return folder
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** Another process that takes the lock and keeps it until it is killed. */
async function holderProcess(folder: string) {
  const script = `
    const lockfile = require(${JSON.stringify(require.resolve('proper-lockfile'))})
    const fs = require('node:fs')
    const lockPath = ${JSON.stringify(`${folder}.lock`)}
    lockfile.lockSync(${JSON.stringify(folder)}, { lockfilePath: lockPath, realpath: false, stale: 60000 })
    fs.writeFileSync(lockPath + '/owner.json', JSON.stringify({ pid: process.pid, host: require('node:os').hostname() }))
    console.log('locked')
    setInterval(() => {}, 1000)
  `
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
  return child
}

describe('one process per PGlite folder', () => {
  it('writes its owner into the lock and removes the lock on release', () => {
    const folder = newFolder()
    const first = lockFolder(folder)
    expect(JSON.parse(readFileSync(`${folder}.lock/owner.json`, 'utf8')).pid).toBe(process.pid)
    first.release()
    expect(existsSync(`${folder}.lock`)).toBe(false)
    lockFolder(folder).release()
  })

  it('refuses while another live process holds the folder, and takes it at once after that process is killed', async () => {
    const folder = newFolder()
    const holder = await holderProcess(folder)
    try {
      expect(() => lockFolder(folder)).toThrow(FolderInUseError)
      expect(() => lockFolder(folder)).toThrow(new RegExp(`in use by process ${holder.pid}`))
    } finally {
      holder.kill('SIGKILL')
      await new Promise((resolve) => holder.once('exit', resolve))
    }
    // The lock is still on disk (nothing released it), but its owner is gone.
    expect(existsSync(`${folder}.lock`)).toBe(true)
    const started = Date.now()
    const lock = lockFolder(folder)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(JSON.parse(readFileSync(`${folder}.lock/owner.json`, 'utf8')).pid).toBe(process.pid)
    lock.release()
  })

  it('keeps the lock through an event loop blocked past the stale time', async () => {
    const folder = newFolder()
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {}) as never)
    try {
      const lock = lockFolder(folder, { staleMs: 2000 })
      // Busy for longer than the stale time: the refresh (every second) comes late.
      const until = Date.now() + 2500
      while (Date.now() < until) {
        // blocked
      }
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(exit).not.toHaveBeenCalled()
      expect(JSON.parse(readFileSync(`${folder}.lock/owner.json`, 'utf8')).pid).toBe(process.pid)
      lock.release()
      expect(existsSync(`${folder}.lock`)).toBe(false)
    } finally {
      exit.mockRestore()
    }
  })

  it('takes a lock left by a dead owner even once it is stale, and refuses a stale-looking lock of a live owner', async () => {
    const folder = newFolder()
    const holder = await holderProcess(folder)
    const old = new Date(Date.now() - 120_000)
    try {
      // The holder's event loop has been busy for two minutes: its lock looks stale, but it runs.
      utimesSync(`${folder}.lock`, old, old)
      expect(() => lockFolder(folder)).toThrow(FolderInUseError)
    } finally {
      holder.kill('SIGKILL')
      await new Promise((resolve) => holder.once('exit', resolve))
    }
    utimesSync(`${folder}.lock`, old, old)
    const lock = lockFolder(folder)
    expect(JSON.parse(readFileSync(`${folder}.lock/owner.json`, 'utf8')).pid).toBe(process.pid)
    lock.release()
  })
})
