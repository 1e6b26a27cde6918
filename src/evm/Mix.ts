import { UsageError } from '../primitives/Errors.ts'
import * as Rng from '../primitives/Rng.ts'

/** Transaction kinds the generator can draw, in canonical order. */
export const kinds = ['erc20', 'weth', 'swap', 'eth', 'approve', 'token-swap'] as const
/** One transaction kind. */
export type Kind = (typeof kinds)[number]

/** Relative integer weight per kind (kinds absent from the list have weight 0). */
export type Mix = readonly { readonly kind: Kind; readonly weight: number }[]

/** The default mix: erc20=30,weth=15,swap=35,eth=15,approve=5. */
export const defaultMix: Mix = [
  { kind: 'erc20', weight: 30 },
  { kind: 'weth', weight: 15 },
  { kind: 'swap', weight: 35 },
  { kind: 'eth', weight: 15 },
  { kind: 'approve', weight: 5 },
]

/** Parses `kind=weight,…` (weights are non-negative integers, at least one positive). */
export function parse(text: string): Mix {
  const out: { kind: Kind; weight: number }[] = []
  for (const part of text.split(',')) {
    const [name = '', weight = '', ...rest] = part.trim().split('=')
    const kind = kinds.find((k) => k === name.trim())
    if (kind === undefined || rest.length > 0 || !/^\d{1,9}$/.test(weight.trim()))
      throw new UsageError(`invalid --mix entry \`${part.trim()}\`; expected kind=weight`, {
        hints: [`kinds: ${kinds.join(', ')}; weights are integers, e.g. erc20=30,swap=35`],
      })
    if (out.some((entry) => entry.kind === kind))
      throw new UsageError(`invalid --mix: kind \`${kind}\` is listed twice`)
    out.push({ kind, weight: Number(weight.trim()) })
  }
  if (!out.some((entry) => entry.weight > 0))
    throw new UsageError(`invalid --mix \`${text}\`: at least one weight must be positive`)
  return kinds.flatMap((kind) => out.filter((entry) => entry.kind === kind))
}

/** Renders a mix back to its `kind=weight,…` form (canonical kind order). */
export function format(mix: Mix): string {
  return mix.map(({ kind, weight }) => `${kind}=${weight}`).join(',')
}

/** Draws one kind with probability proportional to its weight. */
export function pick(mix: Mix, rng: Rng.Rng): Kind {
  const total = mix.reduce((sum, entry) => sum + entry.weight, 0)
  let draw = Rng.index(rng, 0, total, 64)
  for (const entry of mix) {
    if (draw < entry.weight) return entry.kind
    draw -= entry.weight
  }
  throw new Error('unreachable: mix weights sum mismatch')
}

/** Cumulative Zipf(`skew`) weights over `count` ranks: rank k has weight 1/(k+1)^skew. */
export function zipf(count: number, skew: number): readonly number[] {
  const cumulative: number[] = []
  let sum = 0
  for (let k = 0; k < count; k++) {
    sum += 1 / (k + 1) ** skew
    cumulative.push(sum)
  }
  return cumulative
}

/** Draws a rank from cumulative weights (53-bit uniform draw). */
export function sample(cumulative: readonly number[], rng: Rng.Rng): number {
  const total = cumulative.at(-1) ?? 0
  const u = (Number(Rng.nextU64(rng) >> 11n) / 2 ** 53) * total
  for (let k = 0; k < cumulative.length; k++) if (u < (cumulative[k] as number)) return k
  return cumulative.length - 1
}
