import { diag } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '@llmobserve/exporter';
import { FileSpool } from '../../src/spool/FileSpool';
import type { FileSpoolOptions } from '../../src/spool/FileSpool';
import { HEADER_LENGTH, MAGIC_LENGTH } from '../../src/spool/record';

const payload = (i: number, size = 100): Buffer => Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(Math.max(0, size - 20)) }));
const idOf = (b: Buffer): number => (JSON.parse(b.toString()) as { i: number }).i;

describe('FileSpool', () => {
  let dir: string;
  const open: FileSpool[] = [];
  const make = (o: Partial<FileSpoolOptions> = {}): FileSpool => {
    const s = new FileSpool({ dir, maxBytes: 1 << 20, segmentBytes: 4096, fsync: 'never', ...o });
    open.push(s);
    return s;
  };
  const closeAll = async (): Promise<void> => {
    await Promise.all(open.splice(0).map(s => s.close().catch(() => undefined)));
  };
  const segments = (): string[] => fs.readdirSync(dir).filter(n => n.endsWith('.spool')).sort();
  const drain = async (s: FileSpool, maxSpans = 1000): Promise<number[]> => {
    const ids: number[] = [];
    for (;;) {
      const batch = await s.readBatch(maxSpans);
      ids.push(...batch.records.map(r => idOf(r.payload)));
      await s.commit(batch.end, batch.spanCount);
      if (batch.records.length === 0 || s.isEmpty) break;
    }
    return ids;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmobserve-spool-'));
  });
  afterEach(async () => {
    await closeAll();
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores, reads in order, commits and cleans up', async () => {
    const s = make({ fsync: 'always' });
    expect(s.isEmpty).toBe(true);
    for (let i = 0; i < 5; i++) expect(await s.append(payload(i), 10)).toEqual({ stored: true, droppedSpans: 0 });
    expect(s.isEmpty).toBe(false);
    expect(s.pendingSpans).toBe(50);
    const batch = await s.readBatch(25);
    expect(batch.records.map(r => idOf(r.payload))).toEqual([0, 1]); // 2 records of 10 spans fit in 25
    expect(batch.spanCount).toBe(20);
    await s.commit(batch.end, batch.spanCount);
    expect(s.pendingSpans).toBe(30);
    expect(await drain(s)).toEqual([2, 3, 4]);
    expect(s.isEmpty).toBe(true);
    expect(s.pendingSpans).toBe(0);
    expect(segments()).toEqual([]);
    // A batch larger than maxSpans is still read alone.
    await s.append(payload(9), 5000);
    expect((await s.readBatch(10)).records).toHaveLength(1);
  });

  it('rotates segments and deletes each once delivered', async () => {
    const s = make({ segmentBytes: 1024 });
    for (let i = 0; i < 30; i++) await s.append(payload(i, 200), 1);
    const before = segments();
    expect(before.length).toBeGreaterThan(5);
    const first = await s.readBatch(8);
    await s.commit(first.end, first.spanCount);
    expect(segments().length).toBeLessThan(before.length);
    expect(segments()[0]! > before[0]!).toBe(true);
    expect(await drain(s, 8)).toEqual(Array.from({ length: 22 }, (_, i) => i + 8));
  });

  it('drops the oldest segments past maxBytes, counts and reports the spans', async () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const s = make({ maxBytes: 4096, segmentBytes: 1024 });
    let dropped = 0;
    for (let i = 0; i < 40; i++) dropped += (await s.append(payload(i, 200), 3)).droppedSpans;
    expect(s.sizeBytes).toBeLessThanOrEqual(4096);
    expect(dropped).toBeGreaterThan(0);
    expect(s.droppedTotal).toBe(dropped);
    expect(s.droppedUnreported).toBe(dropped);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/dropped \d+ spans oldest first .*maxBytes=4096.*llmobserve\.spool\.dropped/));
    const ids = await drain(s);
    // What is left is the newest, contiguous, and together with the dropped ones it is everything.
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, k) => 40 - ids.length + k));
    expect(dropped / 3 + ids.length).toBe(40);
    // The unreported count survives a restart, and is cleared once acknowledged.
    await closeAll();
    const again = make({ maxBytes: 4096, segmentBytes: 1024 });
    expect(again.droppedUnreported).toBe(dropped);
    await again.acknowledgeDropped(dropped);
    expect(again.droppedUnreported).toBe(0);
  });

  it('drops a batch larger than the whole spool', async () => {
    jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const s = make({ maxBytes: 4096, segmentBytes: 1024 });
    expect(await s.append(payload(1, 5000), 7)).toEqual({ stored: false, droppedSpans: 7 });
    expect(s.droppedUnreported).toBe(7);
    expect(s.isEmpty).toBe(true);
  });

  it('a drop while a batch is being replayed does not move the head backwards', async () => {
    jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const s = make({ maxBytes: 4096, segmentBytes: 1024 });
    for (let i = 0; i < 4; i++) await s.append(payload(i, 200), 1);
    const inFlight = await s.readBatch(2);
    for (let i = 4; i < 40; i++) await s.append(payload(i, 200), 1);
    await s.commit(inFlight.end, inFlight.spanCount);
    const ids = await drain(s);
    expect(ids[0]).toBeGreaterThan(1);
    expect(ids[ids.length - 1]).toBe(39);
  });

  it('survives a restart: the cursor and pending records are kept', async () => {
    const s = make();
    for (let i = 0; i < 6; i++) await s.append(payload(i), 2);
    const first = await s.readBatch(4);
    await s.commit(first.end, first.spanCount);
    await closeAll();
    const again = make();
    expect(again.pendingSpans).toBe(8);
    expect(await drain(again)).toEqual([2, 3, 4, 5]);
  });

  it.each([
    ['half a header', (b: Buffer) => b.subarray(0, 5)],
    ['a header and half the payload', (b: Buffer) => b.subarray(0, HEADER_LENGTH + 10)],
    ['a whole record with a bad checksum', (b: Buffer) => Buffer.concat([b.subarray(0, 20), Buffer.from('?'), b.subarray(21)])],
  ])('cuts a torn tail (%s) and keeps every earlier record', async (_name, tear) => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const s = make();
    for (let i = 0; i < 3; i++) await s.append(payload(i), 1);
    await closeAll();
    const [segment] = segments();
    const file = path.join(dir, segment!);
    const sizeBefore = fs.statSync(file).size;
    // Build the bytes of a 4th record the way the spool would, then tear them.
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmobserve-probe-'));
    const probe = new FileSpool({ dir: probeDir, maxBytes: 1 << 20, segmentBytes: 4096, fsync: 'never' });
    await probe.append(payload(3), 1);
    await probe.close();
    const record = fs.readFileSync(path.join(probeDir, fs.readdirSync(probeDir).find(n => n.endsWith('.spool'))!)).subarray(MAGIC_LENGTH);
    fs.rmSync(probeDir, { recursive: true, force: true });
    fs.appendFileSync(file, tear(record));
    const again = make();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/incomplete record .* earlier records are intact/));
    expect(fs.statSync(file).size).toBe(sizeBefore);
    expect(again.pendingSpans).toBe(3);
    await again.append(payload(4), 1);
    expect(await drain(again)).toEqual([0, 1, 2, 4]);
  });

  it('restarts a newest segment whose magic never reached the disk', async () => {
    fs.writeFileSync(path.join(dir, 'seg-000000000003.spool'), 'LLM');
    const s = make();
    expect(s.isEmpty).toBe(true);
    await s.append(payload(1), 1);
    expect(await drain(s)).toEqual([1]);
  });

  it('skips an older segment that is not a spool segment, and a damaged record in one', async () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const s = make({ segmentBytes: 300 });
    for (let i = 0; i < 6; i++) await s.append(payload(i, 200), 1);
    await closeAll();
    const names = segments();
    expect(names).toHaveLength(6); // one 213-byte record per 300-byte segment
    fs.writeFileSync(path.join(dir, names[0]!), 'garbage!garbage!');
    const second = path.join(dir, names[1]!);
    const bytes = fs.readFileSync(second);
    bytes[bytes.length - 3]! ^= 0xff; // damage the payload of its record
    fs.writeFileSync(second, bytes);
    const again = make({ segmentBytes: 300 });
    const ids = await drain(again);
    expect(ids).toEqual([2, 3, 4, 5]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/is not a spool segment/));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/damaged record/));
  });

  it('refuses a directory already open in this process', () => {
    make();
    expect(() => make()).toThrow(/spool\.dir .*already open in this process/);
  });

  it('refuses a directory locked by another live process, takes over from a dead one', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dir, 'lock'), String(child.pid));
      let error: unknown;
      try {
        make();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(new RegExp(`is in use by process ${child.pid}`));
    } finally {
      child.kill('SIGKILL');
      await new Promise(resolve => child.once('exit', resolve));
    }
    const s = make();
    await s.append(payload(1), 1);
    expect(fs.readFileSync(path.join(dir, 'lock'), 'utf8')).toBe(String(process.pid));
    await closeAll();
    expect(fs.existsSync(path.join(dir, 'lock'))).toBe(false);
  });

  it('refuses a path that is not a writable directory', () => {
    const file = path.join(dir, 'file');
    fs.writeFileSync(file, '');
    expect(() => new FileSpool({ dir: file, maxBytes: 4096, segmentBytes: 1024, fsync: 'never' })).toThrow(/spool\.dir must be a writable directory/);
  });

  it('rejects operations after close', async () => {
    const s = make();
    await s.close();
    await expect(s.append(payload(1), 1)).rejects.toThrow(/closed/);
    await s.close().catch(() => undefined);
  });
});
