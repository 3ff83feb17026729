import * as zlib from 'node:zlib';
import { BodyDecoder, encodeEventStreamMessage, EventStreamParser, JsonStreamParser, SseParser } from '@llmobserve/providers';
import { crc32, crc32Table } from '../src/parsers/crc32';

function sseEvents(input: string | Uint8Array[], max = 1 << 16): Array<[unknown, string | undefined]> {
  const out: Array<[unknown, string | undefined]> = [];
  const p = new SseParser({ onEvent: (v, t) => out.push([v, t]), onDone: () => out.push(['DONE', undefined]), onMalformed: (r) => out.push([`bad:${r}`, undefined]) }, max);
  for (const c of typeof input === 'string' ? [Buffer.from(input)] : input) p.write(c);
  p.end();
  return out;
}

describe('SseParser', () => {
  test.each([
    ['LF', 'data: {"a":1}\n\n'],
    ['CRLF', 'data: {"a":1}\r\n\r\n'],
    ['bare CR', 'data: {"a":1}\r\r'],
    ['BOM', '\ufeffdata: {"a":1}\n\n'],
    ['no space after colon', 'data:{"a":1}\n\n'],
    ['comment lines', ': keep-alive\n: another\ndata: {"a":1}\n\n'],
    ['no final blank line', 'data: {"a":1}'],
    ['multi-line data', 'data: {"a":\ndata: 1}\n\n'],
    ['unknown fields', 'id: 7\nretry: 100\nfoo\ndata: {"a":1}\n\n'],
  ])('%s', (_n, text) => {
    expect(sseEvents(text)).toEqual([[{ a: 1 }, undefined]]);
  });

  test('event types, [DONE], malformed data, empty events', () => {
    expect(sseEvents('event: ping\n\nevent: x\ndata: {"b":2}\n\nevent\ndata\n\ndata: [DONE]\n\ndata: nope\n\n')).toEqual([
      [{ b: 2 }, 'x'],
      ['bad:malformed_json', undefined],
      ['DONE', undefined],
      ['bad:malformed_json', undefined],
    ]);
  });

  test('an event larger than the buffer is parsed incrementally with the same result', () => {
    const big = { usage: { prompt_tokens: 5 }, text: 'x'.repeat(5000), list: [1, 2, 3] };
    const text = `data: ${JSON.stringify(big)}\n\n`;
    const r = sseEvents([Buffer.from(text.slice(0, 100)), Buffer.from(text.slice(100))], 1024);
    expect(r).toHaveLength(1);
    const v = r[0][0] as { usage: unknown; text: string };
    expect(v.usage).toEqual({ prompt_tokens: 5 });
    expect(v.text.length).toBe(2048);
    expect(sseEvents(`data: {"x":[${'1,'.repeat(2000)}\n\n`, 1024)).toEqual([['bad:malformed_json', undefined]]);
  });

  test('a field name that is too long is skipped', () => {
    expect(sseEvents('averyveryverylongfieldname: {"a":1}\ndata: {"a":2}\n\n')).toEqual([[{ a: 2 }, undefined]]);
  });
});

describe('JsonStreamParser', () => {
  function values(text: string, budget = 1 << 16, split = 0): { values: unknown[]; end: string } {
    const out: unknown[] = [];
    const p = new JsonStreamParser((v) => out.push(v), budget);
    const b = Buffer.from(text);
    if (split > 0) for (let i = 0; i < b.length; i += split) p.write(b, i, Math.min(b.length, i + split));
    else p.write(b);
    return { values: out, end: p.end() };
  }

  test.each([
    ['{"a":1,"b":[true,false,null],"c":{"d":"e\\n\\u00e9\\ud83d\\ude00"},"n":-1.5e3}'],
    ['{"s":"\\"\\\\\\/\\b\\f\\r\\t","e":{},"a":[],"z":0}'],
    ['[{"a":1},{"a":2}]'],
  ])('parses like JSON.parse (split every byte too): %s', (text) => {
    const expected = JSON.parse(text);
    const want = Array.isArray(expected) ? expected : [expected];
    expect(values(text)).toEqual({ values: want, end: 'ok' });
    expect(values(text, 1 << 16, 1)).toEqual({ values: want, end: 'ok' });
  });

  test('NDJSON and scalar top-level values', () => {
    expect(values('{"a":1}\n{"a":2}\n3\n"s"')).toEqual({ values: [{ a: 1 }, { a: 2 }, 3, 's'], end: 'ok' });
  });

  test.each([['{"a":}'], ['{"a" 1}'], ['{"a":1]'], ['[1,}'], ['{"a":tru}'], ['{"a":"\\x"}'], ['{"a":"\\u12g4"}'], ['{"a":"\u0001"}'], ['{1:2}'], ['-'], ['{"a":1}}']])(
    'malformed: %s',
    (text) => {
      expect(values(text).end).toBe('malformed_json');
    },
  );

  test('incomplete and too deep', () => {
    expect(values('{"a":[1,2').end).toBe('incomplete');
    expect(values('['.repeat(300)).end).toBe('too_deep');
  });

  test('prunes: numbers in arrays dropped, long strings cut, usage kept after the budget is spent', () => {
    const body = { data: [{ embedding: Array(5000).fill(0.5) }], filler: Array.from({ length: 200 }, (_, i) => `item-${i}-${'p'.repeat(50)}`), usage: { prompt_tokens: 8 }, model: 'm' };
    const r = values(JSON.stringify(body), 2048);
    const v = r.values[0] as { data: Array<{ embedding: number[] }>; filler: string[]; usage: unknown; model: string };
    expect(v.data[0].embedding).toEqual([]);
    expect(v.filler.length).toBeLessThan(200);
    expect(v.usage).toEqual({ prompt_tokens: 8 });
    expect(v.model).toBe('m');
  });

  test('a consumer that throws does not stop parsing; __proto__ keys are not assigned', () => {
    let n = 0;
    const p = new JsonStreamParser(() => {
      n++;
      throw new Error('consumer');
    }, 1024);
    p.write(Buffer.from('{"__proto__":{"x":1}}\n{}'));
    expect(p.end()).toBe('ok');
    expect(n).toBe(2);
    p.reset();
    expect(p.idle).toBe(true);
  });
});

describe('EventStreamParser', () => {
  const msg = (type: string, payload: object, messageType = 'event') =>
    encodeEventStreamMessage({ ':event-type': type, ':message-type': messageType }, Buffer.from(JSON.stringify(payload)));

  function collect(chunks: Uint8Array[], max?: number): { msgs: Array<[string, string, string]>; p: EventStreamParser } {
    const msgs: Array<[string, string, string]> = [];
    const p = new EventStreamParser({ onMessage: (m, t, pl) => msgs.push([m, t, Buffer.from(pl).toString()]) }, max);
    for (const c of chunks) p.write(c);
    return { msgs, p };
  }

  test('decodes messages split anywhere', () => {
    const all = Buffer.concat([msg('a', { x: 1 }), msg('b', { y: 2 }, 'exception')]);
    for (let k = 1; k < all.length; k++) {
      const { msgs, p } = collect([all.subarray(0, k), all.subarray(k)]);
      expect(msgs).toEqual([
        ['event', 'a', '{"x":1}'],
        ['exception', 'b', '{"y":2}'],
      ]);
      expect(p.idle).toBe(true);
    }
  });

  test('bad prelude CRC, bad message CRC and oversized messages', () => {
    const m = msg('a', { x: 1 });
    const badPrelude = Buffer.from(m);
    badPrelude[9] ^= 1;
    expect(collect([badPrelude]).p.error).toBe('decode_error');
    const badMsg = Buffer.from(m);
    badMsg[m.length - 1] ^= 1;
    const r = collect([badMsg, m]);
    expect(r.p.error).toBe('decode_error');
    expect(r.msgs).toEqual([]);
    const big = msg('big', { s: 'x'.repeat(2000) });
    const r2 = collect([big, m], 1024);
    expect(r2.p.error).toBe('too_large');
    expect(r2.msgs).toEqual([['event', 'a', '{"x":1}']]);
  });

  test('non-string header types are skipped by size', () => {
    // Header "n" of type int32 (4) then ":event-type" string.
    const headers = Buffer.concat([Buffer.from([1, 0x6e, 4, 0, 0, 0, 7]), Buffer.from([11]), Buffer.from(':event-type'), Buffer.from([7, 0, 1, 0x7a])]);
    const payload = Buffer.from('{}');
    const total = 12 + headers.length + payload.length + 4;
    const out = Buffer.alloc(total);
    out.writeUInt32BE(total, 0);
    out.writeUInt32BE(headers.length, 4);
    out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
    headers.copy(out, 12);
    payload.copy(out, 12 + headers.length);
    out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
    expect(collect([out]).msgs).toEqual([['event', 'z', '{}']]);
  });

  test('table CRC-32 equals zlib', () => {
    const b = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(crc32Table(b)).toBe(0x414fa339);
    expect(crc32(b)).toBe(0x414fa339);
  });
});

describe('BodyDecoder', () => {
  test('identity passes through; a gzip bomb is stopped as too_large', () => {
    const seen: number[] = [];
    const id = new BodyDecoder(undefined, (b) => seen.push(b.length));
    id.write(Buffer.from('abc'));
    id.end();
    expect(seen).toEqual([3]);
    let n = 0;
    const d = new BodyDecoder('gzip', (b) => (n += b.length));
    d.write(zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)));
    d.end();
    expect(d.error).toBe('too_large');
    expect(n).toBe(0);
  });

  test.each([false, true])('inflaters are reused: bodies decode right after complete, cut, corrupt and abandoned bodies (batching %s)', (batching) => {
    const encoders: Record<string, (b: Buffer) => Buffer> = {
      gzip: (b) => zlib.gzipSync(b),
      deflate: (b) => zlib.deflateSync(b),
      'deflate (raw)': (b) => zlib.deflateRawSync(b),
      br: (b) => zlib.brotliCompressSync(b),
    };
    const decode = (encoding: string, body: Buffer, parts = 1, release = false): { text: string; error: string | undefined } => {
      const out: Buffer[] = [];
      const d = new BodyDecoder(encoding.split(' ')[0], (b) => out.push(Buffer.from(b)));
      d.batching = batching;
      const step = Math.ceil(body.length / parts);
      for (let i = 0; i < body.length; i += step) d.write(body.subarray(i, i + step));
      if (release) d.release();
      else d.end();
      return { text: Buffer.concat(out).toString('utf8'), error: d.error };
    };
    let seed = 7;
    const noise = (n: number): string => {
      let t = '';
      for (let i = 0; i < n; i++) t += ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16).toString(16);
      return t;
    };
    for (const [encoding, encode] of Object.entries(encoders)) {
      for (let round = 0; round < 12; round++) {
        // Up to ~90 KB of poorly compressible text: the later bodies span several 32 KiB batches.
        const text = `{"round":${round},"encoding":"${encoding}","pad":"${noise(round * 2000)}"}`;
        const body = encode(Buffer.from(text));
        if (round % 4 === 1) {
          expect(decode(encoding, body.subarray(0, body.length - 6), 3).error).toBe('decode_error');
        } else if (round % 4 === 2) {
          const corrupt = Buffer.from(body);
          corrupt.fill(0x55, Math.floor(corrupt.length / 2));
          expect(decode(encoding, corrupt, 5).error).toBe('decode_error');
        } else if (round % 4 === 3) {
          // Abandoned half-way (with input gathered, when batching): released without a final flush; must not
          // leak state into the next body.
          decode(encoding, body.subarray(0, Math.floor(body.length / 2)), 7, true);
        }
        expect(decode(encoding, body, 1 + (round % 3) * 5)).toEqual({ text, error: undefined });
      }
    }
  });

  test('batching gathers compressed input and inflates it at 32 KiB, on drain() and at end()', () => {
    let text = '';
    for (let i = 0; text.length < 300_000; i++) text += `event ${i} ${(i * 7919) % 10007} `;
    const wire = zlib.gzipSync(Buffer.from(text));
    const out: Buffer[] = [];
    const d = new BodyDecoder('gzip', (b) => out.push(Buffer.from(b)));
    d.batching = true;
    for (let i = 0; i < 1000; i += 100) d.write(wire.subarray(i, i + 100));
    expect(out).toEqual([]);
    d.drain();
    expect(Buffer.concat(out)).toEqual(zlib.gunzipSync(wire.subarray(0, 1000), { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    const before = out.length;
    // Fewer than 32 KiB more: still gathered.
    for (let i = 1000; i < 1000 + 30 * 1024; i += 100) d.write(wire.subarray(i, Math.min(i + 100, 1000 + 30 * 1024)));
    expect(out.length).toBe(before);
    // Past 32 KiB (a chunk that is itself larger is inflated at once), then the rest.
    d.write(wire.subarray(1000 + 30 * 1024, 1000 + 64 * 1024));
    expect(out.length).toBeGreaterThan(before);
    for (let i = 1000 + 64 * 1024; i < wire.length; i += 333) d.write(wire.subarray(i, i + 333));
    d.end();
    expect(d.error).toBeUndefined();
    expect(Buffer.concat(out).toString('utf8')).toBe(text);
  });

  test('a compressed body that never arrives is no decode error (no inflater was taken, so none is flushed empty)', () => {
    for (const encoding of ['gzip', 'br', 'deflate']) {
      const d = new BodyDecoder(encoding, () => undefined);
      d.end();
      expect(d.error).toBeUndefined();
      // Ended: later input is not taken.
      d.write(zlib.gzipSync(Buffer.from('late')));
      expect(d.error).toBeUndefined();
    }
  });

  test('a released decoder takes no more input', () => {
    const out: number[] = [];
    const d = new BodyDecoder('gzip', (b) => out.push(b.length));
    d.release();
    d.write(zlib.gzipSync(Buffer.from('late')));
    d.end();
    expect(out).toEqual([]);
    expect(d.error).toBeUndefined();
  });

  test('a deflate body of one byte is a decode error', () => {
    const d = new BodyDecoder('deflate', () => undefined);
    d.write(Buffer.from([0x78]));
    d.end();
    expect(d.error).toBe('decode_error');
  });
});
