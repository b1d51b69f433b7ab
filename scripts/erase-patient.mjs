#!/usr/bin/env node
// Erases one patient at a clinic (GDPR Art. 17): what links the patient's pseudonym to the
// person goes, at the clinic; the chain's records (consents, access log, rounds) stay and point
// to no one. See docs/erasure.md.
//
//   node scripts/erase-patient.mjs --csv data/clinic-1.csv --salts data/clinic-1.salts.csv \
//     --patient PATIENT-1-000008
//
// 1. Deletes the patient's rows from the data CSV (raw id, pseudonym, cycle) and the patient's
//    salt from the clinic's key file (`patient_id,salt`, one salt per patient, as `ivf-synth`
//    writes it), rewriting each file atomically (a temporary file renamed over the original).
//    It first checks that the salt gives the rows' pseudonym, `blake2_256(salt ‖ id)`, and
//    changes nothing otherwise. Running it again completes a run cut short.
// 2. The clinic's node, which reads the CSV with `--dataset ID=FILE`, sees the file change and
//    reads it again within seconds (its log says how many rows it read), so that it no longer
//    trains on the patient from the next round on.
//
// It prints counts only, never a row, a pseudonym or an id. Backups of the two files are the
// operator's to delete (docs/erasure.md).

// The helpers live with the tests, whose node_modules hold @polkadot/* (scripts/setup.sh and
// scripts/test.sh install them with `npm ci` in tests/).
const { erasePatient } = await import('../tests/lib/dataset.mjs');

const USAGE = 'usage: erase-patient.mjs --csv FILE --salts FILE --patient ID';

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--csv') options.csv = value;
    else if (flag === '--salts') options.salts = value;
    else if (flag === '--patient') options.patient = value;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!options.csv || !options.salts || !options.patient) throw new Error(USAGE);
  return options;
}

try {
  const options = parseArgs(process.argv.slice(2));
  const counts = erasePatient(options);
  console.log(`erased from ${options.csv}: ${counts.rowsBefore - counts.rowsAfter} row(s), ${counts.rowsAfter} of ${counts.rowsBefore} left`);
  console.log(`erased from ${options.salts}: ${counts.saltsBefore - counts.saltsAfter} salt(s), ${counts.saltsAfter} of ${counts.saltsBefore} left`);
} catch (error) {
  // Messages name files and counts, never the patient.
  console.error(`erase-patient: ${error.message}`);
  process.exit(1);
}
