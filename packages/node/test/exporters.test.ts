import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { existsSync } from 'node:fs';
import { ConsoleTreeExporter } from '@llmobserve/exporter';
import { buildExporters, defaultExporterNames, parseExporterNames } from '../src/exporters';

describe('exporters', () => {
  it('defaults to otlp, then phoenix, then the console tree', () => {
    expect(defaultExporterNames({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' })).toEqual(['otlp']);
    expect(defaultExporterNames({ PHOENIX_COLLECTOR_ENDPOINT: 'http://x:6006' })).toEqual(['phoenix']);
    expect(defaultExporterNames({})).toEqual(['console']);
  });

  it('parses a comma list and refuses unknown names', () => {
    expect(parseExporterNames(' jaeger,,tempo ', 'F')).toEqual(['jaeger', 'tempo']);
    expect(() => parseExporterNames('jaeger,zipkin', 'F')).toThrow('F: unknown exporter "zipkin"');
  });

  it('builds presets and instances, spools network exporters only, skips none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmobserve-spool-'));
    try {
      const mem = new InMemorySpanExporter();
      const built = buildExporters(['console', 'jaeger', 'none', mem], { dir }, {});
      expect(built).toHaveLength(3);
      expect(built[0]).toBeInstanceOf(ConsoleTreeExporter);
      expect(existsSync(join(dir, 'jaeger'))).toBe(true); // the jaeger preset spools there
      expect(existsSync(join(dir, 'console'))).toBe(false);
      expect(built[2]).toBe(mem);
      await Promise.all(built.map((e) => e.shutdown()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses things that are not exporters', () => {
    expect(() => buildExporters([{} as never], undefined, {})).toThrow(/SpanExporter instances/);
    expect(() => buildExporters(['zipkin' as never], undefined, {})).toThrow(/unknown exporter "zipkin"/);
  });
});
