import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { ProjectSummary } from '../../../src-shared/contract'
import { VENDORS } from './vendors'

const ROW_HEIGHT = 58

export interface ProjectListProps {
  /** Rows by index; undefined for rows not loaded yet (shown as placeholders). */
  rowAt: (index: number) => ProjectSummary | undefined
  count: number
  selectedId: string | null
  onSelect: (id: string) => void
  /** The rows on screen (with some around them), so the caller can load those pages. */
  onRange?: (start: number, end: number) => void
  /** Enter on the selected row (opens its editor). */
  onOpen?: (id: string) => void
  /** Bring this row into view (a pin chosen on the map); changes to the same index count again. */
  scrollTo?: { index: number } | null
  label: string
}

/** The virtualised project list: only the rows on screen exist in the DOM, so 100 000 projects scroll like 100. */
export function ProjectList({
  rowAt,
  count,
  selectedId,
  onSelect,
  onRange,
  onOpen,
  scrollTo,
  label,
}: ProjectListProps) {
  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const items = virtualizer.getVirtualItems()
  const firstIndex = items[0]?.index ?? 0
  const lastIndex = items.at(-1)?.index ?? 0
  useEffect(() => onRange?.(firstIndex, lastIndex), [firstIndex, lastIndex, onRange])
  useEffect(() => {
    if (scrollTo) virtualizer.scrollToIndex(scrollTo.index, { align: 'auto' })
  }, [scrollTo, virtualizer])

  // The selected row is looked for among those on screen: the list is a window, not all in memory.
  const selectedIndex = items.find((item) => rowAt(item.index)?.id === selectedId)?.index ?? null
  const moveSelection = (delta: number) => {
    const next = Math.min(count - 1, Math.max(0, (selectedIndex ?? -1) + delta))
    const row = rowAt(next)
    if (row) {
      onSelect(row.id)
      virtualizer.scrollToIndex(next, { align: 'auto' })
    }
  }

  return (
    <div
      ref={scroller}
      className="project-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault()
          moveSelection(event.key === 'ArrowDown' ? 1 : -1)
        }
        if (event.key === 'Enter' && selectedId) {
          event.preventDefault()
          onOpen?.(selectedId)
        }
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const project = rowAt(item.index)
          return (
            <div
              key={item.key}
              className="project-row-slot"
              style={{ transform: `translateY(${item.start}px)`, height: item.size }}
            >
              {project ? (
                <ProjectRow project={project} selected={project.id === selectedId} onSelect={onSelect} />
              ) : (
                <div className="project-row placeholder" aria-hidden="true" />
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}

function ProjectRow({
  project,
  selected,
  onSelect,
}: {
  project: ProjectSummary
  selected: boolean
  onSelect: (id: string) => void
}) {
  const vendor = VENDORS[project.vendor]
  return (
    <div
      role="option"
      aria-selected={selected}
      className={`project-row${selected ? ' selected' : ''}`}
      onClick={() => onSelect(project.id)}
    >
      <span className="vendor-dot" style={{ background: vendor.color }} title={vendor.name} />
      <div className="project-row-text">
        <div className="project-row-title">{project.title}</div>
        <div className="project-row-sub">{[project.locality, project.customerName].filter(Boolean).join(' · ')}</div>
      </div>
      <div className="project-row-meta">
        {project.stage && <span className="stage-chip">{project.stage}</span>}
        {project.pending > 0 && (
          <span className="pending-badge" title={`${project.pending} change(s) not yet sent`}>
            ◷ {project.pending}
          </span>
        )}
      </div>
    </div>
  )
}
