// A real consortium's own chain spec, from its clinics' public keys (`ivf-node
// consortium-spec`): the clinics generate their keys (`ivf-node key generate`) and hand over
// only the public halves; the spec carries them, no development key and no sudo key; a file
// naming a development key is refused by name; a clinic node started from the raw spec with
// its own keys authors and finalises, its council is its clinic, and its node is the
// network's allow-list.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { base58Decode } from '@polkadot/util-crypto';
import { NODE_BIN, Node, generateNodeKey, insertAuthorityKeys, runNodeCommand, tempDir, waitFor } from '../lib/node.mjs';

const tmp = tempDir('ivf-consortium-spec-');
let node;
let api;

after(async () => {
  await api?.disconnect();
  await node?.stop();
  if (process.exitCode) console.log(`kept in ${tmp.dir}`); else tmp.cleanup();
});

/** A clinic's fresh keys, as `ivf-node key generate` and `key inspect` print them. */
function clinicKeys() {
  const sr = JSON.parse(runNodeCommand(['key', 'generate', '--scheme', 'sr25519', '--output-type', 'json']));
  const ed = JSON.parse(runNodeCommand(['key', 'inspect', '--scheme', 'ed25519', '--output-type', 'json', sr.secretPhrase]));
  return { phrase: sr.secretPhrase, account: sr.ss58Address, aura: sr.ss58PublicKey, grandpa: ed.ss58PublicKey };
}

/** Runs `ivf-node consortium-spec`; returns `{ ok, stderr }`. */
function consortiumSpec(file, output) {
  try {
    execFileSync(NODE_BIN, ['consortium-spec', '--consortium', file, '--raw', '--output', output], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true };
  } catch (error) {
    return { ok: false, stderr: String(error.stderr) };
  }
}

const gb = { ...clinicKeys(), nodeKeyFile: join(tmp.dir, 'clinic-gb.node-key') };
gb.node = generateNodeKey(gb.nodeKeyFile);
const auditor = clinicKeys();
const description = (clinic) => ({
  name: 'IVF Consortium Test',
  id: 'ivf_consortium_test',
  sessionLength: 20,
  blockTime: 1000,
  clinics: [{ name: 'London Fertility Centre', jurisdiction: 'GB', account: clinic.account, aura: clinic.aura, grandpa: clinic.grandpa, node: clinic.node }],
  members: [[auditor.account, 'auditor']],
});

test('a file that names a development key or a malformed country is refused by name', () => {
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice').address;
  const file = join(tmp.dir, 'dev-key.json');
  writeFileSync(file, JSON.stringify(description({ ...gb, aura: alice })));
  const refused = consortiumSpec(file, join(tmp.dir, 'refused.json'));
  assert.equal(refused.ok, false, 'a spec with //Alice as an Aura key was built');
  assert.match(refused.stderr, /clinic 'London Fertility Centre': its aura is the well-known development key Alice/);

  const badCountry = description(gb);
  badCountry.clinics[0].jurisdiction = 'gb';
  writeFileSync(file, JSON.stringify(badCountry));
  assert.match(consortiumSpec(file, join(tmp.dir, 'refused.json')).stderr, /ISO 3166-1 alpha-2/);

  // The London node of the local demo chain, whose network key (0x00…01) everyone has.
  writeFileSync(file, JSON.stringify(description({ ...gb, node: '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp' })));
  assert.match(consortiumSpec(file, join(tmp.dir, 'refused.json')).stderr, /its node 12D3KooWEyopp\S* has a well-known development network key/);
  const shortSessions = { ...description(gb), sessionLength: 2 };
  writeFileSync(file, JSON.stringify(shortSessions));
  assert.match(consortiumSpec(file, join(tmp.dir, 'refused.json')).stderr, /sessionLength 2 is shorter than the runtime's shortest session/);
  for (const blockTime of [999, 1001]) {
    writeFileSync(file, JSON.stringify({ ...description(gb), blockTime }));
    assert.match(consortiumSpec(file, join(tmp.dir, 'refused.json')).stderr, new RegExp(`blockTime ${blockTime} is odd or shorter than the runtime's shortest, 1000 ms`));
  }
});

test("a clinic node started from the consortium's own spec authors and finalises; no sudo, its clinic is the council", async () => {
  const file = join(tmp.dir, 'consortium.json');
  const spec = join(tmp.dir, 'consortium.raw.json');
  writeFileSync(file, JSON.stringify(description(gb)));
  const built = consortiumSpec(file, spec);
  assert.ok(built.ok, built.stderr);
  const raw = JSON.parse(readFileSync(spec, 'utf8'));
  assert.equal(raw.chainType, 'Live');
  assert.equal(raw.id, 'ivf_consortium_test');

  const basePath = join(tmp.dir, 'clinic-gb');
  insertAuthorityKeys({ basePath, chain: spec, suri: gb.phrase });
  node = await Node.create({ name: 'clinic-gb', chain: spec, basePath, nodeKeyFile: gb.nodeKeyFile, args: ['--validator'], logDir: tmp.dir });
  await node.start();
  await waitFor(async () => (await node.finalizedNumber()) >= 2, { timeoutMs: 120_000, intervalMs: 1000, what: 'the clinic to finalise block 2' });

  api = await node.api();
  assert.equal((await api.query.sudo.key()).isNone, true, 'the consortium chain has a sudo key');
  const council = (await api.query.council.members()).map(String);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  assert.deepEqual(council, [keyring.encodeAddress(keyring.decodeAddress(gb.account))]);
  assert.ok((await api.query.consortium.members(auditor.account)).unwrap().role.isAuditor);
  // Its node is the network's allow-list, and sessions last what the file says.
  const allowed = (await api.call.nodeAllowListApi.allowedNodes()).map((id) => id.toHex());
  assert.deepEqual(allowed, [u8aToHex(base58Decode(gb.node))]);
  assert.equal((await api.query.consortium.sessionLength()).toNumber(), 20);
  // Its blocks last what the file says: Aura's slot is the block's time over 1,000 ms.
  assert.equal((await api.query.consortium.blockTime()).toNumber(), 1000);
  assert.equal(api.consts.timestamp.minimumPeriod.toNumber(), 500);
  const best = await api.at(await api.rpc.chain.getBlockHash());
  const [now, slot] = await Promise.all([best.query.timestamp.now(), best.query.aura.currentSlot()]);
  assert.equal(slot.toNumber(), Math.floor(now.toNumber() / 1000));
  console.log(`built a consortium spec from fresh keys (clinic ${gb.account}); its node finalised block 2`);
});
