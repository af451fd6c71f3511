import { useId } from 'react'
import type { Usage } from '../../../src-shared/contract'

type Source = Usage['usage_data_source']

/** OpenSolar's ten data sources (opensolar-projects.txt, "Supported Usage Values"): what each asks for. */
const SOURCES: Record<Source, { label: string; periods: string[] | 'one' | 'estimate' }> = {
  kwh_annual: { label: 'Annual consumption (kWh)', periods: 'one' },
  kwh_monthly: { label: 'Monthly consumption (kWh)', periods: months() },
  kwh_every_second_month: { label: 'Bi-monthly consumption (kWh)', periods: pairs() },
  kwh_quarterly: { label: 'Quarterly consumption (kWh)', periods: ['Q1', 'Q2', 'Q3', 'Q4'] },
  kwh_daily_per_month: { label: 'Daily consumption, per month (kWh)', periods: months() },
  bill_annual: { label: 'Annual bill', periods: 'one' },
  bill_monthly: { label: 'Monthly bills', periods: months() },
  bill_every_second_month: { label: 'Bi-monthly bills', periods: pairs() },
  bill_quarterly: { label: 'Quarterly bills', periods: ['Q1', 'Q2', 'Q3', 'Q4'] },
  estimate: { label: 'Estimate', periods: 'estimate' },
}

function months() {
  return ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
}
function pairs() {
  return ['Jan–Feb', 'Mar–Apr', 'May–Jun', 'Jul–Aug', 'Sep–Oct', 'Nov–Dec']
}

export interface UsageDraft {
  source: Source
  /** One entry per period, as typed. */
  values: string[]
}

export function usageDraftOf(usage: Usage | null): UsageDraft | null {
  if (!usage) return null
  return {
    source: usage.usage_data_source,
    values: Array.isArray(usage.values) ? usage.values.map(String) : [String(usage.values)],
  }
}

/** The draft as OpenSolar's shape, or why it is not one yet. */
export function usageOf(draft: UsageDraft): { usage: Usage } | { problem: string } {
  const spec = SOURCES[draft.source].periods
  if (spec === 'estimate') {
    const value = draft.values[0]
    return value === 'Low' || value === 'Medium' || value === 'High'
      ? { usage: { usage_data_source: 'estimate', values: value } }
      : { problem: 'Pick Low, Medium or High.' }
  }
  const count = spec === 'one' ? 1 : spec.length
  const numbers = draft.values.slice(0, count).map((v) => Number(v))
  if (numbers.length < count || numbers.some((n, i) => draft.values[i]?.trim() === '' || !Number.isInteger(n) || n < 0))
    return { problem: 'Energy use takes whole numbers, 0 or more, one for each period.' }
  return {
    usage: { usage_data_source: draft.source, values: spec === 'one' ? numbers[0] : numbers } as Usage,
  }
}

export function UsageEditor(props: { value: UsageDraft | null; onChange: (draft: UsageDraft) => void }) {
  const id = useId()
  const draft = props.value ?? { source: 'kwh_annual' as Source, values: [''] }
  const spec = SOURCES[draft.source].periods
  const setValue = (index: number, value: string) => {
    const values = [...draft.values]
    values[index] = value
    props.onChange({ ...draft, values })
  }
  return (
    <fieldset className="usage-editor">
      <legend>Energy use</legend>
      <label className="editor-field" htmlFor={`${id}-source`}>
        <span>Measured as</span>
        <select
          id={`${id}-source`}
          value={draft.source}
          onChange={(e) => {
            const source = e.target.value as Source
            const periods = SOURCES[source].periods
            props.onChange({
              source,
              values: periods === 'one' || periods === 'estimate' ? [''] : periods.map(() => ''),
            })
          }}
        >
          {(Object.keys(SOURCES) as Source[]).map((source) => (
            <option key={source} value={source}>
              {SOURCES[source].label}
            </option>
          ))}
        </select>
      </label>
      {spec === 'estimate' ? (
        <label className="editor-field" htmlFor={`${id}-estimate`}>
          <span>Estimate</span>
          <select id={`${id}-estimate`} value={draft.values[0] ?? ''} onChange={(e) => setValue(0, e.target.value)}>
            <option value="">—</option>
            <option value="Low">Low</option>
            <option value="Medium">Medium</option>
            <option value="High">High</option>
          </select>
        </label>
      ) : spec === 'one' ? (
        <label className="editor-field" htmlFor={`${id}-one`}>
          <span>{SOURCES[draft.source].label}</span>
          <input
            id={`${id}-one`}
            inputMode="numeric"
            value={draft.values[0] ?? ''}
            onChange={(e) => setValue(0, e.target.value)}
          />
        </label>
      ) : (
        <div className="usage-periods">
          {spec.map((period, index) => (
            <label key={period} htmlFor={`${id}-${index}`}>
              <span>{period}</span>
              <input
                id={`${id}-${index}`}
                inputMode="numeric"
                value={draft.values[index] ?? ''}
                onChange={(e) => setValue(index, e.target.value)}
              />
            </label>
          ))}
        </div>
      )}
    </fieldset>
  )
}
