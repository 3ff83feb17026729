import fc from 'fast-check';
import { defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, TextMapGetter } from '@opentelemetry/api';
import { createPropagator } from '@llmobserve/propagator';

/** RFC 7230 field-value: visible ASCII, space and tab, nothing else (no CR/LF, no NUL, no non-ASCII). */
const VALID_HEADER_VALUE = /^[\x20-\x7e\t]*$/;
const HEADER_NAMES = createPropagator().fields();

const adversarialString = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03\r\nx-evil: 1',
    'llmobserve.run_id=%FF%FE,llmobserve.section_path=a%2F%2F%2Fb',
    'llmobserve.customer_id=a%0D%0Ab',
    'k=v;;;;=,=,,,',
    '%',
    '\u0000\u2028\ud800',
    'a'.repeat(9000),
    'x'.repeat(70_000),
  ),
);

const headerValue = fc.oneof(
  adversarialString,
  fc.array(adversarialString, { maxLength: 3 }),
  fc.integer(),
  fc.constant(null),
  fc.constant(undefined),
  fc.object({ maxDepth: 1 }),
);

const carrier = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(fc.constantFrom(...HEADER_NAMES, 'x-other'), headerValue) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.array(fc.string())) },
);

const hostileGetter: TextMapGetter = {
  get: (c, k) => {
    if (k === 'tracestate') throw new Error('getter throws');
    return defaultTextMapGetter.get(c as Record<string, string>, k);
  },
  keys: () => [],
};

describe('propagation fuzz', () => {
  it('100,000 random and adversarial carriers: no throw, only valid header values out', () => {
    const p = createPropagator();
    let injectedHeaders = 0;
    fc.assert(
      fc.property(carrier, fc.boolean(), (c, hostile) => {
        const ctx = p.extract(ROOT_CONTEXT, c, hostile ? hostileGetter : defaultTextMapGetter);
        const out: Record<string, unknown> = {};
        p.inject(ctx, out, defaultTextMapSetter);
        for (const [k, v] of Object.entries(out)) {
          if (typeof v !== 'string' || !VALID_HEADER_VALUE.test(v)) return false;
          if (k === 'baggage' && v.length > 8192) return false;
          injectedHeaders++;
        }
        return true;
      }),
      { numRuns: 100_000, seed: 20261122 },
    );
    // The generator must produce carriers that round-trip something, or the test proves nothing.
    expect(injectedHeaders).toBeGreaterThan(100_000);
  });
});
