//! Behaviour of DP-SGD noise and the zCDP accountant.

mod common;

use common::sample_std;
use fl_core::{
	dp::{self, DpSgd, PrivacyBudget, PrivacyError},
	features::FeatureScaling,
	model::Architecture,
	rng,
	spec::{ModelSpec, TrainingParams},
	train::{self, LabelledSet},
};
use ndarray::{Array1, Array2};

#[test]
fn gaussian_noise_has_the_stated_standard_deviation() {
	let mut prng = rng::prng(rng::seed_from_u64(21));
	let mut values = vec![0.0; 200_000];
	dp::add_gaussian_noise(&mut values, 3.0, &mut prng);
	let (mean, std) = sample_std(&values);
	// Standard errors: mean 3/√n ≈ 0.0067, std 3/√(2n) ≈ 0.0047.
	assert!(mean.abs() < 0.03, "mean {mean}");
	assert!((std - 3.0).abs() < 0.02, "std {std}");
}

/// End to end: one DP-SGD step with learning rate 1 over one batch of `B` examples moves every
/// parameter by the mean clipped gradient plus noise of std `σ·C / B`. Comparing with a run of
/// negligible noise isolates the noise; over many seeds its spread must be `σ·C / B`.
#[test]
fn dp_sgd_step_noise_has_scale_sigma_times_clip_over_batch() {
	let n = 50;
	let features =
		Array2::from_shape_fn((n, 4), |(i, j)| ((i * 7 + j * 3) % 11) as f64 / 5.0 - 1.0);
	let labels = Array1::from_shape_fn(n, |i| (i % 3 == 0) as u8 as f64);
	let data = LabelledSet { features, labels };
	let (clip, sigma) = (0.5, 2.0);
	let spec = |noise_multiplier_ppm| ModelSpec {
		architecture: Architecture::LogisticRegression { features: 4 },
		training: TrainingParams {
			learning_rate_ppm: 1_000_000,
			epochs: 1,
			batch_size: n as u32,
			l2_ppm: 0,
			proximal_mu_ppm: 0,
		},
		privacy: Some(DpSgd::local(500_000, noise_multiplier_ppm)),
		normalisation: vec![FeatureScaling::new(0.0, 1.0); 4],
		initial_model_seed: 0,
		question: None,
		server_optimiser: fl_core::ServerOptimiser::Sgd,
	};
	let (noisy, quiet) = (spec(2_000_000), spec(1));
	let start = [0.0; 5];
	let mut noise = Vec::new();
	for seed in 0..4_000u64 {
		let s = rng::seed_from_u64(seed);
		let a = train::train(&noisy, &start, &data, s).unwrap();
		let b = train::train(&quiet, &start, &data, s).unwrap();
		noise.extend(a.iter().zip(&b).map(|(x, y)| x - y));
	}
	let (mean, std) = sample_std(&noise);
	let expected = sigma * clip / n as f64;
	assert!(mean.abs() < 0.03 * expected, "mean {mean}");
	assert!((std / expected - 1.0).abs() < 0.02, "std {std}, expected {expected}");
}

#[test]
fn clipping_bounds_the_l2_norm() {
	let mut g = [3.0, 4.0];
	assert_eq!(dp::clip_to_norm(&mut g, 1.0), 5.0);
	assert!((g[0] - 0.6).abs() < 1e-15 && (g[1] - 0.8).abs() < 1e-15);
	let mut small = [0.1, 0.1];
	dp::clip_to_norm(&mut small, 1.0);
	assert_eq!(small, [0.1, 0.1]);
}

/// Reference computed independently: ρ per step `1/(2σ²)` in floating point, times the steps.
fn reference_rho(sigma: f64, samples: u64, epochs: u32, batch: u32) -> f64 {
	let steps = epochs as f64 * (samples as f64 / batch as f64).ceil();
	steps / (2.0 * sigma * sigma)
}

#[test]
fn round_charge_never_undercharges_and_overcharges_by_at_most_one_millionth() {
	let mut prng = rng::prng(rng::seed_from_u64(5));
	for _ in 0..10_000 {
		let sigma_ppm = 1 + rng::below(&mut prng, 20_000_000) as u32;
		let samples = rng::below(&mut prng, 100_000);
		let epochs = 1 + rng::below(&mut prng, 10) as u32;
		let batch = 1 + rng::below(&mut prng, 1_000) as u32;
		let charged = dp::round_rho(&DpSgd::local(1, sigma_ppm), samples, epochs, batch).unwrap();
		// Exact rational check: charged / 10⁶ >= steps / (2 (σ_ppm / 10⁶)²).
		let steps = epochs as u128 * (samples as u128).div_ceil(batch as u128);
		let sigma = sigma_ppm as u128;
		if charged < u64::MAX {
			assert!(charged as u128 * 2 * sigma * sigma >= steps * 10u128.pow(18));
			assert!(
				steps == 0 || (charged as u128 - 1) * 2 * sigma * sigma < steps * 10u128.pow(18)
			);
		}
		let reference = reference_rho(sigma_ppm as f64 / 1e6, samples, epochs, batch);
		if reference < 1e12 {
			assert!(
				dp::rho_value(charged) >= reference * (1.0 - 1e-12),
				"{charged} vs {reference}"
			);
			assert!(dp::rho_value(charged) <= reference * (1.0 + 1e-12) + 1e-6);
		}
	}
}

#[test]
fn charges_add_up_across_rounds_and_the_budget_refuses_excess() {
	let dp = DpSgd::local(1_000_000, 8_000_000);
	// 8,000 examples, batch 2,000, 1 epoch: 4 steps of 1/(2·64) → ρ = 0.03125 per round.
	let per_round = dp::round_rho(&dp, 8_000, 1, 2_000).unwrap();
	assert_eq!(per_round, 31_250);
	let mut budget = PrivacyBudget::new(20 * per_round);
	for _ in 0..20 {
		budget.charge(per_round).unwrap();
	}
	assert_eq!(budget.spent, 625_000);
	assert_eq!(budget.remaining(), 0);
	assert_eq!(budget.charge(1), Err(PrivacyError::BudgetExceeded));
	assert_eq!(budget.spent, 625_000, "a refused charge changes nothing");
	let mut full = PrivacyBudget { limit: u64::MAX, spent: u64::MAX - 1 };
	assert_eq!(full.charge(2), Err(PrivacyError::BudgetExceeded));
}

#[test]
fn spec_charges_only_with_noise() {
	let dp = DpSgd::local(1_000_000, 1_000_000);
	assert_eq!(dp::round_rho(&dp, 10, 1, 0), Err(PrivacyError::ZeroBatchSize));
	assert_eq!(dp::rho_for_steps(0, 1), Err(PrivacyError::NoNoise));
	assert_eq!(dp::rho_for_steps(1, u64::MAX), Ok(u64::MAX));
	// σ = 1, one step: ρ = 1/2.
	assert_eq!(dp::rho_for_steps(1_000_000, 1), Ok(500_000));
}

#[test]
fn epsilon_follows_the_zcdp_conversion() {
	let rho = 0.625;
	let delta: f64 = 1e-5;
	let expected = rho + 2.0 * (rho * (1.0 / delta).ln()).sqrt();
	assert!((dp::epsilon(rho, delta) - expected).abs() < 1e-12);
}
