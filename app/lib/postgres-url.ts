/**
 * postgres.js options for a URL. A libpq-style `?host=/run/postgresql` names the directory of
 * a Unix socket: a database on the same machine answers through it with less kernel work per
 * query than over TCP loopback.
 */
export function postgresOptions(databaseUrl: string): { url: string; path?: string } {
  const url = new URL(databaseUrl)
  const host = url.searchParams.get('host')
  if (!host?.startsWith('/')) return { url: databaseUrl }
  url.searchParams.delete('host')
  return { url: url.toString(), path: `${host.replace(/\/$/, '')}/.s.PGSQL.${url.port || 5432}` }
}
