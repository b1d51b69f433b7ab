//! The federated strategies of issue 17 against float references written here: the server
//! optimisers (FedAvgM, FedAdagrad, FedAdam, FedYogi), Krum, multi-Krum and FedProx.
//!
//! Tolerances come from the error bounds in `fl_core::optimiser`'s module docs, plus `1e-12`
//! for the reference's own float rounding (its values stay below 2^7, so its relative error of
//! about 1e-16 per operation is far below that).

use codec::Encode;
use fl_core::{
	aggregate::{self, krum, multi_krum, AggregationError, AggregationRule, ClientUpdate},
	features::{self, FEATURE_COUNT},
	fixed,
	model::Architecture,
	optimiser::{integer_sqrt, OptimiserError, OptimiserState, ServerOptimiser},
	rng,
	spec::{ModelSpec, TrainingParams},
	synth::Generator,
	train::{self, LabelledSet},
	DpSgd,
};

/// Slack for the float reference's own rounding.
const FLOAT_SLACK: f64 = 1e-12;
/// Half a Q15.16 ulp: one rounding of a model value or of the first moment.
const HALF_ULP: f64 = 1.0 / (1u64 << 17) as f64;
/// Half a Q31.32 ulp: one rounding of the second moment.
const HALF_ULP_V: f64 = 1.0 / (1u64 << 33) as f64;

/// Uniform integer in `-span..span`.
fn draw(prng: &mut rng::Prng, span: i64) -> i64 {
	rng::below(prng, 2 * span as u64) as i64 - span
}

// ---------------------------------------------------------------- server optimisers

/// Hyper-parameters as reals, the reference's view of a [`ServerOptimiser`].
#[derive(Clone, Copy, Debug)]
struct Real {
	eta: f64,
	beta1: f64,
	beta2: f64,
	tau: f64,
}

fn real(optimiser: ServerOptimiser) -> Real {
	let ppm = |v: u32| v as f64 / 1e6;
	match optimiser {
		ServerOptimiser::Sgd => Real { eta: 1.0, beta1: 0.0, beta2: 0.0, tau: 0.0 },
		ServerOptimiser::AvgM { learning_rate_ppm, momentum_ppm } => {
			Real { eta: ppm(learning_rate_ppm), beta1: ppm(momentum_ppm), beta2: 0.0, tau: 0.0 }
		},
		ServerOptimiser::Adagrad { learning_rate_ppm, beta1_ppm, tau_ppm } => Real {
			eta: ppm(learning_rate_ppm),
			beta1: ppm(beta1_ppm),
			beta2: 0.0,
			tau: ppm(tau_ppm),
		},
		ServerOptimiser::Adam { learning_rate_ppm, beta1_ppm, beta2_ppm, tau_ppm }
		| ServerOptimiser::Yogi { learning_rate_ppm, beta1_ppm, beta2_ppm, tau_ppm } => Real {
			eta: ppm(learning_rate_ppm),
			beta1: ppm(beta1_ppm),
			beta2: ppm(beta2_ppm),
			tau: ppm(tau_ppm),
		},
	}
}

/// The reference moments `(m, v)` after one step from `(m, v)` with pseudo-gradient `delta`,
/// straight from the papers' formulas in real arithmetic.
fn reference_moments(optimiser: ServerOptimiser, m: f64, v: f64, delta: f64) -> (f64, f64) {
	let r = real(optimiser);
	let square = delta * delta;
	let adaptive_m = r.beta1 * m + (1.0 - r.beta1) * delta;
	match optimiser {
		ServerOptimiser::Sgd => (0.0, 0.0),
		ServerOptimiser::AvgM { .. } => (r.beta1 * m + delta, 0.0),
		ServerOptimiser::Adagrad { .. } => (adaptive_m, v + square),
		ServerOptimiser::Adam { .. } => (adaptive_m, r.beta2 * v + (1.0 - r.beta2) * square),
		ServerOptimiser::Yogi { .. } => {
			let sign = (v - square).partial_cmp(&0.0).map_or(0.0, |o| o as i8 as f64);
			(adaptive_m, v - (1.0 - r.beta2) * square * sign)
		},
	}
}

/// The reference step `x' − x` from the new moments.
fn reference_step(optimiser: ServerOptimiser, m: f64, v: f64) -> f64 {
	let r = real(optimiser);
	match optimiser {
		ServerOptimiser::Sgd => m,
		ServerOptimiser::AvgM { .. } => r.eta * m,
		_ => r.eta * m / (v.sqrt() + r.tau),
	}
}

fn optimisers() -> Vec<ServerOptimiser> {
	vec![
		ServerOptimiser::AvgM { learning_rate_ppm: 1_000_000, momentum_ppm: 900_000 },
		ServerOptimiser::AvgM { learning_rate_ppm: 300_000, momentum_ppm: 0 },
		ServerOptimiser::Adagrad { learning_rate_ppm: 10_000, beta1_ppm: 900_000, tau_ppm: 1_000 },
		ServerOptimiser::Adagrad { learning_rate_ppm: 500_000, beta1_ppm: 0, tau_ppm: 50_000 },
		ServerOptimiser::Adam {
			learning_rate_ppm: 10_000,
			beta1_ppm: 900_000,
			beta2_ppm: 990_000,
			tau_ppm: 1_000,
		},
		// τ of one millionth: the amplification `η/τ` of the rounding of `m` is at its worst.
		ServerOptimiser::Adam {
			learning_rate_ppm: 1_000_000,
			beta1_ppm: 0,
			beta2_ppm: 500_000,
			tau_ppm: 1,
		},
		ServerOptimiser::Yogi {
			learning_rate_ppm: 10_000,
			beta1_ppm: 900_000,
			beta2_ppm: 990_000,
			tau_ppm: 1_000,
		},
		ServerOptimiser::Yogi {
			learning_rate_ppm: 100_000,
			beta1_ppm: 500_000,
			beta2_ppm: 999_000,
			tau_ppm: 10_000,
		},
	]
}

/// A global model (within ±4 parameter units) and an aggregated model whose pseudo-gradient
/// mixes zeros, tiny (a few ulps), medium and large (up to ±2 units) coordinates.
fn round_inputs(prng: &mut rng::Prng, global: &[i32]) -> Vec<i32> {
	global
		.iter()
		.map(|&g| {
			let delta = match rng::below(prng, 4) {
				0 => 0,
				1 => draw(prng, 4),
				2 => draw(prng, 1 << 12),
				_ => draw(prng, 1 << 17),
			};
			(g as i64 + delta) as i32
		})
		.collect()
}

fn random_global(prng: &mut rng::Prng, n: usize) -> Vec<i32> {
	(0..n).map(|_| draw(prng, 4 << 16) as i32).collect()
}

fn q16(v: i64) -> f64 {
	v as f64 / 65_536.0
}

fn q32(v: i64) -> f64 {
	v as f64 / 4_294_967_296.0
}

#[test]
fn integer_sqrt_is_the_exact_floor() {
	let mut prng = rng::prng(rng::seed_from_u64(1));
	let mut values: Vec<u128> =
		vec![0, 1, 2, 3, 4, 5, 8, 9, 10, 15, 16, 17, u128::MAX, u128::MAX - 1];
	for k in [1u128, 2, 3, 1 << 20, (1 << 64) - 2, u64::MAX as u128] {
		values.extend([k * k - 1, k * k, k * k + 1]);
	}
	for _ in 0..20_000 {
		let wide = (rng::below(&mut prng, u64::MAX) as u128) << 64
			| rng::below(&mut prng, u64::MAX) as u128;
		// Every magnitude, not only huge numbers.
		values.push(wide >> rng::below(&mut prng, 128));
	}
	for n in values {
		let root = integer_sqrt(n);
		assert_eq!(root, n.isqrt(), "{n}");
		assert!(root * root <= n, "{n}");
		assert!((root + 1).checked_mul(root + 1).is_none_or(|next| next > n), "{n}");
	}
}

#[test]
fn sgd_returns_the_aggregate_and_leaves_the_state_alone() {
	let mut prng = rng::prng(rng::seed_from_u64(2));
	let global = random_global(&mut prng, 50);
	let aggregated = round_inputs(&mut prng, &global);
	let mut state = OptimiserState::default();
	assert_eq!(ServerOptimiser::Sgd.step(&global, &aggregated, &mut state), Ok(aggregated));
	assert_eq!(state, OptimiserState::default());
}

#[test]
fn avgm_with_unit_rate_and_no_momentum_is_the_aggregate() {
	let mut prng = rng::prng(rng::seed_from_u64(3));
	let optimiser = ServerOptimiser::AvgM { learning_rate_ppm: 1_000_000, momentum_ppm: 0 };
	let mut state = OptimiserState::default();
	let mut global = random_global(&mut prng, 40);
	for _ in 0..5 {
		let aggregated = round_inputs(&mut prng, &global);
		let next = optimiser.step(&global, &aggregated, &mut state).unwrap();
		assert_eq!(next, aggregated);
		global = next;
	}
}

/// Every optimiser, over several rounds of state, against the float reference: per step from
/// the stored state (the documented per-step bounds), and the moments along an independent
/// float trajectory (the per-step rounding summed over a geometric series).
#[test]
fn every_optimiser_matches_a_float_reference_within_its_bound_over_rounds() {
	const PARAMETERS: usize = 300;
	const ROUNDS: usize = 12;
	for (k, optimiser) in optimisers().into_iter().enumerate() {
		let r = real(optimiser);
		let adaptive = !matches!(optimiser, ServerOptimiser::AvgM { .. });
		let mut prng = rng::prng(rng::seed_from_u64(100 + k as u64));
		let mut global = random_global(&mut prng, PARAMETERS);
		let mut state = OptimiserState::default();
		let (mut float_m, mut float_v) = (vec![0.0; PARAMETERS], vec![0.0; PARAMETERS]);
		for round in 0..ROUNDS {
			let aggregated = round_inputs(&mut prng, &global);
			let before = state.clone();
			let next = optimiser.step(&global, &aggregated, &mut state).unwrap();
			assert_eq!(state.first_moment.len(), PARAMETERS);
			assert_eq!(state.second_moment.len(), if adaptive { PARAMETERS } else { 0 });
			for i in 0..PARAMETERS {
				let at = format!("{optimiser:?}, round {round}, parameter {i}");
				let delta_q = aggregated[i] as i64 - global[i] as i64;
				let delta = q16(delta_q);
				let m_before = q16(before.first_moment.get(i).copied().unwrap_or(0));
				let v_before_q = before.second_moment.get(i).copied().unwrap_or(0);
				let (m_exact, v_exact) =
					reference_moments(optimiser, m_before, q32(v_before_q), delta);
				let m = q16(state.first_moment[i]);
				assert!((m - m_exact).abs() <= HALF_ULP + FLOAT_SLACK, "m: {at}");
				let v = if adaptive { q32(state.second_moment[i]) } else { 0.0 };
				match optimiser {
					// Adagrad's second moment is exact: the Q31.32 sum of squared Q15.16 integers.
					ServerOptimiser::Adagrad { .. } => {
						assert_eq!(state.second_moment[i], v_before_q + delta_q * delta_q, "{at}")
					},
					ServerOptimiser::Adam { .. } | ServerOptimiser::Yogi { .. } => {
						assert!(state.second_moment[i] >= 0, "v: {at}");
						assert!((v - v_exact).abs() <= HALF_ULP_V + FLOAT_SLACK, "v: {at}");
					},
					_ => {},
				}
				let x = fixed::decode(global[i]);
				let x_new = fixed::decode(next[i]);
				let stored_step = reference_step(optimiser, m, v);
				let exact = x + reference_step(optimiser, m_exact, v_exact);
				if adaptive {
					// The final rounding and the floor of the square root, from the stored moments.
					let sqrt_term = stored_step.abs() * 1e-6 / 65_536.0 / r.tau;
					let tight = (x_new - (x + stored_step)).abs();
					assert!(tight <= HALF_ULP + sqrt_term + FLOAT_SLACK, "x from m', v': {at}");
					// The documented total against exact arithmetic from the previous state.
					let epsilon = if matches!(optimiser, ServerOptimiser::Adagrad { .. }) {
						0.0
					} else {
						let roots = v.sqrt() + v_exact.sqrt();
						(HALF_ULP_V.sqrt()).min(if roots > 0.0 {
							HALF_ULP_V / roots
						} else {
							f64::MAX
						})
					};
					let bound = HALF_ULP
						+ (r.eta * HALF_ULP + stored_step.abs() * (epsilon + 1e-6 / 65_536.0))
							/ r.tau;
					assert!((x_new - exact).abs() <= bound + FLOAT_SLACK, "x: {at}");
				} else {
					let bound = HALF_ULP * (1.0 + r.eta);
					assert!((x_new - exact).abs() <= bound + FLOAT_SLACK, "x: {at}");
				}
				// The independent float trajectory: the moments' rounding errors decay
				// geometrically, by β₁ (β for AvgM) and β₂.
				let (m_float, v_float) =
					reference_moments(optimiser, float_m[i], float_v[i], delta);
				float_m[i] = m_float;
				float_v[i] = v_float;
				let m_drift = HALF_ULP / (1.0 - r.beta1);
				assert!((m - m_float).abs() <= m_drift + FLOAT_SLACK, "m trajectory: {at}");
				match optimiser {
					ServerOptimiser::Adagrad { .. } => assert_eq!(v, v_float, "{at}"),
					ServerOptimiser::Adam { .. } => {
						let v_drift = HALF_ULP_V / (1.0 - r.beta2);
						assert!((v - v_float).abs() <= v_drift + FLOAT_SLACK, "v trajectory: {at}");
					},
					// Yogi's `sign(v − Δ²)` jumps, so its trajectories are compared per step only.
					_ => {},
				}
			}
			global = next;
		}
		// The comparison is not vacuous: the model moved, and by more than the tolerance.
		assert!(state.first_moment.iter().any(|&m| m.abs() > 1 << 10), "{optimiser:?}");
	}
}

#[test]
fn optimiser_steps_replay_bit_for_bit() {
	for optimiser in optimisers() {
		let run = || {
			let mut prng = rng::prng(rng::seed_from_u64(7));
			let mut global = random_global(&mut prng, 200);
			let mut state = OptimiserState::default();
			let mut models = Vec::new();
			for _ in 0..8 {
				let aggregated = round_inputs(&mut prng, &global);
				global = optimiser.step(&global, &aggregated, &mut state).unwrap();
				models.push(global.clone());
			}
			(models, state)
		};
		let first = run();
		assert_eq!(run(), first, "{optimiser:?}");
		// Rounds differ from one another: the replay compares real work.
		assert_ne!(first.0[0], first.0[7], "{optimiser:?}");
	}
}

#[test]
fn invalid_hyper_parameters_are_refused_and_change_nothing() {
	let invalid = [
		ServerOptimiser::AvgM { learning_rate_ppm: 0, momentum_ppm: 0 },
		ServerOptimiser::AvgM { learning_rate_ppm: 1, momentum_ppm: 1_000_000 },
		ServerOptimiser::Adagrad { learning_rate_ppm: 0, beta1_ppm: 0, tau_ppm: 1 },
		ServerOptimiser::Adagrad { learning_rate_ppm: 1, beta1_ppm: 1_000_000, tau_ppm: 1 },
		ServerOptimiser::Adagrad { learning_rate_ppm: 1, beta1_ppm: 0, tau_ppm: 0 },
		ServerOptimiser::Adam {
			learning_rate_ppm: 1,
			beta1_ppm: 0,
			beta2_ppm: 1_000_000,
			tau_ppm: 1,
		},
		ServerOptimiser::Adam { learning_rate_ppm: 1, beta1_ppm: 0, beta2_ppm: 0, tau_ppm: 0 },
		ServerOptimiser::Yogi { learning_rate_ppm: 0, beta1_ppm: 0, beta2_ppm: 0, tau_ppm: 1 },
		ServerOptimiser::Yogi {
			learning_rate_ppm: 1,
			beta1_ppm: 2_000_000,
			beta2_ppm: 0,
			tau_ppm: 1,
		},
	];
	let global = vec![0, 1 << 16, -(1 << 16)];
	let aggregated = vec![5, 6, 7];
	let state = OptimiserState { first_moment: vec![1, 2, 3], second_moment: vec![4, 5, 6] };
	for optimiser in invalid {
		let mut after = state.clone();
		assert_eq!(
			optimiser.step(&global, &aggregated, &mut after),
			Err(OptimiserError::InvalidParams),
			"{optimiser:?}"
		);
		assert_eq!(after, state, "{optimiser:?}");
	}
}

#[test]
fn mismatched_lengths_are_refused_and_leave_the_state_unchanged() {
	let global = vec![1, 2, 3, 4];
	let sized = OptimiserState { first_moment: vec![9; 4], second_moment: vec![16; 4] };
	let cases = [
		// The aggregate and the model differ.
		(vec![1, 2, 3], sized.clone()),
		// A moment of another non-zero length.
		(vec![5, 6, 7, 8], OptimiserState { first_moment: vec![9; 3], ..sized.clone() }),
		(vec![5, 6, 7, 8], OptimiserState { second_moment: vec![16; 5], ..sized.clone() }),
	];
	let adam =
		ServerOptimiser::Adam { learning_rate_ppm: 1_000, beta1_ppm: 0, beta2_ppm: 0, tau_ppm: 1 };
	for optimiser in [adam, ServerOptimiser::AvgM { learning_rate_ppm: 1, momentum_ppm: 0 }] {
		for (i, (aggregated, state)) in cases.iter().enumerate() {
			// AvgM ignores the second moment, so only its first two cases are errors.
			if i == 2 && matches!(optimiser, ServerOptimiser::AvgM { .. }) {
				continue;
			}
			let mut after = state.clone();
			assert_eq!(
				optimiser.step(&global, aggregated, &mut after),
				Err(OptimiserError::LengthMismatch),
				"{optimiser:?}, case {i}"
			);
			assert_eq!(&after, state, "{optimiser:?}, case {i}");
		}
	}
	assert_eq!(
		ServerOptimiser::Sgd.step(&global, &[1, 2], &mut OptimiserState::default()),
		Err(OptimiserError::LengthMismatch)
	);
	// A fresh state is sized on first use; a sized one of the right length is used as it is.
	let mut fresh = OptimiserState::default();
	adam.step(&global, &[5, 6, 7, 8], &mut fresh).unwrap();
	assert_eq!((fresh.first_moment.len(), fresh.second_moment.len()), (4, 4));
	let mut used = sized.clone();
	adam.step(&global, &[5, 6, 7, 8], &mut used).unwrap();
	assert_ne!(used, sized);
}

#[test]
fn optimiser_results_saturate_at_the_ends_of_the_ranges() {
	let adagrad =
		ServerOptimiser::Adagrad { learning_rate_ppm: 4_000_000_000, beta1_ppm: 0, tau_ppm: 1 };
	// A pseudo-gradient of ±(2^32 − 1): its square in Q31.32 is beyond `i64`, so the second
	// moment saturates, and stays there, instead of wrapping.
	let (global, aggregated) = (vec![i32::MIN, i32::MAX, 0], vec![i32::MAX, i32::MIN, 0]);
	let mut state = OptimiserState::default();
	for _ in 0..2 {
		let next = adagrad.step(&global, &aggregated, &mut state).unwrap();
		// The step from the saturated moment: η·m/(√v + τ) with √v = 2^15.5 units.
		let step = 4_000.0 * q16(u32::MAX as i64) / (q32(i64::MAX).sqrt() + 1e-6);
		let expected = fixed::decode(i32::MIN) + step;
		assert!((fixed::decode(next[0]) - expected).abs() <= HALF_ULP + FLOAT_SLACK, "{next:?}");
		assert_eq!((next[1], next[2]), (-1 - next[0], 0));
		assert_eq!(state.second_moment, vec![i64::MAX, i64::MAX, 0]);
	}
	// A step of about η = 4,000 units from near the ends saturates the model.
	let (global, aggregated) = (vec![i32::MAX - 100, i32::MIN + 100], vec![i32::MAX, i32::MIN]);
	let mut state = OptimiserState::default();
	assert_eq!(adagrad.step(&global, &aggregated, &mut state), Ok(vec![i32::MAX, i32::MIN]));
	let avgm = ServerOptimiser::AvgM { learning_rate_ppm: 4_000_000_000, momentum_ppm: 999_999 };
	let (global, aggregated) = (vec![i32::MIN, i32::MAX, 0], vec![i32::MAX, i32::MIN, 0]);
	let mut state = OptimiserState::default();
	for _ in 0..3 {
		assert_eq!(avgm.step(&global, &aggregated, &mut state), Ok(vec![i32::MAX, i32::MIN, 0]));
	}
}

// ---------------------------------------------------------------- Krum and multi-Krum

/// The reference Krum ranking in floats: scores from squared distances, ties by the deltas.
fn reference_ranking(deltas: &[Vec<i32>], byzantine: usize) -> Vec<usize> {
	let n = deltas.len();
	let real: Vec<Vec<f64>> = deltas.iter().map(|d| fixed::decode_all(d)).collect();
	let scores: Vec<f64> = (0..n)
		.map(|i| {
			let mut distances: Vec<f64> = (0..n)
				.filter(|&j| j != i)
				.map(|j| real[i].iter().zip(&real[j]).map(|(a, b)| (a - b) * (a - b)).sum())
				.collect();
			distances.sort_by(f64::total_cmp);
			distances.iter().take(n - byzantine - 2).sum()
		})
		.collect();
	let mut ranking: Vec<usize> = (0..n).collect();
	ranking
		.sort_by(|&i, &j| scores[i].total_cmp(&scores[j]).then_with(|| deltas[i].cmp(&deltas[j])));
	ranking
}

/// `global + mean of the selected deltas` in floats.
fn reference_multi_krum(
	global: &[i32],
	deltas: &[Vec<i32>],
	byzantine: usize,
	selected: usize,
) -> Vec<f64> {
	let ranking = reference_ranking(deltas, byzantine);
	(0..global.len())
		.map(|c| {
			let mean =
				ranking[..selected].iter().map(|&i| fixed::decode(deltas[i][c])).sum::<f64>()
					/ selected as f64;
			fixed::decode(global[c]) + mean
		})
		.collect()
}

fn views(deltas: &[Vec<i32>]) -> Vec<ClientUpdate<'_>> {
	deltas
		.iter()
		.enumerate()
		.map(|(i, delta)| ClientUpdate { delta, samples: 100 + i as u64 })
		.collect()
}

/// `honest` deltas scattered around a common direction and `byzantine` ones far away.
fn krum_inputs(seed: u64, honest: usize, byzantine: usize, d: usize) -> (Vec<i32>, Vec<Vec<i32>>) {
	let mut prng = rng::prng(rng::seed_from_u64(seed));
	let global = random_global(&mut prng, d);
	let centre: Vec<i64> = (0..d).map(|_| draw(&mut prng, 1 << 15)).collect();
	let mut deltas: Vec<Vec<i32>> = (0..honest)
		.map(|_| centre.iter().map(|&c| (c + draw(&mut prng, 1 << 13)) as i32).collect())
		.collect();
	deltas
		.extend((0..byzantine).map(|_| (0..d).map(|_| draw(&mut prng, 1 << 20) as i32).collect()));
	(global, deltas)
}

#[test]
fn krum_and_multi_krum_match_the_float_reference() {
	for (seed, honest, byzantine, d) in
		[(1, 7, 2, 40), (2, 10, 3, 25), (3, 3, 0, 10), (4, 20, 1, 8)]
	{
		let (global, deltas) = krum_inputs(seed, honest, byzantine, d);
		let n = deltas.len();
		let ranking = reference_ranking(&deltas, byzantine);
		// Krum takes one delta whole: exact.
		let expected: Vec<i32> =
			global.iter().zip(&deltas[ranking[0]]).map(|(g, d)| g + d).collect();
		assert_eq!(krum(&global, &views(&deltas), byzantine), Ok(expected.clone()));
		assert_eq!(multi_krum(&global, &views(&deltas), byzantine, 1), Ok(expected));
		for selected in 1..=n - byzantine {
			let rule = AggregationRule::MultiKrum {
				byzantine: byzantine as u32,
				selected: selected as u32,
			};
			let result = aggregate::aggregate(rule, &global, &views(&deltas)).unwrap();
			let reference = reference_multi_krum(&global, &deltas, byzantine, selected);
			for (c, (&x, &exact)) in result.iter().zip(&reference).enumerate() {
				// One rounding of the mean, half away from zero.
				assert!(
					(fixed::decode(x) - exact).abs() <= HALF_ULP + FLOAT_SLACK,
					"seed {seed}, m {selected}, {c}"
				);
			}
		}
	}
}

#[test]
fn krum_keeps_byzantine_updates_out() {
	let (honest, byzantine) = (8, 3);
	let (global, deltas) = krum_inputs(9, honest, byzantine, 30);
	let updates = views(&deltas);
	let chosen = |model: &[i32]| model.iter().zip(&global).map(|(m, g)| m - g).collect::<Vec<_>>();
	let krum_delta = chosen(&krum(&global, &updates, byzantine).unwrap());
	assert!(deltas[..honest].contains(&krum_delta));
	// Multi-Krum with every honest update selected is their plain mean; FedAvg is dragged away.
	let honest_mean = aggregate::trimmed_mean(&global, &updates[..honest], 0).unwrap();
	assert_eq!(multi_krum(&global, &updates, byzantine, honest).unwrap(), honest_mean);
	let fedavg = aggregate::fedavg(&global, &updates).unwrap();
	let distance = |a: &[i32]| {
		fixed::squared_norm(&a.iter().zip(&honest_mean).map(|(x, y)| x - y).collect::<Vec<_>>())
	};
	assert!(distance(&fedavg) > 100 * distance(&krum(&global, &updates, byzantine).unwrap()));
}

#[test]
fn krum_breaks_score_ties_by_the_deltas_whatever_the_input_order() {
	// One coordinate at −3, −1, 0, 1, 3 units (f = 1, two neighbours each): 0 scores 2, ±1
	// tie at 5, ±3 tie at 13. The second best is the lexicographically smaller −1.
	let unit = 1 << 16;
	let mut deltas: Vec<Vec<i32>> = [-3, -1, 0, 1, 3].iter().map(|&v| vec![v * unit, 7]).collect();
	let global = vec![100, -100];
	let mut prng = rng::prng(rng::seed_from_u64(11));
	for _ in 0..20 {
		rng::shuffle(&mut prng, &mut deltas);
		assert_eq!(krum(&global, &views(&deltas), 1), Ok(vec![100, -93]));
		assert_eq!(multi_krum(&global, &views(&deltas), 1, 2), Ok(vec![100 - unit / 2, -93]));
		// Three: 0, −1 and 1, mean 0; four adds −3: mean −3/4.
		assert_eq!(multi_krum(&global, &views(&deltas), 1, 3), Ok(vec![100, -93]));
		assert_eq!(multi_krum(&global, &views(&deltas), 1, 4), Ok(vec![100 - 3 * unit / 4, -93]));
	}
}

#[test]
fn krum_results_replay_and_ignore_the_input_order() {
	let (global, mut deltas) = krum_inputs(12, 9, 2, 50);
	// A duplicate, so that two updates tie completely.
	deltas.push(deltas[3].clone());
	let rules = [
		AggregationRule::Krum { byzantine: 2 },
		AggregationRule::MultiKrum { byzantine: 2, selected: 5 },
		AggregationRule::MultiKrum { byzantine: 2, selected: 10 },
	];
	let expected: Vec<_> = rules
		.iter()
		.map(|&rule| aggregate::aggregate(rule, &global, &views(&deltas)).unwrap())
		.collect();
	let mut prng = rng::prng(rng::seed_from_u64(13));
	for _ in 0..10 {
		for (rule, expected) in rules.iter().zip(&expected) {
			assert_eq!(
				&aggregate::aggregate(*rule, &global, &views(&deltas)).unwrap(),
				expected,
				"{rule:?}"
			);
		}
		rng::shuffle(&mut prng, &mut deltas);
	}
	assert_ne!(expected[0], expected[1]);
}

#[test]
fn krum_refuses_too_few_updates_and_invalid_selections() {
	let (global, deltas) = krum_inputs(14, 5, 0, 6);
	let updates = views(&deltas);
	let run = |rule| aggregate::aggregate(rule, &global, &updates);
	// n = 5 allows f = 1 (5 ≥ 2·1 + 3) but not f = 2.
	assert!(run(AggregationRule::Krum { byzantine: 1 }).is_ok());
	for byzantine in [2, u32::MAX] {
		assert_eq!(
			run(AggregationRule::Krum { byzantine }),
			Err(AggregationError::KrumTooFewUpdates)
		);
		assert_eq!(
			run(AggregationRule::MultiKrum { byzantine, selected: 1 }),
			Err(AggregationError::KrumTooFewUpdates)
		);
	}
	assert_eq!(krum(&global, &updates[..2], 0), Err(AggregationError::KrumTooFewUpdates));
	assert!(run(AggregationRule::MultiKrum { byzantine: 1, selected: 4 }).is_ok());
	for selected in [0, 5, u32::MAX] {
		assert_eq!(
			run(AggregationRule::MultiKrum { byzantine: 1, selected }),
			Err(AggregationError::KrumSelectionInvalid),
			"{selected}"
		);
	}
	// The shared checks still come first.
	assert_eq!(krum(&global, &[], 0), Err(AggregationError::NoUpdates));
	assert_eq!(krum(&global[..5], &updates, 1), Err(AggregationError::LengthMismatch { index: 0 }));
}

#[test]
fn krum_rules_keep_the_existing_scale_indices_and_are_not_secure() {
	// Appended at the end: the existing rules' and errors' indices are unchanged.
	assert_eq!(AggregationRule::SecureFedAvg.encode(), vec![3]);
	assert_eq!(AggregationRule::Krum { byzantine: 1 }.encode(), vec![4, 1, 0, 0, 0]);
	assert_eq!(
		AggregationRule::MultiKrum { byzantine: 1, selected: 2 }.encode(),
		vec![5, 1, 0, 0, 0, 2, 0, 0, 0]
	);
	assert_eq!(AggregationError::TrimTooLarge.encode(), vec![5]);
	assert_eq!(AggregationError::KrumTooFewUpdates.encode(), vec![6]);
	assert_eq!(AggregationError::KrumSelectionInvalid.encode(), vec![7]);
	assert!(!AggregationRule::Krum { byzantine: 0 }.is_secure());
	assert!(!AggregationRule::MultiKrum { byzantine: 0, selected: 1 }.is_secure());
}

// ---------------------------------------------------------------- FedProx

fn ivf_spec(architecture: Architecture, privacy: Option<DpSgd>, proximal_mu_ppm: u32) -> ModelSpec {
	ModelSpec {
		architecture,
		training: TrainingParams {
			learning_rate_ppm: 200_000,
			epochs: 3,
			batch_size: 32,
			l2_ppm: 100,
			proximal_mu_ppm,
		},
		privacy,
		normalisation: features::reference_normalisation(),
		initial_model_seed: 11,
		question: None,
		server_optimiser: ServerOptimiser::Sgd,
	}
}

fn ivf_clinic(clinic: usize, rows: usize) -> LabelledSet {
	let generator = Generator::new(3, 7);
	let cycles: Vec<_> =
		generator.clinic_records(clinic, rows).into_iter().map(|r| r.cycle).collect();
	features::labelled_set(&cycles, &features::reference_normalisation()).unwrap()
}

fn bits_hash(params: &[f64]) -> [u8; 32] {
	let bytes: Vec<u8> = params.iter().flat_map(|p| p.to_bits().to_le_bytes()).collect();
	sp_crypto_hashing::blake2_256(&bytes)
}

/// With `μ = 0` training keeps the exact bits it had before FedProx: the hashes below were
/// taken from `train` as it was before the proximal term was added, for a logistic regression
/// without DP and an MLP with DP-SGD.
#[test]
fn fedprox_with_zero_mu_trains_bit_for_bit_as_before() {
	const BEFORE: [[u8; 32]; 2] = [
		[
			78, 62, 192, 167, 199, 229, 196, 104, 111, 185, 195, 115, 77, 196, 188, 32, 21, 180,
			235, 15, 106, 241, 53, 122, 103, 238, 133, 151, 244, 221, 85, 239,
		],
		[
			197, 113, 157, 16, 64, 49, 112, 142, 72, 191, 52, 126, 215, 92, 96, 183, 24, 220, 98,
			125, 160, 81, 9, 105, 173, 94, 60, 213, 241, 19, 246, 105,
		],
	];
	let data = ivf_clinic(1, 300);
	let cases = [
		(Architecture::LogisticRegression { features: FEATURE_COUNT as u32 }, None),
		(
			Architecture::Mlp { features: FEATURE_COUNT as u32, hidden: 8 },
			Some(DpSgd::local(1_000_000, 1_000_000)),
		),
	];
	for ((architecture, privacy), before) in cases.into_iter().zip(BEFORE) {
		let spec = ivf_spec(architecture, privacy, 0);
		let start = fixed::decode_all(&spec.initial_global_model().unwrap());
		let trained = train::train(&spec, &start, &data, [3; 32]).unwrap();
		assert_eq!(bits_hash(&trained), before, "{architecture:?}");
		// And a non-zero μ changes the result.
		let prox = ivf_spec(architecture, privacy, 10_000);
		assert_ne!(train::train(&prox, &start, &data, [3; 32]).unwrap(), trained);
	}
}

/// FedProx for logistic regression in plain floats: the same shuffles (the crate's PRNG and
/// Fisher–Yates, which the test does not re-implement) and the textbook step
/// `θ ← θ − lr·(mean gradient + λθ + μ(θ − θ₀))`.
fn reference_fedprox(
	spec: &ModelSpec,
	start: &[f64],
	data: &LabelledSet,
	seed: [u8; 32],
) -> Vec<f64> {
	let t = spec.training;
	let (lr, l2, mu) = (t.learning_rate(), t.l2(), t.proximal_mu());
	let d = data.features.ncols();
	let mut theta = start.to_vec();
	let mut prng = rng::prng(seed);
	let mut order: Vec<usize> = (0..data.len()).collect();
	for _ in 0..t.epochs {
		rng::shuffle(&mut prng, &mut order);
		for batch in order.chunks(t.batch_size as usize) {
			let mut gradient = vec![0.0; d + 1];
			for &i in batch {
				let x = data.features.row(i);
				let z = (0..d).map(|k| theta[k] * x[k]).sum::<f64>() + theta[d];
				let error = 1.0 / (1.0 + (-z).exp()) - data.labels[i];
				for k in 0..d {
					gradient[k] += error * x[k];
				}
				gradient[d] += error;
			}
			for k in 0..=d {
				let g =
					gradient[k] / batch.len() as f64 + l2 * theta[k] + mu * (theta[k] - start[k]);
				theta[k] -= lr * g;
			}
		}
	}
	theta
}

#[test]
fn fedprox_matches_the_float_reference() {
	let data = ivf_clinic(2, 400);
	let architecture = Architecture::LogisticRegression { features: FEATURE_COUNT as u32 };
	let mut prng = rng::prng(rng::seed_from_u64(21));
	// A start away from the initial model, so that `θ − θ₀` and `θ` differ.
	let start: Vec<f64> =
		(0..=FEATURE_COUNT).map(|_| rng::standard_normal(&mut prng) * 0.5).collect();
	for mu_ppm in [0, 10_000, 1_000_000, 3_000_000] {
		let spec = ivf_spec(architecture, None, mu_ppm);
		let trained = train::train(&spec, &start, &data, [5; 32]).unwrap();
		let reference = reference_fedprox(&spec, &start, &data, [5; 32]);
		for (k, (a, b)) in trained.iter().zip(&reference).enumerate() {
			// Only float rounding differs (ndarray's dot product and `libm::exp` versus the
			// loop and `f64::exp` here): a few ulps of values of order one per step, over 39
			// steps that contract more than they amplify.
			assert!((a - b).abs() <= 1e-9, "μ {mu_ppm}, parameter {k}: {a} vs {b}");
		}
	}
}

#[test]
fn a_large_mu_keeps_the_local_model_closer_to_the_start() {
	let data = ivf_clinic(3, 500);
	for architecture in [
		Architecture::LogisticRegression { features: FEATURE_COUNT as u32 },
		Architecture::Mlp { features: FEATURE_COUNT as u32, hidden: 8 },
	] {
		let global = ivf_spec(architecture, None, 0).initial_global_model().unwrap();
		let distance = |mu_ppm| {
			let spec = ivf_spec(architecture, None, mu_ppm);
			let update = train::local_update(&spec, &global, &data, [8; 32]).unwrap();
			fixed::squared_norm(&update.delta)
		};
		let (plain, small, large) = (distance(0), distance(100_000), distance(2_000_000));
		assert!(small < plain, "{architecture:?}: {small} vs {plain}");
		assert!(4 * large < plain, "{architecture:?}: {large} vs {plain}");
	}
}
