// A clinic's node keeps its patients' rows and its secrets to itself.
//
// One `ivf-node --dev` is pointed at two dataset files of its clinic (`--dataset ID=FILE`),
// one of them malformed. Then:
//   - the malformed file is refused with its line and column (never its value), loads nothing,
//     and the node keeps producing blocks; once the clinic fixes the file, the node reads it by
//     itself;
//   - the node's training secret is a file of its own (0600, in a 0700 directory), and neither
//     any RPC answer (the unsafe `offchain_localStorageGet` included, open on loopback) nor the
//     chain's state holds a row of the data or the secret;
//   - a web page from an origin that is not allowed gets no answer from the node: no CORS
//     grant (its browser neither sends the preflighted JSON request nor lets the page read an
//     answer), and its WebSocket upgrade, which browsers send without asking for a grant, is
//     refused with 403; polkadot-js apps and local pages on any port are answered, and so is a
//     native client, which sends no `Origin`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { readFileSync, writeFileSync, statSync, copyFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { u8aToHex, stringToU8a } from '@polkadot/util';
import { Node, NODE_BIN, rpcCall, storageEntries, tempDir, waitFor } from '../lib/node.mjs';
import { parseCsv, encodeCycle, datasetKey } from '../lib/dataset.mjs';

const ROWS = 40;

let tmp;
let node;
let files; // { good, bad, records }

const nodeLog = () => readFileSync(join(tmp.dir, `${node.name}.log`), 'utf8');
const bestNumber = () => node.bestNumber();
const clinicDir = () => join(tmp.dir, 'node', 'chains', 'ivf_dev', 'clinic');

before(async () => {
  tmp = tempDir('ivf-clinic-node-');
  const dataDir = join(tmp.dir, 'data');
  execFileSync(join(NODE_BIN, '..', 'ivf-synth'),
    ['--clinics', '2', '--rows', String(ROWS), '--test-rows', '0', '--seed', '77', '--out', dataDir], { encoding: 'utf8' });
  const good = join(dataDir, 'clinic-1.csv');
  const bad = join(dataDir, 'clinic-2.csv');
  copyFileSync(bad, join(dataDir, 'clinic-2.good.csv'));
  // Line 5 (the header is line 1): an age no one can read.
  const lines = readFileSync(bad, 'utf8').split('\n');
  const fields = lines[4].split(',');
  fields[2] = 'forty';
  lines[4] = fields.join(',');
  writeFileSync(bad, lines.join('\n'));
  files = { good, bad, fixed: join(dataDir, 'clinic-2.good.csv'), records: parseCsv(readFileSync(good, 'utf8')) };

  node = await Node.create({
    name: 'clinic-dev', chain: 'dev', basePath: join(tmp.dir, 'node'), logDir: tmp.dir,
    args: ['--dev', '--dataset', `0=${good}`, '--dataset', `1=${bad}`],
  });
  await node.start();
});

after(async () => {
  await node?.stop();
  if (process.exitCode || process.env.IVF_E2E_KEEP) console.log(`node log and data kept in ${tmp?.dir}`); else tmp?.cleanup();
});

test('a malformed dataset file is refused with its line and column, and the node keeps producing blocks', async () => {
  // ivf-synth writes the files' schema beside them (schema.json): the node reads each file
  // against it, column by name, and names the line, the column and the schema.
  const schema = join(dirname(files.bad), 'schema.json');
  const refusal = `dataset 1: ${files.bad} refused, no rows loaded: line 5, column age: expected a decimal number, e.g. 2.35 (schema ${schema})`;
  await waitFor(() => nodeLog().includes(refusal), { what: 'the refusal in the log' });
  assert.match(nodeLog(), new RegExp(`dataset 0: ${ROWS} rows read from ${files.good}`));
  assert.ok(!nodeLog().includes('forty'), 'the log repeats the value it refused');
  const at = await bestNumber();
  await waitFor(async () => (await bestNumber()) >= at + 2, { timeoutMs: 30_000, what: 'two more blocks' });
  console.log(`refused: ${refusal}; the node went on from block ${at} to ${await bestNumber()}`);

  // The clinic fixes its file: the node reads it again by itself.
  copyFileSync(files.fixed, files.bad);
  await waitFor(() => nodeLog().includes(`dataset 1: ${ROWS} rows read from ${files.bad}`), { timeoutMs: 20_000, what: 'the fixed file to be read' });
});

test('no RPC answer and nothing in state holds a row or the node\'s training secret, which is a private file', async () => {
  const secretPath = join(clinicDir(), 'training-secret');
  const secret = readFileSync(secretPath).toString('hex');
  assert.equal(secret.length, 64);
  assert.equal(statSync(secretPath).mode & 0o777, 0o600, 'the secret is readable by the node\'s user only');
  assert.equal(statSync(clinicDir()).mode & 0o777, 0o700, 'the clinic directory is the node\'s user\'s only');

  const hexKey = (text) => u8aToHex(stringToU8a(text));
  for (const key of [datasetKey(0), datasetKey(1), hexKey('ivf-fl/clinic-secret')]) {
    for (const kind of ['PERSISTENT']) {
      assert.equal(await rpcCall(node.wsUrl, 'offchain_localStorageGet', [kind, key]), null, `offchain ${kind} ${key}`);
    }
  }
  const needles = [secret, ...files.records.map(({ row }) => encodeCycle(row.cycle))];
  let values = 0;
  for await (const [key, value] of storageEntries(node.wsUrl)) {
    for (const needle of needles) assert.ok(!`${key}${value}`.includes(needle), `state ${key} holds a row or the secret`);
    values += 1;
  }
  assert.ok(!nodeLog().includes(secret), 'the log holds the secret');
  console.log(`scanned ${values} storage values and the off-chain keys: no row, no secret`);
});

/**
 * Sends a WebSocket upgrade request to the node, as a browser does for `new WebSocket(url)` on a
 * page of `origin` (no `Origin` header when `origin` is null, as native clients do); resolves to
 * the HTTP status of the answer: 101 when the node accepts the connection.
 */
function upgradeStatus(port, origin) {
  return new Promise((resolve, reject) => {
    const headers = {
      Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    };
    if (origin) headers.Origin = origin;
    const req = request({ host: '127.0.0.1', port, path: '/', headers });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve(res.statusCode); });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', reject);
    req.end();
  });
}

test('a page from an origin that is not allowed cannot open a WebSocket to the node: 403', async () => {
  for (const origin of ['https://evil.example', 'http://localhost.evil.example:9944', 'null']) {
    assert.equal(await upgradeStatus(node.rpcPort, origin), 403, `${origin}: the upgrade is accepted`);
  }
  for (const origin of ['https://polkadot.js.org', 'http://localhost:3000', 'http://127.0.0.1:8080', null]) {
    assert.equal(await upgradeStatus(node.rpcPort, origin), 101, `${origin ?? 'no Origin'}: the upgrade is refused`);
  }
});

test('a page from an origin that is not allowed gets no CORS grant; polkadot-js apps and local pages do', async () => {
  const url = `http://127.0.0.1:${node.rpcPort}`;
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_name', params: [] });
  const preflight = (origin) => fetch(url, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });
  const post = (origin) => fetch(url, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body });

  for (const origin of ['https://evil.example', 'http://attacker.localhost.example']) {
    assert.equal((await preflight(origin)).headers.get('access-control-allow-origin'), null, `${origin}: the preflight is granted`);
    assert.equal((await post(origin)).headers.get('access-control-allow-origin'), null, `${origin}: the answer is readable`);
  }
  for (const allowed of ['https://polkadot.js.org', 'http://localhost:3000']) {
    assert.equal((await preflight(allowed)).headers.get('access-control-allow-origin'), allowed);
    const answer = await post(allowed);
    assert.equal(answer.headers.get('access-control-allow-origin'), allowed);
    assert.equal((await answer.json()).result, 'IVF Consortium Node');
  }
});
