// Four clinics launch a consortium from the raw `consortium_local` chain spec, generated from
// the binary under test, each with its own Aura and GRANDPA keys inserted with
// `ivf-node key insert`. All four finalise; with one clinic down the other three keep
// finalising; when it comes back it catches up with nothing lost.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Node, insertAuthorityKeys, runNodeCommand, tempDir, waitFor } from '../lib/node.mjs';

const CLINICS = [
  { name: 'clinic-gb', suri: '//Alice' },
  { name: 'clinic-fr', suri: '//Bob' },
  { name: 'clinic-nl', suri: '//Charlie' },
  { name: 'clinic-es', suri: '//Dave' },
];

let tmp;
let nodes = [];

const minFinalized = async (some) => Math.min(...(await Promise.all(some.map((n) => n.finalizedNumber()))));

before(async () => {
  tmp = tempDir('ivf-consortium-');
  const spec = join(tmp.dir, 'consortium-local.raw.json');
  runNodeCommand(['export-chain-spec', '--chain', 'consortium-local', '--raw', '--output', spec]);

  for (const clinic of CLINICS) {
    const basePath = join(tmp.dir, clinic.name);
    insertAuthorityKeys({ basePath, chain: spec, suri: clinic.suri });
    nodes.push(await Node.create({ name: clinic.name, chain: spec, basePath, args: ['--validator'], logDir: tmp.dir }));
  }
  const [first, ...rest] = nodes;
  await first.start();
  for (const node of rest) {
    node.args.push('--bootnodes', first.multiaddr);
    await node.start();
  }
});

after(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  if (process.exitCode) console.log(`node logs kept in ${tmp.dir}`); else tmp?.cleanup();
});

test('all four clinic nodes finalise blocks', async () => {
  await waitFor(async () => (await minFinalized(nodes)) >= 3, { timeoutMs: 180_000, intervalMs: 2000, what: 'all four nodes to finalise block 3' });
  const hashes = await Promise.all(nodes.map((node) => node.blockHash(3)));
  assert.equal(new Set(hashes).size, 1, `nodes disagree on block 3: ${hashes}`);
});

test('with one clinic stopped the other three keep finalising, and it catches up on restart', async () => {
  const stopped = nodes[3];
  const live = nodes.slice(0, 3);
  await stopped.stop();

  const finalizedWhenStopped = await minFinalized(live);
  const target = finalizedWhenStopped + 5;
  await waitFor(async () => (await minFinalized(live)) >= target, {
    timeoutMs: 180_000, intervalMs: 2000, what: `three nodes to finalise block ${target}`,
  });

  await stopped.start();
  const liveFinalized = await minFinalized(live);
  await waitFor(async () => (await stopped.finalizedNumber()) >= liveFinalized, {
    timeoutMs: 180_000, intervalMs: 2000, what: `the restarted node to reach finalised block ${liveFinalized}`,
  });

  // Nothing lost: the restarted node holds the very blocks the others finalised while it was down.
  for (const number of [finalizedWhenStopped, target, liveFinalized]) {
    const expected = await live[0].blockHash(number);
    assert.equal(await stopped.blockHash(number), expected, `block ${number} differs on the restarted node`);
  }
  // And finality goes on with all four.
  const resumed = (await minFinalized(nodes)) + 2;
  await waitFor(async () => (await minFinalized(nodes)) >= resumed, { timeoutMs: 120_000, intervalMs: 2000, what: 'finality with four nodes again' });
});
