import { type Kysely, type SelectQueryBuilder, sql } from 'kysely'
import {
  type MethodOutput,
  type ParsedInput,
  type ProjectDetail,
  type ProjectFilter,
  type ProjectPins,
  type ProjectSummary,
  Usage,
  Vendor,
} from '../../src-shared/contract'
import type { Database } from '../db/schema'
import { CAPABILITIES } from '../providers/capabilities'
import { VENDOR_MODULES } from '../providers/vendors'
import { AppError } from '../errors'
import { toFtsQuery } from './fts-query'
import { beyond, decodeCursor, encodeCursor, keyColumns, listOrder, orderBy } from './list-order'
import { remoteJsonOf } from './remote-copy'
import { FIELD_COLUMNS, fieldsOfRow } from '../sync/outbox/project-columns'
import { toProjectFields } from '../sync/fields'

/** The columns of every declared project field, as a project's detail reads them. */
const DECLARED_COLUMNS = Object.values(FIELD_COLUMNS).map((column) => `projects.${column}` as const)

/** Ops on a project or its files the vendor has not acknowledged yet; drives the pending badge. */
const pendingOps = sql<number>`(
  (select count(*) from outbox where outbox.entity_key = 'project:' || projects.id and outbox.state != 'sent')
  + (select count(*) from files join outbox on outbox.entity_key = 'file:' || files.id
     where files.project_id = projects.id and outbox.state != 'sent'))`

const UNSENT = sql.raw(`('queued', 'sending', 'failed', 'parked', 'conflict')`)

/**
 * The projects with an op not acknowledged yet, their own or a file's: read off the outbox's state index,
 * so it costs what is unsent (a few), not what was ever sent.
 */
const unsentProjectIds = sql`(
  select substr(entity_key, 9) as id from outbox where state in ${UNSENT} and entity_key like 'project:%'
  union
  select files.project_id from outbox join files on outbox.entity_key = 'file:' || files.id
  where outbox.state in ${UNSENT})`

/** Live rows only, said as a literal so the partial indexes (`where deleted = 0`) apply. */
const LIVE = sql<boolean>`projects.deleted = 0`

/** The workspace's filters as one condition on `projects`, for any query that has that table. */
function filterCondition(filter: ProjectFilter) {
  const parts = [LIVE]
  if (filter.vendor) parts.push(sql<boolean>`projects.provider = ${filter.vendor}`)
  if (filter.accountId) parts.push(sql<boolean>`projects.account_id = ${filter.accountId}`)
  if (filter.stage) parts.push(sql<boolean>`projects.stage = ${filter.stage}`)
  if (filter.pending) parts.push(sql<boolean>`projects.id in ${unsentProjectIds}`)
  if (filter.conflicts)
    parts.push(sql<boolean>`projects.id in (select project_id from conflicts where resolved_at is null)`)
  return sql<boolean>`(${sql.join(parts, sql` and `)})`
}

const filterOf = (input: ProjectFilter): ProjectFilter => ({
  vendor: input.vendor,
  accountId: input.accountId,
  stage: input.stage,
  pending: input.pending,
  conflicts: input.conflicts,
})

/** A search matching more than this is not ranked (a letter or two typed): some matches, in index order. */
const RANK_AT_MOST = 1000

/** Read side of the project cache: what the list, search, map and detail pane show. */
export class ProjectQueries {
  constructor(private readonly db: Kysely<Database>) {}

  /** A page of the list as a query (list runs it; a test reads its plan: every order must use an index). */
  listQuery(input: ParsedInput<'projects.list'>) {
    const order = listOrder(input.sort, input.direction)
    const query = this.selectSummary(this.db.selectFrom('projects').where(filterCondition(filterOf(input))))
      .select(keyColumns(order))
      .orderBy(orderBy(order))
      .limit(input.limit)
    // After a row: read on from its key (an index seek). Else from a position: the index walks to it.
    return input.after ? query.where(beyond(order, decodeCursor(input.after, order))) : query.offset(input.offset)
  }

  async list(input: ParsedInput<'projects.list'>): Promise<MethodOutput<'projects.list'>> {
    const filter = filterOf(input)
    const order = listOrder(input.sort, input.direction)
    const rows = await this.listQuery(input).execute()
    const last = rows.at(-1) as Record<string, unknown> | undefined
    const total = await this.countMatching(filter)
    return {
      items: rows.map(toSummary),
      total,
      offset: input.offset,
      next: last && rows.length === input.limit ? encodeCursor(order.terms.map((_, i) => last[`k${i}`])) : null,
    }
  }

  /**
   * How many projects a filter keeps. Vendor, account and stage are read from the counts the database
   * keeps as rows change (migrations/0009); unsent and conflicts, from the few rows they concern.
   */
  async countMatching(filter: ProjectFilter): Promise<number> {
    if (!filter.pending && !filter.conflicts) {
      let counts = this.db.selectFrom('project_counts').select((eb) => eb.fn.sum<number>('n').as('n'))
      if (filter.vendor) counts = counts.where('provider', '=', filter.vendor)
      if (filter.accountId) counts = counts.where('account_id', '=', filter.accountId)
      if (filter.stage) counts = counts.where('stage', '=', filter.stage)
      return Number((await counts.executeTakeFirst())?.n ?? 0)
    }
    const { n } = await this.db
      .selectFrom('projects')
      .where(filterCondition(filter))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(n)
  }

  /**
   * Ranked by bm25 (title and address count most) when the words match at most RANK_AT_MOST projects;
   * beyond that ("s", "12") ranking would read every match for a list nobody scrolls: the first matches
   * are shown and the answer says it is not complete.
   */
  async search(input: ParsedInput<'projects.search'>): Promise<MethodOutput<'projects.search'>> {
    const match = toFtsQuery(input.text)
    if (!match) return { items: [], total: 0, complete: true }
    const matching = this.db.selectFrom('projects_fts').where(sql<boolean>`projects_fts match ${match}`)
    const some = await matching
      .select('rowid')
      .limit(RANK_AT_MOST + 1)
      .execute()
    const complete = some.length <= RANK_AT_MOST
    const seqs = some.slice(0, RANK_AT_MOST).map((r) => r.rowid)
    if (!seqs.length) return { items: [], total: 0, complete }
    const ranked = complete
      ? (
          await matching
            .select('rowid')
            // title, address, locality, postcode, customer, notes, serials, equipment
            .orderBy(sql`bm25(projects_fts, 10.0, 8.0, 4.0, 6.0, 6.0, 1.0, 3.0, 2.0)`)
            .execute()
        ).map((r) => r.rowid)
      : seqs
    const rows = await this.selectSummary(this.db.selectFrom('projects'))
      .select('projects.seq')
      .where('projects.seq', 'in', ranked)
      .where(filterCondition(filterOf(input)))
      .execute()
    const bySeq = new Map(rows.map((row) => [row.seq, row]))
    const kept = ranked.flatMap((seq) => {
      const row = bySeq.get(seq)
      return row ? [row] : []
    })
    return { items: kept.slice(0, input.limit).map(toSummary), total: kept.length, complete }
  }

  /**
   * The map's pins, a chunk at a time in pin order, as columns. Unsent changes are read once per chunk
   * from the outbox's few unsent rows, not counted per pin.
   */
  async locations(input: ParsedInput<'projects.locations'>): Promise<MethodOutput<'projects.locations'>> {
    let query = this.db
      .selectFrom('projects')
      .select(['projects.seq', 'projects.provider', 'projects.lat', 'projects.lng', 'projects.id'])
      .where(filterCondition(filterOf(input)))
      .where('projects.lat', 'is not', null)
      .where('projects.lng', 'is not', null)
      .orderBy('projects.seq')
      .limit(input.limit)
    if (input.after !== undefined) query = query.where('projects.seq', '>', input.after)
    const rows = await query.execute()
    const unsent = new Set(
      (await sql<{ id: string }>`select id from ${unsentProjectIds}`.execute(this.db)).rows.map((r) => r.id),
    )
    // Open alerts are few and indexed (migrations/0012): read once per chunk, as the unsent changes are.
    const alerting = new Set(
      (
        await this.db
          .selectFrom('alerts')
          .select('project_id')
          .distinct()
          .where('project_id', 'is not', null)
          .where('ended_at', 'is', null)
          .execute()
      ).map((r) => r.project_id),
    )
    const pins: ProjectPins = { pin: [], lat: [], lng: [], vendor: [], pending: [], alert: [] }
    for (const row of rows) {
      pins.pin.push(row.seq)
      pins.lat.push(row.lat!)
      pins.lng.push(row.lng!)
      pins.vendor.push(VENDOR_INDEX[row.provider])
      pins.pending.push(unsent.has(row.id) ? 1 : 0)
      pins.alert.push(alerting.has(row.id) ? 1 : 0)
    }
    return { pins, next: rows.length === input.limit ? rows.at(-1)!.seq : null }
  }

  async atPin(pin: number): Promise<{ id: string }> {
    const row = await this.db.selectFrom('projects').select('id').where('seq', '=', pin).where(LIVE).executeTakeFirst()
    if (!row) throw new AppError('not_found', 'That project is no longer in the local cache.')
    return row
  }

  /** How many rows come before this project in the list as sorted and filtered; null if it is not in it. */
  async position(input: ParsedInput<'projects.position'>): Promise<{ index: number | null }> {
    const order = listOrder(input.sort, input.direction)
    const filter = filterCondition(filterOf(input))
    const target = await this.db
      .selectFrom('projects')
      .select(keyColumns(order))
      .where('projects.id', '=', input.id)
      .where(filter)
      .executeTakeFirst()
    if (!target) return { index: null }
    const key = order.terms.map((_, i) => (target as Record<string, unknown>)[`k${i}`])
    const { n } = await this.db
      .selectFrom('projects')
      .where(filter)
      .where(beyond(order, key, true))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return { index: Number(n) }
  }

  async facets(): Promise<{ stages: string[] }> {
    const rows = await this.db
      .selectFrom('project_counts')
      .select('stage')
      .distinct()
      .where('n', '>', 0)
      .where('stage', '!=', '')
      .orderBy('stage')
      .execute()
    return { stages: rows.map((r) => r.stage) }
  }

  /**
   * The project a link names by its vendor and the vendor's id (solarfield://project/…): the first
   * account's, when two accounts of that vendor hold one by that id; null when none here does.
   */
  async byRemoteId(vendor: Vendor, remoteId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('projects')
      .innerJoin('accounts', 'accounts.id', 'projects.account_id')
      .select('projects.id')
      .where('projects.provider', '=', vendor)
      .where('projects.remote_id', '=', remoteId)
      .where('projects.deleted', '=', 0)
      .orderBy('accounts.created_at')
      .limit(1)
      .executeTakeFirst()
    return row?.id ?? null
  }

  async get(id: string): Promise<ProjectDetail> {
    const row = await this.selectSummary(
      this.db.selectFrom('projects').where('projects.id', '=', id).where('projects.deleted', '=', 0),
    )
      .select([
        sql<string>`(select label from accounts where accounts.id = projects.account_id)`.as('account_label'),
        'projects.remote_id',
        ...DECLARED_COLUMNS,
        'projects.system_summary',
        'projects.created_remote',
        remoteJsonOf('projects.seq').as('remote_json'),
      ])
      .executeTakeFirst()
    if (!row)
      throw new AppError('not_found', 'This project is no longer in the local cache. Pick another from the list.')
    return {
      ...toSummary(row),
      // Every declared field, from its column (usage read back from its canonical text below).
      ...(toProjectFields(fieldsOfRow(row)) as Omit<ProjectDetail, 'usage'>),
      remoteId: row.remote_id,
      accountLabel: row.account_label,
      systemSummary: row.system_summary,
      createdAt: row.created_remote,
      editableFields: [...CAPABILITIES[row.provider].fields],
      canDelete: CAPABILITIES[row.provider].delete,
      stageOptions: await this.stageOptions(row),
      usage: usageFromText(row.usage_json),
      choices: VENDOR_MODULES[row.provider].choices,
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
      .selectFrom('project_counts')
      .select('stage')
      .distinct()
      .where('account_id', '=', row.account_id)
      .where('n', '>', 0)
      .where('stage', '!=', '')
      .execute()
    const stages = seen.map((s) => s.stage)
    if (row.stage && !stages.includes(row.stage)) stages.push(row.stage)
    return stages.sort((a, b) => a.localeCompare(b))
  }

  async count(): Promise<number> {
    return this.countMatching({})
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
      'projects.seq',
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
  seq: number
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
  pin: row.seq,
})

const VENDOR_INDEX = Object.fromEntries(Vendor.options.map((v, i) => [v, i])) as Record<Vendor, number>

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
