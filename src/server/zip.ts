/**
 * Reading a ZIP archive in memory (PKWARE APPNOTE 6.3.x: end of central directory, central directory headers,
 * local headers; methods 0 "stored" and 8 "deflate"), for uploads such as a GENIUS negotiation folder zipped.
 * Nothing touches the file system: entries come back as names and bytes, and names are only labels (directory
 * parts are dropped). Limits guard against zip bombs: at most `maxEntries` files and `maxBytes` uncompressed
 * in total. Throws ZipError with a message for the user on anything it cannot read. O(archive size).
 */
import { inflateRawSync } from 'node:zlib';

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  /** The file's name without its folders. */
  name: string;
  /** The path inside the archive, as written (a label only). */
  path: string;
  data: Uint8Array;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function readZip(bytes: Uint8Array, limits: { maxEntries?: number; maxBytes?: number } = {}): ZipEntry[] {
  const maxEntries = limits.maxEntries ?? 500;
  const maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50, within the last 22 + 65535 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('the file is not a complete ZIP archive (no end of central directory)');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (count > maxEntries) throw new ZipError(`the archive has ${count} entries; at most ${maxEntries} are read`);
  const out: ZipEntry[] = [];
  let total = 0;
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw new ZipError('the archive\'s central directory is damaged');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const path = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (path.endsWith('/')) continue; // a folder
    if (flags & 1) throw new ZipError(`${path} is encrypted; upload an archive without a password`);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw new ZipError(`the archive's entry for ${path} is damaged`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + compressed);
    total += size;
    if (total > maxBytes) throw new ZipError(`the archive unpacks to more than ${Math.round(maxBytes / 1048576)} MiB`);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
      } catch {
        throw new ZipError(`${path} could not be decompressed`);
      }
    } else throw new ZipError(`${path} uses compression method ${method}; only stored and deflate are read`);
    const name = path.split(/[\\/]/).pop() ?? path;
    if (name.startsWith('.') || path.startsWith('__MACOSX/')) continue; // macOS resource forks, hidden files
    out.push({ name, path, data });
  }
  return out;
}
