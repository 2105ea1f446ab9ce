import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const noRoutes = { group: ['~/routes/*'], message: 'Modules and lib never import routes.' }

const browserDatabaseMessage = 'Code the browser loads imports lists from #db/schema/vocabulary, and the database only in *.server.ts files.'

export default tseslint.config(
  { ignores: ['.react-router/**', 'build/**', 'data/**', 'node_modules/**', 'db/migrations/**', 'test-results/**', '.prof/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [noRoutes] }],
    },
  },
  // The layers import one way: routes -> modules -> lib -> db (docs/architecture.md, "Layers"). A later block
  // replaces the rule's options for its files, so each one lists every pattern it needs.
  {
    files: ['app/modules/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ ...noRoutes, message: 'A module never imports a route.' }] }] },
  },
  {
    // An action reads its form with readFormData, which turns a body that is no form into a 4xx.
    files: ['app/routes/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='formData'][callee.object.name='request']",
          message: 'Read the form with readFormData(request) from ~/lib/forms/form-data.server: a body that is no form must be a 4xx, not a 500.',
        },
      ],
    },
  },
  {
    // lib is below modules: it never reaches up into a domain area.
    files: ['app/lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['~/modules/*', '~/routes/*', '**/modules/*', '**/routes/*'], message: 'lib never imports a module or a route.' }] },
      ],
    },
  },
  {
    // The schema is the bottom layer. The demo seed is not a layer but a caller of the modules
    // (like bench/), which builds its world through their functions.
    files: ['db/**/*.ts'],
    ignores: ['db/seed/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['~/*', '**/app/*'], message: 'db never imports the app.' },
            { regex: '^#test/', message: 'db never imports the tests.' },
          ],
        },
      ],
    },
  },
  {
    // What the browser may load: every component and every module not named *.server.ts. Of the
    // database folder it may import only the vocabulary, which holds no drizzle code.
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/**/*.server.ts', 'app/**/*.test.{ts,tsx}', 'app/**/*.test-helpers.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            // A regex, since a group pattern starting with # would read as a comment.
            { regex: '^#db/(?!schema/vocabulary$)', allowTypeImports: true, message: browserDatabaseMessage },
            { group: ['**/db/*'], allowTypeImports: true, message: browserDatabaseMessage },
          ],
        },
      ],
    },
  },
)
