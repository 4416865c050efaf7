// Trace mode's files: each run's Chrome JSON trace, gzipped, in DIR/traces/ beside results.json. Perfetto
// (ui.perfetto.dev) and the DevTools Performance panel open .json.gz traces as they are.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { SaveTrace } from '../run/trace-of-run.ts';

const gzipAsync = promisify(gzip);

export const TRACES_DIR = 'traces';

export function traceSaver(outDir: string): SaveTrace {
  return async (name, json) => {
    await mkdir(join(outDir, TRACES_DIR), { recursive: true });
    const file = `${TRACES_DIR}/${name}.json.gz`;
    const data = await gzipAsync(json);
    await writeFile(join(outDir, file), data);
    return { file, bytes: data.byteLength };
  };
}
