import { describe, expect, it } from 'vitest'
import { readableMessages } from '../../../src-main/providers/http/errors'

// Each row: an error body a vendor sends (or could), and the words a technician is shown.
describe('readableMessages', () => {
  it.each([
    [
      'Aurora 2022.09 4xx',
      { errors: [{ message: 'something went wrong' }, { message: 'something else went wrong' }] },
      ['something went wrong', 'something else went wrong'],
    ],
    [
      'Aurora 404 (the doc says "error")',
      { error: [{ message: 'The project with id 1 could not be found' }] },
      ['The project with id 1 could not be found'],
    ],
    ['an error string', { error: 'Unauthorized' }, ['Unauthorized']],
    ['an error object', { error: { message: 'Token expired', code: 401 } }, ['Token expired']],
    ['errors as strings', { errors: ['name is required'] }, ['name is required']],
    [
      'errors keyed by field',
      { errors: { name: ["can't be blank"], address: ['is invalid'] } },
      ["name: can't be blank", 'address: is invalid'],
    ],
    ['errors without a message', { errors: [{ field: 'latitude', code: 'out_of_range' }] }, ['field: latitude']],
    ['DRF detail', { detail: 'Not found.' }, ['Not found.']],
    [
      'DRF fields',
      { title: ['This field may not be blank.'], non_field_errors: ['Bad.'] },
      ['title: This field may not be blank.', 'Bad.'],
    ],
    [
      'DRF nested',
      { workflow: { active_stage_id: ['Invalid pk "9".'] } },
      ['workflow.active_stage_id: Invalid pk "9".'],
    ],
    ['Easy PV', { status: 'error', message: 'projectId must be a number' }, ['projectId must be a number']],
    ['Locus', { statusCode: 429, message: 'Too many requests' }, ['Too many requests']],
    ['OAuth', { error: 'invalid_grant', error_description: 'Bad password' }, ['Bad password']],
    ['plain text', 'Service Unavailable', ['Service Unavailable']],
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>', []],
    ['nothing', null, []],
  ])('%s', (_name, body, words) => {
    const messages = readableMessages(body)
    expect(messages).toEqual(words)
    expect(messages.join(' ')).not.toContain('[object Object]')
  })

  it('cuts long messages and keeps at most ten', () => {
    const messages = readableMessages({ errors: Array.from({ length: 50 }, () => ({ message: 'x'.repeat(5000) })) })
    expect(messages).toHaveLength(10)
    expect(messages.every((m) => m.length <= 301)).toBe(true)
  })
})
