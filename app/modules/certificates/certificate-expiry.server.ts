import { and, eq, gt, isNull, lte } from 'drizzle-orm'
import { certificates, users } from '#db/schema'
import { db } from '~/lib/db.server'
import { isActiveAccount, recipientColumns } from '~/modules/users/recipients.server'

/** Certificates in force that expire in (from, to], with their holder. */
export async function findCertificatesExpiring(from: Date, to: Date) {
  return db
    .select({
      certificateId: certificates.id,
      code: certificates.code,
      moduleSlug: certificates.moduleSlug,
      moduleTitle: certificates.moduleTitle,
      expiresAt: certificates.expiresAt,
      recipient: recipientColumns,
    })
    .from(certificates)
    .innerJoin(users, eq(users.id, certificates.userId))
    .where(and(isNull(certificates.revokedAt), gt(certificates.expiresAt, from), lte(certificates.expiresAt, to), isActiveAccount))
}
