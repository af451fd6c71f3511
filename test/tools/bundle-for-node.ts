// One entry bundled into one ESM file for Node, as electron-vite bundles main: a process started from it
// does not spend its start compiling TypeScript (the bench's host, the chaos harness's workers).
import esbuild from 'esbuild'

export function bundleForNode(entry: string, outfile: string): string {
  esbuild.buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Native: loaded from node_modules as it is.
    external: ['better-sqlite3'],
    // Bundled CommonJS dependencies still call require().
    banner: {
      js: "import { createRequire as bundledRequire } from 'node:module'; const require = bundledRequire(import.meta.url);",
    },
    logLevel: 'error',
  })
  return outfile
}
