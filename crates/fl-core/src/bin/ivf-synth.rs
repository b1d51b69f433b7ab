//! Writes synthetic IVF clinic data sets as CSV: per clinic a data file and its key file of
//! per-patient salts, plus a held-out test set.
//!
//! ```text
//! cargo run --release -p fl-core --bin ivf-synth -- --clinics 5 --rows 2000 --seed 7 --out data/
//! ```
//!
//! Options: `--clinics N` (default 5), `--rows N` per clinic (default 1000), `--seed S`
//! (default 0), `--out DIR` (required), `--test-rows N` (default: `--rows`; 0 skips
//! `test.csv`). Files: `DIR/clinic-1.csv` … `DIR/clinic-N.csv` (the rows: raw id, pseudonym,
//! cycle), `DIR/clinic-1.salts.csv` … `DIR/clinic-N.salts.csv` (the clinic's key file:
//! `patient_id,salt`, one salt per patient, with `pseudonym = blake2_256(salt ‖ patient_id)`;
//! created private to its owner), `DIR/test.csv`, and `DIR/schema.json`: the files'
//! `DatasetSchema` (`fl_core::schema::ivf_schema`, the common IVF definitions) as JSON, what a
//! clinic declares on chain for such a file. `scripts/erase-patient.mjs` erases one patient
//! from a clinic's two files (`docs/erasure.md`).

use std::process::ExitCode;

use fl_core::{
	schema::ivf_schema,
	synth::{write_csv, write_salts_csv, Generator, SynthOptions},
	table::schema_json,
};

fn main() -> ExitCode {
	let options = match SynthOptions::parse(std::env::args().skip(1), 5, 1000) {
		Ok(options) => options,
		Err(message) => {
			if !message.is_empty() {
				eprintln!("ivf-synth: {message}");
			}
			eprintln!(
				"usage: ivf-synth --out DIR [--clinics N] [--rows N] [--seed S] [--test-rows N]"
			);
			return ExitCode::FAILURE;
		},
	};
	let write = || -> std::io::Result<()> {
		std::fs::create_dir_all(&options.out)?;
		let generator = Generator::new(options.clinics, options.seed);
		for clinic in 1..=options.clinics {
			let records = generator.clinic_records(clinic, options.rows);
			let path = options.out.join(format!("clinic-{clinic}.csv"));
			write_csv(&path, &records)?;
			let salts_path = options.out.join(format!("clinic-{clinic}.salts.csv"));
			write_salts_csv(&salts_path, &generator.clinic_salts(clinic, options.rows))?;
			let births = records.iter().filter(|r| r.cycle.live_birth).count();
			println!(
				"{}: {} cycles, {} live births; salts in {}",
				path.display(),
				records.len(),
				births,
				salts_path.display()
			);
		}
		let test_rows = options.test_rows.unwrap_or(options.rows);
		if test_rows > 0 {
			let path = options.out.join("test.csv");
			write_csv(&path, &generator.test_records(test_rows))?;
			println!("{}: {} cycles (held out)", path.display(), test_rows);
		}
		let schema_path = options.out.join("schema.json");
		std::fs::write(&schema_path, schema_json(&ivf_schema()) + "\n")?;
		println!("{}: the files' schema", schema_path.display());
		Ok(())
	};
	match write() {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("ivf-synth: {e}");
			ExitCode::FAILURE
		},
	}
}
