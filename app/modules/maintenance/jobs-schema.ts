import { z } from 'zod'
import { uuidPattern } from '~/lib/uuid'

const queue = z.string().regex(/^[a-z][a-z-]{1,60}$/, 'Unknown job.')

/** The buttons of /admin/jobs: run a job now, or try a failed run again. */
export const jobActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('run'), queue }),
  z.object({ intent: z.literal('retry'), queue, id: z.string().regex(uuidPattern, 'Unknown run.') }),
])
