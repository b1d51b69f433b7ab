// Who is who in the consortium, through a real client against a real development node.
//
// The dev genesis admits four clinics (Alice GB, Bob FR, Charlie NL, Dave ES), a researcher
// (Eve, affiliated with Alice's clinic) and an auditor (Ferdie). Governance (Root, through
// Alice's sudo key) admits a new researcher, reads its record back, and suspends it. A clinic
// that is not governance cannot admit anyone, and an account cannot be admitted twice: the
// refused call's error comes back with its name and docs, as polkadot-js apps shows them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aToString } from '@polkadot/util';
import { startDevNode } from '../lib/node.mjs';
import { eventOf, submit, succeed } from '../lib/chain.mjs';

let chain;
let api;
let alice; // a clinic in GB, and the sudo key: governance on the dev chain
let bob; // a clinic in FR, not governance
let researcher; // //Researcher2: not a member at genesis; never signs, so needs no funds
let stranger; // //Researcher3: Bob tries to admit it and is refused

before(async () => {
  chain = await startDevNode('consortium-membership-dev');
  api = await chain.node.api();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
  researcher = keyring.addFromUri('//Researcher2');
  stranger = keyring.addFromUri('//Researcher3');
});

after(async () => {
  await api?.disconnect();
  await chain?.cleanup();
});

/** Submits `call` as Root through Alice's sudo key; returns the events and the inner call's result. */
async function asGovernance(call) {
  const { events } = await succeed(api.tx.sudo.sudo(call), alice);
  return { events, result: eventOf(events, 'sudo', 'Sudid').data.sudoResult };
}

async function membership(account) {
  return api.query.consortium.members(account.address);
}

test('every consortium call is in the metadata with its docs', () => {
  for (const call of ['admit', 'remove', 'suspend', 'reinstate', 'setClinicName']) {
    const tx = api.tx.consortium[call];
    assert.ok(tx, `the metadata has no Consortium.${call}`);
    assert.ok(tx.meta.docs.length > 0, `Consortium.${call} has no docs`);
  }
  assert.ok(api.consts.consortium.maxMembers.toNumber() > 0);
  assert.ok(api.consts.consortium.maxNameLength.toNumber() > 0);
});

test('the dev genesis admits four clinics in four countries, a researcher and an auditor', async () => {
  assert.equal((await api.query.consortium.counterForMembers()).toNumber(), 6);

  const london = await membership(alice);
  assert.ok(london.isSome, 'Alice is not a member');
  const { role, status } = london.unwrap();
  assert.ok(role.isClinic, `Alice is a ${role.type}, not a clinic`);
  assert.equal(u8aToString(role.asClinic.jurisdiction.toU8a()), 'GB');
  assert.ok(role.asClinic.name.toUtf8().length > 0, 'Alice\'s clinic has no display name');
  assert.ok(status.isActive);

  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const expected = { '//Bob': 'FR', '//Charlie': 'NL', '//Dave': 'ES' };
  for (const [uri, code] of Object.entries(expected)) {
    const clinic = (await membership(keyring.addFromUri(uri))).unwrap().role;
    assert.ok(clinic.isClinic, `${uri} is not a clinic`);
    assert.equal(u8aToString(clinic.asClinic.jurisdiction.toU8a()), code);
  }
  const eve = (await membership(keyring.addFromUri('//Eve'))).unwrap().role;
  assert.ok(eve.isResearcher, 'Eve is not a researcher');
  assert.equal(eve.asResearcher.affiliation.asClinic.toString(), alice.address);
  assert.ok((await membership(keyring.addFromUri('//Ferdie'))).unwrap().role.isAuditor, 'Ferdie is not an auditor');
});

test('governance admits a researcher of Alice\'s clinic, and its record reads back', async () => {
  assert.ok((await membership(researcher)).isNone, '//Researcher2 is already a member');

  const role = { Researcher: { affiliation: { Clinic: alice.address } } };
  const { events, result } = await asGovernance(api.tx.consortium.admit(researcher.address, role));
  assert.ok(result.isOk, `admission failed: ${result}`);

  const admitted = eventOf(events, 'consortium', 'MemberAdmitted');
  assert.equal(admitted.data.who.toString(), researcher.address);
  assert.ok(admitted.data.role.isResearcher);

  const record = await membership(researcher);
  assert.ok(record.isSome, 'the admitted researcher has no record');
  const { role: stored, status } = record.unwrap();
  assert.ok(stored.isResearcher, `stored as a ${stored.type}`);
  assert.equal(stored.asResearcher.affiliation.asClinic.toString(), alice.address);
  assert.ok(status.isActive);

  // The runtime API answers the same, for clients that do not read storage.
  const viaApi = await api.call.consortiumApi.member(researcher.address);
  assert.ok(viaApi.isSome && viaApi.unwrap().role.isResearcher, 'ConsortiumApi.member disagrees with storage');
  const listed = (await api.call.consortiumApi.members()).map(([who]) => who.toString());
  assert.ok(listed.includes(researcher.address), 'ConsortiumApi.members does not list the new researcher');
  assert.equal(listed.length, 7);
});

test('governance suspends the researcher, who stays on record as suspended', async () => {
  const { events, result } = await asGovernance(api.tx.consortium.suspend(researcher.address));
  assert.ok(result.isOk, `suspension failed: ${result}`);

  const suspended = eventOf(events, 'consortium', 'MemberSuspended');
  assert.equal(suspended.data.who.toString(), researcher.address);

  const { role, status } = (await membership(researcher)).unwrap();
  assert.ok(status.isSuspended, `status is ${status.type}`);
  assert.ok(role.isResearcher, 'suspension changed the role');
});

test('a clinic that is not governance cannot admit anyone: BadOrigin', async () => {
  const { dispatchError, events } = await submit(api.tx.consortium.admit(stranger.address, { Auditor: null }), bob);

  assert.ok(dispatchError, 'Bob\'s admission was not refused');
  assert.ok(dispatchError.isBadOrigin, `expected BadOrigin, got ${dispatchError.type}`);
  assert.ok(!dispatchError.isModule, 'BadOrigin is not a module error');
  assert.ok(events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event)));
  assert.ok(!events.some(({ event }) => api.events.consortium.MemberAdmitted.is(event)), 'the refused admission emitted MemberAdmitted');
  assert.ok((await membership(stranger)).isNone, 'the refused admission left a record');
});

test('admitting an existing member is refused with AlreadyMember, by name and docs', async () => {
  const { events, result } = await asGovernance(api.tx.consortium.admit(bob.address, { Auditor: null }));

  assert.ok(result.isErr, 'admitting Bob a second time succeeded');
  const error = result.asErr;
  assert.ok(error.isModule, `expected a module error, got ${error.type}`);
  const { section, name, docs } = api.registry.findMetaError(error.asModule);
  assert.equal(section, 'consortium');
  assert.equal(name, 'AlreadyMember');
  assert.ok(docs.join(' ').length > 0, 'AlreadyMember has no docs');
  assert.ok(!events.some(({ event }) => api.events.consortium.MemberAdmitted.is(event)), 'the refused admission emitted MemberAdmitted');

  // Nothing changed: Bob is still the clinic in France.
  const { role } = (await membership(bob)).unwrap();
  assert.ok(role.isClinic);
  assert.equal(u8aToString(role.asClinic.jurisdiction.toU8a()), 'FR');
});
