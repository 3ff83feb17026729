import { TraceState } from '@llmobserve/propagator';

describe('TraceState (W3C Trace Context Level 2)', () => {
  it.each([
    ['foo=1', 'foo=1'],
    ['foo=1,bar=2', 'foo=1,bar=2'],
    [' foo=1 ,\tbar=2 ', 'foo=1,bar=2'],
    ['foo=1,,bar=2', 'foo=1,bar=2'], // empty members are allowed
    ['tenant@system=1', 'tenant@system=1'],
    ['1tenant@system=1', '1tenant@system=1'], // tenant may start with a digit
    ['a*b/c_d-e=x', 'a*b/c_d-e=x'],
    ['foo=va lue', 'foo=va lue'], // inner space is allowed
    [`${'a'.repeat(256)}=1`, `${'a'.repeat(256)}=1`],
    [`${'t'.repeat(241)}@${'s'.repeat(14)}=1`, `${'t'.repeat(241)}@${'s'.repeat(14)}=1`],
    [`foo=${'v'.repeat(256)}`, `foo=${'v'.repeat(256)}`],
  ])('accepts %s', (header, serialised) => {
    expect(TraceState.parse(header)?.serialize()).toBe(serialised);
  });

  it.each([
    ['foo@', 'empty system id'],
    ['@foo=1', 'empty tenant id'],
    ['foo@bar@baz=1', 'two @'],
    ['Foo=1', 'upper-case key'],
    ['1foo=1', 'simple key starting with a digit'],
    [`${'a'.repeat(257)}=1`, 'key longer than 256'],
    [`${'t'.repeat(242)}@s=1`, 'tenant id longer than 241'],
    [`t@${'s'.repeat(15)}=1`, 'system id longer than 14'],
    ['t@1s=1', 'system id starting with a digit'],
    ['foo=', 'empty value'],
    ['foo=a\u0001b', 'control character in value'],
    ['foo=a=b', 'value with ='],
    ['foo=caf\u00e9', 'non-ASCII value'],
    ['foo=1,foo=2', 'duplicate key'],
    ['foo', 'no ='],
    [Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(','), '33 members'],
  ])('refuses the whole header: %s (%s)', (header) => {
    expect(TraceState.parse(header)).toBeUndefined();
  });

  it('accepts exactly 32 members', () => {
    expect(TraceState.parse(Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(','))).toBeDefined();
  });

  it('set moves the key to the front, unset removes it, get reads it', () => {
    const ts = TraceState.parse('a=1,b=2')!;
    expect(ts.set('b', '3').serialize()).toBe('b=3,a=1');
    expect(ts.set('Bad', '3').serialize()).toBe('a=1,b=2');
    expect(ts.unset('a').serialize()).toBe('b=2');
    expect(ts.get('b')).toBe('2');
    expect(ts.get('z')).toBeUndefined();
    expect(TraceState.empty().set('x', 'y').serialize()).toBe('x=y');
  });

  it('keeps at most 32 members when set adds one', () => {
    let ts = TraceState.parse(Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(','))!;
    ts = ts.set('new', 'v');
    expect(ts.serialize().split(',')).toHaveLength(32);
    expect(ts.get('new')).toBe('v');
  });
});
