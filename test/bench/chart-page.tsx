// The page `chart_ratio` times in Chromium: the app's ReadingsChart (React, the readings aligned, uPlot
// with the app's options) against bare uPlot given the same points already aligned, in the same page.
// Each run draws into a fresh container and resolves when the chart has drawn (uPlot's draw hook).
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { MethodOutput } from '../../src-shared/contract'
import ReadingsChart from '../../src-renderer/features/monitoring/ReadingsChart'

type Answer = MethodOutput<'monitoring.series'>

const fresh = () => {
  document.body.replaceChildren()
  const holder = document.createElement('div')
  holder.style.width = '900px'
  document.body.append(holder)
  return holder
}

/**
 * Resolves once the chart has drawn: uPlot draws in a microtask queued as it is built, so one queued
 * after building runs after the drawing. Neither side waits for the browser's next frame or paint, which
 * would round both times to 16 ms steps (or add a paint to one side when its work crosses a frame).
 */
const drawn = async () => {
  await new Promise<void>((resolve) => queueMicrotask(resolve))
  const canvas = document.querySelector('.u-wrap canvas')
  if (!canvas) throw new Error('The chart did not draw')
}

async function runOurs(answer: Answer): Promise<number> {
  const holder = fresh()
  const start = performance.now()
  // Rendered at once (not at React's next scheduled turn): the chart's own work is timed, as uPlot's is.
  flushSync(() => createRoot(holder).render(<ReadingsChart answer={answer} />))
  await drawn()
  return performance.now() - start
}

async function runBare(answer: Answer): Promise<number> {
  const holder = fresh()
  // The bare page has its data aligned already (one shared time axis): only uPlot's own work is timed.
  const data = [answer.series[0]!.ts, ...answer.series.map((s) => s.values)] as uPlot.AlignedData
  const start = performance.now()
  new uPlot(
    {
      width: 900,
      height: 260,
      ms: 1,
      series: [{}, ...answer.series.map(() => ({ stroke: '#1c7ed6' }))],
    },
    data,
    holder,
  )
  await drawn()
  return performance.now() - start
}

Object.assign(window, { runOurs, runBare })
