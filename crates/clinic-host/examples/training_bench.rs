//! Local training as a clinic's off-chain worker gets it, against `fl-train`, on the same rows
//! with the same timing.
//!
//! ```sh
//! cargo run --release -p ivf-clinic-host --example training_bench [-- --repeat 5]
//! ```
//!
//! For the logistic model and the 1,345-parameter MLP of the federated-learning end-to-end test
//! (DP-SGD: σ 4 and 6, C 1, batch 300), at 300 and 5,000 synthetic rows, it prints the median
//! over `--repeat` runs of:
//!
//! - **fl-train**: `fl_core::train::local_update` alone, timed with `Instant` around the call,
//!   as `fl-train` times it;
//! - **worker**: what the worker's `clinic_node::train` host call costs, timed the same way
//!   around all of it: the request SCALE-encoded (by the runtime) and decoded (by the host, as
//!   `PassFatPointerAndDecode` does), the node's `ClinicNode::train` (row selection, the
//!   score histogram, the same `local_update`, clipping), and the outcome encoded and decoded
//!   back (`AllocateAndReturnByCodec`);
//!
//! - **of which training**: the `local_update` inside that call, as the node times it (the
//!   `training_micros` the worker logs);
//!
//! and the ratios to fl-train. The whole call also computes the score histogram (one forward
//! pass over the rows), which `fl-train` does not: for the tiny logistic model that pass costs
//! about as much as a few training steps. The Wasm-to-host call itself (a pointer and a length
//! each way) is in neither figure; every row stays in the host.

use codec::{Decode, Encode};
use fl_core::{
	features::{labelled_set, reference_normalisation, FEATURE_COUNT},
	synth::Generator,
	Architecture, DpSgd, ModelSpec, TrainingParams,
};
use ivf_clinic_host::{native::ClinicNode, TrainingOutcome, TrainingRequest};
use std::time::Instant;

fn spec(architecture: Architecture, epochs: u32, noise_multiplier_ppm: u32) -> ModelSpec {
	ModelSpec {
		architecture,
		training: TrainingParams {
			learning_rate_ppm: 2_000_000,
			epochs,
			batch_size: 300,
			l2_ppm: 0,
			proximal_mu_ppm: 0,
		},
		privacy: Some(DpSgd::local(1_000_000, noise_multiplier_ppm)),
		normalisation: reference_normalisation(),
		initial_model_seed: 2024,
		question: None,
		server_optimiser: fl_core::ServerOptimiser::Sgd,
	}
}

fn median(mut times: Vec<f64>) -> f64 {
	times.sort_by(f64::total_cmp);
	times[times.len() / 2]
}

fn main() {
	let args: Vec<String> = std::env::args().collect();
	let repeat = args
		.iter()
		.position(|a| a == "--repeat")
		.and_then(|i| args.get(i + 1))
		.and_then(|n| n.parse().ok())
		.unwrap_or(5usize)
		.max(1);
	let features = FEATURE_COUNT as u32;
	let models = [
		(
			"logistic (20 parameters), 3 epochs",
			spec(Architecture::LogisticRegression { features }, 3, 4_000_000),
		),
		(
			"MLP (1,345 parameters), 20 epochs",
			spec(Architecture::Mlp { features, hidden: 64 }, 20, 6_000_000),
		),
	];
	println!("median of {repeat} runs each; DP-SGD, C 1, batch 300");
	for rows in [300usize, 5_000] {
		let records = Generator::new(1, 2024).clinic_records(1, rows);
		let cycles: Vec<_> = records.iter().map(|r| r.cycle).collect();
		let node = ClinicNode::in_memory([7; 32]);
		node.insert_rows(0, records.iter().map(|r| (r.pseudonym, r.cycle)).collect());
		let index = node.dataset_index(0).expect("just inserted");
		for (name, spec) in &models {
			let examples = labelled_set(&cycles, &spec.normalisation).expect("reference columns");
			let global = spec.initial_global_model().expect("a valid spec");
			let native: Vec<f64> = (0..repeat)
				.map(|run| {
					let started = Instant::now();
					let update =
						fl_core::train::local_update(spec, &global, &examples, [run as u8; 32]);
					let ms = started.elapsed().as_secs_f64() * 1000.0;
					std::hint::black_box(update.expect("trains"));
					ms
				})
				.collect();
			let mut inside = Vec::with_capacity(repeat);
			let worker: Vec<f64> = (0..repeat)
				.map(|run| {
					let request = TrainingRequest {
						dataset: 0,
						dataset_version: index.version,
						rows: (0..rows as u32).collect(),
						spec: spec.clone(),
						spec_id: spec.id(),
						task: run as u64,
						round: 1,
						base_model: global.clone(),
						base_model_hash: [0; 32],
						update_norm_bound: u128::MAX,
						noise_threshold: None,
					};
					let started = Instant::now();
					let decoded =
						TrainingRequest::decode(&mut &request.encode()[..]).expect("codec");
					let outcome = node.train(&decoded).expect("trains");
					let back = TrainingOutcome::decode(&mut &outcome.encode()[..]).expect("codec");
					let ms = started.elapsed().as_secs_f64() * 1000.0;
					inside.push(back.training_micros as f64 / 1000.0);
					ms
				})
				.collect();
			let (native, worker, inside) = (median(native), median(worker), median(inside));
			println!(
				"{rows:>5} rows, {name}: fl-train {native:.2} ms; worker call {worker:.2} ms \
				 ({:.3}x), of which training {inside:.2} ms ({:.3}x)",
				worker / native,
				inside / native,
			);
		}
	}
}
