// How Solar Field is packaged (electron-builder). `npm run package` builds the installers of this
// platform; `npm run package:check` builds the unpacked Linux app offline and checks it. The release
// workflow (.github/workflows/release.yml) signs and publishes.
import type { Configuration } from 'electron-builder'

const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? 'solar-field/solar-field').split('/')

/** The hardening of the binary: flipped right before signing, checked by test/package/app-package.test.ts. */
export const FUSES = {
  // The app's executable is never a plain Node (ELECTRON_RUN_AS_NODE would turn it into one).
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  // The asar is checked against the hash embedded at build time (macOS and Windows), and only it is loaded.
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
}

const config: Configuration = {
  appId: 'app.solarfield.desktop',
  productName: 'Solar Field',
  executableName: 'solar-field',
  copyright: 'Solar Field',
  directories: { output: 'dist', buildResources: 'build' },
  // What runs, and only that: the built app, package.json and the production dependencies (added by
  // electron-builder). The renderer's libraries are bundled by Vite into out/renderer.
  files: [
    'out/**',
    'package.json',
    '!out/**/*.map',
    '!**/node_modules/.cache/**',
    '!**/node_modules/*/{test,tests,docs,example,examples}/**',
    '!**/*.{md,ts,map}',
    // better-sqlite3's sources and build leftovers: only its JavaScript and its compiled module run.
    '!**/node_modules/better-sqlite3/{src,deps}/**',
    '!**/node_modules/better-sqlite3/build/{deps,Release/obj,Release/obj.target,Release/.deps}/**',
    '!**/node_modules/better-sqlite3/build/Release/{test_extension.node,*.a,*.mk}',
    '!**/*.{c,cc,h,gyp,gypi,patch,sh}',
  ],
  asar: true,
  // SQLite's native module cannot load from inside the asar.
  asarUnpack: ['**/node_modules/better-sqlite3/**/*.node'],
  npmRebuild: true,
  electronFuses: FUSES,
  protocols: [{ name: 'Solar Field link', schemes: ['solarfield'] }],
  publish: [{ provider: 'github', owner, repo, releaseType: 'release' }],
  // latest.yml and beta.yml: the updater's stable and beta channels (a v1.2.3-beta.1 tag is a beta).
  generateUpdatesFilesForAllChannels: true,
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'Utility',
    synopsis: 'Solar projects, files and monitoring on site, offline',
    mimeTypes: ['x-scheme-handler/solarfield'],
  },
  deb: { depends: ['libnotify4', 'libsecret-1-0', 'xdg-utils'] },
  win: { target: ['nsis'], icon: 'build/icon.png' },
  // Per user, without administrator rights: technicians install it themselves; IT can push it per user.
  nsis: { oneClick: true, perMachine: false, allowElevation: false, deleteAppDataOnUninstall: false },
  mac: {
    target: ['dmg', 'zip'],
    icon: 'build/icon.png',
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // Notarised when the release workflow has Apple's credentials (APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD,
    // APPLE_TEAM_ID, read by electron-builder from the environment); skipped otherwise.
    notarize: Boolean(process.env.APPLE_ID && process.env.APPLE_TEAM_ID),
  },
}

export default config
