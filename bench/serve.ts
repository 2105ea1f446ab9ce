/**
 * The benchmark's server: the app's own `server.ts`, unchanged, under a process title of its
 * own. Other people's clean-ups on this shared machine (`pkill -f server.ts`) then leave a
 * running benchmark alone, and `ps` shows which server is the benchmark's.
 */
process.title = 'liaison-bench-server'
await import('../server')

export {}
