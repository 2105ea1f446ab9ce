import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/_index'
import { getUser } from '~/lib/auth/guards.server'
import { isStaff } from '~/lib/auth/permissions'
import { metaTranslator, Sentence, useI18n } from '~/lib/i18n/i18n'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getUser(request)
  return { signedIn: user ? { name: user.name, staff: isStaff(user.role) } : null }
}

export const meta: Route.MetaFunction = ({ matches }) => {
  const t = metaTranslator(matches)
  return [{ title: t('start.pageTitle') }, { name: 'description', content: t('start.metaDescription') }]
}

export default function IndexPage() {
  const { signedIn } = useLoaderData<typeof loader>()
  const { t } = useI18n()
  return (
    <div className="mx-auto max-w-3xl py-10">
      <h1 className="text-3xl font-bold tracking-tight">Liaison</h1>
      <p className="mt-4 text-lg text-muted">{t('start.intro')}</p>
      {signedIn ? (
        <div className="card mt-8">
          <p>
            <Sentence i18nKey="start.signedInAs" values={{ name: signedIn.name }} components={{ name: <strong /> }} />
          </p>
          <div className="mt-4 flex gap-3">
            {signedIn.staff ? (
              <Link to="/home" className="btn-primary">
                {t('start.goHome')}
              </Link>
            ) : (
              <Link to="/training" className="btn-primary">
                {t('start.goTraining')}
              </Link>
            )}
            <Link to="/settings" className="btn-secondary">
              {t('start.yourSettings')}
            </Link>
          </div>
        </div>
      ) : (
        <div className="mt-8 flex flex-wrap gap-3">
          <Link to="/guidelines" className="btn-primary">
            {t('start.readGuidelines')}
          </Link>
          <Link to="/login" className="btn-secondary">
            {t('start.signIn')}
          </Link>
          <Link to="/signup" className="btn-secondary">
            {t('start.officersSignUp')}
          </Link>
          <Link to="/certificates" className="btn-secondary">
            {t('start.verifyCertificate')}
          </Link>
        </div>
      )}
    </div>
  )
}
