// A clinic's dataset file (`ivf-synth` CSV, which its node reads with `--dataset ID=FILE`):
// the parser, and the SCALE shapes of a row, with which the tests scan blocks, state and RPC
// answers for any row that should never be there. Also the clinic's key file of per-patient salts (`clinic-N.salts.csv`) and the erasure of
// one patient from the clinic's two files (scripts/erase-patient.mjs, docs/erasure.md).

import { readFileSync, writeFileSync, renameSync, statSync, openSync, fsyncSync, closeSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TypeRegistry } from '@polkadot/types';
import { u8aConcat, stringToU8a, u8aToHex, hexToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';

/** The SCALE shapes of `fl_core::IvfCycle` and the pallet's `DatasetRow`, field for field. */
export const DATASET_TYPES = {
  CellGrade: { _enum: ['A', 'B', 'C'] },
  GardnerGrade: { expansion: 'u8', innerCellMass: 'CellGrade', trophectoderm: 'CellGrade' },
  InfertilityCauses: { tubal: 'bool', ovulatory: 'bool', maleFactor: 'bool', unexplained: 'bool', endometriosis: 'bool' },
  IvfCycle: {
    ageYears: 'u8', amhCentiNgMl: 'u16', bmiDeci: 'u16', antralFollicleCount: 'u8', previousIvfCycles: 'u8',
    causes: 'InfertilityCauses', frozen: 'bool', eggsCollected: 'u8', embryosCreated: 'u8',
    embryoGrade: 'GardnerGrade', transferDay: 'u8', pgtA: 'bool', electiveSingleEmbryoTransfer: 'bool', liveBirth: 'bool',
  },
  DatasetRow: { pseudonym: '[u8; 32]', cycle: 'IvfCycle' },
};

/** `b"ivf-fl/dataset/" ++ SCALE(dataset: u32)`, hex: where an earlier version of the node
 * kept a dataset in its off-chain database. The tests check that nothing is there. */
export function datasetKey(dataset) {
  const le32 = Uint8Array.from([0, 8, 16, 24].map((shift) => (dataset >>> shift) & 0xff));
  return u8aToHex(u8aConcat(stringToU8a('ivf-fl/dataset/'), le32));
}

/** Parses an `ivf-synth` CSV into `{ rawPatientId, row }` records (`row` as `DatasetRow`). */
export function parseCsv(text) {
  const [header, ...lines] = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const columns = header.split(',');
  const flag = (v) => { if (v !== '0' && v !== '1') throw new Error(`bad flag ${v}`); return v === '1'; };
  return lines.map((line, i) => {
    const f = Object.fromEntries(line.split(',').map((v, j) => [columns[j], v]));
    const grade = /^([1-6])([ABC])([ABC])$/.exec(f.embryo_grade);
    if (!grade || !/^[0-9a-f]{64}$/.test(f.patient_pseudonym)) throw new Error(`line ${i + 2}: malformed record`);
    return {
      rawPatientId: f.patient_id,
      row: {
        pseudonym: `0x${f.patient_pseudonym}`,
        cycle: {
          ageYears: Number(f.age),
          amhCentiNgMl: Math.round(Number(f.amh_ng_ml) * 100),
          bmiDeci: Math.round(Number(f.bmi) * 10),
          antralFollicleCount: Number(f.antral_follicle_count),
          previousIvfCycles: Number(f.previous_ivf_cycles),
          causes: {
            tubal: flag(f.cause_tubal), ovulatory: flag(f.cause_ovulatory), maleFactor: flag(f.cause_male_factor),
            unexplained: flag(f.cause_unexplained), endometriosis: flag(f.cause_endometriosis),
          },
          frozen: f.cycle_type === 'frozen',
          eggsCollected: Number(f.eggs_collected),
          embryosCreated: Number(f.embryos_created),
          embryoGrade: { expansion: Number(grade[1]), innerCellMass: grade[2], trophectoderm: grade[3] },
          transferDay: Number(f.transfer_day),
          pgtA: flag(f.pgt_a),
          electiveSingleEmbryoTransfer: flag(f.elective_single_embryo_transfer),
          liveBirth: flag(f.live_birth),
        },
      },
    };
  });
}

/** SCALE `IvfCycle` of one row's cycle, hex without 0x: what a row looks like in any encoding
 * the runtime or the node would use. */
export function encodeCycle(cycle) {
  const registry = new TypeRegistry();
  registry.register(DATASET_TYPES);
  return registry.createType('IvfCycle', cycle).toHex().slice(2);
}

/** SCALE `Vec<DatasetRow>` of the rows, hex. */
export function encodeRows(rows) {
  const registry = new TypeRegistry();
  registry.register(DATASET_TYPES);
  return registry.createType('Vec<DatasetRow>', rows).toHex();
}

/** `blake2_256(salt ‖ raw id)`, hex: a patient's pseudonym (`fl_core::synth::pseudonym`). */
export function pseudonymOf(salt, rawPatientId) {
  return blake2AsHex(u8aConcat(hexToU8a(salt), stringToU8a(rawPatientId)), 256);
}

/** Parses a clinic's key file (`patient_id,salt`, as `ivf-synth` writes it) into
 * `{ rawPatientId, salt }` records (`salt` as 0x-hex). */
export function parseSalts(text) {
  const [header, ...lines] = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  if (header !== 'patient_id,salt') throw new Error('not a salts file (header patient_id,salt)');
  return lines.map((line, i) => {
    const [rawPatientId, salt, ...rest] = line.split(',');
    if (!rawPatientId || rest.length > 0 || !/^[0-9a-f]{64}$/.test(salt ?? '')) throw new Error(`line ${i + 2}: malformed salt`);
    return { rawPatientId, salt: `0x${salt}` };
  });
}

/** The lines of a CSV without blank ones, and the index of its `patient_id` column. */
function csvLines(text, what) {
  const [header, ...lines] = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim().length > 0);
  const column = (header ?? '').split(',').indexOf('patient_id');
  if (column < 0) throw new Error(`${what} has no patient_id column`);
  return { header, lines, column };
}

/**
 * Replaces `path` with `text` atomically: a temporary file in the same directory, with the
 * original's permissions, written and flushed to disk, then renamed over the original (and the
 * directory flushed), so that a crash leaves either the old file or the new one, never half
 * of one.
 */
export function replaceFileAtomically(path, text) {
  const mode = statSync(path).mode & 0o777;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    const fd = openSync(temporary, 'r+');
    try { fsyncSync(fd); } finally { closeSync(fd); }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  try {
    const dir = openSync(dirname(path), 'r');
    try { fsyncSync(dir); } finally { closeSync(dir); }
  } catch { /* directories cannot be flushed on every platform */ }
}

/**
 * Erases patient `patient` (raw clinic-local id) from a clinic's data CSV `csv` and its key
 * file `salts`: deletes the patient's rows and salt and rewrites both files atomically (data
 * file first). Idempotent, so a run cut short between the two files is completed by running it
 * again; fails, changing nothing, if neither file holds the patient, or if the salt does not
 * give the pseudonym the rows carry (the files do not belong together). Returns counts only:
 * `{ rowsBefore, rowsAfter, saltsBefore, saltsAfter }`.
 */
export function erasePatient({ csv, salts, patient }) {
  if (!patient) throw new Error('no patient given');
  const data = csvLines(readFileSync(csv, 'utf8'), 'the data CSV');
  const keys = csvLines(readFileSync(salts, 'utf8'), 'the salts file');
  const isPatient = (column) => (line) => line.split(',')[column] === patient;
  const rows = data.lines.filter(isPatient(data.column));
  const entries = keys.lines.filter(isPatient(keys.column));
  if (rows.length === 0 && entries.length === 0) throw new Error('the patient is in neither the data CSV nor the salts file; nothing changed');
  if (entries.length > 1) throw new Error('the salts file holds more than one salt for the patient; nothing changed');
  if (rows.length > 0 && entries.length === 1) {
    const [{ salt }] = parseSalts(`${keys.header}\n${entries[0]}\n`);
    const expected = pseudonymOf(salt, patient).slice(2);
    const pseudonymColumn = data.header.split(',').indexOf('patient_pseudonym');
    if (pseudonymColumn < 0 || rows.some((line) => line.split(',')[pseudonymColumn] !== expected)) {
      throw new Error('the patient\'s salt does not give the pseudonym of their rows: the files do not belong together; nothing changed');
    }
  }
  const rewrite = ({ header, lines, column }) => `${[header, ...lines.filter((l) => !isPatient(column)(l))].join('\n')}\n`;
  if (rows.length > 0) replaceFileAtomically(csv, rewrite(data));
  if (entries.length > 0) replaceFileAtomically(salts, rewrite(keys));
  return {
    rowsBefore: data.lines.length,
    rowsAfter: data.lines.length - rows.length,
    saltsBefore: keys.lines.length,
    saltsAfter: keys.lines.length - entries.length,
  };
}
