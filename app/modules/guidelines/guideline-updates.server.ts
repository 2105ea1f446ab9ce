import { and, eq, sql } from 'drizzle-orm'
import { guidelineAcknowledgements, users } from '#db/schema'
import type { Locale } from '#db/schema/vocabulary'
import { getContentLibrary } from '~/lib/content/compile.server'
import { db } from '~/lib/db.server'
import { isActiveAccount, recipientColumns } from '~/modules/users/recipients.server'
import { changesSince } from './guidelines.server'

/**
 * Officers who acknowledged a guideline that has since a newer published version: whom to tell,
 * with what changed since the version they acknowledged.
 */
export async function findOutdatedAcknowledgements() {
  const library = await getContentLibrary()
  const current = [...library.guidelines]
    .map(([slug, versions]) => ({ slug, english: versions.get('en')!, versions }))
    .filter(({ english }) => english && english.frontmatter.status === 'published' && english.frontmatter.requiresAcknowledgement)
  if (current.length === 0) return []
  const acknowledged = await db
    .select({
      slug: guidelineAcknowledgements.guidelineSlug,
      version: sql<number>`max(${guidelineAcknowledgements.version})`.mapWith(Number),
      recipient: recipientColumns,
    })
    .from(guidelineAcknowledgements)
    .innerJoin(users, eq(users.id, guidelineAcknowledgements.userId))
    .where(and(isActiveAccount, eq(users.role, 'officer')))
    .groupBy(guidelineAcknowledgements.guidelineSlug, users.id)
  return acknowledged.flatMap((row) => {
    const guideline = current.find((candidate) => candidate.slug === row.slug)
    if (!guideline || row.version >= guideline.english.frontmatter.version) return []
    const version = guideline.english.frontmatter.version
    return [
      {
        slug: row.slug,
        version,
        recipient: row.recipient,
        /** The title and change notes in a language (English when the translation is not of this version). */
        wording(locale: Locale) {
          const translated = guideline.versions.get(locale)
          const shown = translated && translated.frontmatter.version === version ? translated : guideline.english
          return {
            title: shown.frontmatter.title,
            changes: changesSince(shown.frontmatter.changes, version, row.version).map((note) => note.text),
          }
        },
      },
    ]
  })
}
