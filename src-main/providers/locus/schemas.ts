// Locus Energy v3 answers (locus-energy-v3.txt). Loose objects: "we may add new fields".
import { z } from 'zod'

export const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  issued_at: z.number().optional(),
  token_type: z.string().optional(),
  refresh_token: z.string().optional(),
})

export const LocusClientRecord = z.looseObject({
  id: z.number(),
  partnerId: z.number(),
  tz: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
})
export const LocusSiteRecord = z.looseObject({
  id: z.number(),
  clientId: z.number(),
  name: z.string(),
  address1: z.string().nullish(),
  address2: z.string().nullish(),
  locale3: z.string().nullish(),
  locale1: z.string().nullish(),
  localeCode1: z.string().nullish(),
  postalCode: z.string().nullish(),
  countryCode: z.string().nullish(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
  locationTimezone: z.string().nullish(),
})
export const LocusComponentRecord = z.looseObject({
  id: z.number(),
  siteId: z.number(),
  clientId: z.number(),
  parentId: z.number(),
  parentType: z.string(),
  nodeId: z.string(),
  name: z.string(),
  nodeType: z.string(),
  application: z.string(),
  generationType: z.string(),
  oem: z.string().nullish(),
  model: z.string().nullish(),
  isConceptualNode: z.boolean(),
  serialNumber: z.string().nullish(),
  description: z.string().nullish(),
})
export const InstallInfo = z.looseObject({
  installer: z.string().optional(),
  installCrew: z.string().optional(),
  installDate: z.string().optional(),
  ptoDate: z.string().optional(),
  startupDate: z.string().optional(),
  uninstallCrew: z.string().optional(),
  uninstallDate: z.string().optional(),
})
export const ModelSettings = z.looseObject({ size: z.number().optional(), mismatch: z.number(), soiling: z.number() })
/**
 * The reference says aggregations and fieldParameters are "always returned"; its own component example
 * leaves aggregations out of modelled fields (W_m, Wh_m) and fieldParameters out of measured ones. Either
 * may be missing: a field without aggregations has no short name a data call can ask for.
 */
export const BaseField = z.looseObject({
  baseField: z.string(),
  longName: z.string(),
  source: z.string(),
  unit: z.string(),
  aggregations: z.array(z.looseObject({ shortName: z.string(), aggregation: z.string() })).default([]),
  fieldParameters: z.array(z.looseObject({ param: z.string(), values: z.array(z.string()) })).default([]),
  granularities: z.array(z.string()),
})
/** Null fields are left out of a row: every value is optional. */
export const DataRow = z.looseObject({ id: z.number().optional(), ts: z.string() }).catchall(z.unknown())
export const Alert = z.looseObject({
  id: z.number(),
  componentId: z.number(),
  componentName: z.string().optional(),
  siteId: z.number().optional(),
  siteName: z.string().optional(),
  alertType: z.string(),
  priority: z.string(),
  start: z.string(),
  end: z.string().optional(),
  updated: z.string(),
  descriptionShort: z.string().optional(),
  descriptionLong: z.string().optional(),
})

export type LocusSiteRecord = z.infer<typeof LocusSiteRecord>
export type LocusComponentRecord = z.infer<typeof LocusComponentRecord>
export type DataRow = z.infer<typeof DataRow>
export type Alert = z.infer<typeof Alert>
