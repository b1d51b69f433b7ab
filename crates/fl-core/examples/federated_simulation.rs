//! Federated versus pooled training on five synthetic, non-IID IVF clinics.
//!
//! ```text
//! cargo run --release -p fl-core --example federated_simulation
//! ```
//!
//! For each model (logistic regression, MLP) it trains
//! - *pooled*: one data set made of every clinic's rows (what centralising the data would give);
//! - *federated*: `ROUNDS` rounds in which every clinic trains locally from the global model,
//!   quantises its change to Q15.16, and the changes are combined by the chain's integer
//!   FedAvg ([`fl_core::aggregate::fedavg`]);
//!
//! once without and once with DP-SGD, and reports AUC on a shared held-out test set. With DP,
//! the pooled run uses a batch `CLINICS` times larger so that each patient is charged the same
//! ρ as in the federated run (same number of steps over their data).
//!
//! Then it times one aggregation of 32 clients × 10,000 parameters and one local epoch.

use std::time::Instant;

use fl_core::{
	aggregate::{self, ClientUpdate},
	dp::{self, DpSgd},
	features::{self, FEATURE_COUNT},
	fixed,
	model::Architecture,
	rng,
	spec::{ModelSpec, TrainingParams},
	synth::Generator,
	train::{self, LabelledSet},
};

const SEED: u64 = 2024;
const CLINICS: usize = 5;
/// Clinics differ in size as well as in case mix.
const ROWS: [usize; CLINICS] = [8_000, 5_000, 6_000, 4_000, 3_000];
const TEST_ROWS: usize = 20_000;
const ROUNDS: u32 = 20;
const DELTA: f64 = 1e-5;

type Outcome<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Outcome<()> {
	let generator = Generator::new(CLINICS, SEED);
	let normalisation = features::reference_normalisation();
	let to_set = |records: Vec<fl_core::synth::SyntheticRecord>| {
		let cycles: Vec<_> = records.into_iter().map(|r| r.cycle).collect();
		features::labelled_set(&cycles, &normalisation).map_err(|e| format!("{e:?}"))
	};
	let clinics: Vec<LabelledSet> = (1..=CLINICS)
		.map(|c| to_set(generator.clinic_records(c, ROWS[c - 1])))
		.collect::<Result<_, _>>()?;
	let test = to_set(generator.test_records(TEST_ROWS))?;
	let pooled = LabelledSet::concatenate(&clinics.iter().collect::<Vec<_>>())
		.map_err(|e| format!("{e:?}"))?;

	println!("# Federated vs pooled training, synthetic IVF data");
	println!(
		"clinics: {CLINICS} (rows {ROWS:?}, live-birth rate {}), held-out test rows: {TEST_ROWS}, seed {SEED}",
		rates(&clinics)
	);
	println!("rounds: {ROUNDS}; aggregation: integer FedAvg of Q15.16 deltas (scale 2^16)\n");

	let models = [
		(
			"logistic regression",
			Architecture::LogisticRegression { features: FEATURE_COUNT as u32 },
			50_000,
			2_000_000,
		),
		(
			"MLP (16 hidden ReLU)",
			Architecture::Mlp { features: FEATURE_COUNT as u32, hidden: 16 },
			200_000,
			2_000_000,
		),
	];
	for (name, architecture, learning_rate_ppm, dp_learning_rate_ppm) in models {
		let spec = ModelSpec {
			architecture,
			training: TrainingParams {
				learning_rate_ppm,
				epochs: 1,
				batch_size: 64,
				l2_ppm: 100,
				proximal_mu_ppm: 0,
			},
			privacy: None,
			normalisation: normalisation.clone(),
			initial_model_seed: SEED,
			question: None,
			server_optimiser: fl_core::ServerOptimiser::Sgd,
		};
		let dp_spec = ModelSpec {
			training: TrainingParams {
				batch_size: 2_000,
				learning_rate_ppm: dp_learning_rate_ppm,
				..spec.training
			},
			privacy: Some(DpSgd::local(1_000_000, 8_000_000)),
			..spec.clone()
		};
		println!("## {name}: {} parameters", spec.parameter_count().map_err(|e| format!("{e:?}"))?);

		let pooled_auc = train_pooled(&spec, &pooled, &test)?;
		let federated_auc = train_federated(&spec, &clinics, &test)?;
		println!(
			"without DP (lr {}, batch {}, epochs/round {}):",
			spec.training.learning_rate(),
			spec.training.batch_size,
			spec.training.epochs
		);
		println!("  pooled AUC     {pooled_auc:.4}");
		println!("  federated AUC  {federated_auc:.4}");
		println!("  ratio          {:.2}%  (target >= 99.5%)", 100.0 * federated_auc / pooled_auc);

		let dp = dp_spec.privacy.ok_or("DP spec without DP")?;
		let pooled_dp_spec = ModelSpec {
			training: TrainingParams {
				batch_size: dp_spec.training.batch_size * CLINICS as u32,
				..dp_spec.training
			},
			..dp_spec.clone()
		};
		let worst_rho = ROWS
			.iter()
			.map(|&n| dp_spec.round_rho(n as u64).map(|r| r.saturating_mul(ROUNDS as u64)))
			.collect::<Result<Vec<_>, _>>()
			.map_err(|e| format!("{e:?}"))?
			.into_iter()
			.max()
			.unwrap_or(0);
		let rho = dp::rho_value(worst_rho);
		let pooled_dp_auc = train_pooled(&pooled_dp_spec, &pooled, &test)?;
		let federated_dp_auc = train_federated(&dp_spec, &clinics, &test)?;
		println!(
			"with DP-SGD (clip C = {}, noise multiplier sigma = {}, lr {}, batch {} per clinic / {} pooled):",
			dp.clip_norm(),
			dp.noise_multiplier(),
			dp_spec.training.learning_rate(),
			dp_spec.training.batch_size,
			pooled_dp_spec.training.batch_size
		);
		println!(
			"  budget per dataset over {ROUNDS} rounds: rho = {rho:.6} zCDP (largest over clinics, rounded up) => (eps, delta) = ({:.3}, {DELTA:e})",
			dp::epsilon(rho, DELTA)
		);
		println!("  pooled DP AUC     {pooled_dp_auc:.4}  (same per-patient rho)");
		println!("  federated DP AUC  {federated_dp_auc:.4}");
		println!(
			"  ratio to pooled DP       {:.2}%  (target >= 99.5%)",
			100.0 * federated_dp_auc / pooled_dp_auc
		);
		println!("  ratio to pooled, no DP   {:.2}%\n", 100.0 * federated_dp_auc / pooled_auc);
	}

	aggregation_throughput()?;
	local_epoch_time(&clinics[0])?;
	Ok(())
}

fn rates(clinics: &[LabelledSet]) -> String {
	let rates: Vec<String> = clinics
		.iter()
		.map(|c| format!("{:.1}%", 100.0 * c.labels.sum() / c.len() as f64))
		.collect();
	format!("[{}]", rates.join(", "))
}

/// Centralised training for `ROUNDS` epochs (as many passes as the federated run makes).
fn train_pooled(spec: &ModelSpec, pooled: &LabelledSet, test: &LabelledSet) -> Outcome<f64> {
	let spec = ModelSpec {
		training: TrainingParams { epochs: spec.training.epochs * ROUNDS, ..spec.training },
		..spec.clone()
	};
	let start = fixed::decode_all(&spec.initial_global_model().map_err(|e| format!("{e:?}"))?);
	let trained = train::train(&spec, &start, pooled, rng::seed_from_u64(SEED))
		.map_err(|e| format!("{e:?}"))?;
	test_auc(&spec, &trained, test)
}

/// `ROUNDS` federated rounds through the fixed-point path the chain uses.
fn train_federated(spec: &ModelSpec, clinics: &[LabelledSet], test: &LabelledSet) -> Outcome<f64> {
	let mut global = spec.initial_global_model().map_err(|e| format!("{e:?}"))?;
	for round in 0..ROUNDS {
		let updates = train::simulated_updates(spec, &global, clinics, round)
			.map_err(|e| format!("{e:?}"))?;
		let revealed: Vec<ClientUpdate> = updates
			.iter()
			.map(|u| ClientUpdate { delta: &u.delta, samples: u.samples })
			.collect();
		global = aggregate::fedavg(&global, &revealed).map_err(|e| format!("{e:?}"))?;
	}
	test_auc(spec, &fixed::decode_all(&global), test)
}

fn test_auc(spec: &ModelSpec, params: &[f64], test: &LabelledSet) -> Outcome<f64> {
	Ok(train::held_out_auc(spec, params, test)
		.map_err(|e| format!("{e:?}"))?
		.ok_or("AUC undefined")?)
}

fn aggregation_throughput() -> Outcome<()> {
	const CLIENTS: usize = 32;
	const PARAMETERS: usize = 10_000;
	const REPEATS: u32 = 50;
	let mut prng = rng::prng(rng::seed_from_u64(SEED));
	let global: Vec<i32> = (0..PARAMETERS)
		.map(|_| rng::below(&mut prng, 1 << 18) as i32 - (1 << 17))
		.collect();
	let deltas: Vec<Vec<i32>> = (0..CLIENTS)
		.map(|_| {
			(0..PARAMETERS)
				.map(|_| rng::below(&mut prng, 1 << 14) as i32 - (1 << 13))
				.collect()
		})
		.collect();
	let updates: Vec<ClientUpdate> = deltas
		.iter()
		.enumerate()
		.map(|(i, d)| ClientUpdate { delta: d, samples: 1_000 + i as u64 })
		.collect();
	println!("## Aggregation throughput ({CLIENTS} clients x {PARAMETERS} parameters, mean of {REPEATS} runs)");
	let rules = [
		("FedAvg", aggregate::AggregationRule::FedAvg),
		("median", aggregate::AggregationRule::Median),
		("trimmed mean (k=3)", aggregate::AggregationRule::TrimmedMean { trim_each_side: 3 }),
	];
	for (name, rule) in rules {
		let start = Instant::now();
		for _ in 0..REPEATS {
			std::hint::black_box(
				aggregate::aggregate(rule, &global, std::hint::black_box(&updates))
					.map_err(|e| format!("{e:?}"))?,
			);
		}
		let seconds = start.elapsed().as_secs_f64() / REPEATS as f64;
		println!(
			"  {name:<20} {:>8.3} ms  ({:.3e} parameters x clients per second)",
			seconds * 1e3,
			(CLIENTS * PARAMETERS) as f64 / seconds
		);
	}
	println!();
	Ok(())
}

fn local_epoch_time(clinic: &LabelledSet) -> Outcome<()> {
	println!("## One local epoch on clinic 1 ({} rows, batch 64)", clinic.len());
	let architectures = [
		(
			"logistic regression",
			Architecture::LogisticRegression { features: FEATURE_COUNT as u32 },
		),
		("MLP (16 hidden)", Architecture::Mlp { features: FEATURE_COUNT as u32, hidden: 16 }),
	];
	for (name, architecture) in architectures {
		for privacy in [None, Some(DpSgd::local(1_000_000, 1_000_000))] {
			let spec = ModelSpec {
				architecture,
				training: TrainingParams {
					learning_rate_ppm: 100_000,
					epochs: 1,
					batch_size: 64,
					l2_ppm: 0,
					proximal_mu_ppm: 0,
				},
				privacy,
				normalisation: features::reference_normalisation(),
				initial_model_seed: SEED,
				question: None,
				server_optimiser: fl_core::ServerOptimiser::Sgd,
			};
			let start_params =
				fixed::decode_all(&spec.initial_global_model().map_err(|e| format!("{e:?}"))?);
			let start = Instant::now();
			std::hint::black_box(
				train::train(&spec, &start_params, clinic, [1; 32])
					.map_err(|e| format!("{e:?}"))?,
			);
			println!(
				"  {name:<20} {:<8} {:>8.2} ms",
				if privacy.is_some() { "DP-SGD" } else { "SGD" },
				start.elapsed().as_secs_f64() * 1e3
			);
		}
	}
	Ok(())
}
