import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** The app never reaches into the tests (the demo's simulators live in src-main/demo/simulators/). */
const NO_TESTS = { group: ['**/test/*'], message: 'Production code imports nothing from test/.' }

export default tseslint.config(
  {
    ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.scratch/**', '.bench-cache/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  {
    // Tests read vendors' and the contract's untyped JSON on purpose (to check it); promises stay checked.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      // A caught value is passed on as it came (after redaction): wrapping it would hide what threw.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Ports are async so that any implementation may wait; one that need not still keeps the signature.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src-main/**', 'src-preload/**', 'migrations/**', 'test/**', '*.config.*', 'src-renderer/vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/vite.config.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Advice for the React Compiler, which this app does not use (TanStack Virtual is flagged by it).
      'react-hooks/incompatible-library': 'off',
      // The renderer sees main only through the contract's types; it never bundles zod schemas or Node code.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`(^|/)(src-preload/|src-shared/contract($|/(?!(constants|data-flow)$)))`,
              allowTypeImports: true,
              message: 'The renderer takes the contract as types (and its plain values from constants and data-flow).',
            },
            {
              group: ['zod', 'zod/*'],
              allowTypeImports: true,
              message: 'Main validates what crosses the bridge; the renderer takes zod types only, never its runtime.',
            },
            NO_TESTS,
            { group: ['**/src-main/*', 'electron', 'node:*'], message: 'The renderer cannot reach main or Node.' },
          ],
        },
      ],
    },
  },
  {
    // The app never reaches into the tests (the demo's simulators live in src-main/demo/simulators/).
    files: ['src-main/**', 'src-preload/**', 'migrations/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TESTS] }] },
  },
  {
    // What all three processes share is plain: it reaches into none of them, nor Node or Electron.
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/*', '**/src-renderer/*', '**/src-preload/*', 'electron', 'node:*'],
              message: 'src-shared is imported by every process and imports none of them.',
            },
            NO_TESTS,
          ],
        },
      ],
    },
  },
  {
    // Electron must stay out of everything that runs under plain Node.
    files: ['src-main/**'],
    ignores: ['src-main/index.ts', 'src-main/windows/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message: 'Only src-main/index.ts and src-main/windows/ load Electron.',
            },
          ],
        },
      ],
    },
  },
  {
    // A circle of imports means two modules are one idea split in two (or a third is missing): the
    // order they load in decides which sees the other half-made.
    files: ['src-main/**/*.{ts,tsx}', 'src-preload/**/*.ts', 'src-renderer/**/*.{ts,tsx}', 'src-shared/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The window's data layer is src-renderer/api/: components read and write through its hooks, which
    // key queries by method and input, and re-read what main says changed (never everything).
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='invalidateQueries'][arguments.length=0]",
          message: 'Invalidate by key (or let data.changed do it): a blanket refresh re-reads every screen.',
        },
      ],
    },
  },
  {
    files: ['src-renderer/app/**/*.{ts,tsx}', 'src-renderer/features/**/*.{ts,tsx}'],
    // The menu's commands arrive as an event for the whole window, which commands.tsx hands out.
    ignores: ['src-renderer/app/commands.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/api'],
              message:
                'Components use the hooks in src-renderer/api/ (contract-hooks, queries, transfers), not the bridge.',
            },
          ],
        },
      ],
    },
  },
)
