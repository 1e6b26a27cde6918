import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, test } from 'vitest'
import * as HtmlEscape from './HtmlEscape.ts'

const payloads = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  '&lt;already&gt;',
]

function unescapeHtml(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

describe('text', () => {
  test('default', () => {
    expect(payloads.map(HtmlEscape.text)).toEqual([
      '&lt;img src=x onerror=alert(1)&gt;',
      '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
      '&quot;&gt;&lt;svg onload=alert(1)&gt;',
      '&#39; onmouseover=&#39;alert(1)',
      '&amp;lt;already&amp;gt;',
    ])
  })

  propTest.prop([fc.string({ unit: 'binary' })], { seed: 61, numRuns: 200 })(
    'behavior: output has no markup characters and unescapes to the input',
    (value) => {
      const out = HtmlEscape.text(value)
      expect(out).not.toMatch(/[<>"']/)
      expect(unescapeHtml(out)).toBe(value)
    },
  )
})

describe('json', () => {
  test('default', () => {
    expect(HtmlEscape.json({ label: '</script><!--x-->&\u2028' })).toBe(
      '{"label":"\\u003c/script\\u003e\\u003c!--x--\\u003e\\u0026\\u2028"}',
    )
  })

  propTest.prop([fc.jsonValue()], { seed: 62, numRuns: 200 })(
    'behavior: never contains < > & and parses back to the value',
    (value) => {
      const out = HtmlEscape.json(value)
      expect(out).not.toMatch(/[<>&\u2028\u2029]/)
      expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(value)))
    },
  )
})

describe('script', () => {
  test('default', () => {
    expect(HtmlEscape.script('var s = "</script><!--";\r\nvar t = "</SCRIPT>"')).toBe(
      'var s = "<\\/script><\\!--";\nvar t = "<\\/SCRIPT>"',
    )
  })

  test('behavior: escaped code evaluates to the same strings', () => {
    const code = HtmlEscape.script('return ["</script>", "<!--"]')
    expect(new Function(code)()).toEqual(['</script>', '<!--'])
  })
})

describe('shorten', () => {
  test('default', () => {
    expect(HtmlEscape.shorten('0x4200000000000000000000000000000000000006')).toBe('0x4200…0006')
    expect(HtmlEscape.shorten('0x01')).toBe('0x01')
    expect(HtmlEscape.shorten('<img src=x>')).toBe('<img src=x>')
  })
})
