import js from '@eslint/js'
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
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
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
              group: ['**/src-preload/*'],
              allowTypeImports: true,
              message: 'Renderer imports the contract as types only.',
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
)
