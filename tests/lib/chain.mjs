// Submitting extrinsics and reading their outcome, as every end-to-end test does it.
//
// `submit` resolves once the extrinsic is in a block, whether its dispatch succeeded or not;
// `succeed` asserts that it did; `moduleError` names a failure as polkadot-js apps shows it
// (`section.Name` and the error's docs), `refusedWith` asserts a failure by that name (and that
// the error has docs); `eventOf` picks an event of the result, and `field`
// reads an event's field by name.

import assert from 'node:assert/strict';

/** The pool refused a transaction for a reason that passes once a pending one is in a block. */
const RETRYABLE = /1014|Priority is too low|Transaction is outdated|1010: Invalid Transaction: Stale|Usurped/;

function submitOnce(tx, signer, nonce) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    let settled = false;
    tx.signAndSend(signer, { nonce }, ({ status, events, dispatchError }) => {
      if (settled) return;
      // The pool may report a transaction finalised without its in-block status first (its
      // block was imported while the watch was being set up): either means it is in a block.
      if (status.isInBlock || status.isFinalized) {
        settled = true;
        unsubscribe?.();
        const blockHash = status.isInBlock ? status.asInBlock : status.asFinalized;
        resolve({ blockHash: blockHash.toHex(), events, dispatchError });
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        settled = true;
        unsubscribe?.();
        reject(new Error(`transaction ${status.type}`));
      }
    })
      .then((unsub) => { unsubscribe = unsub; if (settled) unsub(); })
      .catch(reject);
  });
}

/**
 * Signs and submits `tx`, and resolves once it is in a block, failed or not:
 * `{ blockHash, events, dispatchError }`.
 *
 * `nonce`: the account's next index by default; give explicit nonces when one account sends
 * many transactions at once (concurrent look-ups would all get the same). With `retries`, a
 * transaction the pool refuses because another of the account's transactions holds its nonce
 * (a clinic node's off-chain worker signs with the clinic's account too) is sent again with a
 * fresh nonce, every second.
 */
export async function submit(tx, signer, { nonce = -1, retries = 0 } = {}) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await submitOnce(tx, signer, attempt === 0 ? nonce : -1);
    } catch (error) {
      if (attempt >= retries || !RETRYABLE.test(String(error.message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** The module error of a failed extrinsic (`{ section, name, docs }`); fails if it succeeded. */
export function moduleError(result) {
  const { dispatchError } = result;
  assert.ok(dispatchError, 'the extrinsic was expected to fail');
  assert.ok(dispatchError.isModule, `not a module error: ${dispatchError.toString()}`);
  return dispatchError.registry.findMetaError(dispatchError.asModule);
}

/**
 * Asserts that a result failed with the module error `expected` (`section.Name`, as
 * `dataAccess.GrantRevoked`) and that the error has docs; returns the error.
 */
export function refusedWith(result, expected, what = expected) {
  const error = moduleError(result);
  assert.equal(`${error.section}.${error.name}`, expected, what);
  assert.ok(error.docs.join(' ').trim().length > 0, `${expected} has no docs`);
  return error;
}

/** Submits `tx` and asserts that its dispatch succeeded; returns the result. */
export async function succeed(tx, signer, options) {
  const result = await submit(tx, signer, options);
  if (result.dispatchError) {
    const error = result.dispatchError.isModule ? moduleError(result) : { name: result.dispatchError.toString() };
    assert.fail(`${tx.method.section}.${tx.method.method} failed: ${error.section ?? ''}.${error.name}`);
  }
  return result;
}

/**
 * The one `section.method` event of a result (or of a list of event records); fails if there
 * is none, or more than one. `section` is the pallet as polkadot-js names it (`dataAccess`).
 */
export function eventOf(resultOrEvents, section, method) {
  const events = Array.isArray(resultOrEvents) ? resultOrEvents : resultOrEvents.events;
  const found = events.filter(({ event }) => event.section === section && event.method === method);
  assert.equal(found.length, 1, `expected one ${section}.${method} event, found ${found.length}`);
  return found[0].event;
}

/**
 * A named field of an event. Use it for names that clash with the codec's own members
 * (`data.at` is `Array.prototype.at`, not the field `at`).
 */
export function field(event, name) {
  const index = event.data.names.indexOf(name);
  assert.ok(index >= 0, `${event.section}.${event.method} has no field ${name}`);
  return event.data[index];
}
