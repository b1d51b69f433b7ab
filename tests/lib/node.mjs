// Starts and stops real `ivf-node` processes for the end-to-end tests, on loopback only.
//
// Every node gets a fresh temporary base path and free ports, runs without mDNS, telemetry
// or Prometheus (so that nothing leaves the machine), and is killed when the test process
// exits, whatever happens.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, createWriteStream, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { WebSocket } from '@polkadot/x-ws';
import { bnToU8a, u8aToHex } from '@polkadot/util';
import { xxhashAsHex } from '@polkadot/util-crypto';

/** The binary under test: `$IVF_NODE_BIN`, or the release build in the cargo target dir. */
export const NODE_BIN =
  process.env.IVF_NODE_BIN ??
  join(process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/ivf-chain/target'), 'release/ivf-node');

const running = new Set();
const killAll = () => {
  for (const child of running) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { killAll(); process.exit(130); });
}

/**
 * `count` different TCP ports free on 127.0.0.1 right now. They are held open together while
 * they are chosen: ports chosen one after the other can be the same one twice (a node given
 * its P2P port as its RPC port serves RPC elsewhere, and its test waits in vain).
 */
export async function freePorts(count) {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** A fresh temporary directory, removed by `cleanup()`. */
export function tempDir(prefix = 'ivf-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs an `ivf-node` subcommand to completion and returns its stdout. */
export function runNodeCommand(args) {
  return execFileSync(NODE_BIN, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Inserts a clinic's Aura (sr25519) and GRANDPA (ed25519) keys into a node's keystore. */
export function insertAuthorityKeys({ basePath, chain, suri }) {
  runNodeCommand(['key', 'insert', '--base-path', basePath, '--chain', chain, '--scheme', 'Sr25519', '--suri', suri, '--key-type', 'aura']);
  runNodeCommand(['key', 'insert', '--base-path', basePath, '--chain', chain, '--scheme', 'Ed25519', '--suri', suri, '--key-type', 'gran']);
}

/**
 * Writes a new network key to `file` (`ivf-node key generate-node-key`) and returns the peer
 * id it gives its node, as `ivf-node key inspect-node-key` prints it.
 */
export function generateNodeKey(file) {
  runNodeCommand(['key', 'generate-node-key', '--file', file]);
  return runNodeCommand(['key', 'inspect-node-key', '--file', file]).trim();
}

/**
 * Writes the development network key of a `consortium_local` clinic (31 zero bytes, then
 * `byte`: 1 for London, 2 Paris, 3 Amsterdam, 4 Madrid) to `file`: the chain spec lists the
 * nodes of these keys, and only they may sync. Returns the file.
 */
export function writeDevelopmentNodeKey(file, byte) {
  writeFileSync(file, byte.toString(16).padStart(64, '0'));
  return file;
}

/**
 * The block time of the test chains, in milliseconds (`IVF_TEST_BLOCK_TIME`; by default one
 * second, the runtime's shortest). What the end-to-end tests wait for is mostly blocks, and a
 * chain spec may set the chain's block time (the consortium pallet's `blockTime`), so the test
 * chains run three times as fast as the default three seconds.
 */
export const TEST_BLOCK_TIME = Number(process.env.IVF_TEST_BLOCK_TIME ?? 1000);

/** `consortium.blockTime`'s storage key (twox128 of the pallet's and of the item's name). */
const BLOCK_TIME_KEY = xxhashAsHex('Consortium', 128) + xxhashAsHex('BlockTime', 128).slice(2);

/**
 * Writes the raw chain spec of the built-in chain `chain` to `file`, its genesis block time set
 * to `TEST_BLOCK_TIME`, and returns the file. Its id stays the built-in chain's, so keystores
 * made with `--chain <chain>` serve it.
 */
export function exportTestChainSpec(chain, file) {
  runNodeCommand(['export-chain-spec', '--chain', chain, '--raw', '--output', file]);
  const spec = JSON.parse(readFileSync(file, 'utf8'));
  spec.genesis.raw.top[BLOCK_TIME_KEY] = u8aToHex(bnToU8a(TEST_BLOCK_TIME, { bitLength: 64, isLe: true }));
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const BUILT_IN_CHAINS = new Set(['dev', 'local', 'consortium-local']);
const testSpecs = new Map();
let testSpecDir;

/** The spec file a test node of `chain` runs: a built-in chain at `TEST_BLOCK_TIME`, once per process; a file as it is. */
function testChainSpec(chain) {
  if (!BUILT_IN_CHAINS.has(chain)) return chain;
  if (!testSpecs.has(chain)) {
    if (!testSpecDir) {
      testSpecDir = tempDir('ivf-e2e-spec-');
      process.on('exit', testSpecDir.cleanup);
    }
    testSpecs.set(chain, exportTestChainSpec(chain, join(testSpecDir.dir, `${chain}.json`)));
  }
  return testSpecs.get(chain);
}

/**
 * A running `ivf-node`. `start()` spawns it and waits for its RPC; `stop()` ends it and
 * waits for the process to exit, so that its database is closed before a restart.
 */
export class Node {
  constructor({ name, chain, basePath, args = [], p2pPort, rpcPort, logDir }) {
    Object.assign(this, { name, chain, basePath, args, p2pPort, rpcPort, logDir });
    this.child = null;
  }

  /**
   * A node with free ports and its own network key (an authority needs one on disk; the key
   * is written once and survives restarts, so the node keeps its peer id). `nodeKeyFile`
   * gives the key instead (`--node-key-file`): a node the chain spec lists by its peer id.
   */
  static async create({ name, chain, basePath, args = [], logDir, nodeKeyFile }) {
    chain = testChainSpec(chain);
    if (nodeKeyFile) {
      args = ['--node-key-file', nodeKeyFile, ...args];
    } else {
      runNodeCommand(['key', 'generate-node-key', '--base-path', basePath, '--chain', chain]);
    }
    const [p2pPort, rpcPort] = await freePorts(2);
    return new Node({ name, chain, basePath, args, p2pPort, rpcPort, logDir: logDir ?? basePath });
  }

  get wsUrl() { return `ws://127.0.0.1:${this.rpcPort}`; }
  get multiaddr() { return `/ip4/127.0.0.1/tcp/${this.p2pPort}/p2p/${this.peerId}`; }

  async start() {
    const args = [
      '--chain', this.chain,
      '--base-path', this.basePath,
      '--name', this.name,
      '--listen-addr', `/ip4/127.0.0.1/tcp/${this.p2pPort}`,
      '--rpc-port', String(this.rpcPort),
      '--no-mdns', '--no-telemetry', '--no-prometheus',
      '--allow-private-ip',
      '--rpc-max-connections', '100',
      ...this.args,
    ];
    const log = createWriteStream(join(this.logDir, `${this.name}.log`), { flags: 'a' });
    this.child = spawn(NODE_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.pipe(log);
    this.child.stderr.pipe(log);
    // A port taken meanwhile by another process makes the node serve RPC on a random one:
    // follow the port it reports.
    let output = '';
    const followRpcPort = (chunk) => {
      output += chunk;
      const served = /Running JSON-RPC server: addr=127\.0\.0\.1:(\d+)/.exec(output);
      if (served) {
        this.rpcPort = Number(served[1]);
        this.child?.stderr.off('data', followRpcPort);
      }
    };
    this.child.stderr.on('data', followRpcPort);
    running.add(this.child);
    const child = this.child;
    let exit;
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
      running.delete(child);
      exit = { code, signal };
      resolve(exit);
    }));
    try {
      await waitFor(async () => {
        if (exit) throw new Error(`${this.name} exited (${JSON.stringify(exit)}); see ${join(this.logDir, `${this.name}.log`)}`);
        return (await rpcCall(this.wsUrl, 'system_health')) !== undefined;
      }, { timeoutMs: 120_000, what: `${this.name} RPC`, failFast: true });
    } catch (error) {
      // No test holds this node yet: stop it here, or it outlives the test run.
      await this.stop();
      throw error;
    }
    this.peerId = await rpcCall(this.wsUrl, 'system_localPeerId');
    return this;
  }

  /** Stops the node (SIGINT, then SIGKILL after 20 s). */
  async stop() {
    if (!this.child) return;
    const child = this.child;
    this.child = null;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** A connected @polkadot/api client. The caller disconnects it. */
  async api() {
    const provider = new WsProvider(this.wsUrl, 1000);
    return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  }

  async bestNumber() {
    return parseInt((await rpcCall(this.wsUrl, 'chain_getHeader')).number, 16);
  }

  async finalizedNumber() {
    const hash = await rpcCall(this.wsUrl, 'chain_getFinalizedHead');
    const header = await rpcCall(this.wsUrl, 'chain_getHeader', [hash]);
    return parseInt(header.number, 16);
  }

  async blockHash(number) {
    return rpcCall(this.wsUrl, 'chain_getBlockHash', [number]);
  }
}

/**
 * Every storage key and value of the best state of the node at `url`, as `[key, value]` hex
 * pairs, read a page of 1,000 keys at a time: what the privacy scans read.
 */
export async function* storageEntries(url) {
  let startKey = null;
  for (;;) {
    const keys = await rpcCall(url, 'state_getKeysPaged', ['0x', 1000, startKey]);
    if (!keys?.length) return;
    for (const key of keys) yield [key, await rpcCall(url, 'state_getStorage', [key])];
    startKey = keys[keys.length - 1];
  }
}

/** One JSON-RPC call over a short-lived WebSocket; `undefined` if the node is not up. */
export async function rpcCall(url, method, params = []) {
  return new Promise((resolve) => {
    let ws;
    try { ws = new WebSocket(url); } catch { resolve(undefined); return; }
    const done = (value) => { try { ws.close(); } catch { /* closed */ } resolve(value); };
    const timer = setTimeout(() => done(undefined), 10_000);
    ws.onerror = () => { clearTimeout(timer); done(undefined); };
    ws.onopen = () => ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
    ws.onmessage = (event) => {
      clearTimeout(timer);
      const reply = JSON.parse(event.data);
      if (reply.error) { done(undefined); } else { done(reply.result); }
    };
  });
}

/** Polls `check` until it returns a truthy value, or throws after `timeoutMs`. */
export async function waitFor(check, { timeoutMs = 60_000, intervalMs = 500, what = 'condition', failFast = false } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      if (failFast) throw error;
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

/** Starts a single-node development chain (`--dev`) on a temporary base path. */
export async function startDevNode(name = 'dev') {
  const tmp = tempDir();
  const node = await Node.create({ name, chain: 'dev', basePath: tmp.dir, args: ['--alice', '--validator', '--force-authoring'] });
  await node.start();
  // Until block 1 the chain has no time (`timestamp.now` is 0): wait for it to be finalised.
  await waitFor(async () => (await node.finalizedNumber()) >= 1, { timeoutMs: 60_000, what: 'block 1 to be finalised' });
  return { node, cleanup: async () => { await node.stop(); tmp.cleanup(); } };
}
