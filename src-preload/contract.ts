// THE IPC contract: the only place a channel, its input and its output are named.
// Main imports it to validate, the preload to expose, the renderer for types only.
import { z } from 'zod'
import { type AppCommand, COMMANDS } from '../src-shared/commands'

const APP_COMMANDS = COMMANDS.map((c) => c.command) as [AppCommand, ...AppCommand[]]

export const Vendor = z.enum(['opensolar', 'easypv', 'aurora', 'locus'])
export type Vendor = z.infer<typeof Vendor>

const Id = z.string().min(1).max(64)
const IsoDateTime = z.iso.datetime({ offset: true })

// --- What one vendor only takes. The clients validate with these same schemas. ---

/** OpenSolar energy use: each data source with the shape of its values (opensolar-projects.txt, "Supported Usage Values"). */
const counts = (n: number) => z.array(z.number().int().nonnegative()).length(n)
export const Usage = z.discriminatedUnion('usage_data_source', [
  z.object({ usage_data_source: z.literal('kwh_annual'), values: z.number().int().nonnegative() }),
  z.object({ usage_data_source: z.literal('kwh_monthly'), values: counts(12) }),
  z.object({ usage_data_source: z.literal('kwh_every_second_month'), values: counts(6) }),
  z.object({ usage_data_source: z.literal('kwh_quarterly'), values: counts(4) }),
  z.object({ usage_data_source: z.literal('kwh_daily_per_month'), values: counts(12) }),
  z.object({ usage_data_source: z.literal('bill_annual'), values: z.number().int().nonnegative() }),
  z.object({ usage_data_source: z.literal('bill_monthly'), values: counts(12) }),
  z.object({ usage_data_source: z.literal('bill_every_second_month'), values: counts(6) }),
  z.object({ usage_data_source: z.literal('bill_quarterly'), values: counts(4) }),
  z.object({ usage_data_source: z.literal('estimate'), values: z.enum(['Low', 'Medium', 'High']) }),
])
export type Usage = z.infer<typeof Usage>

/** Usage as the cache and the queue hold it: one canonical JSON text, so a change is a change of one field. */
export const usageText = (usage: Usage): string =>
  JSON.stringify({ usage_data_source: usage.usage_data_source, values: usage.values })

/** Easy PV meta enums (easypv-projects.txt, POST /projects/create). */
export const EASYPV_STATUSES = ['Lead', 'Quote', 'Sale', 'Install', 'Completed', 'Rejected'] as const
export const EASYPV_BUILD_DATES = ['pre2000', 'post2000', 'post2006'] as const
/** Aurora project_type, shown as the stage. */
export const AURORA_PROJECT_TYPES = ['Residential', 'Commercial'] as const

export const ProjectSummary = z.object({
  id: Id,
  vendor: Vendor,
  accountId: Id,
  title: z.string(),
  address: z.string(),
  locality: z.string(),
  stage: z.string().nullable(),
  customerName: z.string().nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  lng: z.number().min(-180).max(180).nullable(),
  modifiedAt: IsoDateTime.nullable(),
  /** Changes made here that the vendor has not acknowledged yet. */
  pending: z.number().int().nonnegative(),
  /** The project's pin on the map (`projects.locations` names pins by this number, not by id). */
  pin: z.number().int().nonnegative(),
})
export type ProjectSummary = z.infer<typeof ProjectSummary>

export const ProjectDetail = ProjectSummary.extend({
  remoteId: z.string().nullable(),
  accountLabel: z.string(),
  region: z.string(),
  postcode: z.string(),
  country: z.string(),
  customerEmail: z.string().nullable(),
  customerPhone: z.string().nullable(),
  notes: z.string(),
  siteNotes: z.string(),
  serials: z.object({ panels: z.string(), inverters: z.string(), batteries: z.string() }),
  systemSummary: z.string().nullable(),
  createdAt: IsoDateTime.nullable(),
  /** Fields this project's vendor takes from Solar Field (others are shown read-only). */
  editableFields: z.array(z.string()),
  /** Stages this project can be moved to, known offline. */
  stageOptions: z.array(z.string()),
  /** The vendor takes deletes from Solar Field. */
  canDelete: z.boolean(),
  usage: Usage.nullable(),
  buildDate: z.string().nullable(),
  mailingAddress: z.string().nullable(),
  /** The values a field may take, where the vendor fixes them (Easy PV's design modes…). */
  choices: z.record(z.string(), z.array(z.string())),
})
export type ProjectDetail = z.infer<typeof ProjectDetail>

// Text a technician types is refused when it holds what would not survive or would mislead: a lone
// surrogate (SQLite stores it as U+FFFD, so the cache and the queued change would hold different
// strings), control characters, and direction overrides (a name that shows differently than it reads).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const DIRECTION_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/
const LINE_CONTROL = /\p{Cc}/u
/** Notes keep their line breaks and tabs. */
const TEXT_CONTROL = /(?![\t\n\r])\p{Cc}/u

/** Why this text cannot be taken, or null. */
export function textProblem(value: string, multiline = false): string | null {
  if (LONE_SURROGATE.test(value)) return 'holds a broken character (half of an emoji or symbol)'
  if (DIRECTION_CONTROL.test(value)) return 'holds an invisible text-direction character'
  if ((multiline ? TEXT_CONTROL : LINE_CONTROL).test(value))
    return multiline ? 'holds a control character' : 'holds a line break or control character'
  return null
}
const cleanText = (schema: z.ZodString, multiline = false) =>
  schema.superRefine((value, ctx) => {
    const problem = textProblem(value, multiline)
    if (problem) ctx.addIssue({ code: 'custom', message: `This text ${problem}` })
  })

const line = cleanText(z.string().trim().max(200))

/** What a technician may change on a project; only the fields given are changed. */
export const ProjectChanges = z
  .object({
    title: line.min(1, 'A project needs a title'),
    address: line,
    locality: line,
    region: line,
    postcode: cleanText(z.string().trim().max(20)),
    country: cleanText(z.string().trim().max(2)),
    lat: z.number().min(-90).max(90).nullable(),
    lng: z.number().min(-180).max(180).nullable(),
    stage: cleanText(z.string().trim().min(1).max(100)),
    customerName: line.nullable(),
    customerEmail: cleanText(z.string().trim().max(200)).nullable(),
    customerPhone: cleanText(z.string().trim().max(50)).nullable(),
    notes: cleanText(z.string().max(10_000), true),
    siteNotes: cleanText(z.string().max(10_000), true),
    /** OpenSolar: energy use (any of its ten data sources); queued as one canonical text. */
    usage: Usage.transform(usageText).nullable(),
    /** Easy PV: the design mode. */
    buildDate: z.enum(EASYPV_BUILD_DATES).nullable(),
    /** Aurora: the customer's mailing address (customer_address; mailing_address in 2024.05). */
    mailingAddress: line.nullable(),
    serials: z
      .object({
        panels: cleanText(z.string().max(5000), true),
        inverters: cleanText(z.string().max(5000), true),
        batteries: cleanText(z.string().max(5000), true),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict()
export type ProjectChanges = z.infer<typeof ProjectChanges>
/** ProjectChanges as a window sends them (usage as its object). */
export type ProjectChangesInput = z.input<typeof ProjectChanges>

/**
 * Map pins, a chunk at a time, as columns: at 100,000 projects, objects with ids and titles were one 13 MB
 * answer. Entry i of each column is one pin; `vendor` is an index into `Vendor.options`, `pending` is 0 or 1.
 */
export const ProjectPins = z.object({
  pin: z.array(z.number().int().nonnegative()),
  lat: z.array(z.number().min(-90).max(90)),
  lng: z.array(z.number().min(-180).max(180)),
  vendor: z.array(
    z
      .number()
      .int()
      .min(0)
      .max(Vendor.options.length - 1),
  ),
  pending: z.array(z.union([z.literal(0), z.literal(1)])),
  /** A monitored site with an alert still open (badged on the map). */
  alert: z.array(z.union([z.literal(0), z.literal(1)])),
})
export type ProjectPins = z.infer<typeof ProjectPins>

export const ProjectSortField = z.enum(['title', 'locality', 'stage', 'modifiedAt'])

/** The workspace's filters: every list, search and map query takes them. */
export const ProjectFilter = z.object({
  vendor: Vendor.optional(),
  accountId: Id.optional(),
  stage: z.string().max(100).optional(),
  /** Only projects with changes not yet sent. */
  pending: z.boolean().optional(),
  /** Only projects with a conflict to resolve. */
  conflicts: z.boolean().optional(),
})
export type ProjectFilter = z.infer<typeof ProjectFilter>
export type ProjectSortField = z.infer<typeof ProjectSortField>

export const AccountSyncStatus = z.object({
  accountId: Id,
  vendor: Vendor,
  label: z.string(),
  queued: z.number().int().nonnegative(),
  sending: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  needsSignIn: z.boolean(),
  /** Requests left in the vendor's budget window (OpenSolar: per day and org), when it has one. */
  budget: z.object({ remaining: z.number().int().nonnegative(), limit: z.number().int().positive() }).nullable(),
  lastPullAt: IsoDateTime.nullable(),
  /** The last sync: when it ran, whether the vendor answered, and what went wrong (in words). */
  lastSync: z.object({ at: IsoDateTime, reachable: z.boolean(), error: z.string().nullable() }).nullable(),
  /** When the account last synced whole (queue delivered, cache refreshed). */
  lastSuccessAt: IsoDateTime.nullable(),
  /** A pull that failed waits before it is tried again (so it does not spend the vendor's budget). */
  pullWaitsUntil: IsoDateTime.nullable(),
  /** Records the vendor sent that could not be read or shown, left out of the cache. */
  skipped: z.number().int().nonnegative(),
  /** The first of them: what each was, the vendor's id for it (when readable) and why it was left out. */
  leftOut: z.array(
    z.object({
      kind: z.enum(['project', 'file', 'file tag', 'device', 'data field', 'reading', 'alert', 'client']),
      remoteId: z.string().nullable(),
      reason: z.string(),
    }),
  ),
  /**
   * A first pull not finished yet (it may take days within OpenSolar's budget): projects cached so far, and
   * how many the vendor holds when it could say.
   */
  firstPull: z
    .object({ stored: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() })
    .nullable(),
  /** Files on their way up right now, with bytes sent so far. */
  uploads: z.object({
    files: z.number().int().nonnegative(),
    sentBytes: z.number().int().nonnegative(),
    totalBytes: z.number().int().nonnegative(),
  }),
})
export type AccountSyncStatus = z.infer<typeof AccountSyncStatus>

export const SyncStatus = z.object({
  accounts: z.array(AccountSyncStatus),
  /** The local database's last full check found damage: what to do, in words (null when sound). */
  databaseProblem: z.string().nullable(),
  totals: z.object({
    queued: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    conflicts: z.number().int().nonnegative(),
  }),
})
export type SyncStatus = z.infer<typeof SyncStatus>

const NoInput = z.object({}).strict()

export const OutboxEntry = z.object({
  id: z.number().int(),
  projectId: Id,
  projectTitle: z.string(),
  op: z.string(),
  fields: z.array(z.string()),
  /** For a file's op: the file's name. */
  fileTitle: z.string().nullable(),
  state: z.enum(['queued', 'sending', 'failed', 'parked', 'conflict']),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  nextAttemptAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
})
export type OutboxEntry = z.infer<typeof OutboxEntry>

export const Conflict = z.object({
  id: z.number().int(),
  projectId: Id,
  field: z.string(),
  base: z.unknown(),
  local: z.unknown(),
  remote: z.unknown(),
  createdAt: IsoDateTime,
})
export type Conflict = z.infer<typeof Conflict>

/** The most bytes in one `attachments.write` (512 KiB: under the dev host's 1 MiB frames). */
export const ATTACHMENT_CHUNK_BYTES = 524_288
/** The renderer imports the contract as types only: it checks its copy of the size against this. */
export type AttachmentChunkBytes = typeof ATTACHMENT_CHUNK_BYTES

export const Attachment = z.object({
  id: Id,
  projectId: Id,
  title: z.string(),
  tags: z.array(z.string()),
  size: z.number().int().nonnegative(),
  mime: z.string(),
  /**
   * local: kept on this computer (the vendor takes no files); waiting: queued for the vendor;
   * uploading: on its way (progress); uploaded: the vendor has it; remote: the vendor's, not downloaded;
   * failed: the vendor refused it (error says why).
   */
  state: z.enum(['local', 'waiting', 'uploading', 'uploaded', 'remote', 'failed']),
  /** 0–1 while uploading. */
  progress: z.number().min(0).max(1).nullable(),
  error: z.string().nullable(),
  /** Its bytes are on this computer (a vendor's file is only once downloaded). */
  local: z.boolean(),
  createdAt: IsoDateTime,
})
export type Attachment = z.infer<typeof Attachment>

/** A piece of a file on its way to main: its bytes as they are (Electron IPC and the dev host's binary frames carry them unencoded). */
const FilePiece = z
  .instanceof(Uint8Array, { message: 'Expected the piece’s bytes' })
  .refine((b) => b.byteLength >= 1 && b.byteLength <= ATTACHMENT_CHUNK_BYTES, {
    message: `A piece holds 1 to ${ATTACHMENT_CHUNK_BYTES} bytes`,
  })

/** One piece of an upload (a file, a map area): where it starts — pieces arrive in order, none lost — and its bytes. */
const WritePiece = {
  input: z.object({ uploadId: Id, offset: z.number().int().min(0), bytes: FilePiece }).strict(),
  output: z.object({ received: z.number().int().nonnegative() }),
}

const FileTitle = cleanText(z.string().trim().min(1, 'A file needs a name').max(200)).refine(
  (t) => !/[\\/]/.test(t),
  'A file name cannot contain slashes',
)

/** A kind of reading a device offers (Locus dataavailable): its short field names and granularities. */
export const AvailableData = z.object({
  baseField: z.string(),
  longName: z.string(),
  unit: z.string(),
  /** Short names: Wh_sum, W_avg… (one per aggregation). */
  fields: z.array(z.string()),
  granularities: z.array(z.string()),
})
export type AvailableData = z.infer<typeof AvailableData>

export const MonitoredComponent = z.object({
  id: z.number().int(),
  name: z.string(),
  nodeType: z.string(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  /** What it reports, as Locus lists it: the Data view offers only these. */
  available: z.array(AvailableData),
  /** The latest average power (W) cached, with its time. */
  latest: z.object({ ts: IsoDateTime, watts: z.number() }).nullable(),
})
export type MonitoredComponent = z.infer<typeof MonitoredComponent>

export const SiteAlert = z.object({
  id: z.number().int(),
  componentName: z.string().nullable(),
  alertType: z.string(),
  priority: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  description: z.string(),
})
export type SiteAlert = z.infer<typeof SiteAlert>

export const SERIES_GRANULARITIES = ['5min', '15min', 'hourly', 'daily', 'monthly', 'yearly'] as const
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD')
/** Which stretch of readings: the site's day, week, month or year around an instant, or dates of its calendar. */
export const DataPeriod = z.union([
  z.object({ view: z.enum(['day', 'week', 'month', 'year']), at: z.number().int() }).strict(),
  z
    .object({
      view: z.literal('custom'),
      /** The first and last days shown, in the site's calendar. */
      from: LocalDate,
      to: LocalDate,
      granularity: z.enum(SERIES_GRANULARITIES).optional(),
    })
    .strict(),
])
export type DataPeriod = z.infer<typeof DataPeriod>
const TimeRange = z.object({ start: z.number(), end: z.number() })

const SiteLink = z.object({
  projectId: z.string(),
  title: z.string(),
  address: z.string(),
  /** From the project's pin to the site's; null when one has no position. */
  distanceM: z.number().nullable(),
  /** House number and street agree. */
  sameAddress: z.boolean(),
})
export const SiteForProject = z.object({
  site: SiteLink.nullable(),
  chosenBy: z.enum(['match', 'you']).nullable(),
  offered: z.array(SiteLink),
})
export type SiteForProject = z.infer<typeof SiteForProject>

/** An offline map area: street-level tiles on this computer (the demo's, or a file imported). */
export const MapArea = z.object({
  id: z.string(),
  name: z.string(),
  /** 'online': the tile source set in Settings, read through main while there is a connection. */
  source: z.enum(['demo', 'imported', 'kept', 'online']),
  /** 0 for the online source (its size is the host's). */
  bytes: z.number().int().nonnegative(),
  minZoom: z.number().int(),
  maxZoom: z.number().int(),
  /** West, south, east, north. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
})
export type MapArea = z.infer<typeof MapArea>
export const MAP_AREA_CHUNK_BYTES = 1024 * 1024

/** An alert as the alerts list across sites shows it: with its site, in the site's time. */
export const AlertAcrossSites = SiteAlert.extend({
  projectId: z.string(),
  siteTitle: z.string(),
  timeZone: z.string().nullable(),
})
export type AlertAcrossSites = z.infer<typeof AlertAcrossSites>

// --- Accounts. Settings are plain; secrets go in and never come out (saved: names only). ---

/** Each vendor's real API, the default address of a new account. */
export const VENDOR_BASE_URLS: Record<Vendor, string> = {
  opensolar: 'https://api.opensolar.com',
  easypv: 'https://heatpunk.co.uk',
  aurora: 'https://api.aurorasolar.com',
  locus: 'https://api.locusenergy.com',
}

/** An account's non-secret settings, per vendor: the same schemas the clients are built from. */
export const AccountSettings = {
  opensolar: z.object({ orgId: z.number().int().positive() }).strict(),
  easypv: z.object({ userEmail: z.string().trim().email('The Easy PV team member’s email') }).strict(),
  aurora: z
    .object({
      tenantId: z.string().trim().min(1, 'The Aurora tenant id'),
      version: z.enum(['2022.09', '2024.05']).default('2024.05'),
      /** Aurora-API-Version: honoured by its sandbox only. */
      sendVersionHeader: z.boolean().default(false),
    })
    .strict(),
  locus: z
    .object({
      partnerId: z.number().int().positive(),
      clientId: z.string().trim().min(1, 'The Locus client id'),
      grant: z.enum(['password', 'client_credentials']).default('password'),
      username: z.string().trim().max(200).optional(),
    })
    .strict(),
} as const satisfies Record<Vendor, z.ZodType>

const SecretValue = z.string().trim().min(1).max(8000)
/** What each vendor signs in with. */
export const AccountSecrets = {
  opensolar: z.object({ token: SecretValue }).partial().strict(),
  easypv: z.object({ apiKey: SecretValue }).partial().strict(),
  aurora: z.object({ token: SecretValue }).partial().strict(),
  locus: z.object({ clientSecret: SecretValue, password: SecretValue }).partial().strict(),
} as const satisfies Record<Vendor, z.ZodType>

const AccountLabel = cleanText(z.string().trim().min(1, 'An account needs a name').max(100))
const BaseUrl = z.string().trim().url('The address must be a web address (https://…)').max(500)
const draftOf = <V extends Vendor>(vendor: V) =>
  z
    .object({
      vendor: z.literal(vendor),
      label: AccountLabel,
      baseUrl: BaseUrl,
      settings: AccountSettings[vendor],
      /** Only the secrets being set; one left out keeps what is saved. */
      secrets: AccountSecrets[vendor].optional(),
    })
    .strict()
/** An account as the Settings form sends it. */
export const AccountDraft = z.discriminatedUnion('vendor', [
  draftOf('opensolar'),
  draftOf('easypv'),
  draftOf('aurora'),
  draftOf('locus'),
])
export type AccountDraft = z.infer<typeof AccountDraft>

export const AccountView = z.object({
  id: Id,
  vendor: Vendor,
  label: z.string(),
  baseUrl: z.string(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Names of the secrets saved for it ("token"…): shown as "saved", never their values. */
  savedSecrets: z.array(z.string()),
  /** Fields a new project of this account may be given (empty: the vendor takes no new projects). */
  createFields: z.array(z.string()),
  /** Stages or types a new project may start in. */
  stageOptions: z.array(z.string()),
  needsSignIn: z.boolean(),
  /** A demo account (on the simulators). */
  demo: z.boolean(),
})
export type AccountView = z.infer<typeof AccountView>

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

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().nonnegative(),
    offset: z.number().int().nonnegative(),
    /** Where the next page starts (pass as `after`); null after the last. */
    next: z.string().nullable(),
  })

export const contract = {
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
  /** Accounts, how secrets are protected here, and each vendor's default address. */
  'accounts.list': {
    input: NoInput,
    output: z.object({
      items: z.array(AccountView),
      /** 'weak': the OS offers no keyring; secrets are kept on disk only if the technician agreed. */
      secretProtection: z.enum(['os', 'install-key', 'weak']),
      weakProtectionAccepted: z.boolean(),
      defaults: z.record(Vendor, z.object({ baseUrl: z.string() })),
    }),
  },
  /** Adds (no id) or changes an account; secrets given are saved encrypted, and never read back. */
  'accounts.save': {
    input: z
      .object({
        id: Id.optional(),
        account: AccountDraft,
        /** The technician agreed to keep secrets with weak protection (no OS keyring). */
        acceptWeakProtection: z.boolean().default(false),
      })
      .strict(),
    output: AccountView,
  },
  /** One cheap signed-in request: a saved account, or a draft before it is saved (its missing secrets taken from `id`). */
  'accounts.test': {
    input: z.object({ id: Id.optional(), account: AccountDraft.optional() }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  /** Can this computer reach each account's vendor at all (proxy, firewall, certificates), signed in or not. */
  'network.check': {
    input: NoInput,
    output: z.object({
      results: z.array(z.object({ accountId: Id, ok: z.boolean(), message: z.string() })),
    }),
  },
  /** New secrets for an account held for sign-in: the hold is lifted and its queue goes again. */
  'accounts.signIn': {
    input: z
      .object({
        id: Id,
        secrets: z.record(z.string().max(40), SecretValue),
        acceptWeakProtection: z.boolean().default(false),
      })
      .strict(),
    output: AccountView,
  },
  /** Removes an account and its cached projects; its unsent changes are exported (as JSON) or discarded. */
  'accounts.remove': {
    input: z.object({ id: Id, unsent: z.enum(['export', 'discard']) }).strict(),
    output: z.object({ exported: z.string().nullable(), unsent: z.number().int().nonnegative() }),
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
  'projects.list': {
    input: z
      .object({
        offset: z.number().int().min(0).max(10_000_000).default(0),
        /** The `next` of the page before: read from there on (`offset` is then where that is, for the answer). */
        after: z.string().max(2000).optional(),
        limit: z.number().int().min(1).max(500),
        sort: ProjectSortField.default('title'),
        direction: z.enum(['asc', 'desc']).default('asc'),
        ...ProjectFilter.shape,
      })
      .strict(),
    output: page(ProjectSummary),
  },
  /** Where a project sits in the list as sorted and filtered (a pin chosen on the map scrolls the list there). */
  'projects.position': {
    input: z
      .object({
        id: Id,
        sort: ProjectSortField.default('title'),
        direction: z.enum(['asc', 'desc']).default('asc'),
        ...ProjectFilter.shape,
      })
      .strict(),
    output: z.object({ index: z.number().int().nonnegative().nullable() }),
  },
  /** What the filters offer: the stages projects here are in. */
  'projects.facets': {
    input: NoInput,
    output: z.object({ stages: z.array(z.string()) }),
  },
  'projects.search': {
    input: z
      .object({
        text: z.string().trim().min(1, 'Type something to search for').max(200),
        limit: z.number().int().min(1).max(500).default(200),
        ...ProjectFilter.shape,
      })
      .strict(),
    output: z.object({
      items: z.array(ProjectSummary),
      total: z.number().int().nonnegative(),
      /** False when the words match too many projects to rank them all: these are some, unranked. */
      complete: z.boolean(),
    }),
  },
  /** The map's pins, a chunk at a time (pass `next` as `after` until it is null). */
  'projects.locations': {
    input: z
      .object({
        after: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(50_000).default(20_000),
        ...ProjectFilter.shape,
      })
      .strict(),
    output: z.object({ pins: ProjectPins, next: z.number().int().nonnegative().nullable() }),
  },
  /** The project a pin is for (clicked on the map). */
  'projects.atPin': {
    input: z.object({ pin: z.number().int().nonnegative() }).strict(),
    output: z.object({ id: Id }),
  },
  'projects.get': {
    input: z.object({ id: Id }).strict(),
    output: ProjectDetail,
  },
  /** Changes a project here and queues the change for its vendor, in one step. */
  'projects.update': {
    input: z.object({ id: Id, changes: ProjectChanges }).strict(),
    output: z.object({ pending: z.number().int().nonnegative() }),
  },
  /** Creates a project here and queues it for the account's vendor (only the fields that vendor takes at creation). */
  'projects.create': {
    input: z
      .object({
        accountId: Id,
        fields: ProjectChanges.refine(
          (f) => Boolean(f.title || f.address),
          'A new project needs a title or an address',
        ),
      })
      .strict(),
    output: z.object({ id: Id }),
  },
  /** Deletes a project here and queues the delete; `undoId` is the queued delete (outbox.discard undoes it). */
  'projects.delete': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ undoId: z.number().int().nullable() }),
  },
  'sync.getStatus': {
    input: NoInput,
    output: SyncStatus,
  },
  /** Changes not yet acknowledged by their vendor (all, or one project's). */
  'outbox.list': {
    input: z.object({ projectId: Id.optional() }).strict(),
    output: z.object({ items: z.array(OutboxEntry) }),
  },
  /** Send a parked or failed change again now. */
  'outbox.retry': { input: z.object({ id: z.number().int() }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** Give a change up; the project's fields go back to the vendor's values. */
  'outbox.discard': { input: z.object({ id: z.number().int() }).strict(), output: z.object({ ok: z.literal(true) }) },
  'conflicts.list': {
    input: z.object({ projectId: Id.optional() }).strict(),
    output: z.object({ items: z.array(Conflict) }),
  },
  /** Keep this computer's value (mine) or the vendor's (theirs) for one field. */
  'conflicts.resolve': {
    input: z.object({ id: z.number().int(), keep: z.enum(['mine', 'theirs']) }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  /** A project's files, and what its vendor lets us do with them. */
  'attachments.list': {
    input: z.object({ projectId: Id }).strict(),
    output: z.object({
      items: z.array(Attachment),
      /** False: the vendor takes no files; they stay on this computer. */
      uploads: z.boolean(),
      /** The vendor's file tags, when it has them. */
      tagOptions: z.array(z.string()),
    }),
  },
  /** Starts adding a file: its bytes follow in `attachments.write` pieces, then `attachments.finish`. */
  'attachments.begin': {
    input: z
      .object({
        projectId: Id,
        title: FileTitle,
        size: z.number().int().min(1, 'This file is empty (0 bytes): there is nothing in it to attach.'),
        mime: z.string().max(200).default('application/octet-stream'),
      })
      .strict(),
    output: z.object({ uploadId: Id }),
  },
  'attachments.write': WritePiece,
  /** Stores the file and queues its upload, in one step. */
  'attachments.finish': { input: z.object({ uploadId: Id }).strict(), output: Attachment },
  'attachments.cancel': { input: z.object({ uploadId: Id }).strict(), output: z.object({ ok: z.literal(true) }) },
  'attachments.rename': {
    input: z.object({ id: Id, title: FileTitle }).strict(),
    output: Attachment,
  },
  'attachments.tag': {
    input: z.object({ id: Id, tags: z.array(cleanText(z.string().trim().min(1).max(100))).max(20) }).strict(),
    output: Attachment,
  },
  /** Removes a file here and queues its removal at the vendor. */
  'attachments.remove': { input: z.object({ id: Id }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** A piece of a file's bytes (previews, thumbnails, saving a copy), from this computer's store. */
  'attachments.read': {
    input: z
      .object({
        id: Id,
        offset: z.number().int().min(0).default(0),
        length: z.number().int().min(1).max(ATTACHMENT_CHUNK_BYTES),
      })
      .strict(),
    output: z.object({ base64: z.string(), size: z.number().int().nonnegative() }),
  },
  /** Opens a file with the computer's own viewer (a PDF…); `opened: false` where there is none to call (the browser host). */
  'attachments.open': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ opened: z.boolean() }),
  },
  /** Downloads a vendor's file onto this computer (a fresh link asked for if the old one expired). */
  'attachments.fetch': { input: z.object({ id: Id }).strict(), output: Attachment },
  /** A monitored site's components, recent readings and alerts, from the cache. */
  'monitoring.site': {
    input: z.object({ projectId: Id }).strict(),
    output: z.object({
      components: z.array(MonitoredComponent),
      alerts: z.array(SiteAlert),
      /** When the readings were last refreshed from the vendor. */
      pulledAt: IsoDateTime.nullable(),
      /** The site's IANA time zone (Locus locationTimezone): times are shown in it, labelled, as on site. */
      timeZone: z.string().nullable(),
    }),
  },
  /**
   * Readings of one or more devices of a site over a period, overlaid: from the cache, with what it lacks
   * asked of Locus first (`fetch: false`: the cache only). `missing`: what neither holds (offline).
   */
  'monitoring.series': {
    input: z
      .object({
        projectId: Id,
        componentIds: z.array(z.number().int()).min(1).max(8),
        fields: z
          .array(z.string().regex(/^\w{1,64}$/))
          .min(1)
          .max(6),
        period: DataPeriod,
        fetch: z.boolean().default(true),
      })
      .strict(),
    output: z.object({
      range: TimeRange,
      granularity: z.string(),
      /** The zone the range and the times are in: the site's, or UTC when Locus gave none. */
      timeZone: z.string(),
      series: z.array(
        z.object({
          componentId: z.number().int(),
          componentName: z.string(),
          field: z.string(),
          unit: z.string().nullable(),
          /** Epoch ms of each interval's start, ascending, with its value. */
          ts: z.array(z.number()),
          values: z.array(z.number().nullable()),
        }),
      ),
      missing: z.array(TimeRange),
      /** Requests made of Locus for this answer. */
      requests: z.number().int().nonnegative(),
      /** Why the missing readings could not be fetched (offline, signed out…), in plain words. */
      problem: z.string().nullable(),
    }),
  },
  /**
   * The monitored site that is this project's system: the technician's choice, else the site that matches
   * by position and address (`chosenBy: 'match'`); `offered`: the sites near enough to choose from.
   */
  'monitoring.siteFor': {
    input: z.object({ projectId: Id }).strict(),
    output: SiteForProject,
  },
  /** The technician's word: this site, no site, or back to matching automatically. */
  'monitoring.chooseSite': {
    input: z
      .object({
        projectId: Id,
        choice: z.union([z.object({ site: Id }).strict(), z.literal('none'), z.literal('automatic')]),
      })
      .strict(),
    output: SiteForProject,
  },
  /** Alerts of every monitored site, newest first; `open: true` only those still open. */
  'monitoring.alerts': {
    input: z
      .object({ open: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(200) })
      .strict(),
    output: z.object({ items: z.array(AlertAcrossSites) }),
  },
  /** The offline map areas on this computer. */
  'maps.areas': { input: NoInput, output: z.object({ areas: z.array(MapArea) }) },
  /** A range of an area's bytes: the map reads its directories and tiles a range at a time. */
  'maps.read': {
    input: z
      .object({
        id: z.string().min(1).max(100),
        offset: z.number().int().min(0),
        length: z.number().int().min(1).max(MAP_AREA_CHUNK_BYTES),
      })
      .strict(),
    output: z.object({ base64: z.string() }),
  },
  /** Imports an area file (PMTiles) from this computer, a piece at a time, as files are added. */
  'maps.importBegin': {
    input: z
      .object({
        name: cleanText(z.string().trim().min(1).max(200)),
        size: z.number().int().min(1, 'This file is empty (0 bytes): it holds no map.'),
      })
      .strict(),
    output: z.object({ uploadId: Id }),
  },
  'maps.importWrite': WritePiece,
  'maps.importFinish': { input: z.object({ uploadId: Id }).strict(), output: MapArea },
  'maps.importCancel': { input: z.object({ uploadId: Id }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** Copies the online source's streets around the projects into the kept area, up to the size set. */
  'maps.keepNow': {
    input: NoInput,
    output: z.object({
      area: MapArea.nullable(),
      tiles: z.number().int().nonnegative(),
      /** Projects whose surroundings are all kept (nearest the top of the list first). */
      projects: z.number().int().nonnegative(),
    }),
  },
  'maps.remove': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  /** Sync every account now (the Sync button; also when the connection comes back). */
  'sync.now': {
    input: NoInput,
    output: z.object({
      accounts: z.number().int().nonnegative(),
      sent: z.number().int().nonnegative(),
      problems: z.array(z.string()),
    }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

/** A command from the application menu (or a link the app was opened with) for the window to carry out. */
export const AppCommandEvent = z.union([
  z.object({ command: z.enum(APP_COMMANDS) }).strict(),
  z.object({ command: z.literal('openProject'), projectId: Id }).strict(),
])
export type AppCommandEvent = z.infer<typeof AppCommandEvent>

export const events = {
  'sync.status': SyncStatus,
  'app.command': AppCommandEvent,
  'updates.status': UpdateStatus,
} as const satisfies Record<string, z.ZodType>

export type Contract = typeof contract
export type Method = keyof Contract
export type EventName = keyof typeof events
/** What a caller passes (before defaults are applied). */
export type MethodInput<M extends Method> = z.input<Contract[M]['input']>
/** What a handler receives (after parsing and defaults). */
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>
export type MethodOutput<M extends Method> = z.output<Contract[M]['output']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_method',
  'forbidden_sender',
  'not_found',
  'unavailable',
  /** The call passed its deadline and was given up (what it was doing stopped where it could). */
  'timeout',
  'internal',
])
export type ErrorCode = z.infer<typeof ErrorCode>

/** The only error shape that crosses the process boundary: never a stack, never a secret. */
export const IpcError = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type IpcError = z.infer<typeof IpcError>

/**
 * Every call answers with an envelope rather than a rejection: Electron's contextBridge
 * keeps only `message` of a rejected Error, and the renderer needs `code` to explain it.
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** The typed API the renderer programs against. */
export type Api = { [M in Method]: (input: MethodInput<M>) => Promise<MethodOutput<M>> }

/** What the preload exposes as `window.solarField` (and what the dev host's WebSocket transport mimics). */
export type Bridge = { [M in Method]: (input: MethodInput<M>) => Promise<Envelope<MethodOutput<M>>> } & {
  on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void
}

export const BRIDGE_GLOBAL = 'solarField'
export const invokeChannel = (method: Method): string => `solar-field:invoke:${method}`
export const eventChannel = (event: EventName): string => `solar-field:event:${event}`

export const isMethod = (name: unknown): name is Method =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)

/** Turns zod issues into short, path-first messages a developer can act on. */
export function describeIssues(error: z.ZodError): NonNullable<IpcError['issues']> {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }))
}

/** Parses a call's input; the one place both preload and main turn bad input into an IpcError. */
export function parseInput<M extends Method>(
  method: M,
  input: unknown,
): { ok: true; value: ParsedInput<M> } | { ok: false; error: IpcError } {
  const result = contract[method].input.safeParse(input ?? {})
  if (result.success) return { ok: true, value: result.data as ParsedInput<M> }
  const issues = describeIssues(result.error)
  return {
    ok: false,
    error: {
      code: 'invalid_input',
      message: `${method}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    },
  }
}
