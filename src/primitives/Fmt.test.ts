import { describe, expect, test } from 'vitest'
import * as Fmt from './Fmt.ts'

describe('fixed', () => {
  test('behavior: exact ties round half to even like Rust', () => {
    expect(Fmt.fixed(1.0625, 3)).toBe('1.062')
    expect(Fmt.fixed(0.5, 0)).toBe('0')
    expect(Fmt.fixed(1.5, 0)).toBe('2')
    expect(Fmt.fixed(2.5, 0)).toBe('2')
  })
  test('behavior: non-ties round to nearest of the exact binary value', () => {
    expect(Fmt.fixed(1.0635, 3)).toBe('1.063')
    expect(Fmt.fixed(22.222222, 3)).toBe('22.222')
    expect(Fmt.fixed(100, 2)).toBe('100.00')
    expect(Fmt.fixed(-0.0001, 3)).toBe('-0.000')
  })
})

describe('jsonFloat', () => {
  test('behavior: serde_json/ryu layout', () => {
    expect(Fmt.jsonFloat(100)).toBe('100.0')
    expect(Fmt.jsonFloat(0)).toBe('0.0')
    expect(Fmt.jsonFloat(0.0004904904904904905)).toBe('0.0004904904904904905')
    expect(Fmt.jsonFloat(1e15)).toBe('1000000000000000.0')
    expect(Fmt.jsonFloat(1e16)).toBe('1e16')
    expect(Fmt.jsonFloat(1e-5)).toBe('0.00001')
    expect(Fmt.jsonFloat(1.5e-7)).toBe('1.5e-7')
    expect(Fmt.jsonFloat(Number.NaN)).toBe('null')
  })
})

describe('display', () => {
  test('behavior: Rust Display never uses an exponent', () => {
    expect(Fmt.display(0)).toBe('0')
    expect(Fmt.display(0.5)).toBe('0.5')
    expect(Fmt.display(1e21)).toBe('1000000000000000000000')
    expect(Fmt.display(1e-7)).toBe('0.0000001')
  })
})
