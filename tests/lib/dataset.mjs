// A clinic's dataset in its own node's off-chain storage: the SCALE shapes of the rows, the
// storage key, the CSV parser for `ivf-synth` output, and the loader over the node's
// local-only `offchain_localStorageSet` RPC. Used by scripts/load-dataset.mjs and the tests.

import { readFileSync } from 'node:fs';
import { TypeRegistry } from '@polkadot/types';
import { WsProvider } from '@polkadot/rpc-provider';
import { u8aConcat, stringToU8a, u8aToHex, hexToU8a } from '@polkadot/util';

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

/** `b"ivf-fl/dataset/" ++ SCALE(dataset: u32)`, hex. */
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

/** SCALE `Vec<DatasetRow>` of the rows, hex. */
export function encodeRows(rows) {
  const registry = new TypeRegistry();
  registry.register(DATASET_TYPES);
  return registry.createType('Vec<DatasetRow>', rows).toHex();
}

/** Writes the CSV's rows as dataset `dataset` into the node at `rpc`; returns counts. */
export async function loadDataset({ rpc, dataset, csv }) {
  const records = parseCsv(readFileSync(csv, 'utf8'));
  const value = encodeRows(records.map((r) => r.row));
  const provider = new WsProvider(rpc, false);
  await provider.connect();
  try {
    await provider.isReady;
    await provider.send('offchain_localStorageSet', ['PERSISTENT', datasetKey(dataset), value]);
  } finally {
    await provider.disconnect();
  }
  return { rows: records.length, bytes: hexToU8a(value).length };
}
