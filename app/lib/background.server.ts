import { singleton } from './singleton.server'

/**
 * Work a request starts but does not wait for, so that its answer (and how long it takes)
 * cannot depend on what the work finds. Errors are logged; a graceful shutdown waits for the
 * work in flight (`settleBackgroundWork`). Work lost to a crash is not retried: use it only
 * for what the person can simply ask for again.
 */
const state = singleton('background-work', () => ({ pending: new Set<Promise<void>>() }))

export function runInBackground(label: string, work: () => Promise<unknown>) {
  const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(work)
    .then(
      () => undefined,
      (error: unknown) => console.error(`[background] ${label} failed`, error),
    )
    .finally(() => state.pending.delete(task))
  state.pending.add(task)
}

/** Waits until no background work is left (including work started by work that ended). */
export async function settleBackgroundWork() {
  while (state.pending.size > 0) await Promise.all([...state.pending])
}
