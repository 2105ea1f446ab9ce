import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation, useParams } from 'react-router'
import type { Route } from './+types/certificates.$code'
import { BadgeCheck, Ban, CalendarX2, Printer } from 'lucide-react'
import type { ReactNode } from 'react'
import { z } from 'zod'
import { DateTime } from '~/components/date-time'
import { NotFoundPage } from '~/components/error-page'
import { ErrorList, FormError, SubmitButton } from '~/components/forms'
import { getUser, notFound, requireRole } from '~/lib/auth/guards.server'
import { passRetryAfter, releaseAttempts, takeAttempt, throttledResponse } from '~/lib/auth/throttle.server'
import { requiredText } from '~/lib/forms/fields'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { canRevokeCertificates, getCertificateByCode, revokeCertificate } from '~/modules/certificates/certificates.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { metaTranslator, Sentence, useI18n } from '~/lib/i18n/i18n'
import { CertificateLookup } from '~/components/certificate-lookup'

const revokeSchema = z.object({
  intent: z.literal('revoke'),
  reason: requiredText(500, 'Give the reason for revoking it: the verification page shows it.'),
})

/**
 * Public: anyone holding a code can check the certificate, no sign-in needed. Codes that match
 * nothing are counted per IP (`certificate_lookup`): past the limit every lookup is a 429 until
 * the oldest miss leaves the window. A code that matches gives its attempt back.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const attempt = await takeAttempt('certificate_lookup', { ip: requestMeta(request, context).ip })
  if (attempt.wait > 0) throw throttledResponse(attempt.wait)
  const [user, certificate] = await Promise.all([getUser(request), getCertificateByCode(params.code)])
  if (!certificate) throw notFound()
  await releaseAttempts(attempt.ids)
  return { certificate, canRevoke: canRevokeCertificates(user) }
}

export const headers: Route.HeadersFunction = passRetryAfter

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireRole(request, 'admin', 'global_head')
  const submission = parseWithZod(await readFormData(request), { schema: revokeSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const outcome = await revokeCertificate({ actor, code: params.code, reason: submission.value.reason, meta: requestMeta(request, context) })
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
  if (!outcome.ok) {
    const message = outcome.reason === 'already_revoked' ? 'This certificate is already revoked.' : 'This certificate cannot be revoked.'
    return data({ result: submission.reply({ formErrors: [message] }) }, { status: outcome.reason === 'already_revoked' ? 409 : 400 })
  }
  return redirectWithToast(`/certificates/${outcome.certificate.code}`, {
    kind: 'success',
    message: `Certificate ${outcome.certificate.displayCode} is revoked.`,
  })
}

export const meta: Route.MetaFunction = ({ data, matches }) => [
  {
    title: data ? metaTranslator(matches)('certificates.title', { code: data.certificate.displayCode }) : metaTranslator(matches)('certificates.notFoundTitle'),
  },
  // Verifiable by whoever has the code; not listed by search engines.
  { name: 'robots', content: 'noindex' },
]

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-muted uppercase">{label}</dt>
      <dd className="mt-1 text-base">{children}</dd>
    </div>
  )
}

type Certificate = ReturnType<typeof useLoaderData<typeof loader>>['certificate']

function StatusBanner({ certificate }: { certificate: Certificate }) {
  const { t } = useI18n()
  if (certificate.status === 'valid') {
    return (
      <p className="flex items-center gap-3 rounded-md border border-success/40 bg-success-soft px-4 py-3 text-lg font-semibold text-success">
        <BadgeCheck aria-hidden size={26} /> {t('certificates.valid')}
        <span className="text-sm font-normal">
          <Sentence i18nKey="certificates.until" components={{ date: <DateTime value={certificate.expiresAt} dateOnly /> }} />
        </span>
      </p>
    )
  }
  if (certificate.status === 'expired') {
    return (
      <p className="flex items-center gap-3 rounded-md border border-warning/40 bg-warning-soft px-4 py-3 text-lg font-semibold text-warning">
        <CalendarX2 aria-hidden size={26} />
        <span>
          <Sentence i18nKey="certificates.expiredOn" components={{ date: <DateTime value={certificate.expiresAt} dateOnly /> }} />
        </span>
      </p>
    )
  }
  return (
    <p className="flex items-center gap-3 rounded-md border border-danger/40 bg-danger-soft px-4 py-3 text-lg font-semibold text-danger">
      <Ban aria-hidden size={26} />
      <span>
        <Sentence i18nKey="certificates.revokedOn" components={{ date: <DateTime value={certificate.revokedAt} dateOnly /> }} />
        {certificate.revokedReason ? <span className="font-normal"> ({certificate.revokedReason})</span> : null}
      </span>
    </p>
  )
}

function RevokeForm() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'revoke-certificate',
    lastResult: actionData?.result,
    constraint: getZodConstraint(revokeSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: revokeSchema }),
  })
  const errorId = fields.reason.errors?.length ? `${fields.reason.id}-error` : undefined
  return (
    <section aria-labelledby="revoke-heading" className="no-print card border-danger/30">
      <h2 id="revoke-heading" className="font-semibold">
        Revoke this certificate
      </h2>
      <p className="mt-1 text-sm text-muted">Revoking cannot be undone. The reason is shown to everyone who verifies the code.</p>
      <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="revoke" />
        <FormError id={form.errorId} errors={form.errors} />
        <div>
          <label htmlFor={fields.reason.id} className="mb-1 block text-sm font-medium">
            Reason
          </label>
          <textarea
            {...getTextareaProps(fields.reason)}
            key={fields.reason.key}
            rows={2}
            className="input"
            aria-describedby={errorId}
            placeholder="The holder left the agency"
          />
          <ErrorList id={errorId} errors={fields.reason.errors} />
        </div>
        <SubmitButton className="btn-danger" pending={navigation.state === 'submitting'}>
          Revoke certificate
        </SubmitButton>
      </Form>
    </section>
  )
}

export default function CertificatePage() {
  const { certificate, canRevoke } = useLoaderData<typeof loader>()
  const { t } = useI18n()
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-muted">{t('certificates.verification')}</p>
          <h1 className="text-2xl font-bold tracking-tight">
            {t('certificates.heading')} <span className="font-mono">{certificate.displayCode}</span>
          </h1>
        </div>
        <button type="button" onClick={() => window.print()} className="no-print btn-secondary">
          <Printer aria-hidden size={16} /> {t('certificates.print')}
        </button>
      </div>
      <StatusBanner certificate={certificate} />
      <section aria-label={t('certificates.details')} className="card">
        <dl className="grid gap-5 sm:grid-cols-2">
          <Fact label={t('certificates.holder')}>{certificate.holder}</Fact>
          <Fact label={t('certificates.agency')}>{certificate.agency ?? '—'}</Fact>
          <Fact label={t('certificates.module')}>{certificate.module}</Fact>
          <Fact label={t('certificates.version')}>{certificate.version}</Fact>
          <Fact label={t('certificates.issued')}>
            <DateTime value={certificate.issuedAt} dateOnly />
          </Fact>
          <Fact
            label={t(({ valid: 'certificates.validUntil', expired: 'certificates.expired', revoked: 'certificates.expiryDate' } as const)[certificate.status])}
          >
            <DateTime value={certificate.expiresAt} dateOnly />
          </Fact>
        </dl>
      </section>
      <p className="text-sm text-muted">{t('certificates.authoritative')}</p>
      {canRevoke && certificate.status !== 'revoked' ? <RevokeForm /> : null}
    </div>
  )
}

export function ErrorBoundary() {
  const { t } = useI18n()
  const params = useParams()
  return (
    <NotFoundPage title={t('certificates.noSuchCode')} text={t('certificates.codeHelp')} ways={[{ to: '/', label: t('certificates.toStart') }]}>
      {/* The field stays, to try the code again (typed as it was). */}
      <div className="mx-auto mt-8 max-w-sm">
        <CertificateLookup defaultValue={params.code ?? ''} />
      </div>
    </NotFoundPage>
  )
}
