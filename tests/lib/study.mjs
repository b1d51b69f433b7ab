// What the federated-learning tests share about the study they run: the purpose the grants are
// given for, the schema the datasets declare, and fl-core's public feature normalisation.

import { blake2AsHex } from '@polkadot/util-crypto';

export const YEAR = 365 * 24 * 60 * 60 * 1000;

/**
 * The AI-training consents of a clinic's `records` (one per patient, valid ten years from
 * chain time `now`), as `recordConsents` batches of at most 100 `[terms, null]`. A clinic
 * records its patients' consents this way: hundreds of single transactions sent at once reach
 * the pools out of nonce order, and a pool keeps at most a tenth of its limit waiting for
 * predecessors, dropping the rest although it accepted them (README, load-generator figures).
 */
export function consentBatches(records, now) {
  const consents = records.map(({ row }) => [{
    pseudonym: row.pseudonym,
    purposes: ['AiTraining'],
    validFrom: now,
    validUntil: now + 10 * YEAR,
    storageUntil: null,
    formHash: blake2AsHex(`consent form of ${row.pseudonym}`),
  }, null]);
  const batches = [];
  for (let b = 0; b * 100 < consents.length; b += 1) batches.push(consents.slice(b * 100, (b + 1) * 100));
  return batches;
}

/** Training a model is methods development, non-commercial, non-genetic. */
export const TRAINING = { aim: { MethodsDevelopment: null }, commercial: false, genetic: false };

/** The schema hash the clinics register their `ivf-synth` datasets with. */
export const SCHEMA_HASH = blake2AsHex('fl-core IvfCycle v1 (19 features, live_birth label)');

/** fl-core's `reference_normalisation()`: (mean, scale) per feature, public, data-independent. */
export const REFERENCE = [
  [35.0, 5.0], [2.5, 2.0], [25.0, 4.5], [12.0, 7.0], [0.7, 1.0], [0.15, 0.36], [0.2, 0.4], [0.35, 0.48],
  [0.25, 0.43], [0.1, 0.3], [0.4, 0.49], [10.0, 6.0], [5.0, 3.5], [4.0, 1.2], [1.0, 0.8], [1.0, 0.8],
  [4.5, 1.0], [0.25, 0.43], [0.6, 0.49],
];

/** A real number in Q15.16, rounded half away from zero (as fl-core encodes). */
export const q16 = (x) => Math.sign(x) * Math.round(Math.abs(x) * 65536);

/** `REFERENCE` as a spec's `normalisation`: `{ mean, scale }` in Q15.16 per feature. */
export const NORMALISATION = REFERENCE.map(([mean, scale]) => ({ mean: q16(mean), scale: q16(scale) }));

// zCDP accounting as fl-core and the pallets do it, in millionths of rho, rounded up (BigInt).
/** DP-SGD steps of one round on `samples` rows: epochs x ceil(samples / batch). */
export const stepsPerRound = (spec, samples) => BigInt(spec.training.epochs) * BigInt(Math.ceil(samples / spec.training.batchSize));
/** ceil(steps * 10^18 / (2 sigma_ppm^2)): rho of `steps` Gaussian steps. */
export const rhoForSteps = (spec, steps) => {
  const sigma = BigInt(spec.privacy.noiseMultiplierPpm);
  return (steps * 10n ** 18n + 2n * sigma * sigma - 1n) / (2n * sigma * sigma);
};
/** rho of one round's update on `samples` rows: a step per batch with local noise; one step of
 * the securely aggregated sum with distributed noise (`privacy.noise: 'Distributed'`). */
export const roundRho = (spec, samples) =>
  rhoForSteps(spec, spec.privacy.noise === 'Distributed' ? 1n : stepsPerRound(spec, samples));
/** A clinic's noised score histogram: one more Gaussian step, charged when it commits. */
export const histogramRho = (spec) => rhoForSteps(spec, 1n);
