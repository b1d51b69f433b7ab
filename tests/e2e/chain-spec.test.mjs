// The committed `chain-specs/consortium-local.json` is what an operator hands to every node.
// It must carry the genesis the current runtime generates, or nodes would start a chain the
// code no longer describes. The Wasm code itself differs between compilers, so it is left out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeCommand, tempDir } from '../lib/node.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CODE_KEY = '0x3a636f6465'; // `:code`

const withoutCode = (spec) => {
  const copy = structuredClone(spec);
  delete copy.genesis.raw.top[CODE_KEY];
  return copy;
};

test('the committed consortium chain spec matches the genesis of the current runtime', () => {
  const committed = JSON.parse(readFileSync(join(ROOT, 'chain-specs/consortium-local.json'), 'utf8'));
  const tmp = tempDir();
  try {
    const fresh = join(tmp.dir, 'fresh.json');
    runNodeCommand(['export-chain-spec', '--chain', 'consortium-local', '--raw', '--output', fresh]);
    const generated = JSON.parse(readFileSync(fresh, 'utf8'));

    assert.ok(committed.genesis.raw.top[CODE_KEY], 'the committed spec carries no runtime code');
    assert.deepEqual(
      withoutCode(committed),
      withoutCode(generated),
      'chain-specs/consortium-local.json is stale: run scripts/generate-chain-spec.sh and commit the result',
    );
  } finally {
    tmp.cleanup();
  }
});
