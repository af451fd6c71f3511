// A project's monitored site: the technician's choice where they made one, else the site
// that matches by position and address (site-match.ts), worked out from the sites near the project.
import type { Kysely } from 'kysely'
import type { MethodInput, MethodOutput } from '../../src-shared/contract'
import type { Database } from '../db/schema'
import { AppError } from '../errors'
import { distanceM, matchSites, NEARBY_M, type SiteMatch } from './site-match'
import { vendorsWhere } from '../providers/vendors'

/** The vendors whose projects are monitored sites. */
const MONITORING = vendorsWhere((v) => v.capabilities.monitoring)

type SiteFor = MethodOutput<'monitoring.siteFor'>
type SiteLink = NonNullable<SiteFor['site']>

const METRES_PER_DEGREE = 111_320

/** A site as the project's pane names it. */
const linkTo = (
  site: { id: string; title: string; address: string; locality: string },
  distance: number | null,
  sameAddress: boolean,
): SiteLink => ({
  projectId: site.id,
  title: site.title,
  address: [site.address, site.locality].filter(Boolean).join(', '),
  distanceM: distance === null ? null : Math.round(distance),
  sameAddress,
})

export class ProjectSites {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async siteFor(projectId: string): Promise<SiteFor> {
    const project = await this.db
      .selectFrom('projects')
      .select(['id', 'provider', 'lat', 'lng', 'address', 'postcode'])
      .where('id', '=', projectId)
      .where('deleted', '=', 0)
      .executeTakeFirst()
    if (!project) throw new AppError('not_found', 'This project is no longer in the local cache.')
    // A monitored site is its own: nothing to link.
    if (MONITORING.includes(project.provider)) return { site: null, chosenBy: null, offered: [] }
    const choice = await this.db
      .selectFrom('project_site_choices')
      .select('site_id')
      .where('project_id', '=', projectId)
      .executeTakeFirst()
    const located = project.lat !== null && project.lng !== null
    const nearby = located ? await this.sitesNear(project.lat!, project.lng!) : []
    const matched = located
      ? matchSites(
          { lat: project.lat!, lng: project.lng!, address: project.address, postcode: project.postcode || null },
          nearby.map((s) => ({ id: s.id, lat: s.lat!, lng: s.lng!, address: s.address, postcode: s.postcode || null })),
        )
      : { best: null, offered: [] }
    const linkOf = (match: SiteMatch): SiteLink =>
      linkTo(
        nearby.find((s) => s.id === match.id)!,
        match.distanceM,
        match.sameAddress,
      )
    const offered = matched.offered.map(linkOf)
    if (!choice)
      return { site: matched.best ? linkOf(matched.best) : null, chosenBy: matched.best ? 'match' : null, offered }
    if (choice.site_id === null) return { site: null, chosenBy: 'you', offered }
    // The technician's pick, wherever it is (they may know better than the positions).
    const picked = offered.find((o) => o.projectId === choice.site_id) ?? (await this.siteLink(choice.site_id, project))
    return { site: picked, chosenBy: 'you', offered }
  }

  async choose({ projectId, choice }: MethodInput<'monitoring.chooseSite'>): Promise<SiteFor> {
    if (choice === 'automatic') {
      await this.db.deleteFrom('project_site_choices').where('project_id', '=', projectId).execute()
    } else {
      const siteId = choice === 'none' ? null : choice.site
      if (siteId !== null) {
        const site = await this.db
          .selectFrom('projects')
          .select('id')
          .where('id', '=', siteId)
          .where('provider', 'in', MONITORING)
          .where('deleted', '=', 0)
          .executeTakeFirst()
        if (!site) throw new AppError('invalid_input', 'That is not a monitored site in the local cache.')
      }
      await this.db
        .insertInto('project_site_choices')
        .values({ project_id: projectId, site_id: siteId, chosen_at: this.now().toISOString() })
        .onConflict((oc) =>
          oc.column('project_id').doUpdateSet({ site_id: siteId, chosen_at: this.now().toISOString() }),
        )
        .execute()
    }
    return this.siteFor(projectId)
  }

  /** Monitored sites within NEARBY_M of a point (a box on the sites' own position index, then the circle). */
  private async sitesNear(lat: number, lng: number) {
    const dLat = NEARBY_M / METRES_PER_DEGREE
    const dLng = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180))
    const rows = await this.db
      .selectFrom('projects')
      .select(['id', 'title', 'address', 'locality', 'postcode', 'lat', 'lng'])
      .where('provider', 'in', MONITORING)
      .where('deleted', '=', 0)
      .where('lat', 'is not', null)
      .where('lat', '>=', lat - dLat)
      .where('lat', '<=', lat + dLat)
      .where('lng', '>=', lng - dLng)
      .where('lng', '<=', lng + dLng)
      .execute()
    return rows.filter((r) => distanceM({ lat, lng }, { lat: r.lat!, lng: r.lng! }) <= NEARBY_M)
  }

  private async siteLink(siteId: string, from: { lat: number | null; lng: number | null }): Promise<SiteLink | null> {
    const site = await this.db
      .selectFrom('projects')
      .select(['id', 'title', 'address', 'locality', 'lat', 'lng'])
      .where('id', '=', siteId)
      .where('deleted', '=', 0)
      .executeTakeFirst()
    if (!site) return null
    const known = from.lat !== null && from.lng !== null && site.lat !== null && site.lng !== null
    return linkTo(
      site,
      known ? distanceM({ lat: from.lat!, lng: from.lng! }, { lat: site.lat!, lng: site.lng! }) : null,
      false,
    )
  }
}
