import type { Translation } from '../i18n'

/** L'interface en français du Canada. */
const fr: Translation = {
  shell: {
    skipToContent: 'Passer au contenu',
    signIn: 'Se connecter',
    signOut: 'Se déconnecter',
    settings: 'Paramètres',
    accountMenu: 'Menu du compte de {{name}}',
    loading: 'Chargement',
    language: 'Langue',
  },
  nav: {
    main: 'Principal',
    training: 'Formation',
    guidelines: 'Lignes directrices',
    certificates: 'Certificats',
  },
  roles: {
    officer: 'Agent',
  },
  errors: {
    status: 'Erreur {{status}}',
    title400: 'La demande n’a pas pu être lue',
    text400: 'Vérifiez les renseignements saisis, puis réessayez.',
    title403: 'Vous n’avez pas accès à cette page',
    text403: 'Votre compte ne peut pas ouvrir cette page. Si vous croyez que c’est une erreur, adressez-vous à un administrateur.',
    title404: 'Page introuvable',
    text404: 'La page demandée n’existe pas ou vous n’êtes pas autorisé à la consulter.',
    title429: 'Trop de demandes',
    text429: 'Veuillez patienter un peu, puis réessayer.',
    title503: 'Liaison est momentanément indisponible',
    text503: 'La base de données ne répond pas. Veuillez réessayer dans un instant.',
    title500: 'Une erreur s’est produite',
    text500: 'L’erreur a été consignée. Veuillez réessayer.',
    toStart: 'Aller à la page d’accueil',
    search: 'Rechercher',
  },
}

export default fr
