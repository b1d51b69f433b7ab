// Custody of embryos and the supplies that touch them, on a real node.
//
// On the development chain, the London clinic (//Alice, GB) and the Paris clinic (//Bob, FR):
//   1. London records the couple's storage consents (short storage periods, so that they run
//      out during the test), lets Paris rely on them, and freezes two embryos, each step
//      witnessed by two of its registered staff;
//   2. a culture-medium lot arrives at London and is used on both embryos;
//   3. London ships the embryos to Paris, one dry shipper each; Paris records both receipts,
//      and the data logger of the second shows a temperature excursion, which flags that
//      embryo; a receipt by London, a step with one witness, are refused by name;
//   4. London recalls the culture-medium lot: the recall query finds both embryos, now at
//      Paris, and flags them;
//   5. Paris thaws the first embryo for use; once the storage consent expires, the second is on
//      Paris's storage worklist as expired and the chain refuses to thaw it;
//   6. one query gives the second embryo's history: every step, who, when, where, under which
//      consents;
//   7. no block and nothing in state holds a plaintext identifier of a person or a place.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { startDevNode, storageEntries, waitFor } from '../lib/node.mjs';
import { eventOf, field, refusedWith, submit, succeed } from '../lib/chain.mjs';

let chain;
let api;
let london; // //Alice, clinic in GB
let paris; // //Bob, clinic in FR
let witnesses; // { london: [two], paris: [two] }

/** A pseudonym as a clinic makes it: blake2_256(salt ‖ clinic-local identifier). */
const pseudonym = (salt, localId) => blake2AsHex(u8aConcat(stringToU8a(salt), stringToU8a(localId)), 256);
const SALT = 'salt kept at the London clinic, never on chain';
const PATIENT_ID = 'LFC-PATIENT-20931';
const PARTNER_ID = 'LFC-PARTNER-20931';
const PATIENT = pseudonym(SALT, PATIENT_ID);
const PARTNER = pseudonym(SALT, PARTNER_ID);
/** Where each embryo sits: the clinic's own code, of which only a hash goes on chain. */
const PLACES = ['London tank 3 / canister B / position 7', 'London tank 3 / canister B / position 8', 'Paris tank 1 / canister A / position 2', 'Paris tank 1 / canister A / position 3'];
const location = (place) => blake2AsHex(`${SALT}|${place}`, 256);
/** The storage period: long enough to freeze, ship and receive, short enough to run out here. */
const STORAGE_MS = 150_000;
/** A culture medium (GS1 GTIN with its check digit) and its lot. */
const CULTURE_MEDIUM = { gtin: '05012345678900', lot: 'CM2611-07' };

const now = async () => (await api.query.timestamp.now()).toNumber();

/** Sends `txs` of one account at once, numbered from its next nonce; all must succeed. */
async function allOf(signer, txs) {
  const first = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
  return Promise.all(txs.map((tx, k) => succeed(tx, signer, { nonce: first + k })));
}

before(async () => {
  chain = await startDevNode('custody-dev');
  api = await chain.node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  london = keyring.addFromUri('//Alice');
  paris = keyring.addFromUri('//Bob');
  witnesses = {
    london: [keyring.addFromUri('//Alice//embryologist-1'), keyring.addFromUri('//Alice//embryologist-2')],
    paris: [keyring.addFromUri('//Bob//embryologist-1'), keyring.addFromUri('//Bob//embryologist-2')],
  };
});

after(async () => {
  await api?.disconnect();
  await chain?.cleanup();
});

const witnessed = (clinic) => witnesses[clinic].map((w) => w.address);
let consents; // [patient's, partner's]
let storageUntil;
let embryos; // [first, second]
let lot;

test('1. London records the storage consents, lets Paris rely on them, and freezes two witnessed embryos', async () => {
  await Promise.all([
    allOf(london, witnesses.london.map((w) => api.tx.custody.registerWitness(w.address, 'Staff'))),
    allOf(paris, witnesses.paris.map((w) => api.tx.custody.registerWitness(w.address, 'Staff'))),
  ]);
  const from = await now();
  storageUntil = from + STORAGE_MS;
  const recorded = await allOf(london, [PATIENT, PARTNER].map((who) => api.tx.consent.recordConsent({
    pseudonym: who,
    purposes: ['Storage', 'TreatmentUse'],
    validFrom: from,
    validUntil: null,
    storageUntil,
    formHash: blake2AsHex(`HFEA WT form of ${who}`),
  }, null)));
  consents = recorded.map((r) => field(eventOf(r, 'consent', 'ConsentRecorded'), 'consentId').toNumber());
  await allOf(london, consents.map((id) => api.tx.consent.allowReliance(id, paris.address)));

  const frozen = await allOf(london, [0, 1].map((k) => api.tx.custody.freeze({
    kind: { Embryo: { day: 5, stage: 'Blastocyst' } },
    count: 1,
    providers: { patient: PATIENT, partner: PARTNER, donor: null },
    consents,
    location: location(PLACES[k]),
  }, witnessed('london'))));
  embryos = frozen.map((r) => field(eventOf(r, 'custody', 'SpecimenFrozen'), 'specimen').toNumber());
  assert.equal(new Set(embryos).size, 2);
  for (const embryo of embryos) {
    const view = (await api.call.custodyApi.specimen(embryo)).unwrap();
    assert.ok(view.standing.isInEffect, `embryo ${embryo}: ${view.standing.toString()}`);
    assert.equal(view.standing.asInEffect.until.toNumber(), storageUntil);
  }
  // One witness is not enough under the default policy (HFEA: every critical step witnessed).
  refusedWith(await submit(api.tx.custody.moveSpecimen(embryos[0], location(PLACES[1]), [witnesses.london[0].address]), london), 'custody.TooFewWitnesses');
});

test('2. a culture-medium lot arrives at London and is used on both embryos', async () => {
  const arrived = await succeed(api.tx.supplies.recordArrival({
    product: CULTURE_MEDIUM,
    expiry: { year: 2027, month: 6, day: 30 },
    supplier: 'SUP-0042',
    quantity: 20,
    coldChain: true,
  }), london);
  lot = field(eventOf(arrived, 'supplies', 'LotArrived'), 'lot').toNumber();
  await succeed(api.tx.supplies.recordUse(lot, 'Culture', embryos), london);
});

test('3. London ships the embryos to Paris; Paris receives them, and the excursion on one flags it', async () => {
  const dispatched = await allOf(london, embryos.map((embryo, k) => api.tx.custody.dispatch([embryo], paris.address, {
    carrier: 'CRYO-EXPRESS', dryShipper: `DS-00${k + 1}`, dataLogger: `LOG-70${k + 1}`,
  }, witnessed('london'))));
  const shipments = dispatched.map((r) => field(eventOf(r, 'custody', 'ShipmentDispatched'), 'shipment').toNumber());
  const open = await api.call.custodyApi.openShipments(paris.address);
  assert.deepEqual(open.map(([id]) => id.toNumber()).sort(), [...shipments].sort());
  // Custody passes on receipt only: London still holds them, and cannot receive for Paris.
  refusedWith(await submit(api.tx.custody.receive(shipments[0], {
    condition: 'Intact', loggerData: blake2AsHex('logger'), lowestMc: -196_000, highestMc: -190_000,
  }, [location(PLACES[2])], witnessed('london')), london), 'custody.NotDestination');

  const readings = [{ lowestMc: -196_000, highestMc: -188_000 }, { lowestMc: -196_000, highestMc: -121_500 }];
  const received = await allOf(paris, shipments.map((shipment, k) => api.tx.custody.receive(shipment, {
    condition: 'Intact', loggerData: blake2AsHex(`LOG-70${k + 1} readings`), ...readings[k],
  }, [location(PLACES[2 + k])], witnessed('paris'))));
  const flagged = received.flatMap((r) => r.events.filter(({ event }) => event.section === 'custody' && event.method === 'SpecimenFlagged'));
  assert.deepEqual(flagged.map(({ event }) => field(event, 'specimen').toNumber()), [embryos[1]], 'only the embryo of the warm shipper is flagged');
  assert.ok(field(flagged[0].event, 'reason').isTemperatureExcursion);
  for (const embryo of embryos) {
    const view = (await api.call.custodyApi.specimen(embryo)).unwrap();
    assert.equal(view.specimen.clinic.toString(), paris.address, 'Paris has custody');
  }
  console.log(`shipments ${shipments.join(', ')}: received by Paris; embryo ${embryos[1]} flagged (logger high -121.5 °C, limit -150 °C)`);
});

test('4. London recalls the culture-medium lot: the recall query finds both embryos, now at Paris', async () => {
  const traced = await api.call.suppliesApi.trace({ Product: CULTURE_MEDIUM });
  assert.deepEqual(traced.map((use) => use.specimen.toNumber()).sort(), [...embryos].sort());
  const recalled = await succeed(api.tx.supplies.declareRecall(CULTURE_MEDIUM, blake2AsHex('manufacturer field safety notice FSN-2611')), london);
  const flags = recalled.events.filter(({ event }) => event.section === 'custody' && event.method === 'SpecimenFlagged');
  assert.deepEqual(flags.map(({ event }) => field(event, 'specimen').toNumber()).sort(), [...embryos].sort());
  const recall = (await api.call.suppliesApi.recall(CULTURE_MEDIUM)).unwrap();
  console.log(`recall of ${CULTURE_MEDIUM.gtin} lot ${CULTURE_MEDIUM.lot}: ${JSON.stringify(recall.toHuman())}; trace: ${JSON.stringify(traced.map((u) => u.toHuman()))}`);
});

test('5. Paris thaws one embryo for use; after the storage consent expires the other is on its worklist and cannot be thawed', async () => {
  await succeed(api.tx.custody.thaw(embryos[0], witnessed('paris')), paris);
  const before = await api.call.custodyApi.storageWorklist(paris.address, 30);
  assert.deepEqual(before.map((e) => e.specimen.toNumber()), [embryos[1]], 'the stored embryo expires within 30 days');
  assert.ok(before[0].standing.isInEffect);
  await waitFor(async () => (await now()) > storageUntil, { timeoutMs: STORAGE_MS + 60_000, intervalMs: 1000, what: 'the storage period to end' });
  const after = await api.call.custodyApi.storageWorklist(paris.address, 30);
  assert.deepEqual(after.map((e) => e.specimen.toNumber()), [embryos[1]]);
  assert.ok(after[0].standing.isExpired, after[0].standing.toString());
  refusedWith(await submit(api.tx.custody.thaw(embryos[1], witnessed('paris')), paris), 'custody.StorageConsentExpired');
  console.log(`Paris's worklist after expiry: ${JSON.stringify(after.map((e) => e.toHuman()))}`);
});

test('6. one query gives the embryo\'s history: every step, who, when, where, under which consents', async () => {
  const history = await api.call.custodyApi.history(embryos[1]);
  console.log(`history of embryo ${embryos[1]}: ${JSON.stringify(history.map((s) => s.toHuman()))}`);
  assert.deepEqual(history.map((s) => s.step.type), ['Frozen', 'Dispatched', 'Received']);
  assert.deepEqual(history.map((s) => s.clinic.toString()), [london.address, london.address, paris.address], 'who recorded each step');
  assert.deepEqual(history.map((s) => s.location.toHex()), [location(PLACES[1]), location(PLACES[1]), location(PLACES[3])], 'where');
  for (const step of history) {
    assert.equal(step.witnesses.length, 2, 'each step names its two witnesses');
    assert.deepEqual(step.consents.map((c) => c.toNumber()), consents, 'under which consents');
    assert.ok(step.at.toNumber() > 0, 'when');
  }
});

test('7. no block and nothing in state holds a plaintext identifier of a person or a place', async () => {
  const hexOf = (text) => u8aToHex(stringToU8a(text)).slice(2);
  const needles = [PATIENT_ID, PARTNER_ID, SALT, ...PLACES, 'London tank', 'Paris tank'].map(hexOf);
  const scan = (hex, where) => { for (const needle of needles) assert.ok(!hex.includes(needle), `${where} holds a plaintext identifier`); };
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = 0; n <= best; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    scan((await api.rpc.chain.getBlock(hash)).block.toHex(), `block ${n}`);
    scan((await api.query.system.events.at(hash)).toHex(), `block ${n}'s events`);
  }
  for await (const [key, value] of storageEntries(chain.node.wsUrl)) scan(`${key}${value}`, `state ${key}`);
});
