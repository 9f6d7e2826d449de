const Benchmark = require('benchmark')
const suite = new Benchmark.Suite()
suite
  .add('RegExp#test', () => { /o/.test('Hello World!') }, { maxTime: 0.3 })
  .add('String#indexOf', () => { 'Hello World!'.indexOf('o') > -1 }, { maxTime: 0.3 })
  .add('Array#sort 1k', () => { Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1009).sort((a, b) => a - b) }, { maxTime: 0.3 })
  .on('cycle', (event) => { console.log(String(event.target)) })
  .on('complete', function () { console.log('Fastest is ' + this.filter('fastest').map('name')) })
  .run()
