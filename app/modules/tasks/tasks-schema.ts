import { z } from 'zod'
import { optionalFilter, requiredText, uuidOrNull } from '~/lib/forms/fields'

export const taskFormSchema = z.object({
  title: requiredText(200, 'Describe the task.'),
  dueOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a due date.')
    .optional(),
  assigneeId: uuidOrNull,
  agencyId: uuidOrNull,
})
export type TaskInput = z.infer<typeof taskFormSchema>

export const taskListFilters = z.object({
  show: z.enum(['open', 'done', 'all']).catch('open').default('open'),
  agency: optionalFilter(z.string().regex(/^[0-9a-f-]{36}$/i)),
})
