// The bytes of uploaded files on disk, under FILES_DIR (default DATA_DIR/files):
// `<accountId>/<first two characters of the id>/<fileId>`. An upload is first written to `.tmp/` on the same
// file system (hashed and counted as it streams) and only renamed into place when its row is written, so a
// failed or refused upload leaves no bytes behind.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ReceivedFile {
  tempPath: string;
  size: number;
  sha256: string;
  /** The stream stopped at the size limit: the file is larger than allowed (already discarded). */
  truncated: boolean;
}

export function createFileStorage(root: string) {
  const tmpDir = path.join(root, '.tmp');
  const pathOf = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep))
      throw new Error(`storage key outside the root: ${key}`);
    return full;
  };

  return {
    root,
    keyOf: (accountId: string, fileId: string) => `${accountId}/${fileId.slice(0, 2)}/${fileId}`,

    /** Streams an upload into a temporary file, hashing and counting it. */
    async receive(stream: Readable & { truncated?: boolean }): Promise<ReceivedFile> {
      await fsp.mkdir(tmpDir, { recursive: true });
      const tempPath = path.join(tmpDir, `${randomUUID()}.part`);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(stream, meter, fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
      } catch (error) {
        await fsp.rm(tempPath, { force: true });
        throw error;
      }
      const truncated = stream.truncated === true;
      if (truncated) await fsp.rm(tempPath, { force: true });
      return { tempPath, size, sha256: hash.digest('hex'), truncated };
    },

    /** Moves a received file into its place (atomic: the same file system). */
    async commit(tempPath: string, key: string) {
      const target = pathOf(key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rename(tempPath, target);
    },

    /**
     * Puts a received file's bytes at `key` and keeps the received copy (a hard link: same file system, no
     * copy): a migration places them inside a transaction that may be rolled back and written again.
     * Whatever was at `key` (an earlier attempt's bytes) is replaced.
     */
    async place(tempPath: string, key: string) {
      const target = pathOf(key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.rm(target, { force: true });
      await fsp.link(tempPath, target);
    },

    discard: (tempPath: string) => fsp.rm(tempPath, { force: true }),

    remove: (key: string) => fsp.rm(pathOf(key), { force: true }),

    /** A stream of the stored bytes, once the file is open; undefined when the bytes are missing. */
    open: (key: string) =>
      new Promise<fs.ReadStream | undefined>((resolve, reject) => {
        const stream = fs.createReadStream(pathOf(key));
        stream.once('open', () => resolve(stream));
        stream.once('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') resolve(undefined);
          else reject(error);
        });
      }),

    exists: (key: string) =>
      fsp.access(pathOf(key)).then(
        () => true,
        () => false,
      ),
  };
}
export type FileStorage = ReturnType<typeof createFileStorage>;
