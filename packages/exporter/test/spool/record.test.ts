import * as zlib from 'node:zlib';
import { crc32, crc32Portable } from '../../src/spool/crc32';
import { HEADER_LENGTH, checksumMatches, decodeHeader, encodeHeader } from '../../src/spool/record';

describe('crc32', () => {
  it('matches the standard check value and zlib', () => {
    const data = Buffer.from('123456789');
    expect(crc32Portable(data)).toBe(0xcbf43926);
    expect(crc32(data)).toBe(0xcbf43926);
    const random = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7919) & 0xff));
    expect(crc32Portable(random)).toBe(zlib.crc32(random));
    expect(crc32Portable(random.subarray(500), crc32Portable(random.subarray(0, 500)))).toBe(zlib.crc32(random));
  });
});

describe('record header', () => {
  const payload = Buffer.from('{"resourceSpans":[]}');

  it('round-trips and verifies', () => {
    const header = encodeHeader(1, 42, payload);
    expect(header).toHaveLength(HEADER_LENGTH);
    expect(decodeHeader(header)).toMatchObject({ payloadLength: payload.length, type: 1, spanCount: 42 });
    expect(checksumMatches(header, payload)).toBe(true);
  });

  it.each([0, 4, 8, 9, 12])('detects a flipped bit in header byte %i', byte => {
    const header = encodeHeader(1, 42, payload);
    header[byte]! ^= 0x01;
    expect(decodeHeader(header) === undefined || !checksumMatches(header, payload)).toBe(true);
  });

  it('detects a changed payload', () => {
    const header = encodeHeader(1, 42, payload);
    const changed = Buffer.from(payload);
    changed[3]! ^= 0x20;
    expect(checksumMatches(header, changed)).toBe(false);
  });

  it('refuses absurd lengths', () => {
    const header = encodeHeader(1, 1, payload);
    header.writeUInt32LE(0xffffffff, 0);
    expect(decodeHeader(header)).toBeUndefined();
  });
});
