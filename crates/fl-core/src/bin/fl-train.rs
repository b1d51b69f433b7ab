//! Times one clinic's local training natively, or recomputes one clinic's exact update.
//!
//! **Timing** (the default): the same `fl_core::train::local_update` the clinic's node runs
//! for its off-chain worker, on the same rows, from the same starting model. Used for the
//! "worker vs native" figure of the federated-learning end-to-end test (which reads the
//! worker's own timing from its log).
//!
//! ```text
//! fl-train --spec 0x<SCALE fl_core::ModelSpec> --csv data/clinic-1.csv [--repeat 5]
//! ```
//!
//! Trains on every row of the CSV (an `ivf-synth` file), from the spec's initial model, and
//! prints the median wall time of `--repeat` runs. Prints counts and times only, never a row.
//!
//! **Update** (`--update`): the clipped quantised update a clinic's node computes for one
//! round (`fl_core::train::ClinicRound::update`, the very function the clinic node's training is
//! held to), from the clinic's own file, its node's training secret and the round's starting
//! model. It lets a test show that no clinic's update appears in the clear anywhere on chain
//! under secure aggregation: it needs each clinic's exact update to look for, and only the
//! clinic can compute it.
//!
//! ```text
//! fl-train --update --spec 0x<SCALE ModelSpec> --csv FILE --base-model <i32,i32,…>
//!          --task N --round N --dataset N --secret-file PATH
//!          --max-samples N --max-update-norm-ppm N [--rows i,j,k]
//! ```
//!
//! `--base-model` is the round's starting model (Q15.16, as `fl_globalModel` lists it);
//! `--secret-file` the node's `<base path>/clinic/training-secret` (32 bytes); `--max-samples`
//! and `--max-update-norm-ppm` the task's parameters, which give the norm bound as the pallet
//! computes it; `--rows` the 0-based rows the worker chose (its consented rows, in file order;
//! all rows by default), cut to the first `--max-samples` as the worker cuts them. Prints the
//! update as one line of comma-separated integers and nothing else on stdout.
//!
//! Under distributed DP noise (`privacy.noise: Distributed`), `--noise-threshold T` (the
//! round's unmasking threshold, `secureRounds(task, round)`'s participants halved, plus one)
//! prints instead the weighted update with the clinic's share of the noise that the node
//! masks (`fl_core::train::ClinicRound::distributed_update`): there is no other update to look for.

use std::{path::PathBuf, process::ExitCode, time::Instant};

use fl_core::{
	features::labelled_set,
	synth::{read_csv, spec_from_arg},
	train::{local_update, ClinicRound},
};

const USAGE: &str = "usage: fl-train --spec 0x<SCALE ModelSpec> --csv FILE [--repeat N]\n       \
	fl-train --update --spec 0x<SCALE ModelSpec> --csv FILE --base-model <i32,…> --task N \
	--round N --dataset N --secret-file PATH --max-samples N --max-update-norm-ppm N \
	[--rows i,j,k] [--noise-threshold T]";

fn run(args: Vec<String>) -> Result<String, String> {
	if args.iter().any(|a| a == "--update") {
		return run_update(args.into_iter().filter(|a| a != "--update").collect());
	}
	let (mut spec, mut csv, mut repeat) = (None, None, 5usize);
	let mut args = args.into_iter();
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
		return Err(USAGE.into());
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

/// The `--update` mode (see the crate docs): the update as comma-separated integers.
fn run_update(args: Vec<String>) -> Result<String, String> {
	let mut options = std::collections::BTreeMap::new();
	let mut args = args.into_iter();
	while let Some(flag) = args.next() {
		let known = [
			"--spec",
			"--csv",
			"--base-model",
			"--task",
			"--round",
			"--dataset",
			"--secret-file",
			"--max-samples",
			"--max-update-norm-ppm",
			"--rows",
			"--noise-threshold",
		];
		if !known.contains(&flag.as_str()) {
			return Err(format!("unknown option {flag} with --update"));
		}
		let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
		if options.insert(flag.clone(), value).is_some() {
			return Err(format!("{flag} is given twice"));
		}
	}
	let required = |flag: &str| -> Result<&String, String> {
		options.get(flag).ok_or_else(|| format!("--update needs {flag}\n{USAGE}"))
	};
	let spec = spec_from_arg(required("--spec")?)?;
	let csv = PathBuf::from(required("--csv")?);
	let base_model = parse_list::<i32>("--base-model", required("--base-model")?)?;
	let task: u64 = parse_number("--task", required("--task")?)?;
	let round: u32 = parse_number("--round", required("--round")?)?;
	let dataset: u32 = parse_number("--dataset", required("--dataset")?)?;
	let secret_file = PathBuf::from(required("--secret-file")?);
	let max_samples: u32 = parse_number("--max-samples", required("--max-samples")?)?;
	let max_update_norm_ppm: u32 =
		parse_number("--max-update-norm-ppm", required("--max-update-norm-ppm")?)?;
	let rows = options.get("--rows").map(|r| parse_list::<usize>("--rows", r)).transpose()?;

	let parameters = spec.parameter_count().map_err(|e| format!("--spec: {e:?}"))?;
	if base_model.len() != parameters {
		return Err(format!(
			"--base-model has {} values; the spec's model has {parameters}",
			base_model.len()
		));
	}
	let secret: [u8; 32] = std::fs::read(&secret_file)
		.map_err(|e| format!("{}: {e}", secret_file.display()))?
		.try_into()
		.map_err(|_| format!("{}: not a 32-byte secret", secret_file.display()))?;
	let records = read_csv(&csv).map_err(|e| format!("{}: {e}", csv.display()))?;
	let rows = chosen_rows(rows, records.len(), max_samples)?;
	let cycles: Vec<_> = rows.iter().filter_map(|&i| records.get(i)).map(|r| r.cycle).collect();
	let examples = labelled_set(&cycles, &spec.normalisation).map_err(|e| format!("{e:?}"))?;
	let clinic = ClinicRound {
		spec: &spec,
		base_model: &base_model,
		examples: &examples,
		clinic_secret: &secret,
		dataset,
		task,
		round,
	};
	if let Some(threshold) = options.get("--noise-threshold") {
		let threshold: u32 = parse_number("--noise-threshold", threshold)?;
		let weighted =
			clinic.distributed_update(threshold).map_err(|e| format!("training: {e:?}"))?;
		return Ok(weighted.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
	}
	let bound = fl_core::dp::update_norm_bound(&spec, max_samples, max_update_norm_ppm);
	let update = clinic.update(bound).map_err(|e| format!("training: {e:?}"))?;
	Ok(update.iter().map(i32::to_string).collect::<Vec<_>>().join(","))
}

/// The rows the clinic's worker trains on: `rows` (all of the file's `count` rows by default),
/// which must be strictly increasing and in the file (the node refuses any other choice), cut
/// to the first `max_samples` as the worker takes at most that many.
fn chosen_rows(
	rows: Option<Vec<usize>>,
	count: usize,
	max_samples: u32,
) -> Result<Vec<usize>, String> {
	let mut rows = rows.unwrap_or_else(|| (0..count).collect());
	if !rows.windows(2).all(|w| w[0] < w[1]) {
		return Err("--rows must be strictly increasing (file order, each row once)".into());
	}
	if let Some(&last) = rows.last().filter(|&&last| last >= count) {
		return Err(format!("--rows: row {last} is not in the file ({count} rows)"));
	}
	rows.truncate(max_samples as usize);
	if rows.is_empty() {
		return Err("no rows to train on".into());
	}
	Ok(rows)
}

fn parse_number<N: std::str::FromStr>(flag: &str, text: &str) -> Result<N, String>
where
	N::Err: std::fmt::Display,
{
	text.trim().parse().map_err(|e| format!("{flag}: `{text}`: {e}"))
}

fn parse_list<N: std::str::FromStr>(flag: &str, text: &str) -> Result<Vec<N>, String>
where
	N::Err: std::fmt::Display,
{
	if text.trim().is_empty() {
		return Ok(Vec::new());
	}
	text.split(',').map(|item| parse_number(flag, item)).collect()
}

fn main() -> ExitCode {
	match run(std::env::args().skip(1).collect()) {
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

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use fl_core::{
		features::{reference_normalisation, FEATURE_COUNT},
		synth::{write_csv, Generator},
		Architecture, DpSgd, ModelSpec, TrainingParams,
	};

	fn dp_spec() -> ModelSpec {
		ModelSpec {
			architecture: Architecture::LogisticRegression { features: FEATURE_COUNT as u32 },
			training: TrainingParams {
				learning_rate_ppm: 200_000,
				epochs: 2,
				batch_size: 16,
				l2_ppm: 1_000,
				proximal_mu_ppm: 0,
			},
			privacy: Some(DpSgd::local(1_000_000, 1_100_000)),
			normalisation: reference_normalisation(),
			initial_model_seed: 3,
			question: None,
			server_optimiser: fl_core::ServerOptimiser::Sgd,
		}
	}

	/// A directory of its own under the system's temporary directory.
	fn scratch(name: &str) -> PathBuf {
		let dir = std::env::temp_dir().join(format!("fl-train-{name}-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		dir
	}

	fn args(list: &[&str]) -> Vec<String> {
		list.iter().map(|s| s.to_string()).collect()
	}

	#[test]
	fn update_mode_prints_the_clinic_update_of_the_chosen_rows() {
		let dir = scratch("update");
		let csv = dir.join("clinic.csv");
		let records = Generator::new(2, 11).clinic_records(1, 40);
		write_csv(&csv, &records).unwrap();
		let secret_file = dir.join("training-secret");
		std::fs::write(&secret_file, [5u8; 32]).unwrap();
		let spec = dp_spec();
		let base = spec.initial_global_model().unwrap();
		let base_arg = base.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
		let spec_arg: String = spec.encode().iter().map(|b| format!("{b:02x}")).collect();
		let line = run(args(&[
			"--update",
			"--spec",
			&spec_arg,
			"--csv",
			csv.to_str().unwrap(),
			"--base-model",
			&base_arg,
			"--task",
			"4",
			"--round",
			"2",
			"--dataset",
			"9",
			"--secret-file",
			secret_file.to_str().unwrap(),
			"--max-samples",
			"20",
			"--max-update-norm-ppm",
			"400000",
			"--rows",
			"1,2,3,5,8,13,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39",
		]))
		.unwrap();
		let printed: Vec<i32> = line.split(',').map(|v| v.parse().unwrap()).collect();

		let rows = [1, 2, 3, 5, 8, 13, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34];
		let cycles: Vec<_> = rows.iter().map(|&i: &usize| records[i].cycle).collect();
		assert_eq!(cycles.len(), 20);
		let examples = labelled_set(&cycles, &spec.normalisation).unwrap();
		// `--max-samples 20` keeps the first 20 rows. Under DP the bound here is the task's:
		// 0.4 < 2 · ⌈20 / 16⌉ · 0.2 · 1.0.
		let bound = fl_core::dp::update_norm_bound(&spec, 20, 400_000);
		assert_eq!(bound, 400_000 * 65_536 / 1_000_000);
		let expected = ClinicRound {
			spec: &spec,
			base_model: &base,
			examples: &examples,
			clinic_secret: &[5; 32],
			dataset: 9,
			task: 4,
			round: 2,
		}
		.update(bound)
		.unwrap();
		assert_eq!(printed, expected);
		assert!(fl_core::fixed::squared_norm(&printed) <= bound * bound);
		std::fs::remove_dir_all(dir).ok();
	}

	#[test]
	fn the_norm_bound_is_the_pallets() {
		let spec = dp_spec();
		// DP: steps = 2 · ⌈100 / 16⌉ = 14; B = 14 · 0.2 · 1.0 = 2.8, below the task's 5.0.
		assert_eq!(
			fl_core::dp::update_norm_bound(&spec, 100, 5_000_000),
			14 * 200_000 * 1_000_000 * 65_536 / 1_000_000_000_000
		);
		// The task's bound when it is smaller, and without DP.
		assert_eq!(fl_core::dp::update_norm_bound(&spec, 100, 1_000_000), 65_536);
		let clear = ModelSpec { privacy: None, ..spec };
		assert_eq!(fl_core::dp::update_norm_bound(&clear, 100, 5_000_000), 5 * 65_536);
	}

	#[test]
	fn rows_are_checked_and_cut_to_max_samples() {
		assert_eq!(chosen_rows(None, 5, 3), Ok(vec![0, 1, 2]));
		assert_eq!(chosen_rows(Some(vec![1, 4]), 5, 3), Ok(vec![1, 4]));
		assert!(chosen_rows(Some(vec![2, 1]), 5, 3).is_err());
		assert!(chosen_rows(Some(vec![1, 1]), 5, 3).is_err());
		assert!(chosen_rows(Some(vec![1, 5]), 5, 3).is_err());
		assert!(chosen_rows(Some(vec![]), 5, 3).is_err());
		assert!(chosen_rows(None, 5, 0).is_err());
	}

	#[test]
	fn bad_arguments_are_refused_without_a_panic() {
		assert!(run(args(&["--update", "--spec", "0x00"])).is_err());
		assert!(run(args(&["--update", "--task"])).is_err());
		assert!(run(args(&["--update", "--repeat", "3"])).is_err());
		assert!(parse_list::<i32>("--base-model", "1,x,3").is_err());
		assert_eq!(parse_list::<i32>("--base-model", "1, -2,3"), Ok(vec![1, -2, 3]));
	}
}
