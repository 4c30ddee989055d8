// Starts a worker thread on a TypeScript entry (process.argv[2]) through jiti, for code run from the sources (vitest,
// `npx jiti` scripts); the built app starts its built .js entries instead (src/inference/mask-head/thread.ts).
import { createJiti } from 'jiti';

const entry = process.argv[2];
if (!entry) throw new Error('ts-worker: no entry given');
await createJiti(import.meta.url).import(entry);
