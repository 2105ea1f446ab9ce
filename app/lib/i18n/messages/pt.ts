import type { Translation } from '../i18n'

/** A interface em português do Brasil. */
const pt: Translation = {
  shell: {
    skipToContent: 'Pular para o conteúdo',
    signIn: 'Entrar',
    signOut: 'Sair',
    settings: 'Configurações',
    accountMenu: 'Menu da conta de {{name}}',
    loading: 'Carregando',
    language: 'Idioma',
  },
  nav: {
    main: 'Principal',
    training: 'Treinamento',
    guidelines: 'Diretrizes',
    certificates: 'Certificados',
  },
  roles: {
    officer: 'Agente',
  },
  errors: {
    status: 'Erro {{status}}',
    title400: 'Não foi possível ler a solicitação',
    text400: 'Confira o que você informou e tente novamente.',
    title403: 'Você não tem acesso',
    text403: 'Sua conta não pode abrir esta página. Se você acha que deveria, fale com um administrador.',
    title404: 'Página não encontrada',
    text404: 'A página solicitada não existe ou você não tem permissão para vê-la.',
    title429: 'Muitas solicitações',
    text429: 'Aguarde um pouco e tente novamente.',
    title503: 'O Liaison está temporariamente indisponível',
    text503: 'O banco de dados não está respondendo. Tente novamente em instantes.',
    title500: 'Algo deu errado',
    text500: 'O erro foi registrado. Tente novamente.',
    toStart: 'Ir para a página inicial',
    search: 'Pesquisar',
  },
}

export default pt
