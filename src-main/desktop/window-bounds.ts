// Where the window opens: where it was left, if that place is still on a screen (a laptop undocked from
// its second monitor must not open its window on a monitor that is gone), else centred on the screen in
// front; never smaller than the layout needs, never larger than the screen.
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface SavedBounds {
  width: number
  height: number
  x?: number
  y?: number
  maximized?: boolean
}

/**
 * The smallest window whose map, list and detail still fit side by side — and it fits a 1366 × 768 screen
 * at 125 % scaling (1093 × 614 points, less a taskbar), the smallest laptop screen technicians carry.
 */
export const MIN_WINDOW = { width: 1024, height: 560 }
const DEFAULT_SIZE = { width: 1440, height: 900 }
/** How much of the title bar must be on a screen for the window to be reachable. */
const GRIP = 80

export function restoredBounds(saved: SavedBounds | null, workAreas: readonly Rect[]): Rect {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height }
  const size = (area: Rect) => ({
    width: clamp(saved?.width ?? DEFAULT_SIZE.width, Math.min(MIN_WINDOW.width, area.width), area.width),
    height: clamp(saved?.height ?? DEFAULT_SIZE.height, Math.min(MIN_WINDOW.height, area.height), area.height),
  })
  if (saved?.x !== undefined && saved.y !== undefined) {
    const { x, y } = saved
    // The screen that holds the top of the window, where it was left.
    const home = workAreas.find(
      (a) => x + GRIP > a.x && x + GRIP < a.x + a.width && y >= a.y - GRIP / 4 && y < a.y + a.height - GRIP / 4,
    )
    if (home) {
      const { width, height } = size(home)
      return {
        width,
        height,
        x: clamp(x, home.x, home.x + home.width - width),
        y: clamp(y, home.y, home.y + home.height - height),
      }
    }
  }
  const { width, height } = size(primary)
  return {
    width,
    height,
    x: Math.round(primary.x + (primary.width - width) / 2),
    y: Math.round(primary.y + (primary.height - height) / 2),
  }
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value))
