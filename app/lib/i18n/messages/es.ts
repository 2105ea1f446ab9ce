import type { Translation } from '../i18n'

/** La interfaz en español neutro de América Latina. */
const es: Translation = {
  shell: {
    skipToContent: 'Ir al contenido',
    signIn: 'Iniciar sesión',
    signOut: 'Cerrar sesión',
    settings: 'Configuración',
    accountMenu: 'Menú de la cuenta de {{name}}',
    loading: 'Cargando',
    language: 'Idioma',
  },
  nav: {
    main: 'Principal',
    training: 'Capacitación',
    guidelines: 'Lineamientos',
    certificates: 'Certificados',
  },
  roles: {
    officer: 'Agente',
  },
  errors: {
    status: 'Error {{status}}',
    title400: 'No pudimos leer la solicitud',
    text400: 'Revise los datos que ingresó e inténtelo de nuevo.',
    title403: 'No tiene acceso',
    text403: 'Su cuenta no puede abrir esta página. Si cree que debería poder hacerlo, consulte a un administrador.',
    title404: 'Página no encontrada',
    text404: 'La página que solicitó no existe o usted no tiene permiso para verla.',
    title429: 'Demasiadas solicitudes',
    text429: 'Espere un momento e inténtelo de nuevo.',
    title503: 'Liaison no está disponible por el momento',
    text503: 'La base de datos no responde. Inténtelo de nuevo en unos instantes.',
    title500: 'Se produjo un error',
    text500: 'El error quedó registrado. Inténtelo de nuevo.',
    toStart: 'Ir a la página de inicio',
    search: 'Buscar',
  },
}

export default es
