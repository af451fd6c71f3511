// The ordered list of migrations the app ships. Static imports so the bundler includes them;
// a test checks every numbered file in this folder is listed here.
import type { Migration } from 'kysely'
import * as m0001 from './0001-initial'
import * as m0002 from './0002-conflicts'
import * as m0003 from './0003-files'
import * as m0004 from './0004-monitoring'
import * as m0005 from './0005-outbox-in-flight'
import * as m0006 from './0006-outbox-waiting-for'
import * as m0007 from './0007-project-details'
import * as m0008 from './0008-search-postcode-equipment'
import * as m0009 from './0009-counts-and-sort-index'
import * as m0010 from './0010-project-remote-copies'
import * as m0011 from './0011-search-prefixes'
import * as m0012 from './0012-cached-series-ranges'
import * as m0013 from './0013-project-site-links'
import * as m0014 from './0014-map-areas'
import * as m0015 from './0015-kept-map-areas'
import * as m0016 from './0016-project-refs-per-account'

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-conflicts': m0002,
  '0003-files': m0003,
  '0004-monitoring': m0004,
  '0005-outbox-in-flight': m0005,
  '0006-outbox-waiting-for': m0006,
  '0007-project-details': m0007,
  '0008-search-postcode-equipment': m0008,
  '0009-counts-and-sort-index': m0009,
  '0010-project-remote-copies': m0010,
  '0011-search-prefixes': m0011,
  '0012-cached-series-ranges': m0012,
  '0013-project-site-links': m0013,
  '0014-map-areas': m0014,
  '0015-kept-map-areas': m0015,
  '0016-project-refs-per-account': m0016,
}
