import { eq } from 'drizzle-orm'
import { agencies, certificates, guidelineAcknowledgements, trainingAssignments, trainingProgress, users } from '../schema'
import type { Transaction } from '../../app/lib/db.server'
import { getContentLibrary } from '../../app/lib/content/compile.server'
import { generateCertificateCode } from '../../app/modules/certificates/certificates.server'

const DAY = 24 * 60 * 60_000
const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/**
 * Officers with training under way, so that /training, /officers and the agency pages show
 * something real: an assignment with a due date, a module half done, a completed module with
 * its certificate, an overdue assignment and an acknowledged guideline.
 */
export async function seedTrainingDemo(tx: Transaction, options: { today: Date }) {
  const library = await getContentLibrary()
  const moduleOf = (slug: string) => library.modules.get(slug)?.get('en')
  const byEmail = async (email: string) => (await tx.select().from(users).where(eq(users.email, email)))[0]
  const dana = await byEmail('officer@police.example')
  const rafael = await byEmail('officer2@police.example')
  const leadUs = await byEmail('lead.us@liaison.example')
  const leadLatam = await byEmail('lead.latam@liaison.example')
  const fundamentals = moduleOf('data-request-fundamentals')
  const emergency = moduleOf('emergency-requests')
  const childSafety = moduleOf('child-safety-referrals')
  const international = moduleOf('international-requests')
  if (!dana || !rafael || !fundamentals || !emergency || !childSafety || !international) return
  const { today } = options

  await tx.insert(trainingAssignments).values([
    {
      userId: dana.id,
      moduleSlug: emergency.slug,
      assignedById: leadUs?.id,
      dueOn: isoDay(new Date(today.getTime() + 14 * DAY)),
      assignedAt: new Date(today.getTime() - 3 * DAY),
    },
    {
      userId: rafael.id,
      moduleSlug: international.slug,
      assignedById: leadLatam?.id,
      dueOn: isoDay(new Date(today.getTime() - 5 * DAY)),
      assignedAt: new Date(today.getTime() - 30 * DAY),
    },
  ])
  const started = new Date(today.getTime() - 2 * DAY)
  await tx.insert(trainingProgress).values({
    userId: dana.id,
    moduleSlug: fundamentals.slug,
    moduleVersion: fundamentals.frontmatter.version,
    completedSectionIds: fundamentals.sections.slice(0, 2).map((section) => section.id),
    lastSectionId: fundamentals.sections[2]?.id ?? fundamentals.sections[0].id,
    startedAt: started,
    updatedAt: started,
  })
  const finished = new Date(today.getTime() - 40 * DAY)
  await tx.insert(trainingProgress).values({
    userId: rafael.id,
    moduleSlug: childSafety.slug,
    moduleVersion: childSafety.frontmatter.version,
    completedSectionIds: childSafety.sections.map((section) => section.id),
    lastSectionId: childSafety.sections.at(-1)!.id,
    startedAt: new Date(finished.getTime() - DAY),
    completedAt: finished,
    bestScore: 90,
    updatedAt: finished,
  })
  const expires = new Date(finished)
  expires.setUTCMonth(expires.getUTCMonth() + childSafety.frontmatter.certificateValidityMonths)
  await tx.insert(certificates).values({
    code: generateCertificateCode(),
    userId: rafael.id,
    moduleSlug: childSafety.slug,
    moduleVersion: childSafety.frontmatter.version,
    moduleTitle: childSafety.frontmatter.title,
    holderName: rafael.name,
    agencyName: 'Policía Nacional de Colombia',
    score: 90,
    issuedAt: finished,
    expiresAt: expires,
  })
  // Someone waiting in the US lead's verification queue.
  const [fbi] = await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.name, 'Federal Bureau of Investigation (FBI)'))
  if (fbi) {
    await tx.insert(users).values({
      email: 'demo.jamie.cole@fbi.gov',
      name: 'Jamie Cole',
      role: 'officer',
      status: 'active',
      passwordHash: dana.passwordHash,
      emailVerifiedAt: new Date(today.getTime() - DAY),
      agencyId: fbi.id,
      officerVerification: 'pending',
      createdAt: new Date(today.getTime() - DAY),
      updatedAt: new Date(today.getTime() - DAY),
    })
  }
  const guideline = library.guidelines.get('emergency-disclosure-requests')?.get('en')
  if (guideline) {
    await tx
      .insert(guidelineAcknowledgements)
      .values({ userId: rafael.id, guidelineSlug: guideline.slug, version: guideline.frontmatter.version, acknowledgedAt: finished })
  }
}
