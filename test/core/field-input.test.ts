/**
 * What the dashboard's number boxes accept (web/dashboard/format.ts): a plain number everywhere,
 * a percentage in a fraction's box, a dollar amount in a price's box, and a whole number where the
 * core's rule wants one; each refusal says what the box does take.
 */
import { ACCEPTS, numberKind, readField } from '../../web/dashboard/format';

describe('readField', () => {
  test('plain numbers, separators and suffixes, in every kind of box', () => {
    for (const kind of ['number', 'fraction', 'usd', 'integer'] as const) {
      expect(readField('3e9', kind)).toEqual({ value: 3e9 });
      expect(readField('3,000,000', kind)).toEqual({ value: 3e6 });
      expect(readField(' 16k ', kind)).toEqual({ value: 16_000 });
    }
    expect(readField('405B')).toEqual({ value: 405e9 });
    expect(readField('0.4', 'fraction')).toEqual({ value: 0.4 });
  });

  test('a percentage in a fraction box is the fraction, exactly', () => {
    expect(readField('40%', 'fraction')).toEqual({ value: 0.4 });
    expect(readField('40 %', 'fraction')).toEqual({ value: 0.4 });
    expect(readField('38.5%', 'fraction')).toEqual({ value: 0.385 });
    expect(readField('100%', 'fraction')).toEqual({ value: 1 });
    // Out of range is the API's to say ("must be a number in (0, 1], got 1.5"): the box reads it.
    expect(readField('150%', 'fraction')).toEqual({ value: 1.5 });
  });

  test('a dollar amount in a price box', () => {
    expect(readField('$2.50', 'usd')).toEqual({ value: 2.5 });
    expect(readField('2.50$', 'usd')).toEqual({ value: 2.5 });
    expect(readField('US$1.99', 'usd')).toEqual({ value: 1.99 });
    expect(readField('$1.5k', 'usd')).toEqual({ value: 1500 });
  });

  test('a percentage or a dollar sign where the box takes neither is refused, saying what it takes', () => {
    expect(readField('40%', 'number')).toEqual({ problem: `a percentage is not taken here: write ${ACCEPTS.number}` });
    expect(readField('40%', 'usd')).toEqual({ problem: 'a percentage is not taken here: write 2.5 or $2.50' });
    expect(readField('$2.50', 'fraction')).toEqual({ problem: 'a dollar amount is not taken here: write 0.4 or 40%' });
    expect(readField('$8', 'integer')).toEqual({ problem: `a dollar amount is not taken here: write ${ACCEPTS.integer}` });
  });

  test('a fraction where a whole number is needed, and text that is no number', () => {
    expect(readField('1.5', 'integer')).toEqual({ problem: 'must be a whole number, got 1.5' });
    expect(readField('2.5k', 'integer')).toEqual({ value: 2500 });
    expect(readField('1.0001k', 'integer')).toEqual({ problem: 'must be a whole number, got 1000.1' });
    expect(readField('lots', 'number')).toEqual({ problem: 'not a number: write 3e9, 3,000,000 or 3B' });
    expect(readField('forty%', 'fraction')).toEqual({ problem: 'not a number: write 0.4 or 40%' });
    expect(readField('$', 'usd')).toEqual({ problem: 'not a number: write 2.5 or $2.50' });
  });
});

describe('numberKind follows the core rules', () => {
  test.each([
    ['cluster.utilization', 'fraction'],
    ['stages[2].cluster.utilization', 'fraction'],
    ['cluster.pricePerGpuHour', 'usd'],
    ['stages[0].cluster.pricePerGpuHour', 'usd'],
    ['cluster.gpuCount', 'integer'],
    ['stages[1].cluster.gpuCount', 'integer'],
    ['data[0].width', 'integer'],
    ['stages[1].data[0].frames', 'integer'],
    ['data[0].durationSeconds', 'number'],
    ['data[0].fps', 'number'],
    ['model.parameters', 'number'],
    ['model.layers', 'integer'],
    ['model.architecture.heads', 'integer'],
    ['model.encoders[0].parameters', 'number'],
    ['training.epochs', 'number'],
    ['training.sequenceLength', 'integer'],
    ['cluster.pue', 'number'],
    ['something.unknown', 'number'],
  ])('%s: a %s box', (path, kind) => {
    expect(numberKind(path)).toBe(kind);
  });
});
