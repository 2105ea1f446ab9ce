import { and, eq, isNotNull, lte, sql } from 'drizzle-orm'
import { trainingAssignments, trainingProgress, users } from '#db/schema'
import type { Locale } from '#db/schema/vocabulary'
import { getContentLibrary } from '~/lib/content/compile.server'
import { db } from '~/lib/db.server'
import { isActiveAccount, recipientColumns } from '~/modules/users/recipients.server'

/**
 * Assigned modules not completed, due on or before `lastDay` (ISO date), of active officers: the
 * "due in 7 days", "due tomorrow" and "overdue" reminders pick from these. A module no longer in
 * the content is left out (it cannot be taken).
 */
export async function findOpenAssignmentsDueBy(lastDay: string) {
  const rows = await db
    .select({ moduleSlug: trainingAssignments.moduleSlug, dueOn: trainingAssignments.dueOn, recipient: recipientColumns })
    .from(trainingAssignments)
    .innerJoin(users, eq(users.id, trainingAssignments.userId))
    .where(
      and(
        isNotNull(trainingAssignments.dueOn),
        lte(trainingAssignments.dueOn, lastDay),
        isActiveAccount,
        eq(users.role, 'officer'),
        sql`not exists (select 1 from ${trainingProgress} where ${trainingProgress.userId} = ${trainingAssignments.userId} and ${trainingProgress.moduleSlug} = ${trainingAssignments.moduleSlug} and ${trainingProgress.completedAt} is not null)`,
      ),
    )
  const library = await getContentLibrary()
  return rows.filter((row) => library.modules.has(row.moduleSlug)).map((row) => ({ ...row, dueOn: row.dueOn! }))
}

/** A module's title in a language, or in English when it has no translation. */
export async function moduleTitle(slug: string, locale: Locale) {
  const versions = (await getContentLibrary()).modules.get(slug)
  return (versions?.get(locale) ?? versions?.get('en'))?.frontmatter.title ?? slug
}
