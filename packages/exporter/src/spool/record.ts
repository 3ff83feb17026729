import { crc32 } from './crc32';

/**
 * On-disk layout of the spool.
 *
 * A segment file starts with the 8-byte magic `LLMOSPL1` and holds records
 * back to back. A record is a 13-byte header and a payload:
 *
 * ```
 * offset 0  u32 LE  payload length
 * offset 4  u32 LE  CRC-32 of bytes 0..3 and 8..end (length, type, span count, payload)
 * offset 8  u8      record type (1 = span batch, OTLP/JSON ExportTraceServiceRequest)
 * offset 9  u32 LE  number of spans in the payload
 * offset 13 payload
 * ```
 *
 * Records are only ever appended. A crash mid-write leaves at most one torn
 * record at the end of the newest segment; its CRC (or its length running past
 * the end of the file) gives it away and recovery cuts it off. Earlier bytes are
 * never rewritten, so earlier records cannot be damaged by a crash.
 */
export const SEGMENT_MAGIC = Buffer.from('LLMOSPL1', 'latin1');

/** Length of the segment magic. */
export const MAGIC_LENGTH = SEGMENT_MAGIC.length;

/** Length of a record header. */
export const HEADER_LENGTH = 13;

/** Record type of a span batch. */
export const RECORD_SPANS = 1;

/** Largest payload a reader accepts; anything larger is treated as corruption. */
export const MAX_PAYLOAD_LENGTH = 256 * 1024 * 1024;

/** A decoded record header. */
export interface RecordHeader {
  readonly payloadLength: number;
  readonly crc: number;
  readonly type: number;
  readonly spanCount: number;
}

/** Builds the header for `payload`; write it, then the payload. */
export function encodeHeader(type: number, spanCount: number, payload: Uint8Array): Buffer {
  const header = Buffer.allocUnsafe(HEADER_LENGTH);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt8(type, 8);
  header.writeUInt32LE(spanCount, 9);
  let crc = crc32(header.subarray(0, 4));
  crc = crc32(header.subarray(8, HEADER_LENGTH), crc);
  crc = crc32(payload, crc);
  header.writeUInt32LE(crc, 4);
  return header;
}

/** Reads a header; `undefined` when its length field is impossible. */
export function decodeHeader(header: Uint8Array): RecordHeader | undefined {
  const view = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  const payloadLength = view.readUInt32LE(0);
  if (payloadLength > MAX_PAYLOAD_LENGTH) return undefined;
  return { payloadLength, crc: view.readUInt32LE(4), type: view.readUInt8(8), spanCount: view.readUInt32LE(9) };
}

/** True when the header's CRC matches its fields and `payload`. */
export function checksumMatches(header: Uint8Array, payload: Uint8Array): boolean {
  const view = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  let crc = crc32(view.subarray(0, 4));
  crc = crc32(view.subarray(8, HEADER_LENGTH), crc);
  crc = crc32(payload, crc);
  return crc === view.readUInt32LE(4);
}
