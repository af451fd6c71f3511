import { describe, expect, it } from 'vitest'
import { contract, events, parseInput } from '../../../src-shared/contract'

describe('contract input validation', () => {
  it.each([
    ['limit above the maximum', 'projects.list', { limit: 501 }, 'limit'],
    ['limit missing', 'projects.list', {}, 'limit'],
    ['negative offset', 'projects.list', { limit: 10, offset: -1 }, 'offset'],
    ['unknown sort field', 'projects.list', { limit: 10, sort: 'customer' }, 'sort'],
    ['unknown key (strict)', 'projects.list', { limit: 10, drop: 'table' }, '(input)'],
    ['wrong type', 'projects.list', { limit: '10' }, 'limit'],
    ['blank search', 'projects.search', { text: '   ' }, 'text'],
    ['search too long', 'projects.search', { text: 'x'.repeat(201) }, 'text'],
    ['empty id', 'projects.get', { id: '' }, 'id'],
    ['array as input', 'projects.get', [], '(input)'],
    ['extra key on a no-input method', 'app.info', { x: 1 }, '(input)'],
    ['a file name with a slash', 'attachments.rename', { id: 'f', title: '../../etc/passwd' }, 'title'],
    ['a file name with a control character', 'attachments.rename', { id: 'f', title: 'a\u0000b.jpg' }, 'title'],
    ['a blank file name', 'attachments.begin', { projectId: 'p', title: '  ', size: 1 }, 'title'],
    ['a negative size', 'attachments.begin', { projectId: 'p', title: 'a.jpg', size: -1 }, 'size'],
    ['an empty file', 'attachments.begin', { projectId: 'p', title: 'a.jpg', size: 0 }, 'size'],
    ['a piece as text', 'attachments.write', { uploadId: 'u', offset: 0, bytes: 'AAAA' }, 'bytes'],
    ['an empty piece', 'attachments.write', { uploadId: 'u', offset: 0, bytes: new Uint8Array(0) }, 'bytes'],
    ['a piece over 512 kB', 'attachments.write', { uploadId: 'u', offset: 0, bytes: new Uint8Array(524_289) }, 'bytes'],
    ['too many tags', 'attachments.tag', { id: 'f', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
    ['a title with half an emoji', 'projects.update', { id: 'p', changes: { title: 'Roof \uD83D' } }, 'changes.title'],
    [
      'a title with a direction override',
      'projects.update',
      { id: 'p', changes: { title: 'evil\u202Egnp.exe' } },
      'changes.title',
    ],
    [
      'a customer name with a line break',
      'projects.update',
      { id: 'p', changes: { customerName: 'Ann\nLee' } },
      'changes.customerName',
    ],
    ['notes with a NUL', 'projects.update', { id: 'p', changes: { notes: 'gate\u0000code' } }, 'changes.notes'],
    [
      'a serial with an isolate',
      'projects.update',
      { id: 'p', changes: { serials: { inverters: '\u2066INV1' } } },
      'changes.serials.inverters',
    ],
    ['a file name with a direction override', 'attachments.rename', { id: 'f', title: 'photo\u202Egpj.exe' }, 'title'],
    ['a tag with a control character', 'attachments.tag', { id: 'f', tags: ['Site\u0007Photo'] }, 'tags.0'],
  ] as const)('rejects %s with a message naming the field', (_name, method, input, path) => {
    const result = parseInput(method, input)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('invalid_input')
    expect(result.error.message.startsWith(`${method}: `)).toBe(true)
    expect(result.error.issues?.map((i) => i.path)).toContain(path)
  })

  it('applies defaults to valid input', () => {
    const result = parseInput('projects.list', { limit: 50 })
    expect(result).toEqual({ ok: true, value: { limit: 50, offset: 0, sort: 'title', direction: 'asc' } })
  })

  it('takes a 512 kB piece and a file name with spaces and accents', () => {
    const biggest = new Uint8Array(524_288)
    expect(parseInput('attachments.write', { uploadId: 'u', offset: 0, bytes: biggest }).ok).toBe(true)
    // A Node Buffer (what the dev host's binary frames give) is bytes too.
    expect(parseInput('attachments.write', { uploadId: 'u', offset: 0, bytes: Buffer.alloc(10) }).ok).toBe(true)
    expect(parseInput('attachments.begin', { projectId: 'p', title: 'Café roof (north) 2.jpg', size: 10 }).ok).toBe(
      true,
    )
  })

  it('takes notes with line breaks and tabs, and names with accents and emoji', () => {
    const changes = { title: 'Café Müller ☀️', notes: 'Gate code 4412\n\tDog: friendly', customerName: 'Zoë O’Brien' }
    expect(parseInput('projects.update', { id: 'p', changes })).toMatchObject({ ok: true, value: { changes } })
  })

  it('trims search text', () => {
    const result = parseInput('projects.search', { text: '  bay st ' })
    expect(result.ok && result.value.text).toBe('bay st')
  })

  it('names every channel with a dotted feature.verb name', () => {
    for (const name of [...Object.keys(contract), ...Object.keys(events)]) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/)
  })
})
