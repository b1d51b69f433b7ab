// Any study question on any tabular dataset: a second schema, unlike the IVF one, asked a
// question of the researcher's choosing.
//
// `study-synth` writes a synthetic OHSS study (fl_core::study_synth): four clinics' CSV files
// with categorical, boolean, numeric and date columns and missing values, each clinic ordering
// its columns its own way; one schema (schema.json) all four follow; the researcher's question
// (question.json: OHSS from what is known at stimulation start, one-hot protocols, a
// missing-indicator, an imputed value, rows dropped where a value the question needs is
// missing) and its public normalisation, from the schema alone. One `ivf-node --dev` holds the
// four dev clinics' federated-learning keys and reads each clinic's file, checked against the
// schema beside it (`--dataset ID=FILE`). Then:
//   1. each clinic registers its dataset under the schema's id and declares the schema
//      (`dataAccess.declareSchema`); another schema is refused (SchemaHashMismatch); anyone reads
//      it back over the runtime API, without a row;
//   2. questions the datasets cannot answer are refused by name before any grant: the IVF
//      default (DatasetNotIvfShaped), a column no schema has (FeatureColumnMissing), an encoding
//      the column's type cannot have (FeatureTypeMismatch), an architecture of another width
//      (QuestionWidthMismatch);
//   3. the researcher gets grants and runs the question with FedAvg; every clinic trains on the
//      rows its question can use, and commits their count;
//   4. the final model reaches at least 99% of the held-out AUC of pooled training by an
//      independent implementation (scikit-learn, tests/lib/pooled_reference.py) on the same
//      encoded rows;
//   5. fl_replay verifies every round.
//
// Dev genesis: Alice, Bob, Charlie and Dave are clinics, Eve a researcher, all funded.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import { Node, NODE_BIN, runNodeCommand, rpcCall, tempDir, waitFor } from '../lib/node.mjs';
import { submit, succeed, eventOf, refusedWith, field } from '../lib/chain.mjs';
import { YEAR, TRAINING, consentBatches } from '../lib/study.mjs';

const CLINICS = ['//Alice', '//Bob', '//Charlie', '//Dave'];
const ROWS = 500;
const TEST_ROWS = 4000;
const ROUNDS = 12;
/** Each dataset's lifetime zCDP budget (unused: these datasets allow training without DP). */
const BUDGET = 1_000_000;
/** No DP: what this test is about is the question, not the noise (the IVF test covers DP). */
const POLICY = { dpRequired: false, minNoiseMultiplierPpm: 0, maxClipNormPpm: 0, maxRhoPerRound: 0, minCohort: 20 };
const PARAMS = { rounds: ROUNDS, quorum: 4, commitWindow: 4, revealWindow: 4, maxSamples: ROWS, maxUpdateNormPpm: 50_000_000 };
/** Local training: five full passes per round over mini-batches of 50 rows. */
const TRAINING_PARAMS = { learningRatePpm: 200_000, epochs: 5, batchSize: 50, l2Ppm: 0, proximalMuPpm: 0 };

let tmp;
let node;
let api;
let clinics;
let researcher;
let files; // per clinic: { csv, header, rows }
let schema;
let question;
let spec;
const datasets = [];
let taskId;

const fl = (method, params = []) => rpcCall(node.wsUrl, method, params);
const nodeLog = () => readFileSync(join(tmp.dir, `${node.name}.log`), 'utf8');
const dataDir = () => join(tmp.dir, 'data');

/** A CSV file's header and rows as `{ column: text }` objects. */
function readCsv(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  const columns = header.split(',');
  return { header: columns, rows: lines.map((line) => Object.fromEntries(line.split(',').map((v, j) => [columns[j], v]))) };
}

/** The schema as the chain encodes it, and its id (blake2_256 of that encoding). */
function encodedSchema(value) {
  const type = api.tx.dataAccess.declareSchema.meta.args[1].type.toString();
  const encoded = api.createType(type, value);
  return { encoded, id: blake2AsHex(encoded.toU8a()) };
}

const specHex = (s) => api.tx.federatedLearning.createTask(s, TRAINING, [], {}, 'FedAvg').method.args[0].toHex();

before(async () => {
  tmp = tempDir('ivf-study-');
  execFileSync(join(NODE_BIN, '..', 'study-synth'),
    ['--clinics', '4', '--rows', String(ROWS), '--test-rows', String(TEST_ROWS), '--seed', '7', '--out', dataDir()], { encoding: 'utf8' });
  schema = JSON.parse(readFileSync(join(dataDir(), 'schema.json'), 'utf8'));
  question = JSON.parse(readFileSync(join(dataDir(), 'question.json'), 'utf8'));
  const normalisation = JSON.parse(readFileSync(join(dataDir(), 'normalisation.json'), 'utf8'));
  files = CLINICS.map((_, i) => {
    const csv = join(dataDir(), `clinic-${i + 1}.csv`);
    return { csv, ...readCsv(csv) };
  });
  spec = {
    architecture: { LogisticRegression: { features: normalisation.length } },
    training: TRAINING_PARAMS,
    privacy: null,
    normalisation,
    initialModelSeed: 7,
    question,
    serverOptimiser: 'Sgd',
  };

  const basePath = join(tmp.dir, 'node');
  for (const suri of CLINICS) {
    runNodeCommand(['key', 'insert', '--base-path', basePath, '--chain', 'dev', '--scheme', 'Sr25519', '--suri', suri, '--key-type', 'ivfl']);
  }
  // The dev chain has no dataset yet: the registrations below get ids 0 to 3, in order.
  const datasetArgs = files.flatMap(({ csv }, i) => ['--dataset', `${i}=${csv}`]);
  node = await Node.create({ name: 'study-dev', chain: 'dev', basePath, args: ['--dev', '--offchain-worker', 'always', ...datasetArgs], logDir: tmp.dir });
  await node.start();
  await waitFor(async () => (await node.finalizedNumber()) >= 1, { timeoutMs: 60_000, what: 'block 1 to be finalised' });
  api = await node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  clinics = CLINICS.map((suri) => keyring.addFromUri(suri));
  researcher = keyring.addFromUri('//Eve');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
  if (process.exitCode || process.env.IVF_E2E_KEEP) console.log(`node log, base path and data kept in ${tmp?.dir}`); else tmp?.cleanup();
});

test('1. the clinics declare one schema for files whose columns each orders its own way, and the node checks every row against it', async () => {
  const sorted = files.map(({ header }) => [...header].sort().join(','));
  assert.ok(sorted.every((s) => s === sorted[0]), 'every file has the same columns');
  assert.equal(new Set(files.map(({ header }) => header.join(','))).size, files.length, 'no two clinics order them alike');
  assert.ok(files.some(({ rows }) => rows.some((row) => Object.values(row).some((v) => v === ''))), 'some values are missing');

  const { encoded, id } = encodedSchema(schema);
  for (const [i, clinic] of clinics.entries()) {
    const registered = await succeed(
      api.tx.dataAccess.registerDataset(id, ROWS, { permission: 'Gru', modifiers: [] }, BUDGET, 'ClinicDecides', POLICY), clinic);
    datasets[i] = field(eventOf(registered, 'dataAccess', 'DatasetRegistered'), 'dataset').toNumber();
    assert.equal(datasets[i], i, 'the dataset id the node was started with');
    assert.match(nodeLog(), new RegExp(`dataset ${i}: ${ROWS} rows read from ${files[i].csv}, checked against its schema`));
  }

  // A schema other than the registered one is refused; the registered one is declared.
  const other = structuredClone(schema);
  other.columns[0].missing_allowed = !other.columns[0].missing_allowed;
  refusedWith(await submit(api.tx.dataAccess.declareSchema(datasets[0], other), clinics[0]), 'dataAccess.SchemaHashMismatch');
  for (const [i, clinic] of clinics.entries()) {
    const declared = await succeed(api.tx.dataAccess.declareSchema(datasets[i], encoded), clinic);
    const event = eventOf(declared, 'dataAccess', 'SchemaDeclared');
    assert.equal(field(event, 'schemaId').toHex(), id);
    assert.equal(field(event, 'columns').toNumber(), schema.columns.length);
  }
  refusedWith(await submit(api.tx.dataAccess.declareSchema(datasets[0], encoded), clinics[0]), 'dataAccess.SchemaAlreadyDeclared');

  // Anyone reads the columns back: names, types, units, ranges, levels; no row.
  const readBack = await api.call.dataAccessApi.datasetSchema(datasets[2]);
  assert.ok(readBack.isSome);
  assert.equal(blake2AsHex(readBack.unwrap().toU8a()), id);
  const columns = readBack.unwrap().columns.map((c) => c.name.toString());
  assert.deepEqual(columns, schema.columns.map((c) => c.name));
  console.log(`schema ${id}: ${columns.join(', ')}`);
});

test('the clinics record their patients\' consents', async () => {
  const now = (await api.query.timestamp.now()).toNumber();
  for (const [i, clinic] of clinics.entries()) {
    const records = files[i].rows.map((row) => ({ row: { pseudonym: `0x${row.patient_pseudonym}` } }));
    const firstNonce = (await api.rpc.system.accountNextIndex(clinic.address)).toNumber();
    const results = await Promise.all(consentBatches(records, now).map((batch, b) =>
      submit(api.tx.consent.recordConsents(batch), clinic, { nonce: firstNonce + b })));
    assert.ok(results.every((r) => !r.dispatchError), `every consent of clinic ${i + 1} recorded`);
  }
});

test('2. a question the datasets cannot answer is refused by name, before any grant', async () => {
  const ask = (s) => submit(api.tx.federatedLearning.createTask(s, TRAINING, datasets, PARAMS, 'FedAvg'), researcher, { retries: 5 });
  // The IVF default (no question) of datasets that are not IVF-shaped.
  const ivf = { ...spec, architecture: { LogisticRegression: { features: 19 } }, normalisation: Array(19).fill({ mean: 0, scale: 65536 }), question: null };
  refusedWith(await ask(ivf), 'federatedLearning.DatasetNotIvfShaped');
  // A feature column that no schema has.
  const missing = structuredClone(question);
  missing.features[0].column = 'serum_estradiol';
  refusedWith(await ask({ ...spec, question: missing }), 'federatedLearning.FeatureColumnMissing');
  // A categorical column read as a number.
  const oneHot = question.features.findIndex((f) => typeof f.encoding === 'object' && 'OneHot' in f.encoding);
  const levels = question.features[oneHot].encoding.OneHot.levels.length;
  const numeric = structuredClone(question);
  numeric.features[oneHot].encoding = 'Numeric';
  refusedWith(await ask({
    ...spec,
    architecture: { LogisticRegression: { features: spec.normalisation.length - levels + 1 } },
    normalisation: spec.normalisation.slice(0, spec.normalisation.length - levels + 1),
    question: numeric,
  }), 'federatedLearning.FeatureTypeMismatch');
  // An architecture of another width than the question encodes to.
  refusedWith(await ask({ ...spec, architecture: { LogisticRegression: { features: spec.normalisation.length + 1 } } }),
    'federatedLearning.QuestionWidthMismatch');
});

test(`3. the researcher runs the question with FedAvg for ${ROUNDS} rounds; each clinic trains on the rows the question can use`, async () => {
  const algorithm = (await api.call.federatedLearningApi.taskAlgorithm(spec, PARAMS, 'FedAvg')).toHex();
  const firstNonce = (await api.rpc.system.accountNextIndex(researcher.address)).toNumber();
  const requested = await Promise.all(datasets.map((dataset, i) =>
    succeed(api.tx.dataAccess.requestAccess(dataset, TRAINING, algorithm, YEAR / 12, null), researcher, { nonce: firstNonce + i })));
  await Promise.all(requested.map((result, i) =>
    succeed(api.tx.dataAccess.grantAccess(field(eventOf(result, 'dataAccess', 'AccessRequested'), 'request')), clinics[i], { retries: 5 })));
  const created = await succeed(api.tx.federatedLearning.createTask(spec, TRAINING, datasets, PARAMS, 'FedAvg'), researcher);
  taskId = field(eventOf(created, 'federatedLearning', 'TaskCreated'), 'task').toNumber();

  const task = await waitFor(async () => {
    const t = await fl('fl_task', [taskId]);
    return t && t.status !== 'Running' ? t : undefined;
  }, { timeoutMs: 900_000, intervalMs: 2000, what: 'the task to end' });
  assert.equal(task.status, 'Completed', JSON.stringify(task));
  assert.equal(task.aggregatedRounds, ROUNDS);

  // The rows a clinic can use: its outcome and every feature whose policy drops the row present.
  const needed = [question.outcome.column, ...question.features.filter((f) => f.missing === 'DropRow').map((f) => f.column)];
  const usable = files.map(({ rows }) => rows.filter((row) => needed.every((c) => row[c] !== '')).length);
  assert.ok(usable.some((n) => n < ROWS), 'some rows cannot be used');
  const round = await fl('fl_round', [taskId, 1]);
  for (const [i, dataset] of datasets.entries()) {
    const contribution = round.contributions.find((c) => c.dataset === dataset);
    assert.equal(contribution.samples, usable[i], `clinic ${i + 1} commits the ${usable[i]} usable of its ${ROWS} rows`);
  }
  console.log(`rows trained on per clinic (of ${ROWS}): ${usable.join(', ')}`);
  assert.match(nodeLog(), /trained natively on \d+ of 500 rows/);
});

test('4. the final model reaches 99% of pooled training\'s held-out AUC (scikit-learn, the same encoded rows)', async () => {
  const model = await fl('fl_globalModel', [taskId]);
  const python = join(process.env.IVF_VENV ?? join(homedir(), '.cache/ivf-chain/venv'), 'bin/python');
  const answer = execFileSync(python, [
    join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'pooled_reference.py'),
    '--fl-predict', join(NODE_BIN, '..', 'fl-predict'), '--spec', specHex(spec), `--parameters=${model.parameters.join(',')}`,
    '--schema', join(dataDir(), 'schema.json'),
    '--train', ...files.map(({ csv }) => csv), '--test', join(dataDir(), 'test.csv'),
  ], { encoding: 'utf8' });
  const { federatedAuc, pooledAuc, pooledRows, testRows } = JSON.parse(answer);
  console.log(`AUC on ${testRows} held-out rows: federated ${federatedAuc.toFixed(4)}, pooled ${pooledAuc.toFixed(4)} ` +
    `(${pooledRows} rows), ratio ${(100 * federatedAuc / pooledAuc).toFixed(2)}% (bar: 99%)`);
  assert.ok(pooledAuc > 0.7, `the question is learnable: pooled AUC ${pooledAuc}`);
  assert.ok(federatedAuc >= 0.99 * pooledAuc, `federated AUC ${federatedAuc} < 99% of pooled ${pooledAuc}`);
});

test('5. the replay verifies every round of the question that state still keeps', async () => {
  // State keeps the updates of a task's last `MaxRoundsKept` rounds (10): the runtime API
  // replays those, and says the older ones are no longer retained (`ivf-node fl-replay` reads
  // them from the blocks: the federated-learning test checks it).
  const kept = api.consts.federatedLearning.maxRoundsKept.toNumber();
  const replay = await fl('fl_replay', [taskId]);
  assert.equal(replay.status, 'OK', JSON.stringify(replay));
  assert.equal(replay.verified, Math.min(ROUNDS, kept));
  assert.equal(replay.notRetained, ROUNDS - Math.min(ROUNDS, kept));
});
