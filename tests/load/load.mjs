// The load generator: how many consent records per second one node takes, measured.
//
//   node tests/load/load.mjs --url ws://127.0.0.1:9944 --call recordConsent --count 4000
//   node tests/load/load.mjs --url ws://127.0.0.1:9944 --call recordConsents --batch 100 --count 200
//   node tests/load/load.mjs --url ws://127.0.0.1:9944 --call remark --count 4000
//   node tests/load/load.mjs --url ws://127.0.0.1:9944,ws://127.0.0.1:9945 ...   (one URL per node)
//
// It signs `--count` transactions up front with the development clinics' keys (//Alice, //Bob,
// //Charlie, //Dave: the clinics of `ivf-node --dev` and of the local consortium; `--clinics K`
// uses the first K), each with its explicit nonce and immortal, then submits them over
// `--connections` WebSockets (spread over the URLs given), each clinic's in nonce order (see
// below why). It follows the chain and prints, per block: our extrinsics in
// it, the consent records they carry, and the block's normal-class weight as a share of the
// normal class's limit; then the sustained rate from the first block holding one of ours to
// the last (by the blocks' own timestamps), the pool's rejections by reason, and the
// finality lag. A transaction counts (and its consent records with it) only if it succeeded in
// its block; one that failed there is reported with its error, and fails the run. It stops by itself: when every accepted transaction is in a block, or when
// `--seconds` have passed since the last submission (then it fails, naming what is missing).
//
// Calls: `recordConsent` (one consent of a fresh pseudonym each), `recordConsents` (`--batch`
// consents each), `remark` (`system.remark` of 32 bytes: the chain's cheapest signed call, for
// comparison). It sends to loopback addresses only.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, randomAsU8a } from '@polkadot/util-crypto';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const CLINICS = ['//Alice', '//Bob', '//Charlie', '//Dave'];

function options(argv) {
  const o = { url: 'ws://127.0.0.1:9944', call: 'recordConsent', count: 1000, batch: 100, clinics: 4, connections: 4, seconds: 120 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in o)) throw new Error(`unknown option ${argv[i]}`);
    o[key] = typeof o[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  o.urls = o.url.split(',');
  for (const url of o.urls) {
    const host = new URL(url).hostname;
    if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) throw new Error(`${url}: the load generator sends to loopback only`);
  }
  if (!['recordConsent', 'recordConsents', 'remark'].includes(o.call)) throw new Error(`--call: recordConsent, recordConsents or remark, not ${o.call}`);
  return o;
}

/** Consent terms of a fresh pseudonym, from chain time `now`, for AI training. */
function terms(now) {
  return { pseudonym: u8aToHex(randomAsU8a(32)), purposes: ['AiTraining'], validFrom: now, validUntil: now + YEAR_MS, storageUntil: null, formHash: blake2AsHex('load-test form') };
}

/** The `n`-th transaction's call, and how many consent records it carries. */
function callOf(api, o, now) {
  if (o.call === 'remark') return [api.tx.system.remark(u8aToHex(randomAsU8a(32))), 0];
  if (o.call === 'recordConsent') return [api.tx.consent.recordConsent(terms(now), null), 1];
  const batch = Array.from({ length: o.batch }, () => [terms(now), null]);
  return [api.tx.consent.recordConsents(batch), o.batch];
}

async function main() {
  const o = options(process.argv.slice(2));
  await cryptoWaitReady();
  const apis = await Promise.all(Array.from({ length: o.connections }, (_, i) => ApiPromise.create({ provider: new WsProvider(o.urls[i % o.urls.length]), noInitWarn: true })));
  const api = apis[0];
  const keyring = new Keyring({ type: 'sr25519' });
  const signers = CLINICS.slice(0, o.clinics).map((suri) => keyring.addFromUri(suri));
  const nonces = await Promise.all(signers.map(async (s) => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
  // The consents' `validFrom`: the chain's time, which a consent may not predate by more than
  // the runtime's back-dating tolerance (5 min). A chain that has produced no block yet has
  // no time: wait for its first.
  let now = (await api.query.timestamp.now()).toNumber();
  while (now === 0) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    now = (await api.query.timestamp.now()).toNumber();
  }
  const maxNormal = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();

  // Pre-sign, round-robin over the clinics, each with its next nonce, immortal.
  const t0 = Date.now();
  const txs = [];
  for (let n = 0; n < o.count; n += 1) {
    const k = n % signers.length;
    const [tx, records] = callOf(api, o, now);
    const signed = await tx.signAsync(signers[k], { nonce: nonces[k]++, era: 0 });
    txs.push({ hex: signed.toHex(), hash: signed.hash.toHex(), records, signer: k });
  }
  console.log(`signed ${o.count} ${o.call} transactions (${o.call === 'recordConsents' ? `${o.batch} consents each, ` : ''}${signers.length} clinics) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Follow the chain: every new best block, our extrinsics in it.
  const ours = new Map(txs.map((t) => [t.hash, t]));
  const included = new Map();
  const failures = new Map();
  const blocks = [];
  let finalized = 0;
  const unsubFinal = await api.rpc.chain.subscribeFinalizedHeads((h) => { finalized = h.number.toNumber(); });
  const seen = new Set();
  const unsubNew = await api.rpc.chain.subscribeNewHeads(async (header) => {
    const number = header.number.toNumber();
    const hash = header.hash.toHex();
    if (seen.has(hash)) return;
    seen.add(hash);
    const [block, weight, moment, events] = await Promise.all([
      api.rpc.chain.getBlock(hash), api.query.system.blockWeight.at(hash), api.query.timestamp.now.at(hash), api.query.system.events.at(hash),
    ]);
    // Whether each extrinsic of the block succeeded, by its index: a transaction that is
    // included but fails (a refused consent) records nothing and counts as a failure.
    const outcome = new Map();
    for (const { phase, event } of events) {
      if (!phase.isApplyExtrinsic) continue;
      if (event.section === 'system' && event.method === 'ExtrinsicSuccess') outcome.set(phase.asApplyExtrinsic.toNumber(), null);
      if (event.section === 'system' && event.method === 'ExtrinsicFailed') {
        const [error] = event.data;
        outcome.set(phase.asApplyExtrinsic.toNumber(), error.isModule ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(error.asModule)) : error.toString());
      }
    }
    let mine = 0; let ok = 0; let records = 0;
    block.block.extrinsics.forEach((xt, index) => {
      const t = ours.get(xt.hash.toHex());
      if (!t || included.has(t.hash)) return;
      included.set(t.hash, number);
      mine += 1;
      const error = outcome.get(index);
      if (error) failures.set(error, (failures.get(error) ?? 0) + 1);
      else { ok += 1; records += t.records; }
    });
    const normal = weight.normal.refTime.toBigInt();
    blocks.push({ number, mine, ok, records, normalShare: Number((normal * 10000n) / maxNormal) / 100, time: moment.toNumber(), lag: number - finalized });
    if (mine > 0 || blocks.length % 10 === 0) {
      console.log(`block #${number}: ${mine} of ours (${ok} succeeded), ${records} consent records, normal class ${blocks.at(-1).normalShare}% of its weight, finality lag ${number - finalized}`);
    }
  });

  // Submit each clinic's transactions in nonce order, awaiting the pool's answer before the
  // next: a transaction whose predecessor the pool has not seen yet waits in the pool's future
  // queue, which holds a tenth of the pool's limit (819 on a default node) and evicts beyond
  // that without telling anyone, so a burst out of order loses transactions the pool accepted.
  // Clinics go in parallel, spread over the connections.
  const rejected = new Map();
  let accepted = 0;
  const tSubmit = Date.now();
  await Promise.all(signers.map(async (_, k) => {
    const conn = apis[k % apis.length];
    for (const t of txs.filter((x) => x.signer === k)) {
      try {
        await conn.rpc.author.submitExtrinsic(t.hex);
        accepted += 1;
      } catch (error) {
        const reason = String(error.message).replace(/0x[0-9a-f]+/g, '…').slice(0, 80);
        rejected.set(reason, (rejected.get(reason) ?? 0) + 1);
        ours.delete(t.hash);
      }
    }
  }));
  const submitted = Date.now();
  console.log(`submitted in ${((submitted - tSubmit) / 1000).toFixed(1)} s: ${accepted} accepted, ${o.count - accepted} refused by the pool`);

  // Wait until every accepted transaction is in a block, or give up after --seconds.
  while (included.size < ours.size && Date.now() - submitted < o.seconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  unsubNew(); unsubFinal();

  const withOurs = blocks.filter((b) => b.mine > 0).sort((a, b) => a.number - b.number);
  const records = withOurs.reduce((n, b) => n + b.records, 0);
  const txsIn = withOurs.reduce((n, b) => n + b.mine, 0);
  const txsOk = withOurs.reduce((n, b) => n + b.ok, 0);
  if (withOurs.length > 0) {
    const first = withOurs[0]; const last = withOurs.at(-1);
    // From the start of the first block's slot to the last block's: blocks × slot.
    const slot = Number(api.consts.aura?.slotDuration?.toString() ?? 3000) || 3000;
    const seconds = (last.time - first.time + slot) / 1000;
    const full = withOurs.filter((b) => b.normalShare >= 80).length;
    console.log(`\nincluded ${txsIn} of ${accepted} accepted transactions, ${txsOk} of them succeeded (${records} consent records), in blocks #${first.number}..#${last.number}: ${seconds.toFixed(0)} s`);
    console.log(`sustained: ${(txsOk / seconds).toFixed(0)} successful transactions/s, ${(records / seconds).toFixed(0)} consent records/s; ${full} of ${withOurs.length} blocks at >= 80% of the normal class's weight; mean normal-class fill ${(withOurs.reduce((n, b) => n + b.normalShare, 0) / withOurs.length).toFixed(1)}%`);
    console.log(`finality lag under load: at most ${Math.max(...blocks.map((b) => b.lag))} blocks`);
  }
  for (const [reason, n] of rejected) console.log(`pool refused ${n}: ${reason}`);
  for (const [error, n] of failures) console.log(`FAILED in the block: ${n} transactions with ${error}`);
  const missing = [...ours.keys()].filter((h) => !included.has(h));
  await Promise.all(apis.map((a) => a.disconnect()));
  if (failures.size > 0) process.exitCode = 1;
  if (missing.length > 0) {
    console.log(`FAILED: ${missing.length} accepted transactions not in a block ${o.seconds} s after the last submission, e.g. ${missing.slice(0, 3).join(', ')}`);
    process.exit(1);
  }
  console.log(failures.size > 0 ? 'every accepted transaction is in a block, but some failed there' : 'every accepted transaction is in a block, and succeeded');
}

main().catch((error) => { console.error(error); process.exit(1); });
