import { ConfigError, ConsoleTreeExporter } from '@llmobserve/exporter';
import { ExportResultCode } from '@opentelemetry/core';
import { SpanStatusCode } from '@opentelemetry/api';
import { formatDuration } from '../src/ConsoleTreeExporter';
import { LLM_ATTRIBUTES, exportAsync, recordSpans, sampleTrace } from './helpers';

class Sink {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const ESC = '\u001b[';

describe('ConsoleTreeExporter', () => {
  const savedNoColor = process.env.NO_COLOR;
  afterEach(() => {
    if (savedNoColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = savedNoColor;
  });

  it('prints a finished trace as a tree with model, tokens, cost and subtree cost', async () => {
    const sink = new Sink(false);
    const exporter = new ConsoleTreeExporter({ stream: sink });
    const result = await exportAsync(exporter, sampleTrace());
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const lines = sink.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^trace [0-9a-f]{32} \(exporter-test\)$/);
    expect(lines[1]).toMatch(/^agent:research {2}\S+ m?s {2}subtree \$0\.005372$/);
    expect(lines[2]).toMatch(/^├─ step:plan {2}\S+ m?s {2}subtree \$0\.000372$/);
    expect(lines[3]).toMatch(
      /^│ {2}└─ chat gpt-4o-mini {2}\S+ m?s {2}gpt-4o-mini-2024-07-18 {2}tokens in 1200 \(cached 1000\) out 300 \(reasoning 100\) {2}\$0\.000372$/,
    );
    expect(lines[4]).toMatch(/^└─ tool:search {2}\S+ m?s {2}\$0\.005$/);
    expect(lines).toHaveLength(5);
    expect(sink.text).not.toContain(ESC);
  });

  it('prefers llmobserve.cost.subtree_usd when the span carries it', async () => {
    const r = recordSpans();
    const root = r.start('agent:a', { 'llmobserve.cost.subtree_usd': '1.25' });
    r.start('chat', { ...LLM_ATTRIBUTES, 'llmobserve.cost.total_usd': '0.5' }, root).end();
    root.end();
    const sink = new Sink(false);
    await exportAsync(new ConsoleTreeExporter({ stream: sink }), r.finished());
    expect(sink.text).toContain('subtree $1.25');
  });

  it('prints and sums the exact cost strings, not the rounded numbers beside them', async () => {
    const r = recordSpans();
    const root = r.start('agent:a');
    // 24-decimal amounts: the numbers are binary approximations of them.
    const exact = ['0.000000123456789012345678', '0.100000000000000000000001'];
    for (const e of exact) r.start('chat', { ...LLM_ATTRIBUTES, 'llmobserve.cost.total_usd': Number(e), 'llmobserve.cost.total_usd_exact': e }, root).end();
    root.end();
    const sink = new Sink(false);
    await exportAsync(new ConsoleTreeExporter({ stream: sink }), r.finished());
    expect(sink.text).toContain('$0.000000123456789012345678');
    expect(sink.text).toContain('$0.100000000000000000000001');
    expect(sink.text).toContain('subtree $0.100000123456789012345679');
    // The exact subtree string wins over the number too.
    const r2 = recordSpans();
    r2.start('agent:b', { 'llmobserve.cost.subtree_usd': 0.3, 'llmobserve.cost.subtree_usd_exact': '0.300000000000000000000007' }).end();
    const sink2 = new Sink(false);
    await exportAsync(new ConsoleTreeExporter({ stream: sink2 }), r2.finished());
    expect(sink2.text).toContain('subtree $0.300000000000000000000007');
  });

  it('waits for the root: children exported first are printed with it', async () => {
    const r = recordSpans();
    const root = r.start('root');
    r.start('child', {}, root).end();
    const sink = new Sink(false);
    const exporter = new ConsoleTreeExporter({ stream: sink });
    await exportAsync(exporter, r.finished());
    expect(sink.text).toBe('');
    root.end();
    await exportAsync(exporter, r.finished().slice(1));
    expect(sink.text).toMatch(/root .*\n└─ child /);
  });

  it('prints spans whose root never came at shutdown, marked incomplete', async () => {
    const r = recordSpans();
    const root = r.start('root');
    r.start('orphan', {}, root).end();
    const sink = new Sink(false);
    const exporter = new ConsoleTreeExporter({ stream: sink });
    await exportAsync(exporter, r.finished());
    await exporter.forceFlush();
    expect(sink.text).toBe('');
    await exporter.shutdown();
    expect(sink.text).toMatch(/\[incomplete: root span not seen\]\norphan /);
  });

  it('bounds the spans waiting for a root', async () => {
    const r = recordSpans();
    const roots = [r.start('a'), r.start('b')];
    r.start('first-child', {}, roots[0]).end();
    r.start('second-child', {}, roots[1]).end();
    const sink = new Sink(false);
    await exportAsync(new ConsoleTreeExporter({ stream: sink, maxPendingSpans: 1 }), r.finished());
    expect(sink.text).toMatch(/incomplete[\s\S]*first-child/);
    expect(sink.text).not.toContain('second-child');
  });

  it('marks errors', async () => {
    const r = recordSpans();
    const s = r.start('failing');
    s.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    s.end();
    const sink = new Sink(false);
    await exportAsync(new ConsoleTreeExporter({ stream: sink }), r.finished());
    expect(sink.text).toContain('error: rate limited');
  });

  it('colours on a TTY only, and not when NO_COLOR is set', async () => {
    delete process.env.NO_COLOR;
    const tty = new Sink(true);
    await exportAsync(new ConsoleTreeExporter({ stream: tty }), sampleTrace());
    expect(tty.text).toContain(ESC);

    process.env.NO_COLOR = '1';
    const noColor = new Sink(true);
    await exportAsync(new ConsoleTreeExporter({ stream: noColor }), sampleTrace());
    expect(noColor.text).not.toContain(ESC);

    process.env.NO_COLOR = '';
    const empty = new Sink(true);
    await exportAsync(new ConsoleTreeExporter({ stream: empty }), sampleTrace());
    expect(empty.text).toContain(ESC);

    const forced = new Sink(false);
    await exportAsync(new ConsoleTreeExporter({ stream: forced, color: true }), sampleTrace());
    expect(forced.text).toContain(ESC);
  });

  it('reports a failing stream as a failed export instead of throwing', async () => {
    const exporter = new ConsoleTreeExporter({
      stream: {
        write() {
          throw new Error('EPIPE');
        },
      },
    });
    const result = await exportAsync(exporter, sampleTrace());
    expect(result.code).toBe(ExportResultCode.FAILED);
  });

  it('rejects a bad maxPendingSpans at set-up', () => {
    expect(() => new ConsoleTreeExporter({ maxPendingSpans: 0 })).toThrow(ConfigError);
  });

  it.each<[[number, number], string]>([
    [[0, 420_000], '0.42 ms'],
    [[0, 12_340_000], '12.3 ms'],
    [[0, 245_000_000], '245 ms'],
    [[1, 240_000_000], '1.24 s'],
  ])('formats %j as %s', (hr, text) => {
    expect(formatDuration(hr)).toBe(text);
  });
});
