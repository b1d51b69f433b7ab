//! Behaviour of the consensus aggregation rules.

use fl_core::{
	aggregate::{
		self, fedavg, median, trimmed_mean, AggregationError, AggregationRule, ClientUpdate,
		MAX_UPDATES,
	},
	rng,
};

fn random_updates(
	clients: usize,
	parameters: usize,
	seed: u64,
) -> (Vec<i32>, Vec<(Vec<i32>, u64)>) {
	let mut prng = rng::prng(rng::seed_from_u64(seed));
	let mut draw = |span: u64| rng::below(&mut prng, span) as i64 - (span / 2) as i64;
	let global = (0..parameters).map(|_| draw(1 << 20) as i32).collect();
	let updates = (0..clients)
		.map(|_| {
			((0..parameters).map(|_| draw(1 << 16) as i32).collect(), (draw(10_000) + 5_001) as u64)
		})
		.collect();
	(global, updates)
}

fn views(updates: &[(Vec<i32>, u64)]) -> Vec<ClientUpdate<'_>> {
	updates
		.iter()
		.map(|(delta, samples)| ClientUpdate { delta, samples: *samples })
		.collect()
}

fn rules() -> [AggregationRule; 3] {
	[
		AggregationRule::FedAvg,
		AggregationRule::Median,
		AggregationRule::TrimmedMean { trim_each_side: 2 },
	]
}

#[test]
fn every_rule_is_bit_identical_across_runs() {
	let (global, updates) = random_updates(9, 500, 1);
	for rule in rules() {
		let first = aggregate::aggregate(rule, &global, &views(&updates)).unwrap();
		for _ in 0..3 {
			assert_eq!(
				aggregate::aggregate(rule, &global, &views(&updates)).unwrap(),
				first,
				"{rule:?}"
			);
		}
	}
}

#[test]
fn every_rule_ignores_the_order_of_updates() {
	let (global, mut updates) = random_updates(10, 300, 2);
	let expected: Vec<_> = rules()
		.iter()
		.map(|&r| aggregate::aggregate(r, &global, &views(&updates)).unwrap())
		.collect();
	let mut prng = rng::prng(rng::seed_from_u64(3));
	for _ in 0..20 {
		rng::shuffle(&mut prng, &mut updates);
		for (rule, expected) in rules().iter().zip(&expected) {
			assert_eq!(
				&aggregate::aggregate(*rule, &global, &views(&updates)).unwrap(),
				expected,
				"{rule:?}"
			);
		}
	}
}

#[test]
fn fedavg_weights_by_samples_and_rounds_half_away_from_zero() {
	let a = [10, 1, -1, 3];
	let b = [20, 2, -2, 0];
	let global = [100, 0, 0, 0];
	// Weights 1:3 → 17.5 → 18; 1.75 → 2; -1.75 → -2; 0.75 → 1.
	let out = fedavg(
		&global,
		&[ClientUpdate { delta: &a, samples: 1 }, ClientUpdate { delta: &b, samples: 3 }],
	)
	.unwrap();
	assert_eq!(out, vec![118, 2, -2, 1]);
	// Exact ties: 1.5 → 2 and -1.5 → -2.
	let out = fedavg(
		&[0, 0],
		&[
			ClientUpdate { delta: &[1, -1], samples: 1 },
			ClientUpdate { delta: &[2, -2], samples: 1 },
		],
	)
	.unwrap();
	assert_eq!(out, vec![2, -2]);
}

#[test]
fn fedavg_gives_zero_sample_updates_no_weight() {
	let out = fedavg(
		&[0],
		&[ClientUpdate { delta: &[1_000], samples: 0 }, ClientUpdate { delta: &[10], samples: 5 }],
	)
	.unwrap();
	assert_eq!(out, vec![10]);
}

#[test]
fn median_of_an_even_count_averages_the_middle_pair_toward_zero() {
	let u = |d: &'static [i32]| ClientUpdate { delta: d, samples: 1 };
	assert_eq!(median(&[0, 0], &[u(&[1, -1]), u(&[2, -2])]).unwrap(), vec![1, -1]);
	assert_eq!(median(&[5], &[u(&[1]), u(&[4]), u(&[10]), u(&[1_000_000])]).unwrap(), vec![5 + 7]);
	assert_eq!(median(&[0], &[u(&[3]), u(&[-9]), u(&[7])]).unwrap(), vec![3]);
}

#[test]
fn median_ignores_sample_counts() {
	let out = median(
		&[0],
		&[
			ClientUpdate { delta: &[100], samples: 1_000_000 },
			ClientUpdate { delta: &[1], samples: 1 },
			ClientUpdate { delta: &[2], samples: 1 },
		],
	)
	.unwrap();
	assert_eq!(out, vec![2]);
}

#[test]
fn trimmed_mean_drops_outliers_on_each_side() {
	let u = |d: &'static [i32]| ClientUpdate { delta: d, samples: 1 };
	let updates = [u(&[i32::MIN]), u(&[10]), u(&[11]), u(&[13]), u(&[i32::MAX])];
	assert_eq!(trimmed_mean(&[0], &updates, 1).unwrap(), vec![11]);
	// (10 + 11) / 2 = 10.5 → 11 (half away from zero).
	assert_eq!(trimmed_mean(&[0], &updates[..4], 1).unwrap(), vec![11]);
}

#[test]
fn results_saturate_at_the_ends_of_the_i32_range() {
	let up = [i32::MAX];
	let down = [i32::MIN];
	for rule in rules() {
		let updates: Vec<_> = (0..5).map(|_| ClientUpdate { delta: &up, samples: 7 }).collect();
		assert_eq!(
			aggregate::aggregate(rule, &[i32::MAX - 5], &updates).unwrap(),
			vec![i32::MAX],
			"{rule:?}"
		);
		let updates: Vec<_> = (0..5).map(|_| ClientUpdate { delta: &down, samples: 7 }).collect();
		assert_eq!(
			aggregate::aggregate(rule, &[-10], &updates).unwrap(),
			vec![i32::MIN],
			"{rule:?}"
		);
	}
}

#[test]
fn malformed_input_returns_errors_without_panicking() {
	let global = [0, 0, 0];
	let good = [1, 2, 3];
	let short = [1, 2];
	for rule in rules() {
		assert_eq!(aggregate::aggregate(rule, &global, &[]), Err(AggregationError::NoUpdates));
		let mixed =
			[ClientUpdate { delta: &good, samples: 1 }, ClientUpdate { delta: &short, samples: 1 }];
		assert_eq!(
			aggregate::aggregate(rule, &global, &mixed),
			Err(AggregationError::LengthMismatch { index: 1 })
		);
		let too_many: Vec<_> =
			(0..=MAX_UPDATES).map(|_| ClientUpdate { delta: &good, samples: 1 }).collect();
		assert_eq!(
			aggregate::aggregate(rule, &global, &too_many),
			Err(AggregationError::TooManyUpdates)
		);
	}
	let weightless =
		[ClientUpdate { delta: &good, samples: 0 }, ClientUpdate { delta: &good, samples: 0 }];
	assert_eq!(fedavg(&global, &weightless), Err(AggregationError::ZeroTotalWeight));
	let four: Vec<_> = (0..4).map(|_| ClientUpdate { delta: &good, samples: 1 }).collect();
	assert_eq!(trimmed_mean(&global, &four, 2), Err(AggregationError::TrimTooLarge));
	assert_eq!(trimmed_mean(&global, &four, usize::MAX), Err(AggregationError::TrimTooLarge));
	assert!(trimmed_mean(&global, &four, 1).is_ok());
}

#[test]
fn rounding_helper_rounds_half_away_from_zero() {
	use aggregate::divide_round_half_away as div;
	assert_eq!([div(5, 2), div(-5, 2), div(4, 3), div(-4, 3), div(7, 0)], [3, -3, 1, -1, 0]);
	assert_eq!(div(i128::MAX, 2), i128::MAX / 2 + 1);
}

/// What the runtime relies on to close a large round chunk by chunk: for a coordinate-wise
/// rule, the aggregates of chunks of coordinates put together are the aggregate of the whole
/// updates, for any chunk length; Krum compares whole updates and is not coordinate-wise.
#[test]
fn coordinate_wise_rules_aggregate_chunk_by_chunk_to_the_whole_aggregate() {
	for (seed, clients, parameters, chunk) in
		[(1, 5, 37, 8), (2, 9, 100, 7), (3, 16, 1_000, 512), (4, 5, 5, 1), (5, 7, 64, 64)]
	{
		let (global, updates) = random_updates(clients, parameters, seed);
		for rule in rules() {
			assert!(rule.is_coordinate_wise());
			let whole = aggregate::aggregate(rule, &global, &views(&updates)).unwrap();
			let mut chunked = Vec::new();
			for start in (0..parameters).step_by(chunk) {
				let end = (start + chunk).min(parameters);
				let pieces: Vec<(Vec<i32>, u64)> =
					updates.iter().map(|(d, n)| (d[start..end].to_vec(), *n)).collect();
				let part =
					aggregate::aggregate(rule, &global[start..end], &views(&pieces)).unwrap();
				chunked.extend(part);
			}
			assert_eq!(chunked, whole, "{rule:?}, chunks of {chunk}");
		}
	}
	for rule in [
		AggregationRule::Krum { byzantine: 1 },
		AggregationRule::MultiKrum { byzantine: 1, selected: 2 },
		AggregationRule::SecureFedAvg,
	] {
		assert!(!rule.is_coordinate_wise(), "{rule:?}");
	}
}
