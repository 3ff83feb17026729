import { defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT } from '@opentelemetry/api';
import { getState, setState } from '@llmobserve/context';
import { RequestIdPropagator, isValidRequestId } from '@llmobserve/propagator';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('RequestIdPropagator', () => {
  const p = new RequestIdPropagator();

  it('extracts a valid X-Request-Id', () => {
    expect(getState(p.extract(ROOT_CONTEXT, { 'x-request-id': ' abc-123 ' }, defaultTextMapGetter)).requestId).toBe('abc-123');
  });

  it('generates one when absent or invalid', () => {
    expect(getState(p.extract(ROOT_CONTEXT, {}, defaultTextMapGetter)).requestId).toMatch(UUID_V7);
    expect(getState(p.extract(ROOT_CONTEXT, { 'x-request-id': 'a, b' }, defaultTextMapGetter)).requestId).toMatch(UUID_V7);
    expect(getState(p.extract(ROOT_CONTEXT, { 'x-request-id': 'x\r\ny' }, defaultTextMapGetter)).requestId).toMatch(UUID_V7);
  });

  it('keeps a request id already extracted from baggage', () => {
    const ctx = setState(ROOT_CONTEXT, { sectionPath: [], requestId: 'from-baggage' });
    expect(getState(p.extract(ctx, {}, defaultTextMapGetter)).requestId).toBe('from-baggage');
  });

  it('does not generate when told not to', () => {
    const q = new RequestIdPropagator({ generate: false });
    expect(q.extract(ROOT_CONTEXT, {}, defaultTextMapGetter)).toBe(ROOT_CONTEXT);
  });

  it('injects the request id of the context', () => {
    const out: Record<string, string> = {};
    p.inject(setState(ROOT_CONTEXT, { sectionPath: [], requestId: 'r-9' }), out, defaultTextMapSetter);
    expect(out).toEqual({ 'x-request-id': 'r-9' });
    const none: Record<string, string> = {};
    p.inject(ROOT_CONTEXT, none, defaultTextMapSetter);
    expect(none).toEqual({});
    expect(p.fields()).toEqual(['x-request-id']);
    expect(p.extract(ROOT_CONTEXT, null, defaultTextMapGetter)).toBe(ROOT_CONTEXT);
  });

  it.each([
    ['f47ac10b-58cc-4372-a567-0e02b2c3d479', true],
    ['01ARZ3NDEKTSV4RRFFQ69G5FAV', true],
    ['Root=1-5759e988-bd862e3fe1be46a994272793', true],
    ['aGVsbG8=+/', true],
    ['', false],
    ['with space', false],
    ['a'.repeat(257), false],
  ])('isValidRequestId(%j) = %s', (id, ok) => {
    expect(isValidRequestId(id)).toBe(ok);
  });
});
