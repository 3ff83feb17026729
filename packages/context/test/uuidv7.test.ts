import { uuidv7 } from '@llmobserve/context';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('has the version 7 and variant bits', () => {
    for (let i = 0; i < 1000; i++) expect(uuidv7()).toMatch(UUID_V7);
  });

  it('encodes the Unix milliseconds in the first 48 bits', () => {
    const ms = Date.now() + 1_000_000; // later than any earlier call, so it is used as given
    const hex = uuidv7(ms).replace(/-/g, '').slice(0, 12);
    expect(parseInt(hex, 16)).toBe(ms);
  });

  it('is strictly increasing, also within one millisecond and when the clock goes back', () => {
    const base = Date.now() + 5_000_000_000;
    const ids = [uuidv7(base)];
    for (let i = 0; i < 10_000; i++) ids.push(uuidv7(base)); // same millisecond
    ids.push(uuidv7(base - 10)); // clock went back
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
