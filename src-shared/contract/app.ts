// The app itself: what it is, how the window was left, its updates, and the menu's commands.
import { z } from 'zod'
import { type AppCommand, COMMANDS } from '../commands'
import { Id, IsoDateTime, type Methods, NoInput } from './common'

const APP_COMMANDS = COMMANDS.map((c) => c.command) as [AppCommand, ...AppCommand[]]

// --- Preferences: how the window was left (no secrets, nothing a vendor needs). ---
const MapView = z.object({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  zoom: z.number().min(0).max(24),
})
/** An online street source: a PMTiles archive of vector tiles at an https address (plain http on loopback only). */
const MapSource = z
  .string()
  .trim()
  .max(500)
  .url('The street source must be a web address (https://…/streets.pmtiles)')
  .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(u), {
    message: 'The street source must be an https address',
  })
export const Preferences = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  mapView: MapView.nullable().default(null),
  lastSelection: Id.nullable().default(null),
  /** Streets from the network while online; kept around the projects for offline use. */
  mapSource: MapSource.nullable().default(null),
  /** How much the streets kept around the projects may take on disk. */
  keepMapMb: z.number().int().min(0).max(20_000).default(200),
  /** Look for new versions at start and every six hours, and download them in the background. */
  autoUpdate: z.boolean().default(true),
  /** Which releases: stable ones, or betas too. */
  updateChannel: z.enum(['stable', 'beta']).default('stable'),
  /** Tell the technician outside the window (sync problems, sign-in needed, a long upload done). */
  notifications: z.boolean().default(true),
})
export type Preferences = z.infer<typeof Preferences>
export const PreferencesPatch = z
  .object({
    theme: Preferences.shape.theme.unwrap(),
    mapView: MapView.nullable(),
    lastSelection: Id.nullable(),
    mapSource: MapSource.nullable(),
    keepMapMb: Preferences.shape.keepMapMb.unwrap(),
    autoUpdate: Preferences.shape.autoUpdate.unwrap(),
    updateChannel: Preferences.shape.updateChannel.unwrap(),
    notifications: Preferences.shape.notifications.unwrap(),
  })
  .partial()
  .strict()
export type PreferencesPatch = z.infer<typeof PreferencesPatch>

/** New versions of the app: looked for, downloading, ready to restart into. */
export const UpdateStatus = z.object({
  /** unavailable: updates come another way here (the browser host); current: this is the newest. */
  state: z.enum(['unavailable', 'idle', 'checking', 'current', 'downloading', 'ready', 'error']),
  /** The version running. */
  version: z.string(),
  /** The version found (downloading or ready). */
  available: z.string().nullable(),
  progress: z.number().min(0).max(1).nullable(),
  error: z.string().nullable(),
  checkedAt: IsoDateTime.nullable(),
})
export type UpdateStatus = z.infer<typeof UpdateStatus>

/** A command from the application menu (or a link the app was opened with) for the window to carry out. */
export const AppCommandEvent = z.union([
  z.object({ command: z.enum(APP_COMMANDS) }).strict(),
  z.object({ command: z.literal('openProject'), projectId: Id }).strict(),
])
export type AppCommandEvent = z.infer<typeof AppCommandEvent>

export const appMethods = {
  'app.info': {
    input: NoInput,
    output: z.object({
      name: z.string(),
      version: z.string(),
      /** 'electron' in the desktop app, 'browser-host' when the renderer runs in a browser against the dev/test host. */
      shell: z.enum(['electron', 'browser-host']),
      demo: z.boolean(),
      schemaVersion: z.string(),
      projectCount: z.number().int().nonnegative(),
    }),
  },
  'preferences.get': { input: NoInput, output: Preferences },
  'preferences.set': { input: PreferencesPatch, output: Preferences },
  /**
   * A zip for support (the app, its accounts' and queue's state, recent log lines; no secret, no project's
   * contents): saved where the technician chooses (`saved`), or its bytes for the window to save.
   */
  'app.exportDiagnostics': {
    input: NoInput,
    output: z.object({ fileName: z.string(), saved: z.boolean(), base64: z.string().nullable() }),
  },
  'updates.status': { input: NoInput, output: UpdateStatus },
  /** Looks for a new version now (Settings → Check now), even with automatic updates turned off. */
  'updates.check': { input: NoInput, output: UpdateStatus },
  /** Restarts into the downloaded version; refused (with why) while changes are being sent. */
  'updates.install': {
    input: NoInput,
    output: z.object({ restarting: z.boolean(), reason: z.string().nullable() }),
  },
  /** First run: set up the demo accounts on the simulators. */
  'app.startDemo': {
    input: NoInput,
    output: z.object({ accounts: z.number().int().nonnegative() }),
  },
} as const satisfies Methods

export const appEvents = { 'app.command': AppCommandEvent, 'updates.status': UpdateStatus } as const
