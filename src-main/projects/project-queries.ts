import { type Kysely, type SelectQueryBuilder, sql } from 'kysely'
import {
  EASYPV_BUILD_DATES,
  type MethodOutput,
  type ParsedInput,
  type ProjectDetail,
  type ProjectFilter,
  type ProjectSortField,
  type ProjectSummary,
  Usage,
  type Vendor,
} from '../../src-preload/contract'
import type { Database } from '../db/schema'
import { CAPABILITIES } from '../providers/capabilities'
import { AppError } from '../errors'
import { toFtsQuery } from './fts-query'

/** Ops on a project or its files the vendor has not acknowledged yet; drives the pending badge. */
const pendingOps = sql<number>`(
  (select count(*) from outbox where outbox.entity_key = 'project:' || projects.id and outbox.state != 'sent')
  + (select count(*) from files join outbox on outbox.entity_key = 'file:' || files.id
     where files.project_id = projects.id and outbox.state != 'sent'))`

const SORT_COLUMN: Record<ProjectSortField, string> = {
  title: 'projects.title_sort',
  locality: 'projects.locality',
  stage: 'projects.stage',
  modifiedAt: 'coalesce(projects.modified_local, projects.modified_remote)',
}

/** The workspace's filters as one condition on `projects`, for any query that has that table. */
function filterCondition(filter: ProjectFilter) {
  const parts = [sql<boolean>`1 = 1`]
  if (filter.vendor) parts.push(sql<boolean>`projects.provider = ${filter.vendor}`)
  if (filter.accountId) parts.push(sql<boolean>`projects.account_id = ${filter.accountId}`)
  if (filter.stage) parts.push(sql<boolean>`projects.stage = ${filter.stage}`)
  if (filter.pending) parts.push(sql<boolean>`${pendingOps} > 0`)
  if (filter.conflicts)
    parts.push(
      sql<boolean>`exists (select 1 from conflicts where conflicts.project_id = projects.id and conflicts.resolved_at is null)`,
    )
  return sql<boolean>`(${sql.join(parts, sql` and `)})`
}

const filterOf = (input: ProjectFilter): ProjectFilter => ({
  vendor: input.vendor,
  accountId: input.accountId,
  stage: input.stage,
  pending: input.pending,
  conflicts: input.conflicts,
})

/** Read side of the project cache: what the list, search, map and detail pane show. */
export class ProjectQueries {
  constructor(private readonly db: Kysely<Database>) {}

  async list(input: ParsedInput<'projects.list'>): Promise<MethodOutput<'projects.list'>> {
    const base = this.db
      .selectFrom('projects')
      .where('projects.deleted', '=', 0)
      .where(filterCondition(filterOf(input)))
    const direction = sql.raw(input.direction === 'desc' ? 'desc' : 'asc')
    const rows = await this.selectSummary(base)
      .orderBy(sql`${sql.raw(SORT_COLUMN[input.sort])} ${direction} nulls last`)
      .orderBy('projects.id')
      .limit(input.limit)
      .offset(input.offset)
      .execute()
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
    return { items: rows.map(toSummary), total: Number(total), offset: input.offset }
  }

  async search(input: ParsedInput<'projects.search'>): Promise<MethodOutput<'projects.search'>> {
    const match = toFtsQuery(input.text)
    if (!match) return { items: [], total: 0 }
    // Rank inside the FTS index first (bm25 weights: title and address count most), then load the rows.
    const matches = this.db
      .selectFrom('projects_fts')
      .innerJoin('projects', 'projects.seq', 'projects_fts.rowid')
      .where(sql<boolean>`projects_fts match ${match}`)
      .where('projects.deleted', '=', 0)
      .where(filterCondition(filterOf(input)))
    const ranked = await matches
      .select('projects.seq')
      // title, address, locality, postcode, customer, notes, serials, equipment
      .orderBy(sql`bm25(projects_fts, 10.0, 8.0, 4.0, 6.0, 6.0, 1.0, 3.0, 2.0)`)
      .orderBy('projects.title_sort')
      .limit(input.limit)
      .execute()
    const { total } = await matches.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()
    if (!ranked.length) return { items: [], total: Number(total) }
    const rows = await this.selectSummary(this.db.selectFrom('projects'))
      .select('projects.seq')
      .where(
        'projects.seq',
        'in',
        ranked.map((r) => r.seq),
      )
      .execute()
    const bySeq = new Map(rows.map((row) => [row.seq, row]))
    const items = ranked.flatMap((r) => {
      const row = bySeq.get(r.seq)
      return row ? [toSummary(row)] : []
    })
    return { items, total: Number(total) }
  }

  async locations(input: ParsedInput<'projects.locations'>): Promise<MethodOutput<'projects.locations'>> {
    const query = this.db
      .selectFrom('projects')
      .where('projects.deleted', '=', 0)
      .where('projects.lat', 'is not', null)
      .where('projects.lng', 'is not', null)
      .where(filterCondition(filterOf(input)))
    const rows = await query.select(['id', 'provider', 'title', 'lat', 'lng', pendingOps.as('pending')]).execute()
    return {
      items: rows.map((r) => ({
        id: r.id,
        vendor: r.provider,
        title: r.title,
        lat: r.lat ?? 0,
        lng: r.lng ?? 0,
        pending: Number(r.pending),
      })),
    }
  }

  /** How many rows come before this project in the list as sorted and filtered; null if it is not in it. */
  async position(input: ParsedInput<'projects.position'>): Promise<{ index: number | null }> {
    const target = await this.db
      .selectFrom('projects')
      .select(['id', sql<unknown>`${sql.raw(SORT_COLUMN[input.sort])}`.as('key')])
      .where('id', '=', input.id)
      .where('deleted', '=', 0)
      .executeTakeFirst()
    if (!target) return { index: null }
    const base = this.db
      .selectFrom('projects')
      .where('projects.deleted', '=', 0)
      .where(filterCondition(filterOf(input)))
    if (!(await base.select('projects.id').where('projects.id', '=', input.id).executeTakeFirst()))
      return { index: null }
    const column = sql.raw(SORT_COLUMN[input.sort])
    const before = input.direction === 'desc' ? sql.raw('>') : sql.raw('<')
    // The list's order: the sort key (nulls last), then id.
    const { n } = await base
      .where(
        target.key === null
          ? sql<boolean>`(${column} is not null or projects.id < ${target.id})`
          : sql<boolean>`(${column} ${before} ${target.key} or (${column} = ${target.key} and projects.id < ${target.id}))`,
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return { index: Number(n) }
  }

  async facets(): Promise<{ stages: string[] }> {
    const rows = await this.db
      .selectFrom('projects')
      .select('stage')
      .distinct()
      .where('deleted', '=', 0)
      .where('stage', 'is not', null)
      .orderBy('stage')
      .execute()
    return { stages: rows.map((r) => r.stage!) }
  }

  async get(id: string): Promise<ProjectDetail> {
    const row = await this.selectSummary(
      this.db.selectFrom('projects').where('projects.id', '=', id).where('projects.deleted', '=', 0),
    )
      .select([
        sql<string>`(select label from accounts where accounts.id = projects.account_id)`.as('account_label'),
        'projects.remote_id',
        'projects.region',
        'projects.postcode',
        'projects.country',
        'projects.customer_email',
        'projects.customer_phone',
        'projects.notes',
        'projects.site_notes',
        'projects.serials_panels',
        'projects.serials_inverters',
        'projects.serials_batteries',
        'projects.system_summary',
        'projects.usage_json',
        'projects.build_date',
        'projects.mailing_address',
        'projects.created_remote',
        'projects.remote_json',
      ])
      .executeTakeFirst()
    if (!row)
      throw new AppError('not_found', 'This project is no longer in the local cache. Pick another from the list.')
    return {
      ...toSummary(row),
      remoteId: row.remote_id,
      accountLabel: row.account_label,
      region: row.region,
      postcode: row.postcode,
      country: row.country,
      customerEmail: row.customer_email,
      customerPhone: row.customer_phone,
      notes: row.notes,
      siteNotes: row.site_notes,
      serials: { panels: row.serials_panels, inverters: row.serials_inverters, batteries: row.serials_batteries },
      systemSummary: row.system_summary,
      createdAt: row.created_remote,
      editableFields: [...CAPABILITIES[row.provider].fields],
      canDelete: CAPABILITIES[row.provider].delete,
      stageOptions: await this.stageOptions(row),
      usage: usageFromText(row.usage_json),
      buildDate: row.build_date,
      mailingAddress: row.mailing_address,
      choices: CHOICES[row.provider],
    }
  }

  /**
   * Stages a project can move to, offline: the vendor's fixed list; for OpenSolar, the stages of the
   * project's workflow from its last server copy, else the stages seen on the account's projects.
   */
  private async stageOptions(row: {
    provider: Vendor
    account_id: string
    stage: string | null
    remote_json: string | null
  }): Promise<string[]> {
    const fixed = CAPABILITIES[row.provider].stages
    if (fixed) return [...fixed]
    if (!CAPABILITIES[row.provider].fields.includes('stage')) return []
    const fromWorkflow = workflowStages(row.remote_json)
    if (fromWorkflow.length) return fromWorkflow
    const seen = await this.db
      .selectFrom('projects')
      .select('stage')
      .distinct()
      .where('account_id', '=', row.account_id)
      .where('stage', 'is not', null)
      .execute()
    const stages = seen.map((s) => s.stage as string)
    if (row.stage && !stages.includes(row.stage)) stages.push(row.stage)
    return stages.sort((a, b) => a.localeCompare(b))
  }

  async count(): Promise<number> {
    const { total } = await this.db
      .selectFrom('projects')
      .where('deleted', '=', 0)
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow()
    return Number(total)
  }

  private selectSummary<O>(query: SelectQueryBuilder<Database, 'projects', O>) {
    return query.select([
      'projects.id',
      'projects.provider',
      'projects.account_id',
      'projects.title',
      'projects.address',
      'projects.locality',
      'projects.stage',
      'projects.customer_name',
      'projects.lat',
      'projects.lng',
      sql<string | null>`coalesce(projects.modified_local, projects.modified_remote)`.as('modified_at'),
      pendingOps.as('pending'),
    ])
  }
}

type SummaryRow = {
  id: string
  provider: ProjectSummary['vendor']
  account_id: string
  title: string
  address: string
  locality: string
  stage: string | null
  customer_name: string | null
  lat: number | null
  lng: number | null
  modified_at: string | null
  pending: number
}

const toSummary = (row: SummaryRow): ProjectSummary => ({
  id: row.id,
  vendor: row.provider,
  accountId: row.account_id,
  title: row.title,
  address: row.address,
  locality: row.locality,
  stage: row.stage,
  customerName: row.customer_name,
  lat: row.lat,
  lng: row.lng,
  modifiedAt: row.modified_at,
  pending: Number(row.pending),
})

/** Values fixed by a vendor, for the editor's pickers (the contract's enums). */
const CHOICES: Record<Vendor, Record<string, string[]>> = {
  opensolar: { usageSource: Usage.options.map((o) => o.shape.usage_data_source.value) },
  easypv: { buildDate: [...EASYPV_BUILD_DATES] },
  aurora: {},
  locus: {},
}

function usageFromText(text: string | null): Usage | null {
  if (!text) return null
  try {
    const usage = Usage.safeParse(JSON.parse(text))
    return usage.success ? usage.data : null
  } catch {
    return null
  }
}

/** OpenSolar's workflow stages from a project's server copy (`workflows` + `workflow.workflow_id`). */
function workflowStages(remoteJson: string | null): string[] {
  if (!remoteJson) return []
  try {
    const raw = JSON.parse(remoteJson) as {
      workflow?: { workflow_id?: number }
      workflows?: { id: number; workflow_stages?: { title: string }[] }[]
    }
    const workflow = raw.workflows?.find((w) => w.id === raw.workflow?.workflow_id)
    return workflow?.workflow_stages?.map((s) => s.title) ?? []
  } catch {
    return []
  }
}
