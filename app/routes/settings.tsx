import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/settings'
import { Field, FormError, SelectField, SubmitButton } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { requireUser } from '~/lib/auth/guards.server'
import { commonPasswordMessage, isCommonPassword } from '~/lib/auth/password.server'
import { isStaff, roleLabels } from '~/lib/auth/permissions'
import { passRetryAfter, throttledReply } from '~/lib/auth/throttle.server'
import { localePreferenceOptions } from '~/lib/content/locales'
import { forgetLanguageHeader, resolveInterfaceLocale } from '~/lib/content/locale.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { changePasswordSchema, profileSchema, settingsSchema } from '~/modules/accounts/accounts-schema'
import { changePassword, setTimeZone, updateProfile } from '~/modules/accounts/accounts.server'
import { TimeZoneSection } from '~/modules/accounts/time-zone-section'
import { readFormData } from '~/lib/forms/form-data.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { translator } from '~/lib/i18n/i18n.server'
import { CalendarFeedSection } from '~/modules/calendar/calendar-feed-section'
import { getCalendarFeedStatus } from '~/modules/calendar/calendar-feed.server'
import { EmailPreferencesSection } from '~/modules/notifications/email-preferences-section'
import { getEmailPreferences } from '~/modules/notifications/preferences.server'

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const [calendarFeed, emailPreferences] = await Promise.all([getCalendarFeedStatus(user), getEmailPreferences(user.id)])
  return {
    user: { name: user.name, email: user.email, locale: user.locale, role: user.role, regions: user.regions, allRegions: user.allRegions },
    timeZone: { chosen: user.chosenTimeZone, shown: user.timeZone },
    calendarFeed,
    emailPreferences,
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request)
  const submission = parseWithZod(await readFormData(request), { schema: settingsSchema })
  const locale = resolveInterfaceLocale(request, user)
  const t = translator(locale)
  const hidden = { hideFields: ['currentPassword', 'password', 'confirmPassword'] }
  if (submission.status !== 'success') return data({ result: submission.reply(hidden) }, { status: 400 })
  const meta = requestMeta(request, context)
  const value = submission.value
  if (value.intent === 'profile') {
    await updateProfile(user, { name: value.name, locale: value.locale }, meta)
    // The language saved here applies from now on, over one picked earlier with the switch.
    return redirectWithToast(
      '/settings',
      { kind: 'success', message: translator(resolveInterfaceLocale(request, { role: user.role, locale: value.locale }))('settings.profileSaved') },
      { headers: { 'Set-Cookie': forgetLanguageHeader() } },
    )
  }
  if (value.intent === 'timeZone') {
    await setTimeZone(user, value.timeZone, meta)
    return redirectWithToast('/settings', { kind: 'success', message: 'Time zone saved.' })
  }
  if (isCommonPassword(value.password)) {
    return data({ result: submission.reply({ ...hidden, fieldErrors: { password: [commonPasswordMessage] } }) }, { status: 400 })
  }
  const outcome = await changePassword(user, value, meta)
  if (!outcome.ok && outcome.reason === 'throttled') {
    const { message, init } = throttledReply(outcome.retryAfterSeconds, locale)
    return data({ result: submission.reply({ ...hidden, formErrors: [message] }) }, init)
  }
  if (!outcome.ok) {
    return data({ result: submission.reply({ ...hidden, fieldErrors: { currentPassword: [t('validation.currentPasswordWrong')] } }) }, { status: 400 })
  }
  return redirectWithToast('/settings', { kind: 'success', message: t('settings.passwordChanged') })
}

export const headers: Route.HeadersFunction = passRetryAfter

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('settings.pageTitle') }]

export default function SettingsPage() {
  const { user, timeZone, calendarFeed, emailPreferences } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const submittingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const lastIntent = actionData?.result.initialValue?.intent
  const { t } = useI18n()
  const [profileForm, profileFields] = useForm({
    id: 'profile',
    lastResult: lastIntent === 'profile' ? actionData?.result : undefined,
    defaultValue: { name: user.name, locale: user.locale ?? '' },
    constraint: getZodConstraint(profileSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  })
  const [passwordForm, passwordFields] = useForm({
    id: 'password',
    lastResult: lastIntent === 'password' ? actionData?.result : undefined,
    constraint: getZodConstraint(changePasswordSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  })
  return (
    <div className="max-w-2xl">
      <PageHeader
        title={t('settings.title')}
        description={`${user.email} · ${user.role === 'officer' ? t('roles.officer') : roleLabels[user.role]}${user.role === 'outreach_lead' ? ` · ${user.regions.join(', ') || 'no regions yet'}` : ''}`}
      />
      <section className="card space-y-4" aria-labelledby="profile-heading">
        <h2 id="profile-heading" className="text-lg font-semibold">
          {t('settings.profile')}
        </h2>
        <Form method="post" className="space-y-4" {...getFormProps(profileForm)}>
          <input type="hidden" name="intent" value="profile" />
          <FormError id={profileForm.errorId} errors={profileForm.errors} />
          <Field
            label={t('settings.name')}
            inputProps={{ ...getInputProps(profileFields.name, { type: 'text' }), autoComplete: 'name' }}
            errors={profileFields.name.errors}
          />
          <SelectField
            label={t('settings.language')}
            selectProps={getSelectProps(profileFields.locale)}
            options={localePreferenceOptions.map((option) => (option.value ? option : { ...option, label: t('settings.browserLanguage') }))}
            errors={profileFields.locale.errors}
          />
          <p className="-mt-2 text-sm text-muted">{t('settings.languageHelp')}</p>
          <SubmitButton pending={submittingIntent === 'profile'}>{t('settings.saveProfile')}</SubmitButton>
        </Form>
      </section>
      <section className="card mt-6 space-y-4" aria-labelledby="password-heading">
        <h2 id="password-heading" className="text-lg font-semibold">
          {t('settings.password')}
        </h2>
        <p className="text-sm text-muted">{t('settings.passwordIntro')}</p>
        <Form method="post" className="space-y-4" {...getFormProps(passwordForm)}>
          <input type="hidden" name="intent" value="password" />
          <FormError id={passwordForm.errorId} errors={passwordForm.errors} />
          <Field
            label={t('settings.currentPassword')}
            inputProps={{ ...getInputProps(passwordFields.currentPassword, { type: 'password' }), autoComplete: 'current-password' }}
            errors={passwordFields.currentPassword.errors}
          />
          <Field
            label={t('auth.newPassword')}
            inputProps={{ ...getInputProps(passwordFields.password, { type: 'password' }), autoComplete: 'new-password' }}
            errors={passwordFields.password.errors}
            help={t('auth.passwordHelp')}
          />
          <Field
            label={t('auth.repeatNewPassword')}
            inputProps={{ ...getInputProps(passwordFields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
            errors={passwordFields.confirmPassword.errors}
          />
          <SubmitButton pending={submittingIntent === 'password'}>{t('settings.changePassword')}</SubmitButton>
        </Form>
      </section>
      {user.role === 'officer' ? null : (
        <TimeZoneSection
          chosenTimeZone={timeZone.chosen}
          shownZone={timeZone.shown}
          lastResult={lastIntent === 'timeZone' ? actionData?.result : undefined}
          pending={submittingIntent === 'timeZone'}
        />
      )}
      <CalendarFeedSection status={calendarFeed} staff={isStaff(user.role)} />
      <EmailPreferencesSection preferences={emailPreferences} />
    </div>
  )
}
