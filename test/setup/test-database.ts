import postgres from 'postgres'

/**
 * Chooses this worker's database before anything imports the db module: an in-memory PGlite
 * by default, or a fresh database of its own on the server in TEST_DATABASE_URL.
 */
export async function prepareTestDatabaseEnv() {
  const base = process.env.TEST_DATABASE_URL
  if (!base) {
    process.env.PGLITE_DIR = 'memory://'
    delete process.env.DATABASE_URL
    return
  }
  const name = `liaison_test_${process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0'}`
  const admin = postgres(base, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.unsafe(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(base)
  url.pathname = `/${name}`
  process.env.DATABASE_URL = url.toString()
}
