import { and, asc, eq, isNotNull, lte } from 'drizzle-orm'
import { tasks, users } from '#db/schema'
import { db } from '~/lib/db.server'
import { isActiveAccount, recipientColumns } from '~/modules/users/recipients.server'

/** Open tasks due on or before `lastDay` (ISO date), with their assignee: the morning digest's material. */
export async function findOpenTasksDueBy(lastDay: string) {
  return db
    .select({ taskId: tasks.id, title: tasks.title, dueOn: tasks.dueOn, recipient: recipientColumns })
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.assigneeId))
    .where(and(eq(tasks.status, 'open'), isNotNull(tasks.dueOn), lte(tasks.dueOn, lastDay), isActiveAccount))
    .orderBy(asc(tasks.dueOn), asc(tasks.title))
}
