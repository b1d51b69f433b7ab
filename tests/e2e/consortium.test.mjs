// Four clinics launch a consortium from the raw `consortium_local` chain spec, generated from
// the binary under test, each with its own Aura and GRANDPA keys inserted with
// `ivf-node key insert`. All four finalise; with one clinic down the other three keep
// finalising; when it comes back it catches up with nothing lost.
//
// The chain has no sudo key: its four clinics are its council, and govern it by motion
// (`council.propose`, `council.vote`, `council.close`) from polkadot-js. Two thirds (3 of 4)
// admit a member; a motion with fewer ayes is dispatched, but its origin is refused, so
// nothing changes; a clinic suspended by the council leaves the council, and rejoins when the
// council reinstates it. Three quarters (3 of 4) authorise a new runtime (the same runtime one
// `spec_version` higher, built by `ivf-runtime-upgrade-test`), anyone applies it, and the
// chain keeps its state, its finality and its transactions.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import { base58Decode, blake2AsHex } from '@polkadot/util-crypto';
import { NODE_BIN, Node, generateNodeKey, insertAuthorityKeys, rpcCall, runNodeCommand, tempDir, waitFor, writeDevelopmentNodeKey, exportTestChainSpec } from '../lib/node.mjs';
import { eventOf, refusedWith, submit, succeed } from '../lib/chain.mjs';

const CLINICS = [
  { name: 'clinic-gb', suri: '//Alice' },
  { name: 'clinic-fr', suri: '//Bob' },
  { name: 'clinic-nl', suri: '//Charlie' },
  { name: 'clinic-es', suri: '//Dave' },
];

let tmp;
let nodes = [];
let api; // connected to the London clinic's node, once the council tests start

const minFinalized = async (some) => Math.min(...(await Promise.all(some.map((n) => n.finalizedNumber()))));

before(async () => {
  tmp = tempDir('ivf-consortium-');
  const spec = join(tmp.dir, 'consortium-local.raw.json');
  exportTestChainSpec('consortium-local', spec);

  for (const [i, clinic] of CLINICS.entries()) {
    const basePath = join(tmp.dir, clinic.name);
    insertAuthorityKeys({ basePath, chain: spec, suri: clinic.suri });
    // The chain spec lists each clinic's node by the peer id of its development network key.
    const nodeKeyFile = writeDevelopmentNodeKey(join(tmp.dir, `${clinic.name}.node-key`), i + 1);
    nodes.push(await Node.create({ name: clinic.name, chain: spec, basePath, nodeKeyFile, args: ['--validator'], logDir: tmp.dir }));
  }
  const [first, ...rest] = nodes;
  await first.start();
  for (const node of rest) {
    node.args.push('--bootnodes', first.multiaddr);
    await node.start();
  }
});

after(async () => {
  await api?.disconnect();
  await Promise.all([...nodes, fifth?.node].filter(Boolean).map((node) => node.stop()));
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

/**
 * Proposes `call` to the council from `proposer` with a threshold of `voters.length`, has every
 * clinic of `voters` vote aye and closes the motion. Returns the `council.Executed` event's
 * result: what the call's dispatch with the council's origin returned.
 */
async function motion(call, proposer, voters) {
  const lengthBound = call.method.encodedLength;
  const proposed = await succeed(api.tx.council.propose(voters.length, call, lengthBound), proposer);
  const { proposalIndex, proposalHash } = eventOf(proposed, 'council', 'Proposed').data;
  for (const voter of voters) {
    await succeed(api.tx.council.vote(proposalHash, proposalIndex, true), voter);
  }
  const weight = (await api.call.transactionPaymentCallApi.queryCallInfo(call.method, lengthBound)).weight;
  const closed = await succeed(api.tx.council.close(proposalHash, proposalIndex, weight, lengthBound), proposer);
  return eventOf(closed, 'council', 'Executed').data.result;
}

test('the consortium chain has no sudo key: its council is its four clinics', async () => {
  api = await nodes[0].api();
  assert.equal((await api.query.sudo.key()).isNone, true, 'the consortium chain has a sudo key');
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const clinics = CLINICS.map((clinic) => keyring.addFromUri(clinic.suri).address).sort();
  const council = (await api.query.council.members()).map((member) => member.toString()).sort();
  assert.deepEqual(council, clinics);
});

test('two thirds of the council admit a member; fewer ayes change nothing', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [gb, fr, nl] = CLINICS.map((clinic) => keyring.addFromUri(clinic.suri));
  const auditor = keyring.addFromUri('//CouncilAuditor').address;
  const admit = api.tx.consortium.admit(auditor, { Auditor: null });

  const refused = await motion(admit, gb, [gb, fr]);
  assert.ok(refused.isErr && refused.asErr.isBadOrigin, `2 of 4 ayes: expected BadOrigin, got ${refused.toString()}`);
  assert.equal((await api.query.consortium.members(auditor)).isNone, true, '2 of 4 ayes admitted the auditor');

  const admitted = await motion(admit, gb, [gb, fr, nl]);
  assert.ok(admitted.isOk, `3 of 4 ayes: ${admitted.toString()}`);
  const record = (await api.query.consortium.members(auditor)).unwrap();
  assert.ok(record.role.isAuditor);
  console.log(`the council admitted ${auditor} as an auditor with 3 of 4 ayes; 2 of 4 were refused: BadOrigin`);
});

test('a clinic the council suspends leaves the council, and rejoins when reinstated', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [gb, fr, nl, es] = CLINICS.map((clinic) => keyring.addFromUri(clinic.suri));
  const councilSize = async () => (await api.query.council.members()).length;

  assert.ok((await motion(api.tx.consortium.suspend(es.address), gb, [gb, fr, nl])).isOk);
  assert.equal(await councilSize(), 3);
  // A suspended clinic is no member: it cannot even reach the pool, let alone propose.
  await assert.rejects(
    succeed(api.tx.council.propose(2, api.tx.consortium.reinstate(es.address), 64), es),
    /1010: Invalid Transaction: Invalid signing address/,
    'a suspended clinic could still transact',
  );
  // Three seats now: two thirds of them are two ayes.
  assert.ok((await motion(api.tx.consortium.reinstate(es.address), gb, [gb, fr])).isOk);
  assert.equal(await councilSize(), 4);
});

test('three quarters of the council upgrade the runtime; the chain keeps its state, finality and transactions', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [gb, fr, nl] = CLINICS.map((clinic) => keyring.addFromUri(clinic.suri));
  const wasm = join(dirname(NODE_BIN), 'wbuild', 'ivf-runtime-upgrade-test', 'ivf_runtime_upgrade_test.compact.compressed.wasm');
  const code = readFileSync(wasm);
  const codeHash = blake2AsHex(code, 256);
  const before = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
  const auditor = keyring.addFromUri('//CouncilAuditor').address;
  assert.ok((await api.query.consortium.members(auditor)).isSome, 'the earlier test admitted the auditor');

  const authorised = await motion(api.tx.consortium.authorizeUpgrade(codeHash), gb, [gb, fr, nl]);
  assert.ok(authorised.isOk, `3 of 4 ayes: ${authorised.toString()}`);

  // Anyone may submit the code, but only the code the council authorised: one changed byte and
  // the pool refuses it. (A refused transaction is banned from the pool for a while, so the
  // refusal is tried on the changed copy, never on the code itself.)
  const tampered = Uint8Array.from(code);
  tampered[tampered.length - 1] ^= 0xff;
  await assert.rejects(
    api.tx.system.applyAuthorizedUpgrade(u8aToHex(tampered)).send(),
    /1010: Invalid Transaction/,
    'code the council did not authorise reached the pool',
  );

  // Only the block is taken from the submission: @polkadot/api cannot decode the events of the
  // block that switches its runtime while it is switching its own metadata (it fails with
  // "Unable to decode storage system.events"), so the upgrade is checked in raw state below.
  const applied = await new Promise((resolve, reject) => {
    api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)).send(({ status }) => {
      if (status.isInBlock) resolve({ blockHash: status.asInBlock });
    }).catch(reject);
  });
  const upgradedAt = (await api.rpc.chain.getHeader(applied.blockHash)).number.toNumber();

  await waitFor(async () => (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber() === before + 1, {
    timeoutMs: 60_000, what: `spec_version ${before + 1}`,
  });
  // That very block set the authorised code (`:code`), which its parent did not have, and runs
  // one spec_version higher.
  const CODE_KEY = '0x3a636f6465';
  const codeHashAt = async (hash) => blake2AsHex(hexToU8a(await rpcCall(nodes[0].wsUrl, 'state_getStorage', [CODE_KEY, hash])), 256);
  const { parentHash } = await rpcCall(nodes[0].wsUrl, 'chain_getHeader', [applied.blockHash.toHex()]);
  assert.equal(await codeHashAt(applied.blockHash.toHex()), codeHash, 'the upgrade block does not hold the authorised code');
  assert.notEqual(await codeHashAt(parentHash), codeHash, 'the code was there before the upgrade block');
  assert.equal((await rpcCall(nodes[0].wsUrl, 'state_getRuntimeVersion', [applied.blockHash.toHex()])).specVersion, before + 1);
  // Every node finalises past the upgrade, on the new runtime.
  await waitFor(async () => (await minFinalized(nodes)) >= upgradedAt + 2, {
    timeoutMs: 120_000, intervalMs: 2000, what: `all nodes to finalise block ${upgradedAt + 2}`,
  });
  for (const node of nodes) {
    const version = await rpcCall(node.wsUrl, 'state_getRuntimeVersion');
    assert.equal(version.specVersion, before + 1, `${node.name} runs spec ${version.specVersion}`);
  }
  // State is kept, and a clinic's transaction signed for the new version goes through.
  await api.disconnect();
  api = await nodes[1].api();
  assert.ok((await api.query.consortium.members(auditor)).isSome, 'the upgrade lost the auditor');
  const renamed = await succeed(api.tx.consortium.setClinicName('Clinique de Paris (upgraded)'), fr);
  assert.ok(renamed.blockHash);
  console.log(`the council upgraded the runtime from spec ${before} to ${before + 1} at block #${upgradedAt} (${code.length} bytes of code); every node finalises on it`);
});

/**
 * What `session.setKeys` takes for the keys in a node's keystore, and the proof that `owner`
 * holds them, as `ivf-node session-keys` prints them: `{ keys, proof, aura, grandpa }`.
 */
function sessionKeys(basePath, chain, owner) {
  const printed = JSON.parse(runNodeCommand(['session-keys', '--base-path', basePath, '--chain', chain, '--owner', owner]));
  // SessionKeys { aura: sr25519 (32 bytes), grandpa: ed25519 (32 bytes) }.
  return { ...printed, aura: printed.keys.slice(0, 66), grandpa: `0x${printed.keys.slice(66)}` };
}

/** The accounts that authored the blocks after `from` up to the best block, as Aura's slots and the session's validators say. */
async function authorsSince(from) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const authors = [];
  for (let number = from + 1; number <= best; number += 1) {
    const header = await api.derive.chain.getHeader(await api.rpc.chain.getBlockHash(number));
    authors.push(header.author?.toString());
  }
  return authors;
}

let fifth; // the fifth clinic: { node, account, keys }

test('a node the members have not listed cannot sync; a fifth clinic the council admits lists its node, which then syncs', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [gb, fr, nl] = CLINICS.map((clinic) => keyring.addFromUri(clinic.suri));
  const rome = keyring.addFromUri('//ClinicaRoma');
  // Sessions of five minutes on this chain; the council shortens them to 10 blocks, so that
  // membership reaches the authority set within a minute.
  const shortened = await motion(api.tx.consortium.setSessionLength(10), gb, [gb, fr, nl]);
  assert.ok(shortened.isOk, `setting the session length: ${shortened.toString()}`);
  assert.equal((await api.query.consortium.sessionLength()).toNumber(), 10);
  const basePath = join(tmp.dir, 'clinic-it');
  insertAuthorityKeys({ basePath, chain: nodes[0].chain, suri: '//ClinicaRoma' });
  const nodeKeyFile = join(tmp.dir, 'clinic-it.node-key');
  const peerId = generateNodeKey(nodeKeyFile);
  const node = await Node.create({ name: 'clinic-it', chain: nodes[0].chain, basePath, nodeKeyFile, args: ['--validator', '--bootnodes', nodes[1].multiaddr], logDir: tmp.dir });
  await node.start();
  fifth = { node, account: rome, keys: sessionKeys(basePath, nodes[0].chain, rome.address) };

  // Off the list, the node dials the consortium's nodes and gets no block from them.
  const tip = await nodes[1].bestNumber();
  await waitFor(async () => (await nodes[1].bestNumber()) >= tip + 6, { timeoutMs: 60_000, intervalMs: 1000, what: 'six more blocks' });
  assert.equal(await node.bestNumber(), 0, 'a node no member listed synced the chain');

  const admitted = await motion(
    api.tx.consortium.admit(rome.address, { Clinic: { jurisdiction: u8aToHex(stringToU8a('IT')), name: 'Clinica Roma' } }),
    fr, [gb, fr, nl],
  );
  assert.ok(admitted.isOk, `admitting the fifth clinic: ${admitted.toString()}`);
  assert.equal((await api.query.council.members()).length, 5, 'the fifth clinic has no council seat');
  // Members may fund members: the London clinic pays for the new clinic's first transactions.
  await succeed(api.tx.balances.transferKeepAlive(rome.address, 10n ** 15n), gb);
  const listed = await succeed(api.tx.consortium.setNode(u8aToHex(base58Decode(peerId))), rome);
  assert.equal(eventOf(listed, 'consortium', 'NodeSet').data.member.toString(), rome.address);

  const liveTip = await nodes[1].bestNumber();
  await waitFor(async () => (await node.bestNumber()) >= liveTip, { timeoutMs: 120_000, intervalMs: 1000, what: `the fifth clinic's node to sync to #${liveTip}` });
  assert.equal(await node.blockHash(liveTip), await nodes[1].blockHash(liveTip));
  console.log(`a node off the allow-list stayed at #0 while the chain reached #${tip + 6}; once the council admitted its clinic and the clinic listed it, it synced to #${liveTip}`);
});

test("the fifth clinic's node, with keys set by session.setKeys, authors blocks and GRANDPA counts it from the next sessions", async () => {
  const { node, account, keys } = fifth;
  // Keys whose proof was made for another clinic are refused: the proof names its owner.
  const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob').address;
  const stolen = sessionKeys(join(tmp.dir, 'clinic-it'), nodes[0].chain, bob);
  refusedWith(await submit(api.tx.session.setKeys(stolen.keys, stolen.proof), account), 'session.InvalidProof');
  await succeed(api.tx.session.setKeys(keys.keys, keys.proof), account);
  const setAt = (await api.rpc.chain.getHeader()).number.toNumber();

  // pallet-session plans one session ahead: the set changes within two session ends.
  await waitFor(async () => (await api.query.aura.authorities()).some((key) => key.toHex() === keys.aura), {
    timeoutMs: 240_000, intervalMs: 1000, what: 'the fifth clinic to become an Aura authority',
  });
  await waitFor(async () => (await api.call.grandpaApi.grandpaAuthorities()).some(([key]) => key.toHex() === keys.grandpa), {
    timeoutMs: 120_000, intervalMs: 1000, what: 'the fifth clinic to become a GRANDPA voter',
  });
  const authorityFrom = (await api.rpc.chain.getHeader()).number.toNumber();
  await waitFor(async () => (await authorsSince(authorityFrom)).includes(account.address), {
    timeoutMs: 120_000, intervalMs: 1000, what: "a block of the fifth clinic's node",
  });
  // Five voters need four for finality: it goes on, with the new clinic's node among them.
  const finalized = await nodes[0].finalizedNumber();
  await waitFor(async () => (await minFinalized([...nodes, node])) >= finalized + 3, {
    timeoutMs: 120_000, intervalMs: 2000, what: 'finality with five voters',
  });
  console.log(`keys set at #${setAt}; the fifth clinic authors from #${authorityFrom} and votes, with ${(await api.call.grandpaApi.grandpaAuthorities()).length} GRANDPA voters`);
});

test("the council removes a clinic: its node authors no more and is cut off, and finality goes on without it", async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const [gb, fr, nl, es] = CLINICS.map((clinic) => keyring.addFromUri(clinic.suri));
  const removedNode = nodes[3];
  const removedAura = u8aToHex(es.publicKey);
  // Two thirds of five seats: four ayes.
  const removed = await motion(api.tx.consortium.remove(es.address), gb, [gb, fr, nl, fifth.account]);
  assert.ok(removed.isOk, `removing the Madrid clinic: ${removed.toString()}`);
  await waitFor(async () => !(await api.query.aura.authorities()).some((key) => key.toHex() === removedAura), {
    timeoutMs: 240_000, intervalMs: 1000, what: 'the removed clinic to leave the Aura authorities',
  });
  assert.equal((await api.call.grandpaApi.grandpaAuthorities()).length, 4);
  const from = (await api.rpc.chain.getHeader()).number.toNumber();
  const live = [...nodes.slice(0, 3), fifth.node];
  const finalized = await minFinalized(live);
  await waitFor(async () => (await minFinalized(live)) >= finalized + 10, {
    timeoutMs: 180_000, intervalMs: 2000, what: 'ten more finalised blocks without the removed clinic',
  });
  const authors = await authorsSince(from);
  assert.ok(!authors.includes(es.address), `the removed clinic authored after it left: ${authors}`);
  // Off the allow-list, its node no longer receives the chain: it holds neither the live
  // chain's latest blocks nor their finality (alone it can author only on a fork of its own).
  const liveBest = await nodes[0].bestNumber();
  assert.notEqual(await removedNode.blockHash(liveBest - 1), await nodes[0].blockHash(liveBest - 1), "the removed clinic's node still syncs");
  const removedFinalized = await removedNode.finalizedNumber();
  assert.ok(removedFinalized < finalized + 5, `the removed clinic's node finalised #${removedFinalized}`);
  console.log(`after its removal the Madrid clinic authored none of blocks #${from + 1}..#${from + authors.length}; the other four finalise past #${finalized + 10}; its node, cut off, stopped finalising at #${removedFinalized}`);
});
