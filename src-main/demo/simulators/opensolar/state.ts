import { djangoTime, generateProjects } from '../core/generate'
import { FIRST_REMOTE_ID } from '../../demo-world'

export interface OsContact {
  id: number
  first_name: string
  family_name: string
  email: string
  phone: string
  date_of_birth: string | null
  gender: number
  identifier: string
}

export interface OsProject {
  id: number
  identifier: string
  title: string
  address: string
  locality: string
  state: string
  zip: string
  country_iso2: string
  lat: number | null
  lon: number | null
  is_residential: boolean
  lead_source: string
  notes: string
  site_notes: string
  serial_numbers_panels: string
  serial_numbers_inverters: string
  serial_numbers_batteries: string
  number_of_phases: number | null
  roof_type: string | null
  priority: number
  contactIds: number[]
  workflow: { id: number; workflow_id: number; active_stage_id: number }
  usage: { usage_data_source: string; values: number | number[] | string } | null
  systemSummary: string
  created_date: string
  modified_date: string
}

export interface OsWorkflow {
  id: number
  title: string
  stages: { id: number; title: string; milestone: number }[]
}

/** Two workflows, so "a stage from another workflow" is a real, testable mistake. */
export const WORKFLOWS: OsWorkflow[] = [
  {
    id: 10422,
    title: 'Residential',
    stages: [
      { id: 52140, title: 'Lead', milestone: 0 },
      { id: 52141, title: 'Qualified', milestone: 0 },
      { id: 52142, title: 'Sold', milestone: 2 },
      { id: 52143, title: 'Installing', milestone: 2 },
      { id: 52144, title: 'Installed', milestone: 3 },
      { id: 52145, title: 'Closed', milestone: 4 },
    ],
  },
  {
    id: 10423,
    title: 'Commercial',
    stages: [
      { id: 61001, title: 'Enquiry', milestone: 0 },
      { id: 61002, title: 'Proposal', milestone: 1 },
      { id: 61003, title: 'Contracted', milestone: 2 },
      { id: 61004, title: 'Commissioned', milestone: 3 },
    ],
  },
  // The workflow and stage of the doc's PATCH example ("Updating a Project"), so it can be sent as written.
  {
    id: 84617,
    title: 'Service',
    stages: [
      { id: 433193, title: 'Booked', milestone: 3 },
      { id: 433194, title: 'Serviced', milestone: 3 },
    ],
  },
]

export const FILE_TAGS = [
  { id: 38, title: 'Extra File' },
  { id: 47, title: 'Site Model' },
  { id: 53, title: 'Design Backup' },
  { id: 61, title: 'Site Photo' },
  { id: 62, title: 'Inspection Report' },
]

export interface OsFile {
  id: number
  projectId: number | null
  userId: number
  title: string
  fileTagIds: number[]
  data: Buffer | null
  file_hash: string | null
  status: string | null
  status_message: string | null
  show_customer: boolean
  created_date: string
  modified_date: string
  upload: {
    upload_id: string
    /** Each part's size, part 1 first, as the upload's creator declared them. */
    partSizes: number[]
    filesize: number
    parts: Map<number, Buffer>
    completed_on: string | null
  } | null
}

export class OpenSolarState {
  readonly projects = new Map<number, OsProject>()
  /** Bumped by every write through the API: a large list's sorted order is kept until then. */
  version = 0
  private sorted: { key: string; version: number; size: number; projects: OsProject[] } | null = null
  readonly contacts = new Map<number, OsContact>()
  readonly files = new Map<number, OsFile>()
  nextProjectId: number = FIRST_REMOTE_ID.opensolar

  /**
   * The projects in a list's order. Sorting 100,000 on each of a pull's 1,000 requests would make the
   * simulator the slow part of a scale test, so a large org's order is kept until an API write (tests at
   * that size do not edit the state behind the API's back; small ones may, so theirs is sorted each time).
   */
  ordered(key: string, compare: (a: OsProject, b: OsProject) => number): OsProject[] {
    const cached = this.sorted
    if (cached && cached.key === key && cached.version === this.version && cached.size === this.projects.size)
      return cached.projects
    const projects = [...this.projects.values()].sort(compare)
    if (projects.length >= 10_000) this.sorted = { key, version: this.version, size: projects.length, projects }
    return projects
  }
  nextContactId = 1_800_001
  nextFileId = 29_001
  /** Requests counted against the org's daily budget, per UTC day. */
  budget = { day: '', used: 0 }
  /** Project creations per user, for the ~10 per minute limit. */
  readonly creations: number[] = []
  tokenRevoked = false
  /** Tokens issued since (as a user makes a new one in OpenSolar after revoking the old), with when. */
  readonly issuedTokens = new Map<string, number>()

  constructor(count: number, seed: number) {
    for (const g of generateProjects('opensolar', count, seed)) {
      const contact: OsContact = {
        id: this.nextContactId++,
        first_name: g.customer.first,
        family_name: g.customer.last,
        email: g.customer.email,
        phone: g.customer.phone,
        date_of_birth: null,
        gender: 0,
        identifier: '',
      }
      this.contacts.set(contact.id, contact)
      const workflow = WORKFLOWS[0]!
      const project: OsProject = {
        id: this.nextProjectId++,
        identifier: '',
        title: g.address,
        address: g.address,
        locality: g.place.locality,
        state: g.place.region,
        zip: g.place.postcode,
        country_iso2: g.country,
        lat: g.lat,
        lon: g.lng,
        is_residential: true,
        lead_source: '',
        notes: g.notes,
        site_notes: g.siteNotes,
        serial_numbers_panels: g.serials.panels,
        serial_numbers_inverters: g.serials.inverters,
        serial_numbers_batteries: g.serials.batteries,
        number_of_phases: 1,
        roof_type: null,
        priority: 2,
        contactIds: [contact.id],
        workflow: {
          id: 3_500_000 + this.projects.size,
          workflow_id: workflow.id,
          active_stage_id: workflow.stages[g.stageIndex % workflow.stages.length]!.id,
        },
        usage: null,
        systemSummary: `${g.kw} kW · ${g.panelCount} × ${g.panel} · ${g.inverter}${g.battery ? ` · ${g.battery}` : ''}`,
        created_date: djangoTime(g.createdMs),
        modified_date: djangoTime(g.modifiedMs),
      }
      this.projects.set(project.id, project)
    }
  }
}
