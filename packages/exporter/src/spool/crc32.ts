import * as zlib from 'node:zlib';

let table: Uint32Array | undefined;

function crc32Fallback(data: Uint8Array, previous: number): number {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

type Crc32 = (data: Uint8Array, previous?: number) => number;
const native = (zlib as { crc32?: Crc32 }).crc32;

/**
 * CRC-32 (IEEE, the zlib/PNG polynomial), chainable through `previous`.
 * Uses `zlib.crc32` (Node ≥ 20.15); a table implementation on older Node 20.
 */
export const crc32: (data: Uint8Array, previous?: number) => number =
  native !== undefined ? (data, previous = 0) => native(data, previous) : (data, previous = 0) => crc32Fallback(data, previous);

/** The table implementation, exported for the test that pins it to `zlib.crc32`. */
export const crc32Portable: (data: Uint8Array, previous?: number) => number = (data, previous = 0) =>
  crc32Fallback(data, previous);
