// One donor, one count across every bank. A UK bank (Alice) and a Dutch bank (Charlie) each hold
// sperm from the same man, whose records each bank spells its own way. Each derives his consortium
// linkage id with `ivf-node donor-linkage-id` from his name, date and place of birth and the
// consortium's linkage key, and gets the same id: the UK bank registers him, the Dutch bank's
// registration links to that record. A French clinic (Bob) finds him through the matching
// runtime API and reserves him at the UK bank; the reservation refuses, by the filter's name,
// recipients that matching would have filtered out. A Spanish clinic (Dave) reserves him at the
// Dutch bank. The strictest limit of the jurisdictions involved (the Dutch one, lowered here to
// two families by governance so that the test reaches it) is then reached across both banks, and
// a third family is refused at either bank; a failed treatment frees a slot. The Dutch bank,
// which does not own the record, flags a pathogenic variant: the donor is stopped at both banks.
// Only the owner retires him. No block, event or state value holds his name, date or place of
// birth, the linkage key, or more of the recipient's carrier screening than the donor's genes.
//
// Needs the dev genesis to admit Alice (GB, sudo), Bob (FR), Charlie (NL) and Dave (ES) as active
// clinics, and the runtime to include `Consent` and `DonorMatching` with the `DonorMatchingApi`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { hexToString, stringToHex, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { rpcCall, runNodeCommand, startDevNode, storageEntries, tempDir } from '../lib/node.mjs';
import { eventOf, refusedWith, submit, succeed } from '../lib/chain.mjs';

let chain;
let api;
let keyDir;
let alice; // UK bank, sudo
let bob; // French treating clinic
let charlie; // Dutch bank
let dave; // Spanish treating clinic

/** A pseudonym as a clinic makes it: blake2_256(salt ‖ clinic-local identifier). */
const pseudonym = (salt, localId) => blake2AsHex(u8aConcat(stringToU8a(salt), stringToU8a(localId)), 256);

/** The donor as each bank's records spell him: the same man, written two ways. */
const AT_UK_BANK = { name: 'José María García-López', birthDate: '1990-04-17', birthPlace: 'Sevilla', country: 'ES' };
const AT_DUTCH_BANK = { name: 'JOSE MARIA GARCIA LOPEZ', birthDate: '1990-04-17', birthPlace: 'SEVILLA', country: 'es' };

const UK_BANK_DONOR = pseudonym('salt kept at the UK bank, never on chain', 'donor 0417');
const NL_BANK_DONOR = pseudonym('salt kept at the Dutch bank, never on chain', 'DK-2231');
const FR_SALT = 'salt kept at the French clinic, never on chain';
const ES_SALT = 'salt kept at the Spanish clinic, never on chain';
const FR_FAMILY_A = pseudonym(FR_SALT, 'family 22');
const FR_FAMILY_B = pseudonym(FR_SALT, 'family 23');
const ES_FAMILY_A = pseudonym(ES_SALT, 'familia 7');
const ES_FAMILY_B = pseudonym(ES_SALT, 'familia 8');
const LAB_REPORT = blake2AsHex('TP53 variant report, Dutch bank lab', 256);

/** A carrier-screening bit set: gene i of the panel is bit i % 8 of byte i / 8. */
const genes = (numbers) => {
  const bits = new Uint8Array(64);
  for (const n of numbers) bits[n >> 3] |= 1 << (n & 7);
  return u8aToHex(bits);
};
/** The bits of `screening` at the genes `donor` carries: all that the carrier filter reads. */
const maskedTo = (screening, donor) => {
  const [a, b] = [screening, donor].map((hex) => Buffer.from(hex.slice(2), 'hex'));
  return u8aToHex(a.map((byte, i) => byte & b[i]));
};

const PANEL = { id: 1, version: 1 };
const DONOR_GENES = genes([7, 300]);

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
  carrier: { panel: PANEL, carried: DONOR_GENES },
  identityRelease: 'AtAdulthood',
};

/** The partner's whole screening (genes 8 and 301): what the clinic holds, never sent whole. */
const PARTNER_SCREENING = genes([8, 301]);

/** A recipient of a clinic in `country`: CMV negative, Rh negative and unsensitised. */
const recipient = (country, carried = maskedTo(PARTNER_SCREENING, DONOR_GENES)) => ({
  donationType: 'Sperm',
  recipientCmv: 'Negative',
  recipientRh: 'Negative',
  rhSensitised: false,
  recipientCarrier: { panel: PANEL, carried },
  jurisdiction: stringToHex(country),
  acceptedIdentityRelease: { anonymous: false, atAdulthood: true, open: false },
});

/** Bob's request: his recipient's profile and her preferences (a read, never in a block). */
const REQUEST = {
  recipient: recipient('FR', PARTNER_SCREENING),
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
  maxResults: 5,
};
const EXPECTED_SCORE = 25 + 15 + 10 + 10;

let keyFile;
let donor; // the linkage id

const jurisdiction = (codec) => hexToString(codec.toHex());

const matchDonors = async (request) =>
  (await api.call.donorMatchingApi.matchDonors(request)).map((m) => ({ donor: m.donor.toHex(), score: m.score.toNumber() }));

/** `ivf-node donor-linkage-id` for the donor as one bank writes him. */
const linkageId = ({ name, birthDate, birthPlace, country }) =>
  runNodeCommand(['donor-linkage-id', '--key-file', keyFile, '--name', name, '--birth-date', birthDate, '--birth-place', birthPlace, '--country', country]).trim();

async function recordDonationConsent(bank, bankPseudonym) {
  const now = (await api.query.timestamp.now()).toNumber();
  const terms = {
    pseudonym: bankPseudonym,
    purposes: ['GameteDonation'],
    validFrom: now,
    validUntil: null,
    storageUntil: null,
    formHash: blake2AsHex(`signed donation consent form ${bankPseudonym}`, 256),
  };
  await succeed(api.tx.consent.recordConsent(terms, null), bank);
}

before(async () => {
  chain = await startDevNode('donor-matching-dev');
  api = await chain.node.api();
  const keyring = new Keyring({ type: 'sr25519' });
  [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((uri) => keyring.addFromUri(uri));
  // The consortium's linkage key, shared by the member banks off chain and never on chain.
  keyDir = tempDir('ivf-linkage-');
  keyFile = join(keyDir.dir, 'linkage.key');
  writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`);
  chmodSync(keyFile, 0o600);
});

after(async () => {
  await api?.disconnect();
  await chain?.cleanup();
  keyDir?.cleanup();
});

test('genesis seeds the family limits of domain.md, France counting children', async () => {
  const limit = async (code) => (await api.query.donorMatching.familyLimits(stringToHex(code))).toJSON();
  assert.deepEqual(await limit('GB'), { families: 10 });
  assert.deepEqual(await limit('NL'), { families: 12 });
  assert.deepEqual(await limit('FR'), { children: 10 });
  assert.equal(await limit('US'), null);
});

test('both banks derive one linkage id from the same man written two ways', async (t) => {
  const atUk = linkageId(AT_UK_BANK);
  const atNl = linkageId(AT_DUTCH_BANK);
  t.diagnostic(`ivf-node donor-linkage-id at the UK bank → ${atUk}; at the Dutch bank → ${atNl}`);
  assert.match(atUk, /^0x[0-9a-f]{64}$/);
  assert.equal(atNl, atUk);
  donor = atUk;
  // Another man, or another key, gives another id.
  assert.notEqual(linkageId({ ...AT_UK_BANK, birthDate: '1990-04-18' }), donor);
  const otherKey = join(keyDir.dir, 'other.key');
  writeFileSync(otherKey, randomBytes(32).toString('hex'));
  const other = runNodeCommand(['donor-linkage-id', '--key-file', otherKey, '--name', AT_UK_BANK.name, '--birth-date', AT_UK_BANK.birthDate, '--birth-place', AT_UK_BANK.birthPlace, '--country', 'ES']).trim();
  assert.notEqual(other, donor);
});

test('the UK bank registers the donor; the Dutch bank\'s registration links to that record', async () => {
  await recordDonationConsent(alice, UK_BANK_DONOR);
  const { events } = await succeed(api.tx.donorMatching.registerDonor(donor, UK_BANK_DONOR, PROFILE), alice);
  const registered = eventOf(events, 'donorMatching', 'DonorRegistered').data;
  assert.equal(registered.donor.toHex(), donor);
  assert.equal(registered.clinic.toString(), alice.address);
  assert.equal(jurisdiction(registered.jurisdiction), 'GB');

  await recordDonationConsent(charlie, NL_BANK_DONOR);
  const linked = eventOf(await succeed(api.tx.donorMatching.registerDonor(donor, NL_BANK_DONOR, PROFILE), charlie), 'donorMatching', 'DonorLinked').data;
  assert.equal(linked.clinic.toString(), charlie.address);
  assert.equal(linked.owner.toString(), alice.address);
  assert.equal(jurisdiction(linked.jurisdiction), 'NL');
  assert.equal(linked.banks.toNumber(), 2);

  assert.equal((await api.query.donorMatching.counterForDonors()).toNumber(), 1, 'one record, not two');
  const banks = await api.query.donorMatching.donorBanks(donor);
  assert.deepEqual(
    banks.map((b) => [b.clinic.toString(), b.pseudonym.toHex(), jurisdiction(b.jurisdiction)]),
    [[alice.address, UK_BANK_DONOR, 'GB'], [charlie.address, NL_BANK_DONOR, 'NL']],
  );
  // A link cannot overwrite the owner's record: a differing screening is refused by name.
  const cmvPositive = { ...PROFILE, cmv: 'Positive' };
  refusedWith(await submit(api.tx.donorMatching.registerDonor(donor, NL_BANK_DONOR, cmvPositive), charlie), 'donorMatching.AlreadyLinked');
  const doneByDave = pseudonym(ES_SALT, 'not a bank of this donor');
  await recordDonationConsent(dave, doneByDave);
  refusedWith(await submit(api.tx.donorMatching.registerDonor(donor, doneByDave, cmvPositive), dave), 'donorMatching.ProfileDiffers');
});

test('governance lowers the Dutch limit to two families, so that the test can reach it', async () => {
  const call = api.tx.donorMatching.setFamilyLimit(stringToHex('NL'), { Families: 2 });
  const { events } = await succeed(api.tx.sudo.sudo(call), alice);
  assert.ok(events.find(({ event }) => api.events.sudo.Sudid.is(event))?.event.data.sudoResult.isOk, 'sudo call failed');
  assert.deepEqual((await api.query.donorMatching.familyLimits(stringToHex('NL'))).toJSON(), { families: 2 });
});

test('the French clinic matches the donor and reserves him at the UK bank, with its recipient\'s profile', async (t) => {
  const matches = await matchDonors(REQUEST);
  t.diagnostic(`api.call.donorMatchingApi.matchDonors(request) → ${JSON.stringify(matches)}`);
  assert.deepEqual(matches, [{ donor, score: EXPECTED_SCORE }]);

  const profile = recipient('FR');
  assert.equal(profile.recipientCarrier.carried, genes([]), 'only the donor\'s genes are sent, and the partner carries none of them');
  const { events } = await succeed(api.tx.donorMatching.reserve(donor, alice.address, FR_FAMILY_A, profile), bob);
  const reserved = eventOf(events, 'donorMatching', 'DonorReserved').data;
  t.diagnostic(`DonorMatching.DonorReserved ${JSON.stringify(reserved.toHuman())}`);
  assert.equal(reserved.bank.toString(), alice.address);
  assert.equal(reserved.clinic.toString(), bob.address);
  assert.equal(reserved.newFamily.isTrue, true);
  assert.equal(reserved.families.toNumber(), 1);
  const now = (await api.query.timestamp.now()).toNumber();
  assert.ok(reserved.expiresAt.toNumber() > now, 'the reservation expires, later');
});

test('a reservation refuses, by the filter\'s name, a recipient that matching filters out', async () => {
  const cases = [
    [{ ...recipient('FR'), recipientCarrier: { panel: PANEL, carried: genes([300]) } }, 'donorMatching.SharedCarrierGene'],
    [{ ...recipient('FR'), acceptedIdentityRelease: { anonymous: true, atAdulthood: false, open: false } }, 'donorMatching.IdentityReleaseNotAccepted'],
    [{ ...recipient('FR'), recipientCarrier: null }, 'donorMatching.RecipientNotScreened'],
    [recipient('GB'), 'donorMatching.RequestJurisdictionNotYours'],
  ];
  for (const [profile, error] of cases) {
    if (error !== 'donorMatching.RequestJurisdictionNotYours') {
      assert.deepEqual(await matchDonors({ ...REQUEST, recipient: profile }), [], `matching filters out ${error}`);
    }
    refusedWith(await submit(api.tx.donorMatching.reserve(donor, alice.address, FR_FAMILY_B, profile), bob), error);
  }
  assert.ok((await api.query.donorMatching.allocations(donor, FR_FAMILY_B)).isNone);
});

test('the Spanish clinic reserves him at the Dutch bank: both banks\' families count together', async () => {
  const { events } = await succeed(api.tx.donorMatching.reserve(donor, charlie.address, ES_FAMILY_A, recipient('ES')), dave);
  const reserved = eventOf(events, 'donorMatching', 'DonorReserved').data;
  assert.equal(reserved.bank.toString(), charlie.address);
  assert.equal(reserved.families.toNumber(), 2);
  const record = (await api.query.donorMatching.donors(donor)).unwrap();
  assert.equal(record.families.toNumber(), 2);
  assert.deepEqual(
    (await api.query.donorMatching.donorClinics(donor)).map((u) => [u.clinic.toString(), jurisdiction(u.jurisdiction)]),
    [[bob.address, 'FR'], [dave.address, 'ES']],
  );
});

test('the strictest limit is reached across both banks: a third family is refused at either', async () => {
  refusedWith(await submit(api.tx.donorMatching.reserve(donor, alice.address, FR_FAMILY_B, recipient('FR')), bob), 'donorMatching.FamilyLimitReached', 'at the UK bank');
  refusedWith(await submit(api.tx.donorMatching.reserve(donor, charlie.address, ES_FAMILY_B, recipient('ES')), dave), 'donorMatching.FamilyLimitReached', 'at the Dutch bank');
  assert.deepEqual(await matchDonors(REQUEST), [], 'matching leaves a full donor out');

  // The French treatment fails: its slot is free, and the Spanish clinic takes it.
  const released = eventOf(await succeed(api.tx.donorMatching.release(donor, FR_FAMILY_A, 'TreatmentFailed'), bob), 'donorMatching', 'ReservationReleased').data;
  assert.equal(released.familyReleased.isTrue, true);
  assert.equal(released.families.toNumber(), 1);
  await succeed(api.tx.donorMatching.reserve(donor, charlie.address, ES_FAMILY_B, recipient('ES')), dave);
  assert.equal((await api.query.donorMatching.donors(donor)).unwrap().families.toNumber(), 2);
});

test('the Dutch bank flags the donor and he is stopped at both banks', async () => {
  const { events } = await succeed(api.tx.donorMatching.flagDonor(donor, 'PathogenicVariant', LAB_REPORT), charlie);
  const flagged = eventOf(events, 'donorMatching', 'DonorFlagged').data;
  assert.equal(flagged.flaggedBy.unwrap().toString(), charlie.address);
  assert.deepEqual(flagged.banks.map((b) => b.toString()), [alice.address, charlie.address]);
  assert.deepEqual(flagged.clinics.map((u) => [u.clinic.toString(), u.families.toNumber()]), [[dave.address, 2]]);

  // A sibling at the UK bank, a new family at the Dutch bank: both refused.
  refusedWith(await submit(api.tx.donorMatching.reserve(donor, alice.address, ES_FAMILY_A, recipient('ES')), dave), 'donorMatching.DonorIsFlagged');
  refusedWith(await submit(api.tx.donorMatching.reserve(donor, charlie.address, FR_FAMILY_B, recipient('FR')), bob), 'donorMatching.DonorIsFlagged');
  // The families already made stay on record, and their outcomes are still recorded.
  await succeed(api.tx.donorMatching.recordBirth(donor, ES_FAMILY_A, 1), dave);
  assert.equal((await api.query.donorMatching.donors(donor)).unwrap().children.toNumber(), 1);
});

test('only the owning bank retires the donor; his record and allocations stay', async () => {
  refusedWith(await submit(api.tx.donorMatching.retireDonor(donor), charlie), 'donorMatching.NotDonorOwner');
  const retired = eventOf(await succeed(api.tx.donorMatching.retireDonor(donor), alice), 'donorMatching', 'DonorRetired').data;
  assert.equal(retired.removed.isFalse, true, 'a donor with families is kept, retired');
  assert.ok((await api.query.donorMatching.retiredDonors(donor)).isSome);
  assert.equal((await api.query.donorMatching.donors(donor)).unwrap().families.toNumber(), 2);
});

test('governance sets a family limit for a country the genesis table leaves out', async () => {
  const call = api.tx.donorMatching.setFamilyLimit(stringToHex('US'), { Families: 25 });
  const { events } = await succeed(api.tx.sudo.sudo(call), alice);
  const set = eventOf(events, 'donorMatching', 'FamilyLimitSet').data;
  assert.equal(jurisdiction(set.jurisdiction), 'US');
  assert.deepEqual((await api.query.donorMatching.familyLimits(stringToHex('US'))).toJSON(), { families: 25 });
});

test('no block, event or state value holds the donor\'s identity, the linkage key or the partner\'s screening', async () => {
  const key = readFileSync(keyFile, 'utf8').trim();
  const hexOf = (text) => u8aToHex(stringToU8a(text)).slice(2);
  const identity = [AT_UK_BANK, AT_DUTCH_BANK].flatMap(({ name, birthDate, birthPlace }) => [name, birthDate, birthPlace]);
  const normalised = ['jose maria garcia lopez', 'sevilla', 'ivf-donor-linkage/v1'];
  const needles = [...identity, ...normalised].map(hexOf).concat([key, hexOf(key), PARTNER_SCREENING.slice(2)]);
  const scan = (hex, where) => {
    for (const needle of needles) assert.ok(!hex.includes(needle), `${where} holds ${needle}`);
  };
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = 0; n <= best; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    scan((await api.rpc.chain.getBlock(hash)).block.toHex(), `block ${n}`);
    scan((await api.query.system.events.at(hash)).toHex(), `block ${n}'s events`);
  }
  for await (const [storageKey, value] of storageEntries(chain.node.wsUrl)) scan(`${storageKey}${value}`, `state ${storageKey}`);

  // The donor's record holds his phenotype in the declared categories and nothing more: it
  // decodes, byte for byte, as the registry's record type.
  const raw = await rpcCall(chain.node.wsUrl, 'state_getStorage', [api.query.donorMatching.donors.key(donor)]);
  const record = (await api.query.donorMatching.donors(donor)).unwrap();
  assert.deepEqual(record.profile.phenotype.toJSON(), PROFILE.phenotype);
  assert.equal(record.encodedLength, (raw.length - 2) / 2, 'nothing beyond the declared fields');
});
