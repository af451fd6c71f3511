import { describe, expect, it } from 'vitest'
import { MIN_WINDOW, restoredBounds } from '../../../src-main/desktop/window-bounds'

const laptop = { x: 0, y: 0, width: 1920, height: 1040 }
const monitor = { x: 1920, y: 0, width: 2560, height: 1400 }
/** 1366 × 768 at 125 %, less a 40 px taskbar. */
const small = { x: 0, y: 0, width: 1093, height: 582 }

describe('where the window opens', () => {
  it.each([
    [
      'where it was left, on a screen still there',
      { x: 2100, y: 100, width: 1400, height: 900 },
      [laptop, monitor],
      { x: 2100, y: 100, width: 1400, height: 900 },
    ],
    [
      'centred on the laptop, its monitor gone',
      { x: 2100, y: 100, width: 1400, height: 900 },
      [laptop],
      { x: 260, y: 70, width: 1400, height: 900 },
    ],
    [
      'pulled back onto the screen when it hung off the edge',
      { x: 1500, y: 500, width: 1200, height: 800 },
      [laptop],
      { x: 720, y: 240, width: 1200, height: 800 },
    ],
    ['centred at its default size the first time', null, [laptop], { x: 240, y: 70, width: 1440, height: 900 }],
    ['within a small screen, at the least the layout needs', null, [small], { x: 0, y: 0, width: 1093, height: 582 }],
    [
      'never larger than the screen',
      { width: 3000, height: 2000 },
      [laptop],
      { x: 0, y: 0, width: 1920, height: 1040 },
    ],
  ])('%s', (_name, saved, screens, expected) => expect(restoredBounds(saved, screens)).toEqual(expected))

  it('fits the smallest laptop screen technicians carry (1366 × 768 at 125 %)', () => {
    expect(MIN_WINDOW.width).toBeLessThanOrEqual(small.width)
    expect(MIN_WINDOW.height).toBeLessThanOrEqual(small.height)
  })
})
