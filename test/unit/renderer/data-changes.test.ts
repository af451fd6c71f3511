import { describe, expect, it } from 'vitest'
import { showsChange } from '../../../src-renderer/api/data-changes'
import { DATA_FLOW } from '../../../src-shared/contract/data-flow'
import { contract } from '../../../src-shared/contract'

describe('which cached answers a change makes stale', () => {
  const edit = { domains: ['projects', 'outbox'] as const, projectIds: ['p1'] }

  it('re-reads lists of every project, and the one project edited, but not another project', () => {
    expect(showsChange(['projects.list', { limit: 200 }], { ...edit, domains: [...edit.domains] })).toBe(true)
    expect(showsChange(['projects.get', { id: 'p1' }], { ...edit, domains: [...edit.domains] })).toBe(true)
    expect(showsChange(['projects.get', { id: 'p2' }], { ...edit, domains: [...edit.domains] })).toBe(false)
    expect(showsChange(['outbox.list', { projectId: 'p2' }], { ...edit, domains: [...edit.domains] })).toBe(false)
    expect(showsChange(['outbox.list', {}], { ...edit, domains: [...edit.domains] })).toBe(true)
  })

  it('leaves what shows other kinds of data alone', () => {
    expect(showsChange(['maps.areas', {}], { domains: ['projects'], projectIds: null })).toBe(false)
    expect(showsChange(['preferences.get', {}], { domains: ['files'], projectIds: null })).toBe(false)
    expect(showsChange(['attachments.list', { projectId: 'p9' }], { domains: ['files'], projectIds: null })).toBe(true)
  })

  it('ignores keys that are not a contract method (a key of the window’s own)', () => {
    expect(showsChange(['something-else'], { domains: ['projects'], projectIds: null })).toBe(false)
  })

  it('has every method say what it reads or writes, and names the project by a key its input or answer has', () => {
    for (const method of Object.keys(contract) as (keyof typeof contract)[]) {
      const flow = DATA_FLOW[method]
      expect(flow, method).toBeDefined()
      if (flow.project) expect(Object.keys(contract[method].input.shape), method).toContain(flow.project)
      if (flow.answered) expect(Object.keys(contract[method].output.shape), method).toContain(flow.answered)
    }
  })
})
