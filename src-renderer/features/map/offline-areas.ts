// Offline map areas on the map: each area's PMTiles archive read a range at a time through
// the app's own contract (`maps.read`), never from the network, drawn with the Protomaps basemap style.
// Labels are drawn by maplibre on this computer (no glyph server) in the bundled Noto Sans.
import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps'
import type * as maplibregl from 'maplibre-gl'
import { PMTiles, Protocol, type Source } from 'pmtiles'
import type { MapArea } from '../../../src-shared/contract'

type ReadArea = (id: string, offset: number, length: number) => Promise<ArrayBuffer>

/** An area's bytes, asked of main: the archive is on this computer, in the app's store. */
class AreaSource implements Source {
  constructor(
    private readonly id: string,
    private readonly read: ReadArea,
  ) {}
  getKey = () => `area-${this.id}`
  async getBytes(offset: number, length: number) {
    return { data: await this.read(this.id, offset, length) }
  }
}

let protocol: Protocol | null = null
/** One `pmtiles://` protocol for the page, every area added to it. */
function protocolFor(maplibre: typeof maplibregl): Protocol {
  if (!protocol) {
    protocol = new Protocol()
    maplibre.addProtocol('pmtiles', protocol.tile)
  }
  return protocol
}

/** The Protomaps layers that need nothing the app does not bundle (no sprite icons, no patterns). */
function areaLayers(sourceId: string, dark: boolean): maplibregl.LayerSpecification[] {
  return protomapsLayers(sourceId, namedFlavor(dark ? 'dark' : 'light'), { lang: 'en' })
    .filter((layer) => layer.type !== 'background')
    .filter((layer) => !JSON.stringify(layer).match(/"(icon-image|fill-pattern|line-pattern)"/))
    .map((layer) => ({ ...layer, id: `${sourceId}:${layer.id}` }))
}

/**
 * Shows these areas on the map under the project pins (`beforeId`), replacing any shown before (an
 * area removed, the theme changed). Returns the ids of the layers added.
 */
export function showAreas(
  maplibre: typeof maplibregl,
  map: maplibregl.Map,
  areas: readonly MapArea[],
  read: ReadArea,
  options: { dark: boolean; beforeId: string },
): void {
  const style = map.getStyle()
  for (const layer of style.layers) if (layer.id.startsWith('area-')) map.removeLayer(layer.id)
  for (const id of Object.keys(style.sources)) if (id.startsWith('area-')) map.removeSource(id)
  const pmtiles = protocolFor(maplibre)
  for (const area of areas) {
    const source = new AreaSource(area.id, read)
    pmtiles.add(new PMTiles(source))
    const sourceId = source.getKey()
    map.addSource(sourceId, {
      type: 'vector',
      url: `pmtiles://${sourceId}`,
      attribution: area.source === 'demo' ? 'Demo streets (invented)' : area.name,
    })
    for (const layer of areaLayers(sourceId, options.dark)) map.addLayer(layer, options.beforeId)
  }
}
