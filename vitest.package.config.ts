import { defineConfig } from 'vitest/config'

// The packaged app's checks: they read dist/, which `npm run package:check` builds first.
export default defineConfig({
  test: { include: ['test/package/**/*.test.ts'], environment: 'node', pool: 'forks', reporters: ['default'] },
})
