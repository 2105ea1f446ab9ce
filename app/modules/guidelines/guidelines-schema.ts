import { z } from 'zod'

export const acknowledgeSchema = z.object({ version: z.coerce.number().int().positive() })
