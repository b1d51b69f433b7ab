// A UK clinic (Alice) records a sperm donor's donation consent and registers the donor under a
// pseudonym. A French clinic (Bob) asks the chain for donors matching its recipient, reserves
// the donor for a family, and releases the reservation when the treatment fails. Bob reserves
// for another family; then Alice finds a pathogenic variant and flags the donor: the event
// names Bob's clinic, the donor disappears from matching, and Bob's next reservation is
// refused with a named, documented error. Governance (Alice as sudo) sets a family limit for a
// country the genesis table leaves out.
//
// Needs the dev genesis to admit Alice (GB) and Bob (FR) as active clinics, and the runtime to
// include `Consent` and `DonorMatching` with the `DonorMatchingApi` runtime API.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { hexToString, stringToHex, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { startDevNode } from '../lib/node.mjs';
import { eventOf, moduleError, submit, succeed } from '../lib/chain.mjs';

let chain;
let api;
let alice; // clinic in GB, sudo
let bob; // clinic in FR

/** A pseudonym as a clinic makes it: blake2_256(salt ‖ clinic-local identifier). */
const pseudonym = (salt, localId) => blake2AsHex(u8aConcat(stringToU8a(salt), stringToU8a(localId)), 256);

const GB_SALT = 'salt kept at the UK clinic, never on chain';
const FR_SALT = 'salt kept at the French clinic, never on chain';
const DONOR = pseudonym(GB_SALT, 'donor 0417');
const FAMILY_A = pseudonym(FR_SALT, 'family 22');
const FAMILY_B = pseudonym(FR_SALT, 'family 23');
const FAMILY_C = pseudonym(FR_SALT, 'family 24');
const LAB_REPORT = blake2AsHex('TP53 variant report, UK clinic lab', 256);

/** A carrier-screening bit set: gene i of the panel is bit i % 8 of byte i / 8. */
const genes = (numbers) => {
  const bits = new Uint8Array(64);
  for (const n of numbers) bits[n >> 3] |= 1 << (n & 7);
  return u8aToHex(bits);
};

const PANEL = { id: 1, version: 1 };

const PROFILE = {
  donationType: 'Sperm',
  bloodGroup: { abo: 'O', rh: 'Negative' },
  cmv: 'Negative',
  phenotype: {
    ethnicity: 'White',
    skinTone: 'TypeII',
    eyeColour: 'Blue',
    hairColour: 'LightBrown',
    hairType: 'Wavy',
    height: 'From180To189Cm',
    build: 'Medium',
  },
  carrier: { panel: PANEL, carried: genes([7, 300]) },
  identityRelease: 'AtAdulthood',
};

/** Bob's recipient: CMV negative, Rh negative and unsensitised, partner carries gene 8. */
const REQUEST = {
  donationType: 'Sperm',
  recipientCmv: 'Negative',
  recipientRh: 'Negative',
  rhSensitised: false,
  recipientCarrier: { panel: PANEL, carried: genes([8]) },
  preferred: {
    ethnicity: 'White', // 25
    skinTone: 'TypeII', // 15
    eyeColour: 'Blue', // 10
    hairColour: null,
    hairType: null,
    height: 'From180To189Cm', // 10
    build: null,
    bloodGroup: { abo: 'A', rh: 'Positive' }, // preferred, not required: 0 for an O-negative donor
  },
  jurisdiction: stringToHex('FR'),
  acceptedIdentityRelease: { anonymous: false, atAdulthood: true, open: false },
  maxResults: 5,
};
const EXPECTED_SCORE = 25 + 15 + 10 + 10;

const jurisdiction = (codec) => hexToString(codec.toHex());

const matchDonors = async (request) =>
  (await api.call.donorMatchingApi.matchDonors(request)).map((m) => ({ donor: m.donor.toHex(), score: m.score.toNumber() }));

before(async () => {
  chain = await startDevNode('donor-matching-dev');
  api = await chain.node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
});

after(async () => {
  await api?.disconnect();
  await chain?.cleanup();
});

test('genesis seeds the family limits of domain.md, France counting children', async () => {
  const limit = async (code) => (await api.query.donorMatching.familyLimits(stringToHex(code))).toJSON();
  assert.deepEqual(await limit('GB'), { families: 10 });
  assert.deepEqual(await limit('AT'), { families: 3 });
  assert.deepEqual(await limit('FR'), { children: 10 });
  assert.equal(await limit('US'), null);
});

test('the UK clinic records the donation consent and registers the donor', async () => {
  const now = (await api.query.timestamp.now()).toNumber();
  const { events: consentEvents } = await succeed(
    api.tx.consent.recordConsent(
      {
        pseudonym: DONOR,
        purposes: ['GameteDonation'],
        validFrom: now,
        validUntil: null,
        storageUntil: null,
        formHash: blake2AsHex('signed donation consent form 0417', 256),
      },
      null,
    ),
    alice,
  );
  assert.ok(consentEvents.some(({ event }) => api.events.consent.ConsentRecorded.is(event)), 'no Consent.ConsentRecorded');

  const { events } = await succeed(api.tx.donorMatching.registerDonor(DONOR, PROFILE), alice);
  const registered = eventOf(events, 'donorMatching', 'DonorRegistered').data;
  assert.equal(registered.donor.toHex(), DONOR);
  assert.equal(registered.clinic.toString(), alice.address);
  assert.equal(jurisdiction(registered.jurisdiction), 'GB');
  assert.equal(registered.donationType.toString(), 'Sperm');

  const donor = (await api.query.donorMatching.donors(DONOR)).unwrap();
  assert.equal(donor.clinic.toString(), alice.address);
  assert.equal(jurisdiction(donor.jurisdiction), 'GB');
  assert.equal(donor.profile.carrier.carried.toHex(), genes([7, 300]));
  assert.equal(donor.families.toNumber(), 0);
  assert.ok(donor.flag.isNone);
});

test('the French clinic finds the donor through the matching runtime API, with its score', async (t) => {
  const matches = await matchDonors(REQUEST);
  t.diagnostic(`api.call.donorMatchingApi.matchDonors(request) → ${JSON.stringify(matches)}`);
  assert.deepEqual(matches, [{ donor: DONOR, score: EXPECTED_SCORE }]);

  // A hard filter: a recipient whose partner carries gene 300 too is never matched to this donor.
  const sharedGene = { ...REQUEST, recipientCarrier: { panel: PANEL, carried: genes([300]) } };
  assert.deepEqual(await matchDonors(sharedGene), []);
  // Another: anonymous donors only, and this donor is identifiable at adulthood.
  const anonymousOnly = { ...REQUEST, acceptedIdentityRelease: { anonymous: true, atAdulthood: false, open: false } };
  assert.deepEqual(await matchDonors(anonymousOnly), []);
});

test('the French clinic reserves the donor for a family, which counts a new family', async (t) => {
  const { events } = await succeed(api.tx.donorMatching.reserve(DONOR, FAMILY_A), bob);
  const reserved = eventOf(events, 'donorMatching', 'DonorReserved').data;
  t.diagnostic(`DonorMatching.DonorReserved ${JSON.stringify(reserved.toHuman())}`);
  assert.equal(reserved.family.toHex(), FAMILY_A);
  assert.equal(reserved.clinic.toString(), bob.address);
  assert.equal(reserved.newFamily.isTrue, true);
  assert.equal(reserved.families.toNumber(), 1);
  assert.equal(reserved.expectedChildren.toNumber(), 1);

  const allocation = (await api.query.donorMatching.allocations(DONOR, FAMILY_A)).unwrap();
  assert.equal(allocation.clinic.toString(), bob.address);
  assert.equal(jurisdiction(allocation.jurisdiction), 'FR');
  assert.equal(allocation.pending.toNumber(), 1);
  const clinics = await api.query.donorMatching.donorClinics(DONOR);
  assert.deepEqual(
    clinics.map((u) => [u.clinic.toString(), jurisdiction(u.jurisdiction), u.families.toNumber()]),
    [[bob.address, 'FR', 1]],
  );
  assert.equal((await api.query.donorMatching.donors(DONOR)).unwrap().families.toNumber(), 1);
});

test('a failed treatment releases the family slot', async () => {
  const { events } = await succeed(api.tx.donorMatching.release(DONOR, FAMILY_A, 'TreatmentFailed'), bob);
  const released = eventOf(events, 'donorMatching', 'ReservationReleased').data;
  assert.equal(released.family.toHex(), FAMILY_A);
  assert.equal(released.reason.toString(), 'TreatmentFailed');
  assert.equal(released.familyReleased.isTrue, true);
  assert.equal(released.families.toNumber(), 0);

  assert.ok((await api.query.donorMatching.allocations(DONOR, FAMILY_A)).isNone);
  assert.equal((await api.query.donorMatching.donorClinics(DONOR)).length, 0);
  const donor = (await api.query.donorMatching.donors(DONOR)).unwrap();
  assert.equal(donor.families.toNumber(), 0);
  assert.equal(donor.pending.toNumber(), 0);
});

test('the registering clinic flags the donor and the event names every clinic using them', async () => {
  await succeed(api.tx.donorMatching.reserve(DONOR, FAMILY_B), bob);

  const { events } = await succeed(api.tx.donorMatching.flagDonor(DONOR, 'PathogenicVariant', LAB_REPORT), alice);
  const flagged = eventOf(events, 'donorMatching', 'DonorFlagged').data;
  assert.equal(flagged.donor.toHex(), DONOR);
  assert.equal(flagged.reason.toString(), 'PathogenicVariant');
  assert.equal(flagged.evidence.toHex(), LAB_REPORT);
  assert.equal(flagged.flaggedBy.unwrap().toString(), alice.address);
  assert.deepEqual(
    flagged.clinics.map((u) => [u.clinic.toString(), jurisdiction(u.jurisdiction), u.families.toNumber()]),
    [[bob.address, 'FR', 1]],
  );

  const flag = (await api.query.donorMatching.donors(DONOR)).unwrap().flag.unwrap();
  assert.equal(flag.reason.toString(), 'PathogenicVariant');
  assert.equal(flag.evidence.toHex(), LAB_REPORT);
  assert.deepEqual(await matchDonors(REQUEST), [], 'a flagged donor is never matched');
});

test('after the flag, a new reservation is refused with a named, documented error', async () => {
  const error = moduleError(await submit(api.tx.donorMatching.reserve(DONOR, FAMILY_C), bob));
  assert.equal(error.section, 'donorMatching');
  assert.equal(error.name, 'DonorIsFlagged');
  assert.ok(error.docs.join(' ').length > 0, 'the error carries its docs');
  assert.ok((await api.query.donorMatching.allocations(DONOR, FAMILY_C)).isNone);
  // The family reserved before the flag is kept.
  assert.equal((await api.query.donorMatching.donors(DONOR)).unwrap().families.toNumber(), 1);
});

test('governance sets a family limit for a country the genesis table leaves out', async () => {
  const call = api.tx.donorMatching.setFamilyLimit(stringToHex('US'), { Families: 25 });
  const { events } = await succeed(api.tx.sudo.sudo(call), alice);
  const sudid = events.find(({ event }) => api.events.sudo.Sudid.is(event));
  assert.ok(sudid?.event.data.sudoResult.isOk, 'sudo call failed');
  const set = eventOf(events, 'donorMatching', 'FamilyLimitSet').data;
  assert.equal(jurisdiction(set.jurisdiction), 'US');
  assert.deepEqual(set.limit.toJSON(), { families: 25 });
  assert.deepEqual((await api.query.donorMatching.familyLimits(stringToHex('US'))).toJSON(), { families: 25 });
});
