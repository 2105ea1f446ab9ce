import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/_index'
import { getUser } from '~/lib/auth/guards.server'
import { isStaff } from '~/lib/auth/permissions'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getUser(request)
  return { signedIn: user ? { name: user.name, staff: isStaff(user.role) } : null }
}

export const meta: Route.MetaFunction = () => [
  { title: 'Liaison · Law-enforcement outreach and training' },
  { name: 'description', content: 'Guidelines, training and outreach for law-enforcement agencies working with the platform.' },
]

export default function IndexPage() {
  const { signedIn } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl py-10">
      <h1 className="text-3xl font-bold tracking-tight">Liaison</h1>
      <p className="mt-4 text-lg text-muted">
        The platform&apos;s law-enforcement outreach team works here with police and government agencies: the guidelines on how to request user data, training
        with verifiable certificates for officers, and the team&apos;s own record of agencies, meetings and conferences.
      </p>
      {signedIn ? (
        <div className="card mt-8">
          <p>
            You are signed in as <strong>{signedIn.name}</strong>.
          </p>
          <div className="mt-4 flex gap-3">
            {signedIn.staff ? (
              <Link to="/home" className="btn-primary">
                Go to your home page
              </Link>
            ) : (
              <Link to="/training" className="btn-primary">
                Go to your training
              </Link>
            )}
            <Link to="/settings" className="btn-secondary">
              Your settings
            </Link>
          </div>
        </div>
      ) : (
        <div className="mt-8 flex flex-wrap gap-3">
          <Link to="/guidelines" className="btn-primary">
            Read the guidelines
          </Link>
          <Link to="/login" className="btn-secondary">
            Sign in
          </Link>
          <Link to="/signup" className="btn-secondary">
            Officers: create an account
          </Link>
        </div>
      )}
    </div>
  )
}
