import { describe, expect, it } from 'vitest'
import { RECORD_LIMITS, shapeProblem } from '../../../src-main/providers/http/answer-shape'
import { readJson } from '../../../src-main/providers/http/json-answer'

/** The text followed by a megabyte of white space: read a piece at a time. */
const big = (text: string) => Buffer.concat([Buffer.from(text), Buffer.alloc(1024 * 1024, 32)])
const bytes = (text: string) => Buffer.from(text)

describe('reading a vendor’s JSON', () => {
  it.each([
    ['an object', '{"a":[1,2,{"b":"c"}],"d":null}'],
    ['a bare array', '[1,"two",true,null]'],
    ['escapes and emoji', '{"a":"\\ud83d\\ude00 \\u00e9 \\n"}'],
    ['a number too large to hold', '{"a":1e999}'],
    ['a prototype key as an own key', '{"__proto__":{"polluted":1},"a":1}'],
  ])('reads %s a piece at a time as JSON.parse reads it whole', async (_name, text) => {
    const expected = JSON.parse(text) as unknown
    expect(await readJson(bytes(text))).toEqual(expected)
    const streamed = (await readJson(big(text))) as Record<string, unknown>
    expect(streamed).toEqual(expected)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it.each([
    ['cut off', '{"a":[1,2'],
    ['text after the value', '{"a":1} {"b":2}'],
    ['nothing at all', ''],
    ['not JSON', '<html>Bad gateway</html>'],
  ])('refuses an answer %s, whatever its size', async (_name, text) => {
    await expect(readJson(bytes(text))).rejects.toThrow(SyntaxError)
    await expect(readJson(big(text))).rejects.toThrow(SyntaxError)
  })

  it('gives the thread back while it reads a large answer', async () => {
    const records = Array.from({ length: 40_000 }, (_, i) => ({ id: i, name: `Project ${i}`, notes: 'n'.repeat(200) }))
    const answer = Buffer.from(JSON.stringify(records))
    let turns = 0
    const timer = setInterval(() => turns++, 0)
    const read = (await readJson(answer)) as unknown[]
    clearInterval(timer)
    expect(read).toHaveLength(40_000)
    // JSON.parse would have read it in one go, with no turn for a timer between.
    expect(turns).toBeGreaterThan(5)
  })
})

describe('the shape of one record', () => {
  const nested = (depth: number) => {
    const root: Record<string, unknown> = {}
    let at = root
    for (let i = 0; i < depth; i++) at = at['a'] = {}
    return root
  }
  it.each([
    ['a documented project', { id: 1, title: 'x', contacts_data: [{ id: 2 }], workflow: { stages: [[1]] } }, null],
    ['a record 64 levels deep', nested(63), null],
    ['one 100,000 levels deep', nested(100_000), 'it is nested more than 64 levels deep'],
    [
      'one holding too many values',
      { list: Array.from({ length: RECORD_LIMITS.maxValues }, () => 0) },
      'it holds more than 200,000 values',
    ],
    ['one holding too much text', { notes: 'x'.repeat(RECORD_LIMITS.maxChars + 1) }, 'it is larger than 8 MB'],
  ])('%s', (_name, value, problem) => expect(shapeProblem(value)).toBe(problem))
})
