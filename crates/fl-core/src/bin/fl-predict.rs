//! A global model's predictions, computed natively with `fl-core`: what a researcher's own
//! copy of the model (the Python client's NumPy arrays, or its scikit-learn twin) must agree
//! with. The Python client's tests compare the two to 1e-6.
//!
//! ```text
//! fl-predict --spec 0x<SCALE fl_core::ModelSpec> --parameters <Q15.16,comma,separated> --csv FILE
//!            [--schema schema.json]
//! ```
//!
//! Prints, per row, the row's model input (its features encoded and scaled as the spec says),
//! its label and the model's probability of the outcome, as CSV with a header of input names.
//! A spec without a study question reads an `ivf-synth` CSV (label: live birth); a spec with
//! one reads any CSV checked against `--schema` (columns in any order), leaving out the rows
//! the question cannot use, exactly as a clinic's node does. Meant for held-out or synthetic
//! files: it prints the features it is given, so it is not a tool to point at a clinic's
//! patients.

use std::{fmt::Write, path::PathBuf, process::ExitCode};

use fl_core::{
	features::{labelled_set, FEATURE_NAMES},
	fixed,
	question::{Encoding, MissingPolicy},
	synth::{read_csv, spec_from_arg},
	table::{parse_table, read_schema_json},
	train::LabelledSet,
	ModelSpec, StudyQuestion,
};
use ndarray::ArrayView1;

/// The names of the inputs a question encodes to, in model order: a column's name, a one-hot
/// input's `column=level`, a missing-indicator's `column_missing`.
fn input_names(question: &StudyQuestion) -> Vec<String> {
	let mut names = Vec::with_capacity(question.encoded_width());
	for feature in &question.features {
		match &feature.encoding {
			Encoding::Numeric | Encoding::Boolean => names.push(feature.column.clone()),
			Encoding::OneHot { levels } => {
				names.extend(levels.iter().map(|level| format!("{}={level}", feature.column)))
			},
		}
		if feature.missing == MissingPolicy::Indicator {
			names.push(format!("{}_missing", feature.column));
		}
	}
	names
}

/// The examples of `csv` as `spec` reads them, with the names of their inputs.
fn examples(
	spec: &ModelSpec,
	csv: &PathBuf,
	schema: Option<&PathBuf>,
) -> Result<(LabelledSet, Vec<String>), String> {
	let Some(question) = &spec.question else {
		let records = read_csv(csv).map_err(|e| format!("{}: {e}", csv.display()))?;
		let cycles: Vec<_> = records.iter().map(|r| r.cycle).collect();
		let set = labelled_set(&cycles, &spec.normalisation).map_err(|e| format!("{e:?}"))?;
		return Ok((set, FEATURE_NAMES.iter().map(|n| n.to_string()).collect()));
	};
	let schema = schema.ok_or("--schema FILE is required for a spec with a study question")?;
	let read = |path: &PathBuf| {
		std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
	};
	let schema = read_schema_json(&read(schema)?).map_err(|e| format!("--schema: {e}"))?;
	let table = parse_table(&read(csv)?, &schema).map_err(|e| format!("{}: {e}", csv.display()))?;
	let rows: Vec<u32> = (0..table.len() as u32).collect();
	let encoded = question
		.encode_rows(&table, &rows, &spec.normalisation)
		.map_err(|e| format!("{}: {e:?}", csv.display()))?;
	Ok((encoded.set, input_names(question)))
}

fn run() -> Result<String, String> {
	let (mut spec, mut parameters, mut csv, mut schema) = (None, None, None, None);
	let mut args = std::env::args().skip(1);
	while let Some(flag) = args.next() {
		let (flag, inline) = match flag.split_once('=') {
			Some((flag, value)) => (flag.to_string(), Some(value.to_string())),
			None => (flag, None),
		};
		let value = match inline {
			Some(value) => value,
			None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
		};
		match flag.as_str() {
			"--spec" => spec = Some(spec_from_arg(&value)?),
			"--parameters" => {
				let values: Result<Vec<i32>, _> =
					value.split(',').map(|v| v.trim().parse::<i32>()).collect();
				parameters = Some(values.map_err(|e| format!("--parameters: {e}"))?);
			},
			"--csv" => csv = Some(PathBuf::from(value)),
			"--schema" => schema = Some(PathBuf::from(value)),
			other => return Err(format!("unknown option {other}")),
		}
	}
	let (Some(spec), Some(parameters), Some(csv)) = (spec, parameters, csv) else {
		return Err(
			"usage: fl-predict --spec 0x<SCALE ModelSpec> --parameters Q16,... --csv FILE \
		            [--schema schema.json]"
				.into(),
		);
	};
	spec.validate().map_err(|e| format!("--spec: {e:?}"))?;
	let values = fixed::decode_all(&parameters);
	let model = spec.architecture.view(&values).map_err(|e| {
		format!("--parameters: the architecture needs {} values, {} given", e.expected, e.found)
	})?;
	let (set, names) = examples(&spec, &csv, schema.as_ref())?;
	let mut out = names.join(",");
	out.push_str(",label,probability\n");
	for (x, label) in set.features.rows().into_iter().zip(set.labels.iter()) {
		for value in x.iter() {
			let _ = write!(out, "{value:e},");
		}
		let probability = model.probability(ArrayView1::from(&x.to_vec()[..]));
		let _ = writeln!(out, "{label},{probability:e}");
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
