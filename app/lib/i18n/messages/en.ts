/**
 * The interface in English: the source of every translation (es.ts, pt.ts, fr.ts have the same
 * keys, which messages.test.ts checks). Two levels: a screen or part, then the words.
 * `{{name}}` is filled in by i18next; the translations use the same variables.
 */
const en = {
  shell: {
    skipToContent: 'Skip to content',
    signIn: 'Sign in',
    signOut: 'Sign out',
    settings: 'Settings',
    accountMenu: 'Account menu for {{name}}',
    loading: 'Loading',
    language: 'Language',
  },
  nav: {
    main: 'Main',
    training: 'Training',
    guidelines: 'Guidelines',
    certificates: 'Certificates',
  },
  roles: {
    officer: 'Officer',
  },
  errors: {
    status: 'Error {{status}}',
    title400: 'That request could not be read',
    text400: 'Check what you entered and try again.',
    title403: 'You do not have access',
    text403: 'Your account cannot open this page. If you think it should, ask an administrator.',
    title404: 'Page not found',
    text404: 'The page you asked for does not exist, or you cannot see it.',
    title429: 'Too many requests',
    text429: 'Please wait a little and try again.',
    title503: 'Liaison is briefly unavailable',
    text503: 'The database is not answering. Please try again in a moment.',
    title500: 'Something went wrong',
    text500: 'The error has been logged. Please try again.',
    toStart: 'Go to the start page',
    search: 'Search',
  },
}

export default en
