// Erasure per patient (GDPR Art. 17), on a running node.
//
// One `ivf-node --dev` holds the `ivfl` keys of two clinics, //Alice and //Bob, so its off-chain
// worker trains for both. Each clinic's synthetic data comes from `ivf-synth`: a data CSV and a
// key file of per-patient salts (pseudonym = blake2_256(salt ‖ raw id)). Both clinics register a
// dataset under the default privacy policy (DP required), which the node reads from the
// clinic's CSV (`--dataset ID=FILE`), and record their patients' AI-training consents; the researcher //Eve gets grants and creates a DP task of several
// rounds. Between two rounds Alice erases one patient with scripts/erase-patient.mjs. Then:
//   - from a later round on, Alice's commitment counts one sample fewer and its cohort hash
//     changed; Bob's is unchanged;
//   - the node reads the rewritten file by itself and says so in its log; nothing of the data is
//     in its off-chain database;
//   - neither the clinic's files, nor any block, event or storage value holds the patient's raw
//     id or salt (nor any raw id at all), and no row of the clinic's holds the pseudonym;
//   - the pseudonym's consent is still on chain, and now points to no one.
//
// Dev genesis: Alice (GB) and Bob (FR) are clinics, Eve a researcher of Alice's clinic, all
// funded (runtime/src/genesis_config_presets.rs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { WsProvider } from '@polkadot/rpc-provider';
import { u8aToHex, stringToU8a } from '@polkadot/util';
import { Node, NODE_BIN, runNodeCommand, rpcCall, tempDir, waitFor } from '../lib/node.mjs';
import { parseCsv, parseSalts, pseudonymOf, datasetKey } from '../lib/dataset.mjs';
import { submit, succeed, eventOf, field } from '../lib/chain.mjs';
import { YEAR, TRAINING, SCHEMA_HASH, NORMALISATION, consentBatches, roundRho, histogramRho } from '../lib/study.mjs';

const ERASE_SCRIPT = fileURLToPath(new URL('../../scripts/erase-patient.mjs', import.meta.url));
const CLINICS = [{ name: 'Alice', suri: '//Alice' }, { name: 'Bob', suri: '//Bob' }];
const ROWS = 300;
const ROUNDS = 5;

const DP = { clipNormPpm: 1_000_000, noiseMultiplierPpm: 1_500_000 };
const TRAINING_PARAMS = { learningRatePpm: 100_000, epochs: 1, batchSize: 100, l2Ppm: 0 };
/** DP logistic regression on the 19 IVF features, within the default privacy policy. */
const SPEC = {
  architecture: { LogisticRegression: { features: 19 } },
  training: TRAINING_PARAMS,
  privacy: DP,
  normalisation: NORMALISATION,
  initialModelSeed: 11,
};
const PARAMS = { rounds: ROUNDS, quorum: 2, commitWindow: 4, revealWindow: 4, maxSamples: ROWS, maxUpdateNormPpm: 1_000_000 };

/** One round at ROWS samples: its training steps, plus one step for the score histogram. */
const ROUND_RHO = Number(roundRho(SPEC, ROWS) + histogramRho(SPEC));
/** The budget createTask asks for: every round, three times over (MaxConsecutiveFailures). */
const BUDGET = ROUNDS * 3 * ROUND_RHO + 1_000_000;
/** `twox128("System") ++ twox128("Events")`. */
const EVENTS_KEY = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7';

let tmp;
let node;
let api;
let accounts;
let researcher;
let files; // per clinic: { csv, salts, records, keys }
const datasets = [];
let taskId;
let erased; // { rawPatientId, pseudonym, salt, beforeBlock, afterBlock, output }

const fl = (method, params = []) => rpcCall(node.wsUrl, method, params);
const nodeLog = () => readFileSync(join(tmp.dir, `${node.name}.log`), 'utf8');
const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();
const hexOf = (text) => u8aToHex(stringToU8a(text)).slice(2);

before(async () => {
  tmp = tempDir('ivf-erasure-');
  const dataDir = join(tmp.dir, 'data');
  execFileSync(join(NODE_BIN, '..', 'ivf-synth'),
    ['--clinics', '2', '--rows', String(ROWS), '--test-rows', '0', '--seed', '2026', '--out', dataDir], { encoding: 'utf8' });
  files = CLINICS.map((_, i) => {
    const csv = join(dataDir, `clinic-${i + 1}.csv`);
    const salts = join(dataDir, `clinic-${i + 1}.salts.csv`);
    return { dir: dataDir, csv, salts, records: parseCsv(readFileSync(csv, 'utf8')), keys: parseSalts(readFileSync(salts, 'utf8')) };
  });

  // One development node; its keystore holds both clinics' federated-learning keys.
  const basePath = join(tmp.dir, 'node');
  for (const clinic of CLINICS) {
    runNodeCommand(['key', 'insert', '--base-path', basePath, '--chain', 'dev', '--scheme', 'Sr25519', '--suri', clinic.suri, '--key-type', 'ivfl']);
  }
  // The dev chain has no dataset yet: the clinics' registrations below get ids 0 and 1, in order.
  const datasetArgs = files.flatMap(({ csv }, i) => ['--dataset', `${i}=${csv}`]);
  node = await Node.create({ name: 'erasure-dev', chain: 'dev', basePath, args: ['--dev', '--offchain-worker', 'always', ...datasetArgs], logDir: tmp.dir });
  await node.start();
  await waitFor(async () => (await node.finalizedNumber()) >= 1, { timeoutMs: 60_000, what: 'block 1 to be finalised' });
  api = await node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  accounts = CLINICS.map((c) => keyring.addFromUri(c.suri));
  researcher = keyring.addFromUri('//Eve');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
  if (process.exitCode || process.env.IVF_E2E_KEEP) console.log(`node log, base path and data kept in ${tmp?.dir}`); else tmp?.cleanup();
});

test('ivf-synth gives every patient a salt of their own, in a key file next to the data', () => {
  for (const [i, { records, keys, salts }] of files.entries()) {
    assert.equal(records.length, ROWS);
    assert.deepEqual(keys.map((k) => k.rawPatientId), records.map((r) => r.rawPatientId), `clinic ${i + 1}: one salt per row, in order`);
    assert.equal(new Set(keys.map((k) => k.salt)).size, ROWS, `clinic ${i + 1}: no two patients share a salt`);
    records.forEach(({ rawPatientId, row }, k) => {
      assert.equal(row.pseudonym, pseudonymOf(keys[k].salt, rawPatientId), 'pseudonym = blake2_256(salt ‖ raw id)');
    });
    assert.equal(statSync(salts).mode & 0o077, 0, 'the key file is private to its owner');
  }
  assert.equal(new Set(files.flatMap(({ keys }) => keys.map((k) => k.salt))).size, 2 * ROWS, 'no salt is shared across clinics');
});

test('both clinics register a dataset under the default privacy policy, which the node reads from their files, and record consents', async () => {
  for (const [i, clinic] of accounts.entries()) {
    const registered = await succeed(
      api.tx.dataAccess.registerDataset(SCHEMA_HASH, ROWS, { permission: 'Gru', modifiers: [] }, BUDGET, 'ClinicDecides', null),
      clinic,
    );
    datasets[i] = field(eventOf(registered, 'dataAccess', 'DatasetRegistered'), 'dataset').toNumber();
    assert.equal(datasets[i], i, 'the dataset id the node was started with');
    assert.match(nodeLog(), new RegExp(`dataset ${i}: ${ROWS} rows read from ${files[i].csv}`));
  }
  const policy = (await api.query.dataAccess.datasets(datasets[0])).unwrap().privacyPolicy.toJSON();
  assert.equal(policy.dpRequired, true, `the default policy requires DP: ${JSON.stringify(policy)}`);
  assert.ok(ROUND_RHO <= policy.maxRhoPerRound, `a round's rho ${ROUND_RHO} is within the policy's ${policy.maxRhoPerRound}`);

  const now = (await api.query.timestamp.now()).toNumber();
  await Promise.all(accounts.map(async (clinic, i) => {
    // One connection per clinic.
    const clinicApi = await node.api();
    try {
      const firstNonce = (await clinicApi.rpc.system.accountNextIndex(clinic.address)).toNumber();
      // In `recordConsents` batches (see `consentBatches`).
      const batches = consentBatches(files[i].records, now);
      const results = await Promise.all(batches.map((batch, b) =>
        submit(clinicApi.tx.consent.recordConsents(batch), clinic, { nonce: firstNonce + b })));
      assert.ok(results.every((r) => !r.dispatchError), `every consent of ${CLINICS[i].name} recorded`);
    } finally {
      await clinicApi.disconnect();
    }
  }));
});

test(`the researcher gets both grants and creates a DP task of ${ROUNDS} rounds`, async () => {
  // The algorithm hash the grants name: the spec with the task's rounds, sample cap, norm bound
  // and rule, as the runtime computes it.
  const algorithm = (await api.call.federatedLearningApi.taskAlgorithm(SPEC, PARAMS, 'FedAvg')).toHex();
  const firstNonce = (await api.rpc.system.accountNextIndex(researcher.address)).toNumber();
  const requested = await Promise.all(datasets.map((dataset, i) =>
    succeed(api.tx.dataAccess.requestAccess(dataset, TRAINING, algorithm, YEAR / 12, null), researcher, { nonce: firstNonce + i })));
  await Promise.all(requested.map((result, i) =>
    succeed(api.tx.dataAccess.grantAccess(field(eventOf(result, 'dataAccess', 'AccessRequested'), 'request')), accounts[i], { retries: 5 })));

  const created = await succeed(api.tx.federatedLearning.createTask(SPEC, TRAINING, datasets, PARAMS, 'FedAvg'), researcher);
  taskId = field(eventOf(created, 'federatedLearning', 'TaskCreated'), 'task').toNumber();
  const task = await waitFor(() => fl('fl_task', [taskId]), { what: 'fl_task' });
  assert.equal(task.status, 'Running');
  assert.equal(task.participants.length, 2);
});

test('Alice erases a patient between rounds: one sample fewer and a new cohort hash from a later round on', async () => {
  // Round 1 done (trained on every row): erase one of Alice's patients.
  await waitFor(async () => (await fl('fl_round', [taskId, 1]))?.outcome.status === 'Aggregated',
    { timeoutMs: 180_000, intervalMs: 1000, what: 'round 1 to aggregate' });
  const k = 7;
  const { rawPatientId, row } = files[0].records[k];
  erased = { rawPatientId, pseudonym: row.pseudonym, salt: files[0].keys[k].salt, beforeBlock: await bestNumber() };
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [ERASE_SCRIPT,
    '--csv', files[0].csv, '--salts', files[0].salts, '--patient', rawPatientId])
    .catch((error) => assert.fail(`erase-patient.mjs failed (${error.code}): ${error.stderr}`));
  console.log(stdout.trim());
  assert.match(stdout, new RegExp(`1 row\\(s\\), ${ROWS - 1} of ${ROWS} left`));
  assert.match(stdout, new RegExp(`1 salt\\(s\\), ${ROWS - 1} of ${ROWS} left`));
  // The node sees the rewritten file and reads it again by itself.
  await waitFor(() => nodeLog().includes(`dataset 0: ${ROWS - 1} rows read from ${files[0].csv}`), { timeoutMs: 20_000, what: 'the node to read the rewritten file' });
  // From the next block on, the node's worker trains on the rewritten file (on one-second
  // blocks a round may open between the script's end and the node's reading).
  erased.afterBlock = await bestNumber();
  for (const secret of [rawPatientId, row.pseudonym.slice(2), erased.salt.slice(2)]) {
    assert.ok(!`${stdout}${stderr}`.includes(secret), 'the script prints counts only');
  }

  // (A poll the node does not answer is not an answer: rpcCall gives undefined then.)
  const task = await waitFor(async () => {
    const t = await fl('fl_task', [taskId]);
    return t && t.status !== 'Running' ? t : undefined;
  }, { timeoutMs: 600_000, intervalMs: 2000, what: 'the task to end' });
  assert.equal(task.status, 'Completed', JSON.stringify(task));
  assert.equal(task.aggregatedRounds, ROUNDS);
  const rounds = [];
  for (let r = 1; r <= ROUNDS; r += 1) rounds.push(await waitFor(() => fl('fl_round', [taskId, r]), { what: `fl_round ${r}` }));
  const of = (round, i) => round.contributions.find((c) => c.dataset === datasets[i]);
  console.log(`Alice's samples per round: ${rounds.map((r) => of(r, 0)?.samples).join(', ')} ` +
    `(erased after block ${erased.beforeBlock}; the node read the rewritten file by block ${erased.afterBlock}; rounds opened at ${rounds.map((r) => r.openedAt).join(', ')})`);

  // Rounds over before the erasure trained on every row; rounds opened after it on one fewer,
  // with another cohort; a round open during it may be either. Bob's rows never changed.
  const before = rounds.filter((r) => r.outcome.closedAt <= erased.beforeBlock);
  const later = rounds.filter((r) => r.openedAt > erased.afterBlock);
  assert.ok(before.length >= 1 && later.length >= 1, 'rounds on both sides of the erasure');
  for (const round of before) assert.equal(of(round, 0).samples, ROWS, `round ${round.round}: before the erasure`);
  for (const round of later) {
    assert.equal(of(round, 0).samples, ROWS - 1, `round ${round.round}: Alice trains on one patient fewer`);
    for (const earlier of before) assert.notEqual(of(round, 0).cohortHash, of(earlier, 0).cohortHash, `round ${round.round}: Alice's cohort hash changed`);
  }
  let last = ROWS;
  for (const round of rounds) {
    assert.equal(of(round, 1).samples, ROWS, `round ${round.round}: Bob's cohort is untouched`);
    const samples = of(round, 0).samples;
    assert.ok(samples === ROWS || samples === ROWS - 1, `round ${round.round}: ${samples} samples`);
    assert.ok(samples <= last, `round ${round.round}: the erased patient does not come back`);
    last = samples;
  }
});

test('nothing at the clinic or on chain links the erased patient any more; the pseudonym\'s consent stays', async () => {
  const { rawPatientId, pseudonym, salt } = erased;

  // The clinic's files: no id, no salt, no row with the pseudonym, and no salt left that links
  // the id to the pseudonym; no temporary file left behind.
  const csvText = readFileSync(files[0].csv, 'utf8');
  const saltsText = readFileSync(files[0].salts, 'utf8');
  for (const [text, what] of [[csvText, 'the data CSV'], [saltsText, 'the salts file']]) {
    for (const secret of [rawPatientId, pseudonym.slice(2), salt.slice(2)]) assert.ok(!text.includes(secret), `${what} still holds the patient`);
  }
  assert.equal(parseCsv(csvText).length, ROWS - 1);
  const keys = parseSalts(saltsText);
  assert.equal(keys.length, ROWS - 1);
  assert.ok(keys.every((k) => pseudonymOf(k.salt, rawPatientId) !== pseudonym), 'no salt left links the id to the pseudonym');
  assert.deepEqual(readdirSync(files[0].dir).filter((f) => f.endsWith('.tmp')), []);

  // The node keeps no copy of the dataset in its off-chain database (it reads the file).
  for (const dataset of datasets) {
    assert.equal(await rpcCall(node.wsUrl, 'offchain_localStorageGet', ['PERSISTENT', datasetKey(dataset)]), null, 'a copy of the dataset in the off-chain database');
  }

  // The chain: every block and its events, and every storage value of the final state. It
  // never held any raw id or the salt; the pseudonym is there, in the consent ledger.
  const needles = [hexOf(rawPatientId), salt.slice(2), ...files.flatMap(({ records }) => records.map((r) => hexOf(r.rawPatientId)))];
  const scan = (hex, where) => {
    for (const needle of needles) assert.ok(!hex.includes(needle), `${where} holds a raw patient id or a salt`);
    return hex.includes(pseudonym.slice(2));
  };
  const provider = new WsProvider(node.wsUrl, false);
  await provider.connect();
  let blocks = 0; let pairs = 0; let pseudonymInState = false;
  try {
    await provider.isReady;
    const best = await bestNumber();
    for (let n = 0; n <= best; n += 1) {
      const hash = await provider.send('chain_getBlockHash', [n]);
      const block = await provider.send('chain_getBlock', [hash]);
      scan(block.block.extrinsics.join(''), `block ${n}`);
      scan((await provider.send('state_getStorage', [EVENTS_KEY, hash])) ?? '', `block ${n}'s events`);
      blocks += 1;
    }
    const head = await provider.send('chain_getBlockHash', [best]);
    let startKey = null;
    for (;;) {
      const page = await provider.send('state_getKeysPaged', ['0x', 1000, startKey, head]);
      if (!page.length) break;
      const [{ changes }] = await provider.send('state_queryStorageAt', [page, head]);
      for (const [key, value] of changes) {
        if (scan(`${key}${value ?? ''}`, `state ${key}`)) pseudonymInState = true;
        pairs += 1;
      }
      startKey = page[page.length - 1];
    }
  } finally {
    await provider.disconnect();
  }
  console.log(`scanned ${blocks} blocks with their events and ${pairs} storage values: no raw id, no salt`);
  assert.ok(pseudonymInState, 'the pseudonym is in the consent ledger: the scan sees what the chain holds');

  // The chain keeps its records: the pseudonym's consent is still there, still active, and
  // points to no one.
  const ids = await api.query.consent.consentsByPatient(pseudonym);
  assert.equal(ids.length, 1);
  const consent = await api.query.consent.consents(ids[0]);
  assert.ok(consent.isSome, 'the consent is still recorded');
  assert.equal(consent.unwrap().terms.pseudonym.toHex(), pseudonym);
  assert.equal(consent.unwrap().status.type, 'Active');
});
