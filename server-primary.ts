import cluster, { type Worker } from 'node:cluster'

/**
 * The primary of a multi-process server (ADR 008). It never loads the app: it forks `count`
 * copies of `server.ts`, which share the listening port. The first one starts alone, so that
 * migrations and the demo seed run once before the others start. A copy that dies is replaced;
 * SIGTERM or SIGINT is passed to every copy, and the primary exits once they have finished
 * their requests.
 */
export function runPrimary(count: number) {
  let stopping = false
  let stopFailed = false
  let ready = false
  const workers = new Set<Worker>()

  function fork() {
    const worker = cluster.fork()
    workers.add(worker)
    worker.on('exit', (code, signal) => {
      workers.delete(worker)
      if (stopping) {
        stopFailed ||= code !== 0
        if (workers.size === 0) process.exit(stopFailed ? 1 : 0)
        return
      }
      console.error(`[server] process ${worker.process.pid} exited (code ${code}, signal ${signal})`)
      // The first copy failing to start (bad configuration, no database) is not retried.
      if (!ready) process.exit(1)
      // A second apart, so that a process that cannot start does not spin the CPU.
      setTimeout(() => stopping || fork(), 1_000)
    })
    return worker
  }

  fork().once('listening', () => {
    ready = true
    for (let index = 1; index < count; index++) fork()
    console.info(`[server] ${count} processes serving`)
  })

  function stop(signal: NodeJS.Signals) {
    if (stopping) return
    stopping = true
    console.info(`[server] ${signal}: stopping ${workers.size} processes`)
    if (workers.size === 0) process.exit(0)
    for (const worker of workers) worker.process.kill(signal)
    setTimeout(() => {
      console.error('[server] processes took too long to stop; exiting')
      process.exit(1)
    }, 9_500).unref()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}
