import { main } from '../src/cli';

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  return main(argv, { out: (s) => (out += s), err: (s) => (err += s) }).then((code) => ({ code, out, err }));
}

describe('llmobserve CLI', () => {
  it('prices a call through the pricing command', async () => {
    const r = await run(['price', 'gpt-4o-mini', '--input', '1000000', '--output', '1000000', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as { totalUsd: string };
    // $0.15 + $0.60 per million (catalog), by hand.
    expect(Number(result.totalUsd)).toBeCloseTo(0.75, 12);
  });

  it('exits 2 with the closest ids for an unknown model', async () => {
    const r = await run(['price', 'gpt-4o-minii', '--input', '10']);
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/gpt-4o-mini/);
  });

  it('prints usage for help and for no command; refuses unknown commands', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['--help'])).out).toMatch(/usage: llmobserve/);
    expect((await run([])).code).toBe(1);
    const bad = await run(['frobnicate']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/unknown command "frobnicate"/);
  });
});
