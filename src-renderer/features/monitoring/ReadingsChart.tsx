// One chart of readings with uPlot: lines overlaid on the site's clock (its zone, across DST), a
// second axis when two units are shown, drag to zoom (double-click to undo), the legend reading out the
// values under the cursor.
import { useLayoutEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { MethodOutput } from '../../../src-shared/contract'
import { alignReadings, lineLabel, readingsForView, zonedDates } from './readings-table'

type Answer = MethodOutput<'monitoring.series'>

const COLORS = ['#1c7ed6', '#f08c00', '#2b8a3e', '#c2255c', '#7048e8', '#0b7285', '#e8590c', '#5c940d']

// Made once: a formatter per call costs more than the chart's drawing of a tick.
const NUMBER_FORMATS = [0, 1, 2].map((digits) => new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }))
const formatValue = (value: number | null | undefined, unit: string | null) => {
  if (value == null) return '—'
  const format = NUMBER_FORMATS[Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2]!
  return `${format.format(value)}${unit ? ` ${unit}` : ''}`
}

/** A site's clock for the chart, made once per zone (a zone's formatter is slow to build). */
const clocks = new Map<string, { siteTime: Intl.DateTimeFormat; tzDate: (ms: number) => Date }>()
function clockOf(zone: string) {
  let clock = clocks.get(zone)
  if (!clock) {
    clock = {
      siteTime: new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }),
      tzDate: zonedDates(zone),
    }
    clocks.set(zone, clock)
  }
  return clock
}

export interface ReadingsChartProps {
  answer: Answer
  /** Bars for energy per interval read better than a line when the intervals are days or months. */
  height?: number
}

export default function ReadingsChart({ answer, height = 260 }: ReadingsChartProps) {
  const holder = useRef<HTMLDivElement>(null)
  // Before the browser paints: the chart appears with the pane, not a frame after it, sized to it.
  useLayoutEffect(() => {
    const element = holder.current
    if (!element) return
    const table = alignReadings(answer.series)
    const { ts } = table
    const width = Math.max(200, element.clientWidth)
    // What is drawn: the readings in view, at most two per pixel column (a year of 15-minute data is
    // 35,040 per line); drawn again, finer, when the technician zooms in.
    const inView = (from: number, to: number, pixels: number) => {
      const view = readingsForView(table, from, to, Math.max(100, pixels))
      return [view.ts, ...view.columns] as unknown as uPlot.AlignedData
    }
    let redrawing = false
    // The range the drawn readings were picked for: the scale set to it again (at start) needs nothing new.
    let picked = { from: answer.range.start, to: answer.range.end }
    const units = [...new Set(answer.series.map((s) => s.unit ?? ''))]
    const scaleOf = (unit: string | null) => `u${Math.max(0, units.indexOf(unit ?? ''))}`
    const zone = answer.timeZone
    const { siteTime, tzDate } = clockOf(zone)
    // The canvas takes colours, not CSS variables: the theme's, read now.
    const style = getComputedStyle(element)
    const muted = style.getPropertyValue('--muted').trim() || '#66707a'
    const grid = style.getPropertyValue('--line').trim() || '#dfe3e8'
    const options: uPlot.Options = {
      width,
      height,
      ms: 1,
      tzDate,
      // The x scale is free (a drag zooms, a scroll pans); it starts at, and a double-click goes back to,
      // the whole period, not just the stretch that has readings.
      scales: { x: { time: true } },
      cursor: {
        drag: { x: true, y: false },
        bind: {
          dblclick: () => () => {
            showWhole()
            return null
          },
        },
      },
      legend: { live: true },
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x' || redrawing) return
            const { min, max } = u.scales['x'] ?? {}
            // What is in view, for whoever reads the page (a test, an assistive tool).
            if (min !== undefined && max !== undefined) element.dataset['view'] = `${min}..${max}`
            if (min === undefined || max === undefined || (min === picked.from && max === picked.to)) return
            picked = { from: min, to: max }
            redrawing = true
            u.setData(inView(min, max, u.bbox.width / devicePixelRatio), false)
            redrawing = false
          },
        ],
      },
      series: [
        { label: 'Site time', value: (_u, ms) => (ms == null ? '—' : siteTime.format(new Date(ms))) },
        ...answer.series.map((line, i) => ({
          label: lineLabel(line),
          scale: scaleOf(line.unit),
          stroke: COLORS[i % COLORS.length],
          width: 1.5,
          spanGaps: false,
          points: { show: ts.length <= 62 },
          value: (_u: uPlot, v: number | null) => formatValue(v, line.unit),
        })),
      ],
      axes: [
        { stroke: muted, grid: { stroke: grid }, ticks: { stroke: grid } },
        ...units.slice(0, 2).map((unit, i) => ({
          scale: `u${i}`,
          side: i === 0 ? 3 : 1,
          label: unit || undefined,
          stroke: muted,
          grid: { show: i === 0, stroke: grid },
          ticks: { stroke: grid },
          size: 56,
          values: (_u: uPlot, splits: number[]) => splits.map((v) => NUMBER_FORMATS[2]!.format(v)),
        })),
      ],
    }
    // Built with the whole period's readings already picked: the scale uPlot sets from them needs nothing new.
    redrawing = true
    const chart = new uPlot(options, inView(answer.range.start, answer.range.end, width), element)
    redrawing = false
    function showWhole() {
      chart.setScale('x', { min: answer.range.start, max: answer.range.end })
    }
    showWhole()
    element.dataset['points'] = String(ts.length)
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }))
    resize.observe(element)
    // Zoomed in, a sideways scroll (or Shift + wheel) pans along the period; it stops at the period's ends.
    const pan = (event: WheelEvent) => {
      const { min, max } = chart.scales['x'] ?? {}
      if (min === undefined || max === undefined) return
      const span = max - min
      const full = answer.range.end - answer.range.start
      const delta = event.shiftKey ? event.deltaY : event.deltaX
      if (span >= full || delta === 0) return
      event.preventDefault()
      const shift = (delta / Math.max(1, chart.bbox.width / devicePixelRatio)) * span
      const from = Math.min(Math.max(answer.range.start, min + shift), answer.range.end - span)
      chart.setScale('x', { min: from, max: from + span })
    }
    element.addEventListener('wheel', pan, { passive: false })
    return () => {
      element.removeEventListener('wheel', pan)
      resize.disconnect()
      chart.destroy()
    }
  }, [answer, height])
  return <div ref={holder} className="readings-chart" data-testid="readings-chart" />
}
