// A process that does what synth does after synthesizing: writeDist(outDir, files). The kill test
// starts it many times; see startWriter in synth-processes.ts.
import { readFileSync } from 'node:fs';
import { writeDist } from '../../../charts/dist/write.js';

const [filesJson, outDir] = process.argv.slice(2);
if (filesJson === undefined || outDir === undefined) throw new Error('usage: write-process.ts files.json out-dir');
writeDist(outDir, new Map(Object.entries(JSON.parse(readFileSync(filesJson, 'utf8')) as Record<string, string>)));
