//! Times one clinic's local training natively: the same `fl_core::train::local_update` the
//! clinic's off-chain worker runs inside the node's Wasm runtime, on the same rows, from the
//! same starting model. Used for the "Wasm off-chain worker vs native" figure of the
//! federated-learning end-to-end test (which reads the worker's own timing from its log).
//!
//! ```text
//! fl-train --spec 0x<SCALE fl_core::ModelSpec> --csv data/clinic-1.csv [--repeat 5]
//! ```
//!
//! Trains on every row of the CSV (an `ivf-synth` file), from the spec's initial model, and
//! prints the median wall time of `--repeat` runs. Prints counts and times only, never a row.

use std::{path::PathBuf, process::ExitCode, time::Instant};

use fl_core::{
	features::labelled_set,
	synth::{read_csv, spec_from_arg},
	train::local_update,
};

fn run() -> Result<String, String> {
	let (mut spec, mut csv, mut repeat) = (None, None, 5usize);
	let mut args = std::env::args().skip(1);
	while let Some(flag) = args.next() {
		let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
		match flag.as_str() {
			"--spec" => spec = Some(spec_from_arg(&value)?),
			"--csv" => csv = Some(PathBuf::from(value)),
			"--repeat" => repeat = value.parse().map_err(|e| format!("--repeat: {e}"))?,
			other => return Err(format!("unknown option {other}")),
		}
	}
	let (Some(spec), Some(csv)) = (spec, csv) else {
		return Err("usage: fl-train --spec 0x<SCALE ModelSpec> --csv FILE [--repeat N]".into());
	};
	let records = read_csv(&csv).map_err(|e| format!("{}: {e}", csv.display()))?;
	let cycles: Vec<_> = records.into_iter().map(|r| r.cycle).collect();
	let examples = labelled_set(&cycles, &spec.normalisation).map_err(|e| format!("{e:?}"))?;
	let global = spec.initial_global_model().map_err(|e| format!("{e:?}"))?;
	let mut times = Vec::with_capacity(repeat.max(1));
	for run in 0..repeat.max(1) {
		let started = Instant::now();
		let update = local_update(&spec, &global, &examples, [run as u8; 32])
			.map_err(|e| format!("{e:?}"))?;
		times.push(started.elapsed().as_secs_f64() * 1000.0);
		std::hint::black_box(update);
	}
	times.sort_by(f64::total_cmp);
	Ok(format!(
		"native local training: {} rows, {} parameters, median {:.3} ms over {} runs",
		examples.len(),
		global.len(),
		times[times.len() / 2],
		times.len()
	))
}

fn main() -> ExitCode {
	match run() {
		Ok(line) => {
			println!("{line}");
			ExitCode::SUCCESS
		},
		Err(why) => {
			eprintln!("fl-train: {why}");
			ExitCode::FAILURE
		},
	}
}
