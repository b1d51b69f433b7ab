//! What closing a round costs in arithmetic: each aggregation rule, and a server optimiser's
//! step, on random updates, natively (release build).
//!
//! ```text
//! aggregate-bench [--repeat 5]
//! ```
//!
//! For 4, 16 and 100 clinics and 1,000 and 10,000 parameters it draws random Q15.16 updates
//! (normal, standard deviation 0.05) and times `fl_core::aggregate` for FedAvg, median,
//! trimmed mean (a tenth trimmed at each side, at least one), Krum and multi-Krum (`f` a
//! tenth of the clinics, at least one, where `n ≥ 2f + 3`), and `ServerOptimiser::step` for
//! FedAdam, printing the median over `--repeat` runs in milliseconds. Random, unsorted updates
//! are the robust rules' real case (sorted or equal ones are their best). The runtime prices
//! a close by its benchmark (`pallet_federated_learning::WeightInfo::close_round`, storage
//! included) plus `krum_weight` and `server_step_weight`, whose per-operation prices this
//! table bounds from above.

use std::{process::ExitCode, time::Instant};

use fl_core::{
	aggregate, fixed, rng, AggregationRule, ClientUpdate, OptimiserState, ServerOptimiser,
};

fn median_millis(repeat: usize, mut run: impl FnMut()) -> f64 {
	let mut times: Vec<f64> = (0..repeat.max(1))
		.map(|_| {
			let started = Instant::now();
			run();
			started.elapsed().as_secs_f64() * 1e3
		})
		.collect();
	times.sort_by(f64::total_cmp);
	times[times.len() / 2]
}

fn main() -> ExitCode {
	let mut repeat = 5usize;
	let mut args = std::env::args().skip(1);
	while let Some(flag) = args.next() {
		match (flag.as_str(), args.next().map(|v| v.parse::<usize>())) {
			("--repeat", Some(Ok(n))) if n > 0 => repeat = n,
			_ => {
				eprintln!("usage: aggregate-bench [--repeat N]");
				return ExitCode::FAILURE;
			},
		}
	}
	let adam = ServerOptimiser::Adam {
		learning_rate_ppm: 100_000,
		beta1_ppm: 900_000,
		beta2_ppm: 990_000,
		tau_ppm: 1_000,
	};
	println!(
		"# Closing a round: aggregation and server step, random updates (median of {repeat}, ms)"
	);
	println!();
	println!("| clinics | parameters | FedAvg | median | trimmed mean | Krum | multi-Krum | FedAdam step |");
	println!("|---|---|---|---|---|---|---|---|");
	let mut prng = rng::prng(rng::seed_from_u64(2026));
	for clinics in [4usize, 16, 100] {
		for parameters in [1_000usize, 10_000] {
			let global: Vec<i32> = (0..parameters)
				.map(|_| fixed::encode(rng::standard_normal(&mut prng)))
				.collect();
			let deltas: Vec<Vec<i32>> = (0..clinics)
				.map(|_| {
					(0..parameters)
						.map(|_| fixed::encode(0.05 * rng::standard_normal(&mut prng)))
						.collect()
				})
				.collect();
			let updates: Vec<ClientUpdate<'_>> = deltas
				.iter()
				.enumerate()
				.map(|(i, d)| ClientUpdate { delta: d, samples: 100 + i as u64 })
				.collect();
			let tenth = (clinics / 10).max(1);
			let byzantine = tenth.min((clinics.saturating_sub(3)) / 2) as u32;
			let rules = [
				AggregationRule::FedAvg,
				AggregationRule::Median,
				AggregationRule::TrimmedMean { trim_each_side: tenth as u32 },
				AggregationRule::Krum { byzantine },
				AggregationRule::MultiKrum {
					byzantine,
					selected: (clinics as u32 - byzantine).min(clinics as u32 / 2).max(1),
				},
			];
			let mut cells = Vec::new();
			for rule in rules {
				let millis = median_millis(repeat, || {
					std::hint::black_box(aggregate(rule, &global, &updates).expect("valid"));
				});
				cells.push(format!("{millis:.2}"));
			}
			let aggregated = aggregate(AggregationRule::FedAvg, &global, &updates).expect("valid");
			let millis = median_millis(repeat, || {
				let mut state = OptimiserState::default();
				std::hint::black_box(adam.step(&global, &aggregated, &mut state).expect("valid"));
			});
			cells.push(format!("{millis:.2}"));
			println!("| {clinics} | {parameters} | {} |", cells.join(" | "));
		}
	}
	ExitCode::SUCCESS
}
