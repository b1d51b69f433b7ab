//! Writes the synthetic OHSS study (`fl_core::study_synth`): per clinic a data file, whose
//! columns each clinic orders its own way, and its key file of per-patient salts; a held-out
//! test set; the one schema every file follows; and the study question.
//!
//! ```text
//! cargo run --release -p fl-core --bin study-synth -- --clinics 4 --rows 600 --test-rows 2000 --seed 7 --out data/ohss/
//! ```
//!
//! Options: `--clinics N` (default 4), `--rows N` per clinic (default 600), `--test-rows N`
//! (default 2000; 0 skips `test.csv`), `--seed S` (default 0), `--out DIR` (required).
//! Files: `DIR/clinic-1.csv` … `DIR/clinic-N.csv` (raw id, pseudonym and the study's
//! columns, in an order of each clinic's own, some values empty), `DIR/clinic-K.salts.csv`
//! (the clinic's key file `patient_id,salt`, created private to its owner), `DIR/test.csv`
//! (canonical column order), `DIR/schema.json` (the `DatasetSchema` of every file) and
//! `DIR/question.json` (the `StudyQuestion`: OHSS from the values known at stimulation start)
//! and `DIR/normalisation.json` (the question's `public_normalisation` of the schema, Q15.16
//! `{mean, scale}` per model input: a spec's `normalisation`).

use std::process::ExitCode;

use fl_core::{
	study_synth::{study_csv, study_question, study_schema, StudyGenerator},
	synth::{write_salts_csv, SynthOptions},
	table::{question_json, schema_json, Value},
};

fn main() -> ExitCode {
	let options = match SynthOptions::parse(std::env::args().skip(1), 4, 600) {
		Ok(options) => options,
		Err(message) => {
			if !message.is_empty() {
				eprintln!("study-synth: {message}");
			}
			eprintln!(
				"usage: study-synth --out DIR [--clinics N] [--rows N] [--test-rows N] [--seed S]"
			);
			return ExitCode::FAILURE;
		},
	};
	let write = || -> std::io::Result<()> {
		std::fs::create_dir_all(&options.out)?;
		let generator = StudyGenerator::new(options.clinics, options.seed);
		// `ohss` is the last column of the study's records.
		let cases = |records: &[fl_core::study_synth::StudyRecord]| {
			records
				.iter()
				.filter(|r| r.values.last() == Some(&Some(Value::Bool(true))))
				.count()
		};
		for clinic in 1..=options.clinics {
			let records = generator.clinic_records(clinic, options.rows);
			let path = options.out.join(format!("clinic-{clinic}.csv"));
			std::fs::write(&path, study_csv(&records, &generator.column_order(clinic)))?;
			let salts_path = options.out.join(format!("clinic-{clinic}.salts.csv"));
			write_salts_csv(&salts_path, &generator.clinic_salts(clinic, options.rows))?;
			println!(
				"{}: {} stimulations, {} with OHSS; salts in {}",
				path.display(),
				records.len(),
				cases(&records),
				salts_path.display()
			);
		}
		let test_rows = options.test_rows.unwrap_or(2000);
		if test_rows > 0 {
			let path = options.out.join("test.csv");
			let records = generator.test_records(test_rows);
			std::fs::write(&path, study_csv(&records, &generator.column_order(0)))?;
			println!(
				"{}: {} stimulations (held out), {} with OHSS",
				path.display(),
				records.len(),
				cases(&records)
			);
		}
		let schema_path = options.out.join("schema.json");
		std::fs::write(&schema_path, schema_json(&study_schema()) + "\n")?;
		let question_path = options.out.join("question.json");
		std::fs::write(&question_path, question_json(&study_question()) + "\n")?;
		// The question's public normalisation from the schema alone, Q15.16, as a spec's
		// `normalisation` field: what a researcher's task can carry without seeing a row.
		let normalisation = study_question()
			.public_normalisation(&study_schema())
			.map_err(|e| std::io::Error::other(e.to_string()))?;
		let entries: Vec<String> = normalisation
			.iter()
			.map(|s| format!("{{\"mean\": {}, \"scale\": {}}}", s.mean, s.scale))
			.collect();
		let normalisation_path = options.out.join("normalisation.json");
		std::fs::write(&normalisation_path, format!("[{}]\n", entries.join(", ")))?;
		println!(
			"{}, {}, {}",
			schema_path.display(),
			question_path.display(),
			normalisation_path.display()
		);
		Ok(())
	};
	match write() {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("study-synth: {e}");
			ExitCode::FAILURE
		},
	}
}
