import { defaultTextMapGetter, defaultTextMapSetter, propagation, ROOT_CONTEXT, baggageEntryMetadataFromString } from '@opentelemetry/api';
import { W3CBaggagePropagator, decodeValue, encodeValue } from '@llmobserve/propagator';

const p = new W3CBaggagePropagator();

function extract(header: unknown): Record<string, string> {
  const bag = propagation.getBaggage(p.extract(ROOT_CONTEXT, { baggage: header }, defaultTextMapGetter));
  return Object.fromEntries((bag?.getAllEntries() ?? []).map(([k, e]) => [k, e.value]));
}

function inject(entries: Record<string, string>): string | undefined {
  const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, { value: v }]))));
  const out: Record<string, string> = {};
  p.inject(ctx, out, defaultTextMapSetter);
  return out.baggage;
}

describe('codec', () => {
  it.each([
    ['plain-ASCII_1.2~', 'plain-ASCII_1.2~'],
    ['agent:research/step:plan@x', 'agent:research/step:plan@x'],
    ['run 42', 'run%2042'],
    ['a+b', 'a%2Bb'],
    ['100%', '100%25'],
    ['a,b;c=d"e\\f', 'a%2Cb%3Bc%3Dd%22e%5Cf'],
    ['café', 'caf%C3%A9'],
    ['😀', '%F0%9F%98%80'],
  ])('encodes %j as %s and back', (plain, encoded) => {
    expect(encodeValue(plain)).toBe(encoded);
    expect(decodeValue(encoded, false)).toBe(plain);
    expect(decodeValue(encoded, true)).toBe(plain);
  });

  it('decodes + literally by default and as a space for our own entries', () => {
    expect(decodeValue('run+42', false)).toBe('run+42');
    expect(decodeValue('run+42', true)).toBe('run 42');
    expect(decodeValue('a%2Bb+c', true)).toBe('a+b c');
  });

  it('keeps invalid escapes and turns invalid UTF-8 into U+FFFD', () => {
    expect(decodeValue('100%', false)).toBe('100%');
    expect(decodeValue('%zz%4', false)).toBe('%zz%4');
    expect(decodeValue('%FF', false)).toBe('\ufffd');
    expect(decodeValue('a%C3', false)).toBe('a\ufffd');
    expect(decodeValue('é%20x', false)).toBe('é x');
  });
});

describe('W3CBaggagePropagator', () => {
  it('extracts members with OWS, properties and percent-encoding', () => {
    expect(extract('a=1, b = two ;prop=x;flag ,c=caf%C3%A9,d=%F0%9F%98%80')).toEqual({ a: '1', b: 'two', c: 'café', d: '😀' });
  });

  it('keeps + literal (W3C) and decodes invalid UTF-8 to U+FFFD instead of dropping', () => {
    expect(extract('k=a+b,bad=%FF%FE')).toEqual({ k: 'a+b', bad: '\ufffd\ufffd' });
  });

  it('skips invalid members and keeps the valid ones', () => {
    expect(extract('ok=1,no-equals,=novalue,k ey=1,sp=a b,q="x",good=2,bad=1;=x')).toEqual({ ok: '1', good: '2' });
  });

  it('joins repeated headers', () => {
    expect(extract(['a=1', 'b=2'])).toEqual({ a: '1', b: '2' });
  });

  it('ignores a header over 64 KiB and non-string headers', () => {
    expect(extract('a=' + 'x'.repeat(70_000))).toEqual({});
    expect(extract(7)).toEqual({});
    expect(extract([1, 2])).toEqual({});
  });

  it('propagates at least 64 members and 8192 bytes', () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 64; i++) entries[`key${i}`] = 'v'.repeat(120);
    const header = inject(entries)!;
    expect(header.split(',')).toHaveLength(64);
    expect(header.length).toBeLessThanOrEqual(8192);
    expect(Object.keys(extract(header))).toHaveLength(64);
  });

  it('drops whole entries that do not fit in 8192 bytes, never cuts one', () => {
    const header = inject({ first: 'a'.repeat(5000), second: 'b'.repeat(5000), third: 'c' })!;
    expect(header).toBe(`first=${'a'.repeat(5000)},third=c`);
  });

  it('has no per-entry limit below 8192 bytes (old 4096 limit removed)', () => {
    const header = inject({ big: 'x'.repeat(8000) })!;
    expect(extract(header).big).toHaveLength(8000);
  });

  it('percent-encodes on inject so the header is always valid', () => {
    expect(inject({ k: 'a b,c;d"e\\f+g%h\u00e9' })).toBe('k=a%20b%2Cc%3Bd%22e%5Cf%2Bg%25h%C3%A9');
  });

  it('keeps entry properties', () => {
    const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ k: { value: 'v', metadata: baggageEntryMetadataFromString('ttl=60') } }));
    const out: Record<string, string> = {};
    p.inject(ctx, out, defaultTextMapSetter);
    expect(out.baggage).toBe('k=v;ttl=60');
    const back = propagation.getBaggage(p.extract(ROOT_CONTEXT, out, defaultTextMapGetter))!;
    expect(back.getEntry('k')?.metadata?.toString()).toBe('ttl=60');
  });

  it('skips keys that are not tokens on inject', () => {
    expect(inject({ 'bad key': 'v', good: 'v' })).toBe('good=v');
    expect(inject({ 'bad key': 'v' })).toBeUndefined();
    expect(p.fields()).toEqual(['baggage']);
  });
});
