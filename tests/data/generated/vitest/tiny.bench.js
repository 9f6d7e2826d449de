import { bench, describe } from 'vitest'

describe('sorting', () => {
  bench('sort 100', () => {
    const xs = Array.from({ length: 100 }, (_, i) => (i * 7919) % 101)
    xs.sort((a, b) => a - b)
  }, { time: 100 })
  bench('sort 1000', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1009)
    xs.sort((a, b) => a - b)
  }, { time: 100 })
})

bench('json roundtrip', () => {
  JSON.parse(JSON.stringify({ a: [1, 2, 3], b: 'x' }))
}, { time: 100 })
