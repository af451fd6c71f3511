// One chart of readings with uPlot: lines overlaid on the site's clock (its zone, across DST), a
// second axis when two units are shown, drag to zoom (double-click to undo), the legend reading out the
// values under the cursor.
import { useLayoutEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { MethodOutput } from '../../../src-preload/contract'
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
      scales: { x: { time: true, range: () => [answer.range.start, answer.range.end] } },
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x' || redrawing) return
            const { min, max } = u.scales['x'] ?? {}
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
    const chart = new uPlot(options, inView(answer.range.start, answer.range.end, width), element)
    element.dataset['points'] = String(ts.length)
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }))
    resize.observe(element)
    return () => {
      resize.disconnect()
      chart.destroy()
    }
  }, [answer, height])
  return <div ref={holder} className="readings-chart" data-testid="readings-chart" />
}
