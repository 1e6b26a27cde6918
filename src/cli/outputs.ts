import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type * as Format from '../report/Format.ts'
import * as HtmlDossier from '../report/HtmlDossier.ts'
import { type OutputFile, readText } from './io.ts'

/**
 * Where rendered files land. Every file goes under `dir` at its path, except: a format given a
 * file of its own in `paths` goes there, and the files of a format that sits beside another (the
 * CSVs beside the JSON, the charts beside the summary) go next to that format's file.
 * @example place(files, 'out/demo')
 */
export function place(
  files: readonly Format.File[],
  dir: string,
  paths: Partial<Record<Format.Name, string>> = {},
): OutputFile[] {
  return files.map((f) => {
    const own = paths[f.format]
    if (own !== undefined) return { path: own, content: f.content }
    const anchor = besides[f.format]
    const anchorPath = anchor === undefined ? undefined : paths[anchor]
    const base = anchorPath === undefined ? dir : dirname(anchorPath)
    return { path: join(base, f.path), content: f.content }
  })
}

/** Formats written beside another format's file. */
const besides: Partial<Record<Format.Name, Format.Name>> = { csv: 'json', charts: 'markdown' }

/** The chart library's text, inlined into the HTML page (read from the installed package). */
export function chartsJs(): string {
  return readText(
    createRequire(import.meta.url).resolve(HtmlDossier.CHARTS_MODULE),
    'chart library',
  )
}
