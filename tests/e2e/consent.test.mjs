// A patient consents at a clinic and later withdraws, on a real development node:
// the GB clinic (Alice) records a consent for a patient pseudonym, co-signed by the patient's
// own key; the FR clinic (Bob) tries to withdraw it and is refused with a named, documented
// error; the patient's key withdraws it; events, storage and the ConsentApi runtime API show
// the withdrawal, stamped with the chain's time and the patient as its author.
//
// Assumes the runtime declares the pallet as `Consent` and the dev genesis admits Alice and
// Bob as clinics.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex, compactStripLength } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, decodeAddress, randomAsU8a } from '@polkadot/util-crypto';
import { startDevNode } from '../lib/node.mjs';
import { eventOf, field, moduleError, submit, succeed } from '../lib/chain.mjs';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const CONSENT_SIGNING_DOMAIN = 'ivf-consent/v1';

let chain;
let api;
let alice; // the GB clinic
let bob; // the FR clinic
let patient; // the patient's own key, in the patient's wallet
let pseudonym;
let consentId;

/** The terms as the extrinsic carries them, SCALE-encoded. */
function encodedTerms(terms) {
  return api.tx.consent.recordConsent(terms, null).method.args[0].toU8a();
}

/** What the patient signs: domain tag ‖ genesis hash ‖ clinic account ‖ terms (pallet docs). */
function signingPayload(clinic, terms) {
  return u8aConcat(stringToU8a(CONSENT_SIGNING_DOMAIN), api.genesisHash.toU8a(), decodeAddress(clinic.address), encodedTerms(terms));
}

/** The patient's co-signature of `terms` recorded by `clinic`, made with `signer`'s key. */
function coSignature(signer, clinic, terms) {
  return { patient: signer.address, signature: { Sr25519: u8aToHex(signer.sign(signingPayload(clinic, terms))) } };
}

/** Consent terms for `pseudonym` from the chain's current time, for research, training and storage. */
async function consentTerms() {
  const now = (await api.query.timestamp.now()).toNumber();
  return {
    pseudonym,
    purposes: ['ResearchDataSharing', 'AiTraining', 'Storage'],
    validFrom: now,
    validUntil: now + 10 * YEAR_MS,
    storageUntil: now + 10 * YEAR_MS,
    formHash: blake2AsHex('the signed consent form, a PDF kept at the clinic'),
  };
}

before(async () => {
  chain = await startDevNode('consent-dev');
  api = await chain.node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  patient = keyring.addFromUri('//patient-1');

  // The pseudonym is made at the clinic from a salt that never leaves it.
  const salt = randomAsU8a(32);
  pseudonym = u8aToHex(blake2AsU8a(u8aConcat(salt, stringToU8a('clinic-gb/patient/0042')), 256));
  // The patient's key holds no funds, and no clinic funds it: a withdrawal is free.
});

after(async () => {
  await api?.disconnect();
  await chain?.cleanup();
});

test('every consent call is in the metadata with its origin, details and errors documented', () => {
  for (const call of ['recordConsent', 'withdrawConsent', 'markEnteredInError', 'allowReliance', 'revokeReliance']) {
    const docs = api.tx.consent[call].meta.docs.map((line) => line.toString()).join('\n');
    for (const section of ['## Origin', '## Details', '## Errors']) {
      assert.ok(docs.includes(section), `${call} docs lack "${section}"`);
    }
  }
});

test('the runtime gives the same bytes for the patient to sign as the pallet docs describe', async () => {
  const terms = await consentTerms();
  const fromRuntime = await api.call.consentApi.signingPayload(alice.address, terms);
  // polkadot-js 16 returns a `Bytes` result of `api.call` still SCALE-encoded (its content
  // starts with the compact length): strip that prefix before comparing.
  const [, payload] = compactStripLength(fromRuntime);
  assert.equal(u8aToHex(payload), u8aToHex(signingPayload(alice, terms)));
});

test('a co-signature made with another key than the named patient is refused', async () => {
  const terms = await consentTerms();
  const forged = { ...coSignature(bob, alice, terms), patient: patient.address };
  const error = moduleError(await submit(api.tx.consent.recordConsent(terms, forged), alice));
  assert.equal(`${error.section}.${error.name}`, 'consent.BadPatientSignature');
  assert.ok(error.docs.join(' ').length > 0);
  assert.equal((await api.call.consentApi.consentsOf(pseudonym)).length, 0);
});

test('the GB clinic records a consent co-signed by the patient', async () => {
  const terms = await consentTerms();
  const { blockHash, events } = await succeed(
    api.tx.consent.recordConsent(terms, coSignature(patient, alice, terms)),
    alice,
  );

  const recorded = eventOf(events, 'consent', 'ConsentRecorded');
  consentId = recorded.data.consentId.toNumber();
  assert.equal(recorded.data.pseudonym.toHex(), pseudonym);
  assert.equal(recorded.data.clinic.toString(), alice.address);
  assert.equal(recorded.data.patient.unwrap().toString(), patient.address);

  // Stamped with the chain's time of the block that included it.
  const chainTime = (await (await api.at(blockHash)).query.timestamp.now()).toNumber();
  const consent = (await api.query.consent.consents(consentId)).unwrap();
  assert.equal(consent.recordedAt.toNumber(), chainTime);
  assert.ok(consent.status.isActive);
  assert.equal(consent.clinic.toString(), alice.address);
  assert.equal(consent.patient.unwrap().toString(), patient.address);
  assert.deepEqual(consent.terms.purposes.map((p) => p.toString()), terms.purposes);
  assert.equal(consent.terms.formHash.toHex(), terms.formHash);

  assert.ok((await api.call.consentApi.consentStatus(consentId)).unwrap().isActive);
});

test('the FR clinic cannot withdraw a consent it did not record', async () => {
  const result = await submit(api.tx.consent.withdrawConsent(consentId), bob);

  assert.ok(eventOf(result, 'system', 'ExtrinsicFailed'));
  // What polkadot-js apps shows the clinic: the error's name and its docs.
  const error = moduleError(result);
  assert.equal(error.section, 'consent');
  assert.equal(error.name, 'NotRecordingClinicOrPatient');
  const docs = error.docs.join(' ');
  assert.ok(docs.length > 0, 'the error has no docs');
  assert.match(docs, /recording clinic/);

  const consent = (await api.query.consent.consents(consentId)).unwrap();
  assert.ok(consent.status.isActive, 'a refused call changed the consent');
});

test('the patient withdraws the consent with their own key, with no funds and no fee', async () => {
  const balance = async () => (await api.query.system.account(patient.address)).data.free.toBigInt();
  assert.equal(await balance(), 0n, 'the patient key holds funds');
  const { blockHash, events } = await succeed(api.tx.consent.withdrawConsent(consentId), patient);
  assert.equal(await balance(), 0n);
  assert.equal(eventOf(events, 'transactionPayment', 'TransactionFeePaid').data.actualFee.toBigInt(), 0n);
  const chainTime = (await (await api.at(blockHash)).query.timestamp.now()).toNumber();

  const withdrawn = eventOf(events, 'consent', 'ConsentWithdrawn');
  assert.equal(withdrawn.data.consentId.toNumber(), consentId);
  assert.equal(withdrawn.data.by.toString(), patient.address);
  // `data.at` is the array method of the event tuple: read the field by its name.
  assert.equal(field(withdrawn, 'at').toNumber(), chainTime);

  // Nothing is deleted: the consent stays, withdrawn at the chain's time by the patient.
  const consent = (await api.query.consent.consents(consentId)).unwrap();
  assert.ok(consent.status.isWithdrawn);
  assert.equal(consent.status.asWithdrawn.by.toString(), patient.address);
  assert.equal(consent.status.asWithdrawn.at.toNumber(), chainTime);

  const state = (await api.call.consentApi.consentStatus(consentId)).unwrap();
  assert.ok(state.isWithdrawn);
  assert.equal(state.asWithdrawn.by.toString(), patient.address);

  const ofPatient = await api.call.consentApi.consentsOf(pseudonym);
  assert.equal(ofPatient.length, 1);
  const [id, , listedState] = ofPatient[0];
  assert.equal(id.toNumber(), consentId);
  assert.ok(listedState.isWithdrawn);
});

test('a withdrawn consent cannot be withdrawn again', async () => {
  const error = moduleError(await submit(api.tx.consent.withdrawConsent(consentId), alice));
  assert.equal(error.name, 'ConsentNotActive');
  assert.ok(error.docs.join(' ').length > 0);
});

test('a clinic moves its consents onto the chain in one batch: each its own id and event, and all or none', async () => {
  const base = await consentTerms();
  const patients = [1, 2, 3].map(() => u8aToHex(randomAsU8a(32)));
  const batch = patients.map((p) => [{ ...base, pseudonym: p, purposes: ['AiTraining'], storageUntil: null }, null]);
  // One refused consent (storage without its period) refuses the batch: nothing is recorded.
  const bad = [...batch, [{ ...base, pseudonym: u8aToHex(randomAsU8a(32)), purposes: ['Storage'], storageUntil: null }, null]];
  const refused = await submit(api.tx.consent.recordConsents(bad), alice);
  assert.equal(moduleError(refused).name, 'StoragePeriodMissing');
  for (const p of patients) assert.equal((await api.call.consentApi.consentsOf(p)).length, 0);

  const { events } = await succeed(api.tx.consent.recordConsents(batch), alice);
  const recorded = events.filter(({ event }) => event.section === 'consent' && event.method === 'ConsentRecorded').map(({ event }) => event.data);
  assert.deepEqual(recorded.map((e) => e.pseudonym.toHex()), patients);
  const ids = recorded.map((e) => e.consentId.toNumber());
  assert.deepEqual(ids, [ids[0], ids[0] + 1, ids[0] + 2]);
  for (const p of patients) {
    const [[, consent, state]] = await api.call.consentApi.consentsOf(p);
    assert.equal(consent.clinic.toString(), alice.address);
    assert.ok(state.isActive);
  }
  const docs = api.tx.consent.recordConsents.meta.docs.map((line) => line.toString()).join('\n');
  for (const section of ['## Origin', '## Details', '## Errors']) assert.ok(docs.includes(section), `recordConsents docs lack "${section}"`);
});
