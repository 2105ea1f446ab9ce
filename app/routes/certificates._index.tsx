import { data, Link, redirect, useLoaderData } from 'react-router'
import type { Route } from './+types/certificates._index'
import { CertificateLookup } from '~/components/certificate-lookup'
import { DateTime } from '~/components/date-time'
import { PageHeader } from '~/components/page-header'
import { getUser } from '~/lib/auth/guards.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { requestTranslator } from '~/lib/i18n/i18n.server'
import { formatCertificateCode, listHolderCertificates, normalizeCertificateCode } from '~/modules/certificates/certificates.server'

/**
 * Public: a field to type a certificate's code (`?code=`, hyphen or not) that opens its
 * verification page; a signed-in holder also finds their own certificates here.
 */
export async function loader({ request, url }: Route.LoaderArgs) {
  const typed = url.searchParams.get('code')
  if (typed !== null) {
    const code = normalizeCertificateCode(typed)
    if (code) throw redirect(`/certificates/${formatCertificateCode(code)}`)
  }
  const user = await getUser(request)
  const mine = user ? await listHolderCertificates({ userId: user.id }) : null
  const error = typed !== null ? requestTranslator(request, user)('certificates.badCode') : null
  return data({ typed: typed?.slice(0, 40) ?? '', error, mine }, error ? { status: 400 } : undefined)
}

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('certificates.lookupPageTitle') }]

const statusKeys = { valid: 'certificates.statusValid', expired: 'certificates.statusExpired', revoked: 'certificates.statusRevoked' } as const

export default function CertificatesPage() {
  const { typed, error, mine } = useLoaderData<typeof loader>()
  const { t } = useI18n()
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <section className="card space-y-3">
        <PageHeader title={t('certificates.lookupTitle')} description={t('certificates.lookupIntro')} />
        <CertificateLookup defaultValue={typed} error={error} />
      </section>
      {mine ? (
        <section aria-labelledby="mine-heading" className="space-y-3">
          <h2 id="mine-heading" className="text-lg font-semibold">
            {t('certificates.mine')}
          </h2>
          {mine.length ? (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('certificates.code')}</th>
                  <th scope="col">{t('certificates.module')}</th>
                  <th scope="col">{t('certificates.issued')}</th>
                  <th scope="col">{t('certificates.expiryDate')}</th>
                  <th scope="col">{t('certificates.status')}</th>
                </tr>
              </thead>
              <tbody>
                {mine.map((certificate) => (
                  <tr key={certificate.code}>
                    <td>
                      <Link to={`/certificates/${certificate.displayCode}`} className="font-mono">
                        {certificate.displayCode}
                      </Link>
                    </td>
                    <td>
                      {certificate.module} ({certificate.version})
                    </td>
                    <td>
                      <DateTime value={certificate.issuedAt} dateOnly />
                    </td>
                    <td>
                      <DateTime value={certificate.expiresAt} dateOnly />
                    </td>
                    <td>{t(statusKeys[certificate.status])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm text-muted">{t('certificates.noneYet')}</p>
          )}
        </section>
      ) : null}
    </div>
  )
}
