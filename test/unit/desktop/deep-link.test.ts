import { describe, expect, it } from 'vitest'
import { linkInArguments, parseDeepLink } from '../../../src-main/desktop/deep-link'

describe('solarfield:// links', () => {
  it.each([
    ['an OpenSolar project', 'solarfield://project/opensolar/3700280', { vendor: 'opensolar', remoteId: '3700280' }],
    [
      'an Aurora project (uuid)',
      'solarfield://project/aurora/6a2c-9f_1.b',
      { vendor: 'aurora', remoteId: '6a2c-9f_1.b' },
    ],
    ['a Locus site', 'solarfield://project/locus/123', { vendor: 'locus', remoteId: '123' }],
  ])('opens %s', (_name, link, expected) => expect(parseDeepLink(link)).toEqual(expected))

  it.each([
    ['another scheme', 'https://project/opensolar/1'],
    ['another kind of thing', 'solarfield://settings/opensolar/1'],
    ['an unknown vendor', 'solarfield://project/evilcorp/1'],
    ['a missing id', 'solarfield://project/opensolar'],
    ['an extra segment', 'solarfield://project/opensolar/1/delete'],
    ['a traversal', 'solarfield://project/opensolar/..%2F..%2Fetc'],
    ['an encoded slash', 'solarfield://project/opensolar/1%2F2'],
    ['a query', 'solarfield://project/opensolar/1?token=x'],
    ['a fragment', 'solarfield://project/opensolar/1#x'],
    ['credentials', 'solarfield://user:pass@project/opensolar/1'],
    ['a port', 'solarfield://project:8080/opensolar/1'],
    ['spaces and quotes', 'solarfield://project/opensolar/1" --inspect'],
    ['an id too long', `solarfield://project/opensolar/${'1'.repeat(65)}`],
    ['a link too long', `solarfield://project/opensolar/1${'/'.repeat(400)}`],
    ['not a link', 'not a link'],
  ])('refuses %s', (_name, link) => expect(parseDeepLink(link)).toBeNull())

  it('finds the link among the arguments a second start is given', () => {
    const argv = ['/opt/Solar Field/solar-field', '--allow-file-access', 'solarfield://project/easypv/1353680']
    expect(linkInArguments(argv)).toEqual({ vendor: 'easypv', remoteId: '1353680' })
    expect(linkInArguments(['/opt/Solar Field/solar-field'])).toBeNull()
  })
})
