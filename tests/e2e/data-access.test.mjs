// A researcher asks a clinic's dataset for access for one algorithm, the clinic grants it,
// the researcher's analysis run is recorded in the dataset's access log, the clinic revokes the
// grant, a further run is refused with an error read by name, and the access log shows who
// touched the dataset, and when. The dataset's privacy policy (what every federated task on it
// must meet) is the default one unless the clinic sets its own, and no policy may go below the
// consortium's cohort floor of 20 rows.
//
// Dev genesis (see the lead's wiring): Alice is a clinic (GB), Eve a researcher.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import { startDevNode } from '../lib/node.mjs';
import { eventOf, field, moduleError, submit, succeed } from '../lib/chain.mjs';

const DAY = 24 * 60 * 60 * 1000;
/** MONDO:0005047, infertility. */
const INFERTILITY = 5047;
/** Training a model on IVF outcomes is methods development, here within infertility. */
const TRAINING = { aim: { MethodsDevelopment: INFERTILITY }, commercial: false, genetic: false };
const SCHEMA_HASH = blake2AsHex('ivf-cycles schema v1: age_band, amh, bmi, embryo_grade, live_birth');
const ALGORITHM_HASH = blake2AsHex('logistic-regression live-birth model v1, 12 features');
const ETHICS_APPROVAL_HASH = blake2AsHex('REC approval 24/LO/0123');
const RUN_MANIFEST_HASH = (n) => blake2AsHex(`analysis run ${n}`);

let chain;
let api;
let alice; // the clinic
let eve; // the researcher

before(async () => {
  chain = await startDevNode('data-access-dev');
  api = await chain.node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  eve = keyring.addFromUri('//Eve');
});

after(async () => {
  await api?.disconnect();
  await chain?.cleanup();
});

/** Chain time (ms since the Unix epoch) in the block `hash`. */
async function chainTime(hash) {
  return (await (await api.at(hash)).query.timestamp.now()).toNumber();
}

let datasetId;
let grantId;
let usedAt;

test('every data-access call is in the metadata with its docs', async () => {
  const calls = ['registerDataset', 'updateTerms', 'retireDataset', 'requestAccess', 'withdrawRequest',
    'grantAccess', 'rejectRequest', 'revokeGrant', 'recordUse', 'pruneGrant', 'updatePrivacyPolicy'];
  for (const call of calls) {
    assert.ok(api.tx.dataAccess[call], `no dataAccess.${call} in the metadata`);
    assert.ok(api.tx.dataAccess[call].meta.docs.length > 0, `dataAccess.${call} has no docs`);
  }
  assert.ok(api.call.dataAccessApi?.accessLog, 'the DataAccessApi runtime API is not in the metadata');
});

test('a clinic registers an infertility dataset whose terms demand ethics approval', async () => {
  const terms = { permission: { Ds: INFERTILITY }, modifiers: ['Irb', 'Pub', { Ts: 90 * DAY }] };
  const result = await succeed(
    // `null`: the default privacy policy.
    api.tx.dataAccess.registerDataset(SCHEMA_HASH, 1_250, terms, 4_000_000, 'ClinicDecides', null),
    alice,
  );
  const registered = eventOf(result, 'dataAccess', 'DatasetRegistered');
  datasetId = registered.data.dataset.toNumber();
  assert.equal(registered.data.clinic.toString(), alice.address);
  assert.equal(Buffer.from(registered.data.jurisdiction.toU8a()).toString(), 'GB', 'the dataset takes its clinic\'s jurisdiction');

  const view = (await api.call.dataAccessApi.dataset(datasetId)).unwrap();
  assert.equal(view.recordCount.toNumber(), 1_250);
  assert.equal(view.privacy.totalRho.toNumber(), 4_000_000);
  assert.equal(view.privacy.deltaExponent.toNumber(), 6);
  // rho = 4 at delta = 1e-6: epsilon = 4 + 2 * sqrt(4 * ln 1e6) = 18.87 (in millionths, rounded up).
  const epsilon = view.privacy.totalEpsilon.toNumber() / 1e6;
  assert.ok(epsilon > 18.86 && epsilon < 18.88, `epsilon ${epsilon}`);
});

test('a request the terms can never permit is refused at once, naming the DUOS rule', async () => {
  const ancestry = { aim: 'AncestryResearch', commercial: false, genetic: false };
  const result = await submit(
    api.tx.dataAccess.requestAccess(datasetId, ancestry, ALGORITHM_HASH, 30 * DAY, ETHICS_APPROVAL_HASH),
    eve,
  );
  const error = moduleError(result);
  assert.equal(error.section, 'dataAccess');
  assert.equal(error.name, 'AncestryResearchNotCovered');
  assert.ok(error.docs.join(' ').includes('GRU'), `docs: ${error.docs}`);
});

test('the researcher requests access to train a model, and the clinic grants it', async () => {
  const requested = await succeed(
    api.tx.dataAccess.requestAccess(datasetId, TRAINING, ALGORITHM_HASH, 30 * DAY, ETHICS_APPROVAL_HASH),
    eve,
  );
  const request = eventOf(requested, 'dataAccess', 'AccessRequested');
  const requestId = request.data.request.toNumber();
  assert.equal(request.data.researcher.toString(), eve.address);
  assert.deepEqual(
    (await api.query.dataAccess.pendingRequests(datasetId)).map((id) => id.toNumber()),
    [requestId],
    'the request waits in the clinic\'s inbox',
  );

  const granted = await succeed(api.tx.dataAccess.grantAccess(requestId), alice);
  const grant = eventOf(granted, 'dataAccess', 'AccessGranted');
  grantId = grant.data.grant.toNumber();
  assert.equal(grantId, requestId);
  assert.equal(grant.data.automatic.isTrue, false);
  assert.deepEqual(grant.data.obligations.map((o) => o.type), ['Irb', 'Pub', 'Ts']);
  const grantedAt = await chainTime(granted.blockHash);
  assert.equal(grant.data.expiresAt.toNumber(), grantedAt + 30 * DAY);

  const decision = await api.call.dataAccessApi.accessDecision(eve.address, datasetId, ALGORITHM_HASH, TRAINING);
  assert.equal(decision.type, 'Permitted');
  assert.equal(decision.asPermitted.grant.toNumber(), grantId);
});

test('an analysis run under the grant is recorded in the access log', async () => {
  const result = await succeed(api.tx.dataAccess.recordUse(grantId, RUN_MANIFEST_HASH(1)), eve);
  const recorded = eventOf(result, 'dataAccess', 'AccessRecorded');
  assert.equal(recorded.data.seq.toNumber(), 0);
  assert.equal(recorded.data.researcher.toString(), eve.address);
  assert.equal(recorded.data.algorithm.toHex(), ALGORITHM_HASH);
  assert.equal(recorded.data.reference.asAnalysis.manifest.toHex(), RUN_MANIFEST_HASH(1));
  // `data.at` is the array method of the event tuple: read the field by its name.
  usedAt = field(recorded, 'at').toNumber();
  assert.equal(usedAt, await chainTime(result.blockHash));
});

test('the clinic revokes the grant, and a further run is refused', async () => {
  const revoked = await succeed(api.tx.dataAccess.revokeGrant(grantId, 'ConsentWithdrawn'), alice);
  const event = eventOf(revoked, 'dataAccess', 'GrantRevoked');
  assert.equal(event.data.reason.type, 'ConsentWithdrawn');

  const refused = await submit(api.tx.dataAccess.recordUse(grantId, RUN_MANIFEST_HASH(2)), eve);
  const error = moduleError(refused);
  assert.equal(error.section, 'dataAccess');
  assert.equal(error.name, 'GrantRevoked');
  assert.ok(error.docs.length > 0 && error.docs.join(' ').length > 0, 'GrantRevoked has no docs');
  assert.ok(!refused.events.some(({ event }) => api.events.dataAccess.AccessRecorded.is(event)));

  const decision = await api.call.dataAccessApi.accessDecision(eve.address, datasetId, ALGORITHM_HASH, TRAINING);
  assert.equal(decision.type, 'Denied');
  assert.equal(decision.asDenied.reason.type, 'GrantRevoked');
});

test('an auditor reads who touched the dataset, and when, in one call', async () => {
  const log = (await api.call.dataAccessApi.accessLog(datasetId)).unwrap();
  assert.equal(log.totalUses.toNumber(), 1, 'the refused run left no entry');
  assert.equal(log.records.length, 1);
  const [{ seq, entry }] = log.records;
  assert.equal(seq.toNumber(), 0);
  assert.equal(entry.researcher.toString(), eve.address);
  assert.equal(entry.grant.toNumber(), grantId);
  assert.equal(entry.algorithm.toHex(), ALGORITHM_HASH);
  assert.equal(entry.at.toNumber(), usedAt);
  assert.ok(entry.block.toNumber() > 0);

  // The same entry is in state, and the grant shows its revocation.
  const stored = (await api.query.dataAccess.accessLog(datasetId, 0)).unwrap();
  assert.equal(stored.researcher.toString(), eve.address);
  const [grant] = (await api.call.dataAccessApi.grantsOnDataset(datasetId)).filter((g) => g.id.toNumber() === grantId);
  assert.equal(grant.state.type, 'Revoked');
  assert.equal(grant.uses.toNumber(), 1);
  assert.equal(grant.revoked.unwrap().reason.type, 'ConsentWithdrawn');
  const mine = await api.call.dataAccessApi.grantsOfResearcher(eve.address);
  assert.ok(mine.some((g) => g.id.toNumber() === grantId));
});

/** A dataset's privacy policy as plain numbers. */
const policyOf = (p) => ({
  dpRequired: p.dpRequired.isTrue,
  minNoiseMultiplierPpm: p.minNoiseMultiplierPpm.toNumber(),
  maxClipNormPpm: p.maxClipNormPpm.toNumber(),
  maxRhoPerRound: p.maxRhoPerRound.toNumber(),
  minCohort: p.minCohort.toNumber(),
});

test('the dataset holds the default privacy policy; its clinic sets a stricter one; none goes below a cohort of 20', async () => {
  const stored = async () => policyOf((await api.query.dataAccess.datasets(datasetId)).unwrap().privacyPolicy);
  assert.deepEqual(await stored(), {
    dpRequired: true, minNoiseMultiplierPpm: 1_000_000, maxClipNormPpm: 1_000_000, maxRhoPerRound: 1_000_000, minCohort: 20,
  }, 'registered with `null`: the default policy, which requires DP');

  const stricter = { dpRequired: true, minNoiseMultiplierPpm: 2_000_000, maxClipNormPpm: 500_000, maxRhoPerRound: 250_000, minCohort: 50 };
  const updated = await succeed(api.tx.dataAccess.updatePrivacyPolicy(datasetId, stricter), alice);
  const event = eventOf(updated, 'dataAccess', 'PrivacyPolicyUpdated');
  assert.equal(field(event, 'dataset').toNumber(), datasetId);
  const policyField = event.data.names.includes('privacyPolicy') ? 'privacyPolicy' : 'privacy';
  assert.deepEqual(policyOf(field(event, policyField)), stricter);
  assert.deepEqual(await stored(), stricter);

  // A cohort floor below 20 is refused, on registration and on update, and changes nothing.
  const lax = { ...stricter, minCohort: 19 };
  for (const [what, tx] of [
    ['registerDataset', api.tx.dataAccess.registerDataset(SCHEMA_HASH, 40, { permission: 'Gru', modifiers: [] }, 1_000_000, 'ClinicDecides', lax)],
    ['updatePrivacyPolicy', api.tx.dataAccess.updatePrivacyPolicy(datasetId, lax)],
  ]) {
    const error = moduleError(await submit(tx, alice));
    assert.equal(`${error.section}.${error.name}`, 'dataAccess.CohortFloorBelowMinimum', what);
    assert.ok(error.docs.join(' ').length > 0, 'CohortFloorBelowMinimum has no docs');
  }
  assert.deepEqual(await stored(), stricter);
});
