//! A global model's predictions, computed natively with `fl-core`: what a researcher's own
//! copy of the model (the Python client's NumPy arrays, or its scikit-learn twin) must agree
//! with. The Python client's tests compare the two to 1e-6.
//!
//! ```text
//! fl-predict --spec 0x<SCALE fl_core::ModelSpec> --parameters <Q15.16,comma,separated> --csv FILE
//! ```
//!
//! Reads an `ivf-synth` CSV and prints, per row, the row's model input (its features scaled
//! with the spec's normalisation) and the model's probability of a live birth, as CSV with a
//! header of feature names. Meant for held-out or synthetic files: it prints the features it is
//! given, so it is not a tool to point at a clinic's patients.

use std::{fmt::Write, path::PathBuf, process::ExitCode};

use fl_core::{
	features::{feature_vector, FEATURE_NAMES},
	fixed,
	synth::{read_csv, spec_from_arg},
};
use ndarray::ArrayView1;

fn run() -> Result<String, String> {
	let (mut spec, mut parameters, mut csv) = (None, None, None);
	let mut args = std::env::args().skip(1);
	while let Some(flag) = args.next() {
		let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
		match flag.as_str() {
			"--spec" => spec = Some(spec_from_arg(&value)?),
			"--parameters" => {
				let values: Result<Vec<i32>, _> =
					value.split(',').map(|v| v.trim().parse::<i32>()).collect();
				parameters = Some(values.map_err(|e| format!("--parameters: {e}"))?);
			},
			"--csv" => csv = Some(PathBuf::from(value)),
			other => return Err(format!("unknown option {other}")),
		}
	}
	let (Some(spec), Some(parameters), Some(csv)) = (spec, parameters, csv) else {
		return Err(
			"usage: fl-predict --spec 0x<SCALE ModelSpec> --parameters Q16,... --csv FILE".into()
		);
	};
	spec.validate().map_err(|e| format!("--spec: {e:?}"))?;
	let values = fixed::decode_all(&parameters);
	let model = spec.architecture.view(&values).map_err(|e| {
		format!("--parameters: the architecture needs {} values, {} given", e.expected, e.found)
	})?;
	let records = read_csv(&csv).map_err(|e| format!("{}: {e}", csv.display()))?;
	let mut out = FEATURE_NAMES.join(",");
	out.push_str(",probability\n");
	for record in &records {
		let x = feature_vector(&record.cycle, &spec.normalisation).map_err(|e| format!("{e:?}"))?;
		for value in &x {
			let _ = write!(out, "{value:e},");
		}
		let _ = writeln!(out, "{:e}", model.probability(ArrayView1::from(&x[..])));
	}
	Ok(out)
}

fn main() -> ExitCode {
	match run() {
		Ok(table) => {
			print!("{table}");
			ExitCode::SUCCESS
		},
		Err(why) => {
			eprintln!("fl-predict: {why}");
			ExitCode::FAILURE
		},
	}
}
