//! Which federated strategy to choose: held-out AUC of FedAvg, FedProx, the adaptive server
//! optimisers and Krum against pooled training, natively (no chain), on synthetic clinics.
//!
//! ```text
//! strategy-bench [--rounds 30] [--clinics 5] [--rows 2000] [--test-rows 10000] [--seed 2024]
//!                [--dataset ivf|ohss|all] [--model lr|mlp|both] [--server-lr ETA]
//! ```
//!
//! The defaults (both datasets, logistic regression and a 16-unit MLP) take a few seconds in
//! a release build.
//!
//! Every round goes through the chain's own fixed-point path: each clinic trains from the
//! global model with [`fl_core::train::local_update`] (its change quantised to Q15.16), the
//! changes are combined by [`fl_core::aggregate::aggregate`] under the strategy's rule, and
//! the strategy's [`ServerOptimiser::step`] moves the global model, keeping its state across
//! rounds. *Pooled* trains the same model on every clinic's rows in one set, one round's worth
//! of local epochs per round, in floats: what centralising the data would give.
//!
//! Two datasets, each a set of non-IID clinics (`--rows` rows each) and a held-out test set
//! drawn from all of them:
//! - `ivf`: live birth from the 19 IVF cycle features ([`fl_core::synth`]);
//! - `ohss`: ovarian hyperstimulation syndrome from the study schema's files, with categorical
//!   columns and missing values, read and encoded as a clinic's node does
//!   ([`fl_core::study_synth`], [`fl_core::table::parse_table`],
//!   [`fl_core::StudyQuestion::encode_rows`]; rows its question drops are left out).
//!
//! For each it prints one table: the strategy and its settings, the held-out AUC after the
//! last round (and as a share of pooled), and the first round whose AUC reaches 99% of the
//! pooled AUC after the same number of rounds.

use std::{process::ExitCode, time::Instant};

use fl_core::{
	aggregate::{self, AggregationRule, ClientUpdate},
	features, fixed,
	model::Architecture,
	optimiser::{OptimiserState, ServerOptimiser},
	spec::{ModelSpec, TrainingParams},
	study_synth::{study_csv, study_question, study_schema, StudyGenerator},
	synth::Generator,
	table::parse_table,
	train::{self, LabelledSet},
};

const USAGE: &str = "usage: strategy-bench [--rounds N] [--clinics K] [--rows N] \
	[--test-rows N] [--seed S] [--dataset ivf|ohss|all] [--model lr|mlp|both] [--server-lr ETA]";

/// The target of the "first round" column: 99% of the pooled AUC.
const TARGET_SHARE: f64 = 0.99;

struct Options {
	rounds: u32,
	clinics: usize,
	rows: usize,
	test_rows: usize,
	seed: u64,
	datasets: Vec<&'static str>,
	/// `false` for logistic regression, `true` for the MLP; each in turn.
	models: Vec<bool>,
	server_lr_ppm: Option<u32>,
}

fn parse_options(args: Vec<String>) -> Result<Options, String> {
	let mut options = Options {
		rounds: 30,
		clinics: 5,
		rows: 2_000,
		test_rows: 10_000,
		seed: 2024,
		datasets: vec!["ivf", "ohss"],
		models: vec![false, true],
		server_lr_ppm: None,
	};
	let mut args = args.into_iter();
	while let Some(flag) = args.next() {
		let value = args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
		let number = |text: &str| text.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
		match flag.as_str() {
			"--rounds" => options.rounds = number(&value)? as u32,
			"--clinics" => options.clinics = number(&value)? as usize,
			"--rows" => options.rows = number(&value)? as usize,
			"--test-rows" => options.test_rows = number(&value)? as usize,
			"--seed" => options.seed = number(&value)?,
			"--dataset" => {
				options.datasets = match value.as_str() {
					"ivf" => vec!["ivf"],
					"ohss" => vec!["ohss"],
					"all" => vec!["ivf", "ohss"],
					other => return Err(format!("unknown dataset {other}\n{USAGE}")),
				}
			},
			"--model" => {
				options.models = match value.as_str() {
					"lr" => vec![false],
					"mlp" => vec![true],
					"both" => vec![false, true],
					other => return Err(format!("unknown model {other}\n{USAGE}")),
				}
			},
			"--server-lr" => {
				let eta: f64 = value.parse().map_err(|e| format!("{flag}: {e}"))?;
				if !(eta > 0.0 && eta * 1e6 <= u32::MAX as f64) {
					return Err(format!("{flag} must be positive and at most 4294"));
				}
				options.server_lr_ppm = Some((eta * 1e6).round() as u32);
			},
			other => return Err(format!("unknown option {other}\n{USAGE}")),
		}
	}
	if options.rounds == 0 || options.clinics == 0 || options.rows == 0 || options.test_rows == 0 {
		return Err(format!("rounds, clinics, rows and test rows must be positive\n{USAGE}"));
	}
	Ok(options)
}

/// One way to run the rounds: the chain's aggregation rule, its server optimiser, and the
/// clinics' FedProx `μ`.
struct Strategy {
	name: &'static str,
	settings: String,
	rule: AggregationRule,
	optimiser: ServerOptimiser,
	proximal_mu_ppm: u32,
}

/// The strategies compared. Server hyper-parameters follow Reddi et al. (ICLR 2021: `β₁ = 0.9`,
/// `β₂ = 0.99`, `τ = 10^-3`) and Hsu et al. (2019: `η = 1`, `β = 0.9`). The adaptive server
/// learning rates are the best of a sweep over {0.01, 0.03, 0.1, 0.3, 1} on the default data
/// (seed 2024, logistic regression): 1 for FedAdagrad, whose steps shrink as `v` grows, 0.1
/// for FedAdam and FedYogi. `--server-lr` replaces all three, to sweep again.
fn strategies(clinics: usize, server_lr_ppm: Option<u32>) -> Vec<Strategy> {
	let (beta1, beta2, tau) = (900_000, 990_000, 1_000);
	let adagrad_eta = server_lr_ppm.unwrap_or(1_000_000);
	let eta = server_lr_ppm.unwrap_or(100_000);
	let fedavg = |name, settings: &str, proximal_mu_ppm| Strategy {
		name,
		settings: settings.into(),
		rule: AggregationRule::FedAvg,
		optimiser: ServerOptimiser::Sgd,
		proximal_mu_ppm,
	};
	let server = |name, settings: String, optimiser| Strategy {
		name,
		settings,
		rule: AggregationRule::FedAvg,
		optimiser,
		proximal_mu_ppm: 0,
	};
	let adaptive_settings =
		format!("eta {}, b1 {}, b2 {}, tau {}", ppm(eta), ppm(beta1), ppm(beta2), ppm(tau));
	let mut list = vec![
		fedavg("FedAvg", "sample-weighted mean", 0),
		fedavg("FedProx", "FedAvg, mu 0.01", 10_000),
		server(
			"FedAvgM",
			"eta 1, beta 0.9".into(),
			ServerOptimiser::AvgM { learning_rate_ppm: 1_000_000, momentum_ppm: 900_000 },
		),
		server(
			"FedAdagrad",
			format!("eta {}, b1 {}, tau {}", ppm(adagrad_eta), ppm(beta1), ppm(tau)),
			ServerOptimiser::Adagrad {
				learning_rate_ppm: adagrad_eta,
				beta1_ppm: beta1,
				tau_ppm: tau,
			},
		),
		server(
			"FedAdam",
			adaptive_settings.clone(),
			ServerOptimiser::Adam {
				learning_rate_ppm: eta,
				beta1_ppm: beta1,
				beta2_ppm: beta2,
				tau_ppm: tau,
			},
		),
		server(
			"FedYogi",
			adaptive_settings,
			ServerOptimiser::Yogi {
				learning_rate_ppm: eta,
				beta1_ppm: beta1,
				beta2_ppm: beta2,
				tau_ppm: tau,
			},
		),
	];
	// Krum needs `n ≥ 2f + 3`: one Byzantine clinic from five clinics on.
	if clinics >= 5 {
		let selected = clinics as u32 - 1;
		list.push(Strategy {
			name: "Krum",
			settings: "f 1".into(),
			rule: AggregationRule::Krum { byzantine: 1 },
			optimiser: ServerOptimiser::Sgd,
			proximal_mu_ppm: 0,
		});
		list.push(Strategy {
			name: "multi-Krum",
			settings: format!("f 1, m {selected}"),
			rule: AggregationRule::MultiKrum { byzantine: 1, selected },
			optimiser: ServerOptimiser::Sgd,
			proximal_mu_ppm: 0,
		});
	}
	list
}

fn ppm(value: u32) -> f64 {
	value as f64 / 1e6
}

/// Held-out AUC of `params` under `spec`.
fn test_auc(spec: &ModelSpec, params: &[f64], test: &LabelledSet) -> Result<f64, String> {
	train::held_out_auc(spec, params, test)
		.map_err(|e| format!("{e:?}"))?
		.ok_or_else(|| "AUC undefined (one class only)".into())
}

/// One dataset's comparison: its clinics' training sets, the held-out set, the spec every
/// strategy starts from, and how many rounds each runs.
struct Comparison<'a> {
	template: &'a ModelSpec,
	clinics: &'a [LabelledSet],
	test: &'a LabelledSet,
	rounds: u32,
}

impl Comparison<'_> {
	/// The held-out AUC after every round of `strategy`.
	fn federated_curve(&self, strategy: &Strategy) -> Result<Vec<f64>, String> {
		let spec = ModelSpec {
			training: TrainingParams {
				proximal_mu_ppm: strategy.proximal_mu_ppm,
				..self.template.training
			},
			server_optimiser: strategy.optimiser,
			..self.template.clone()
		};
		let mut global = spec.initial_global_model().map_err(|e| format!("{e:?}"))?;
		let mut state = OptimiserState::default();
		let mut curve = Vec::with_capacity(self.rounds as usize);
		for round in 0..self.rounds {
			let updates = train::simulated_updates(&spec, &global, self.clinics, round)
				.map_err(|e| format!("{e:?}"))?;
			let revealed: Vec<ClientUpdate> = updates
				.iter()
				.map(|u| ClientUpdate { delta: &u.delta, samples: u.samples })
				.collect();
			let aggregated = aggregate::aggregate(strategy.rule, &global, &revealed)
				.map_err(|e| format!("{}: {e:?}", strategy.name))?;
			global = strategy
				.optimiser
				.step(&global, &aggregated, &mut state)
				.map_err(|e| format!("{}: {e:?}", strategy.name))?;
			curve.push(test_auc(&spec, &fixed::decode_all(&global), self.test)?);
		}
		Ok(curve)
	}

	/// The held-out AUC of pooled training after every round's worth of epochs.
	fn pooled_curve(&self) -> Result<Vec<f64>, String> {
		let spec = ModelSpec {
			training: TrainingParams { proximal_mu_ppm: 0, ..self.template.training },
			..self.template.clone()
		};
		let pooled = LabelledSet::concatenate(&self.clinics.iter().collect::<Vec<_>>())
			.map_err(|e| format!("{e:?}"))?;
		let initial = spec.initial_global_model().map_err(|e| format!("{e:?}"))?;
		let mut params = fixed::decode_all(&initial);
		(0..self.rounds)
			.map(|round| {
				let seed = train::round_seed(&spec.id(), 0, round, &[0; 32], b"pooled");
				params =
					train::train(&spec, &params, &pooled, seed).map_err(|e| format!("{e:?}"))?;
				test_auc(&spec, &params, self.test)
			})
			.collect()
	}
}

/// Runs every strategy and pooled training on one dataset and prints its table: the single
/// place a dataset enters, so another one needs only its clinics, its test set and a spec.
fn run_dataset(
	name: &str,
	clinic_sets: Vec<LabelledSet>,
	test: LabelledSet,
	spec_template: ModelSpec,
	rounds: u32,
	server_lr_ppm: Option<u32>,
) -> Result<(), String> {
	let rate = |set: &LabelledSet| 100.0 * set.labels.sum() / set.len().max(1) as f64;
	let rates: Vec<String> = clinic_sets.iter().map(|s| format!("{:.1}%", rate(s))).collect();
	let sizes: Vec<String> = clinic_sets.iter().map(|s| s.len().to_string()).collect();
	let t = spec_template.training;
	println!("## {name}");
	println!(
		"clinics: {} (rows [{}], positive rate [{}]); held-out rows {} ({:.1}% positive)",
		clinic_sets.len(),
		sizes.join(", "),
		rates.join(", "),
		test.len(),
		rate(&test)
	);
	println!(
		"model: {:?}, {} parameters; local training: lr {}, {} epoch(s) per round, batch {}, \
		 l2 {}; {rounds} rounds",
		spec_template.architecture,
		spec_template.parameter_count().map_err(|e| format!("{e:?}"))?,
		t.learning_rate(),
		t.epochs,
		t.batch_size,
		t.l2()
	);
	let started = Instant::now();
	let comparison =
		Comparison { template: &spec_template, clinics: &clinic_sets, test: &test, rounds };
	let pooled = comparison.pooled_curve()?;
	let pooled_auc = pooled.last().copied().ok_or("no rounds")?;
	let target = TARGET_SHARE * pooled_auc;
	let first_reaching = |curve: &[f64]| {
		curve
			.iter()
			.position(|&auc| auc >= target)
			.map_or_else(|| "not reached".to_string(), |r| (r + 1).to_string())
	};
	println!();
	println!(
		"| strategy | settings | AUC after {rounds} rounds | % of pooled | first round >= 99% \
		 of pooled ({target:.4}) |"
	);
	println!("|---|---|---|---|---|");
	println!(
		"| pooled | all rows in one set | {pooled_auc:.4} | 100.00 | {} |",
		first_reaching(&pooled)
	);
	for strategy in strategies(clinic_sets.len(), server_lr_ppm) {
		let curve = comparison.federated_curve(&strategy)?;
		let auc = curve.last().copied().ok_or("no rounds")?;
		println!(
			"| {} | {} | {auc:.4} | {:.2} | {} |",
			strategy.name,
			strategy.settings,
			100.0 * auc / pooled_auc,
			first_reaching(&curve)
		);
	}
	println!("\n({:.1} s)\n", started.elapsed().as_secs_f64());
	Ok(())
}

fn architecture(features: u32, mlp: bool) -> Architecture {
	if mlp {
		Architecture::Mlp { features, hidden: 16 }
	} else {
		Architecture::LogisticRegression { features }
	}
}

/// Local training shared by both datasets: one epoch per round, as the chain's tasks do.
fn local_training() -> TrainingParams {
	TrainingParams {
		learning_rate_ppm: 50_000,
		epochs: 1,
		batch_size: 64,
		l2_ppm: 100,
		proximal_mu_ppm: 0,
	}
}

/// The IVF live-birth dataset: the 19 cycle features under the reference normalisation.
fn ivf(options: &Options, mlp: bool) -> Result<(Vec<LabelledSet>, LabelledSet, ModelSpec), String> {
	let generator = Generator::new(options.clinics, options.seed);
	let normalisation = features::reference_normalisation();
	let to_set = |records: Vec<fl_core::synth::SyntheticRecord>| {
		let cycles: Vec<_> = records.into_iter().map(|r| r.cycle).collect();
		features::labelled_set(&cycles, &normalisation).map_err(|e| format!("{e:?}"))
	};
	let clinics = (1..=options.clinics)
		.map(|c| to_set(generator.clinic_records(c, options.rows)))
		.collect::<Result<Vec<_>, _>>()?;
	let test = to_set(generator.test_records(options.test_rows))?;
	let spec = ModelSpec {
		architecture: architecture(features::FEATURE_COUNT as u32, mlp),
		training: local_training(),
		privacy: None,
		normalisation,
		initial_model_seed: options.seed,
		question: None,
		server_optimiser: ServerOptimiser::Sgd,
	};
	Ok((clinics, test, spec))
}

/// The OHSS study: each clinic's file (its own column order, missing values) parsed under the
/// study schema and encoded by the study question with its public normalisation.
fn ohss(
	options: &Options,
	mlp: bool,
) -> Result<(Vec<LabelledSet>, LabelledSet, ModelSpec), String> {
	let generator = StudyGenerator::new(options.clinics, options.seed);
	let (schema, question) = (study_schema(), study_question());
	let normalisation = question.public_normalisation(&schema).map_err(|e| format!("{e:?}"))?;
	let encode = |records: &[fl_core::study_synth::StudyRecord], clinic: usize| {
		let csv = study_csv(records, &generator.column_order(clinic));
		let table = parse_table(&csv, &schema).map_err(|e| format!("{e:?}"))?;
		let rows: Vec<u32> = (0..table.len() as u32).collect();
		let encoded = question
			.encode_rows(&table, &rows, &normalisation)
			.map_err(|e| format!("{e:?}"))?;
		Ok::<_, String>(encoded.set)
	};
	let clinics = (1..=options.clinics)
		.map(|c| encode(&generator.clinic_records(c, options.rows), c))
		.collect::<Result<Vec<_>, _>>()?;
	let test = encode(&generator.test_records(options.test_rows), 0)?;
	let spec = ModelSpec {
		architecture: architecture(question.encoded_width() as u32, mlp),
		training: local_training(),
		privacy: None,
		normalisation,
		initial_model_seed: options.seed,
		question: Some(question),
		server_optimiser: ServerOptimiser::Sgd,
	};
	Ok((clinics, test, spec))
}

fn run(args: Vec<String>) -> Result<(), String> {
	let options = parse_options(args)?;
	println!(
		"# Federated strategies vs pooled training (seed {}, {} clinics x {} rows, {} rounds)\n",
		options.seed, options.clinics, options.rows, options.rounds
	);
	for &dataset in &options.datasets {
		for &mlp in &options.models {
			let (clinics, test, spec) = match dataset {
				"ivf" => ivf(&options, mlp)?,
				_ => ohss(&options, mlp)?,
			};
			let title = match (dataset, mlp) {
				("ivf", false) => "IVF live birth, logistic regression",
				("ivf", true) => "IVF live birth, MLP",
				(_, false) => {
					"OHSS study (categorical columns, missing values), logistic regression"
				},
				(_, true) => "OHSS study (categorical columns, missing values), MLP",
			};
			run_dataset(title, clinics, test, spec, options.rounds, options.server_lr_ppm)?;
		}
	}
	Ok(())
}

fn main() -> ExitCode {
	match run(std::env::args().skip(1).collect()) {
		Ok(()) => ExitCode::SUCCESS,
		Err(why) => {
			eprintln!("strategy-bench: {why}");
			ExitCode::FAILURE
		},
	}
}
