import { fixed } from '../primitives/Fmt.ts'
import type { Option } from './HtmlCharts.ts'
import { shorten } from './HtmlEscape.ts'

/** Pieces every chart option shares (titles, axes, colours, rounding). */

/** Wave colours, cycled by wave index. */
export const palette = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const

export function base(title: string): Option {
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 30, right: 40, top: 60, bottom: 60, containLabel: true },
  }
}

export function axisName(name: string): Option {
  return { name, nameLocation: 'middle', nameGap: 28 }
}

/** `balance 0x4485…eacd WETH9`, `storage 0x4485…eacd 0x4cb6…d817 WETH9`: a key for an axis. */
export function keyName(key: string, label: string | null): string {
  const [type = '', address = '', slot] = key.split(':')
  const where = `${type} ${shorten(address)}${slot === undefined ? '' : ` ${shorten(slot)}`}`
  return label === null ? where : `${where} ${label}`
}

/** Chart values carry 3 decimals: enough for display, and stable text in the SVG/JSON output. */
export function round(x: number): number {
  return Number(fixed(x, 3))
}
