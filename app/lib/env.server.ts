import { isIP } from 'node:net'
import { availableParallelism } from 'node:os'
import { z } from 'zod'

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((value) => ['true', '1', 'yes', 'on'].includes(value))

/** Express's names for address ranges, accepted beside addresses and CIDR ranges. */
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal'])
const isProxyAddress = (entry: string) => {
  const [address, bits, extra] = entry.split('/')
  if (extra !== undefined) return false
  if (bits === undefined) return namedRanges.has(address) || isIP(address) !== 0
  const version = isIP(address)
  return version !== 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128)
}

/**
 * Which proxies in front of the app to believe about the client's address (`X-Forwarded-For`):
 * none (off), the last N hops, or the proxies' own addresses. "true" is refused: Express would
 * then take the left-most address, which the client writes itself.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, context): false | number | string[] => {
    if (['false', '0', 'no', 'off'].includes(value)) return false
    if (/^\d{1,2}$/.test(value)) return Number(value)
    const entries = value.split(',').map((entry) => entry.trim())
    if (value !== 'true' && entries.every(isProxyAddress)) return entries
    context.addIssue({
      code: 'custom',
      message:
        'name the proxies: the number of hops in front of the app (1 for one load balancer) or their addresses (10.0.0.0/8, loopback, …); "true" would trust the client',
    })
    return z.NEVER
  })

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    APP_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    PGLITE_DIR: z.string().min(1).default('./data/pglite'),
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.url().optional(),
    EMAIL_FROM: z.string().min(3).default('Liaison <no-reply@liaison.example>'),
    EMAIL_WORKER: flag.default(true),
    /** The hour of each recipient's own day from which reminders and digests go out (0–23). */
    NOTIFY_LOCAL_HOUR: z.coerce.number().int().min(0).max(23).default(7),
    /** Local mail mode: also write each message as sent (links working) to this folder. */
    LOCAL_MAIL_DIR: z.string().min(1).optional(),
    DEMO_SEED: flag.optional(),
    COOKIE_SECRET: z.string().min(32).optional(),
    TRUST_PROXY: trustProxy.default(false),
    /** Server processes. Default: one per core in production on PostgreSQL, else one. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    /** PostgreSQL connections per server process: few, so that a page's parallel queries share one round trip (ADR 008). */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(3),
    /** Seconds to wait for a PostgreSQL connection before the request answers 503. */
    DATABASE_CONNECT_TIMEOUT: z.coerce.number().int().min(1).max(60).default(3),
    /** The longest a statement may run (PostgreSQL's statement_timeout) before it is cancelled and the request answers 503. */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  })
  .refine((env) => !(env.WEB_CONCURRENCY && env.WEB_CONCURRENCY > 1 && !env.DATABASE_URL), {
    path: ['WEB_CONCURRENCY'],
    message: 'more than one process needs DATABASE_URL (the embedded PGlite database lives in one process)',
  })
  // Every process must open the links that another process sealed into the outbox, and keep a
  // message cookie readable across restarts: on PostgreSQL in production the secret is shared.
  .refine((env) => !(env.NODE_ENV === 'production' && env.DATABASE_URL && !env.COOKIE_SECRET), {
    path: ['COOKIE_SECRET'],
    message: 'production on PostgreSQL needs COOKIE_SECRET (32+ random characters, the same on every instance)',
  })
  .transform((env) => ({
    ...env,
    APP_ORIGIN: new URL(env.APP_ORIGIN ?? `http://localhost:${env.PORT}`).origin,
    DEMO_SEED: env.DEMO_SEED ?? !env.DATABASE_URL,
    WEB_CONCURRENCY: env.WEB_CONCURRENCY ?? (env.DATABASE_URL && env.NODE_ENV === 'production' ? availableParallelism() : 1),
  }))

export type Env = z.infer<typeof schema>

/** Parses the environment; a wrong value throws an error that names the variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const blanksRemoved = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''))
  const result = schema.safeParse(blanksRemoved)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
  throw new Error(`Invalid environment configuration:\n${problems.join('\n')}`)
}

export const env = parseEnv()
export const isProduction = env.NODE_ENV === 'production'
