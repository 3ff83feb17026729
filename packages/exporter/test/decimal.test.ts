import { addDecimal, formatDecimal, parseDecimal } from '../src/decimal';

describe('decimal', () => {
  it.each([
    ['0.1', '0.2', '0.3'],
    ['0.000372', '0.005', '0.005372'],
    [0.1, 0.2, '0.3'],
    ['1e-9', '2E-9', '0.000000003'],
    ['-1.5', '0.5', '-1'],
    ['12', '0.000', '12'],
    ['1.5e3', '.5', '1500.5'],
  ])('%p + %p = %s exactly', (a, b, sum) => {
    expect(formatDecimal(addDecimal(parseDecimal(a)!, parseDecimal(b)!))).toBe(sum);
  });

  it.each([['abc'], [''], ['.'], [NaN], [Infinity], [null], [{}], ['1e-99']])('rejects %p', value => {
    expect(parseDecimal(value)).toBeUndefined();
  });

  it('sums 10,000 tenths to exactly 1000', () => {
    let total = parseDecimal('0')!;
    for (let i = 0; i < 10000; i++) total = addDecimal(total, parseDecimal('0.1')!);
    expect(formatDecimal(total)).toBe('1000');
  });

  it('formats negative and small values', () => {
    expect(formatDecimal({ units: -5n, scale: 3 })).toBe('-0.005');
    expect(formatDecimal({ units: 0n, scale: 2 })).toBe('0');
  });
});
