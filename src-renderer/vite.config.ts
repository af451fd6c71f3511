// Renderer build, shared by electron-vite (desktop) and plain vite (the dev/test host needs no Electron).
// A function of its root: config bundlers do not keep import.meta.dirname of imported files.
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig, type UserConfig } from 'vite'

export const rendererConfig = (root: string) =>
  ({
    root,
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, '../out/renderer'),
      emptyOutDir: true,
      // The CSP forbids inline scripts and styles: keep every asset a file.
      assetsInlineLimit: 0,
      // electron-vite leaves the renderer unminified; a smaller bundle parses sooner (the list shows sooner).
      minify: true,
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: { index: resolve(root, 'index.html') } },
    },
  }) satisfies UserConfig

export default defineConfig(rendererConfig(import.meta.dirname))
