// A clinic's client, @polkadot/api, talks to a real development node: it reads the runtime's
// identity and metadata, and a member's signed transaction is included and finalised. Only
// members transact: a stranger's transaction, and a member's transfer to anyone but its own
// worker account, are refused at the pool with a reason polkadot-js shows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { startDevNode, waitFor } from '../lib/node.mjs';
import { succeed } from '../lib/chain.mjs';

let chain;
let api;

before(async () => {
  chain = await startDevNode('client-dev');
  api = await chain.node.api();
});

after(async () => {
  await api?.disconnect();
  await chain?.cleanup();
});

test('the runtime identifies itself as the IVF consortium runtime', async () => {
  const version = api.runtimeVersion;
  assert.equal(version.specName.toString(), 'ivf-consortium');
  assert.ok(version.specVersion.toNumber() >= 100);
  const chainName = (await api.rpc.system.chain()).toString();
  assert.equal(chainName, 'IVF Development');
  const properties = await api.rpc.system.properties();
  assert.equal(properties.tokenSymbol.unwrap()[0].toString(), 'IVF');
});

test('the metadata lists the skeleton pallets and the RPC serves system and payment', async () => {
  const metadata = await api.rpc.state.getMetadata();
  const pallets = metadata.asLatest.pallets.map((pallet) => pallet.name.toString());
  for (const expected of ['System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo', 'Council']) {
    assert.ok(pallets.includes(expected), `metadata lacks ${expected}: ${pallets.join(', ')}`);
  }
  const { methods } = (await api.rpc.rpc.methods()).toJSON();
  for (const method of ['system_accountNextIndex', 'payment_queryInfo', 'chain_getFinalizedHead']) {
    assert.ok(methods.includes(method), `RPC lacks ${method}`);
  }
});

test('a clinic funds its own worker: the signed transfer is included in a block and finalised', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const worker = keyring.addFromUri('//Alice//fl-worker');
  const amount = 5_000_000_000_000n; // 5 IVF

  const before = (await api.query.system.account(worker.address)).data.free.toBigInt();
  assert.equal(before, 0n);
  await succeed(api.tx.consortium.setWorker(worker.address), alice);

  const finalizedIn = await new Promise((resolve, reject) => {
    api.tx.balances
      .transferKeepAlive(worker.address, amount)
      .signAndSend(alice, ({ status, dispatchError }) => {
        if (dispatchError) reject(new Error(dispatchError.toString()));
        if (status.isFinalized) resolve(status.asFinalized.toHex());
      })
      .catch(reject);
  });

  const atFinalized = await api.at(finalizedIn);
  const after = (await atFinalized.query.system.account(worker.address)).data.free.toBigInt();
  assert.equal(after, amount);

  const events = await atFinalized.query.system.events();
  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
  assert.ok(transfer, 'no Balances.Transfer event in the finalised block');
  assert.equal(transfer.event.data.to.toString(), worker.address);

  // Finality keeps moving past the transfer.
  const finalizedNumber = (await api.rpc.chain.getHeader(finalizedIn)).number.toNumber();
  await waitFor(async () => (await chain.node.finalizedNumber()) > finalizedNumber, { what: 'finality to advance' });
});

test('only members transact: a stranger is refused at the pool, and so is a transfer to anyone but the own worker', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const stranger = keyring.addFromUri('//e2e-stranger');
  // Funds do not make a member: Root (the dev chain's sudo) gives the stranger some.
  await succeed(api.tx.sudo.sudo(api.tx.balances.forceSetBalance(stranger.address, 10n ** 15n)), alice);

  await assert.rejects(
    api.tx.consortium.setClinicName('Stranger clinic').signAndSend(stranger),
    (error) => /1010.*Invalid signing address/.test(error.message),
    "a stranger's transaction reached the pool",
  );
  await assert.rejects(
    api.tx.balances.transferKeepAlive(stranger.address, 10n ** 12n).signAndSend(alice),
    (error) => /1010.*Transaction call is not expected/.test(error.message),
    'a transfer to a stranger reached the pool',
  );
  console.log('refused at the pool: a stranger (Invalid signing address); a transfer to a stranger (Transaction call is not expected)');
});
