import { z } from 'zod'
import { optionalCalendarDate, requiredText, uuidFilter, uuidOrNull } from '~/lib/forms/fields'

export const taskFormSchema = z.object({
  title: requiredText(200, 'Describe the task.'),
  dueOn: optionalCalendarDate('Enter a real due date.'),
  assigneeId: uuidOrNull,
  agencyId: uuidOrNull,
})
export type TaskInput = z.infer<typeof taskFormSchema>

export const taskListFilters = z.object({
  show: z.enum(['open', 'done', 'all']).catch('open').default('open'),
  agency: uuidFilter,
})
