import * as zlib from 'node:zlib';

let table: Int32Array | undefined;

function crc32Js(buf: Uint8Array): number {
  if (table === undefined) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < buf.length; i++) crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 (IEEE), as AWS event-stream uses it: `zlib.crc32` where Node has it (>= 20.15), else a table. */
export const crc32: (buf: Uint8Array) => number = typeof native === 'function' ? (b) => native(b) : crc32Js;

/** The table implementation, exported for tests that compare it with the native one. */
export const crc32Table = crc32Js;
