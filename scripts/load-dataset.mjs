#!/usr/bin/env node
// Loads a clinic's dataset into its own node's off-chain storage, where the federated-learning
// off-chain worker trains on it. The rows never reach the chain and are never replicated: the
// node's `offchain_localStorageSet` RPC is local-only (unsafe RPC, served on 127.0.0.1).
//
//   node scripts/load-dataset.mjs --rpc ws://127.0.0.1:9944 --dataset 0 --csv data/clinic-1.csv
//
// The CSV is one written by fl-core's generator (`cargo run -p fl-core --bin ivf-synth`). Each
// row becomes a `DatasetRow { pseudonym, cycle: fl_core::IvfCycle }` (pallet-federated-learning,
// `offchain.rs`); the raw `patient_id` column stays in the CSV. The value is the SCALE encoding
// of `Vec<DatasetRow>`, stored in PERSISTENT storage under
// `b"ivf-fl/dataset/" ++ SCALE(dataset id: u32)`. Loading again replaces the dataset.
// The script prints counts only, never a row.

// The loader lives with the tests, whose node_modules hold @polkadot/* (scripts/setup.sh and
// scripts/test.sh install them with `npm ci` in tests/).
const { loadDataset } = await import('../tests/lib/dataset.mjs');

function parseArgs(argv) {
  const options = { rpc: 'ws://127.0.0.1:9944' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--rpc') options.rpc = value;
    else if (flag === '--dataset') options.dataset = Number(value);
    else if (flag === '--csv') options.csv = value;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(options.dataset) || options.dataset < 0 || !options.csv) {
    throw new Error('usage: load-dataset.mjs --dataset ID --csv FILE [--rpc ws://127.0.0.1:9944]');
  }
  return options;
}

try {
  const options = parseArgs(process.argv.slice(2));
  const { rows, bytes } = await loadDataset(options);
  console.log(`loaded ${rows} rows (${bytes} bytes) as dataset ${options.dataset} into the off-chain storage of ${options.rpc}`);
} catch (error) {
  console.error(`load-dataset: ${error.message}`);
  process.exit(1);
}
