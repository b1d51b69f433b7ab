//! Distributed DP noise under secure aggregation: each clinic adds a discrete Gaussian share
//! to its weighted update, the masked sum carries the whole, and the accountant charges one
//! Gaussian step of the sum.

mod common;

use common::sample_std;
use fl_core::{
	dp::{self, DpSgd},
	features::FeatureScaling,
	fixed,
	model::Architecture,
	rng,
	secure_aggregation::{
		self as secagg, MaskContext, MaskKeys, MaskedInput, RevealedShares, SecretKind,
	},
	spec::{ModelSpec, SpecError, TrainingParams},
	train::{self, LabelledSet, TrainingError},
};
use ndarray::{Array1, Array2};

const FEATURES: usize = 6;

fn spec(dp: Option<DpSgd>, batch_size: u32) -> ModelSpec {
	ModelSpec {
		architecture: Architecture::LogisticRegression { features: FEATURES as u32 },
		training: TrainingParams {
			learning_rate_ppm: 2_000_000,
			epochs: 1,
			batch_size,
			l2_ppm: 0,
			proximal_mu_ppm: 0,
		},
		privacy: dp,
		normalisation: vec![FeatureScaling::new(0.0, 1.0); FEATURES],
		initial_model_seed: 7,
		question: None,
		server_optimiser: fl_core::ServerOptimiser::Sgd,
	}
}

/// Clinic `dataset`'s part in `round` of task 9.
fn clinic_round<'a>(
	spec: &'a ModelSpec,
	base_model: &'a [i32],
	examples: &'a LabelledSet,
	clinic_secret: &'a [u8; 32],
	dataset: u32,
	round: u32,
) -> train::ClinicRound<'a> {
	train::ClinicRound { spec, base_model, examples, clinic_secret, dataset, task: 9, round }
}

fn distributed(sigma_ppm: u32) -> ModelSpec {
	spec(Some(DpSgd::distributed(1_000_000, sigma_ppm)), 1_000)
}

/// `rows` rows of a clinic, different for every `clinic`.
fn clinic_data(clinic: u64, rows: usize) -> LabelledSet {
	let mut prng = rng::prng(rng::seed_from_u64(1_000 + clinic));
	let features =
		Array2::from_shape_fn((rows, FEATURES), |_| 2.0 * rng::standard_normal(&mut prng));
	let labels = Array1::from_shape_fn(rows, |i| {
		(features[(i, 0)] - features[(i, 1)] + rng::standard_normal(&mut prng) > 0.0) as u8 as f64
	});
	LabelledSet { features, labels }
}

#[test]
fn discrete_gaussian_is_centred_integer_valued_with_the_stated_spread() {
	for std in [0.7, 3.0, 40.0, 250_000.0] {
		let mut prng = rng::prng(rng::seed_from_u64(std as u64));
		let draws: Vec<f64> =
			(0..100_000).map(|_| dp::discrete_gaussian(std, &mut prng) as f64).collect();
		let (mean, sample) = sample_std(&draws);
		// Standard errors: mean std/√n ≈ 0.0032·std, std std/√(2n) ≈ 0.0022·std. Below std 1
		// the discrete Gaussian's variance is a little below std² (its mass sits on integers).
		assert!(mean.abs() < 0.02 * std.max(1.0), "std {std}: mean {mean}");
		let tolerance = if std < 1.0 { 0.1 } else { 0.015 };
		assert!((sample / std - 1.0).abs() < tolerance, "std {std}: sample std {sample}");
	}
	let mut prng = rng::prng(rng::seed_from_u64(3));
	assert_eq!(dp::discrete_gaussian(0.0, &mut prng), 0);
	assert_eq!(dp::discrete_gaussian(f64::NAN, &mut prng), 0);
}

#[test]
fn a_distributed_round_is_charged_one_gaussian_step_whatever_the_rows() {
	let sigma_ppm = 4_000_000;
	let spec = distributed(sigma_ppm);
	let one_step = dp::rho_for_steps(sigma_ppm, 1).unwrap();
	for samples in [20, 300, 1_000] {
		assert_eq!(spec.round_rho(samples), Ok(one_step));
	}
	// The same settings with local noise pay per step: 3 epochs cost three times as much.
	let local = ModelSpec {
		training: TrainingParams { epochs: 3, ..spec.training },
		privacy: Some(DpSgd::local(1_000_000, sigma_ppm)),
		..spec.clone()
	};
	assert_eq!(local.round_rho(300), Ok(3 * one_step));
}

#[test]
fn distributed_noise_needs_one_local_step_and_shares_large_enough_to_sum() {
	let mut two_epochs = distributed(4_000_000);
	two_epochs.training.epochs = 2;
	assert_eq!(two_epochs.validate(), Err(SpecError::DistributedNoiseNeedsOneStep));

	// σ · lr · C · 2^16 = 1e-4 · 2 · 1 · 65536 ≈ 13 < 23: each share would be under 4 units.
	assert_eq!(distributed(100).validate(), Err(SpecError::DistributedNoiseTooSmall));
	assert_eq!(distributed(200).validate(), Ok(()));
	assert!(
		dp::distributed_noise_std(2_000_000, &DpSgd::distributed(1_000_000, 200), 7, 33)
			>= dp::MIN_DISTRIBUTED_NOISE_STD
	);

	// One batch must hold every row: a second step would break the sensitivity bound.
	let base = distributed(4_000_000).initial_global_model().unwrap();
	let small_batch = spec(Some(DpSgd::distributed(1_000_000, 4_000_000)), 50);
	assert_eq!(
		train::distributed_weighted_update(&small_batch, &base, &clinic_data(0, 60), [1; 32], 3),
		Err(TrainingError::InvalidSpec)
	);
	// And the spec must ask for distributed noise at all.
	let local = spec(Some(DpSgd::local(1_000_000, 4_000_000)), 1_000);
	assert_eq!(
		train::distributed_weighted_update(&local, &base, &clinic_data(0, 60), [1; 32], 3),
		Err(TrainingError::InvalidSpec)
	);
}

/// Adding or removing one row moves the noise-free weighted update by at most the
/// sensitivity the charge assumes, `lr·C·2^16 + ⌈√P⌉`.
#[test]
fn one_row_moves_the_weighted_update_by_at_most_the_sensitivity() {
	let sigma_ppm = 4_000_000;
	let spec = distributed(sigma_ppm);
	let dp = spec.privacy.unwrap();
	let base = spec.initial_global_model().unwrap();
	let parameters = base.len();
	let bound = dp::distributed_sensitivity(spec.training.learning_rate_ppm, &dp, parameters);
	// The noise-free part: the same update computed without any noise (the seed does not
	// matter for one full-batch step, and the noise is what the two runs differ by).
	let quiet = |data: &LabelledSet| -> Vec<f64> {
		let start = fixed::decode_all(&base);
		let trained = train::train(&spec, &start, data, [0; 32]).unwrap();
		trained
			.iter()
			.zip(&start)
			.map(|(t, s)| ((t - s) * data.len() as f64 * fixed::ONE as f64).round())
			.collect()
	};
	let mut largest: f64 = 0.0;
	for clinic in 0..40 {
		let data = clinic_data(clinic, 80);
		let without = LabelledSet {
			features: data.features.slice(ndarray::s![1.., ..]).to_owned(),
			labels: data.labels.slice(ndarray::s![1..]).to_owned(),
		};
		let (a, b) = (quiet(&data), quiet(&without));
		let moved = a.iter().zip(&b).map(|(x, y)| (x - y).powi(2)).sum::<f64>().sqrt();
		largest = largest.max(moved);
		assert!(moved <= bound, "clinic {clinic}: one row moved the update by {moved} > {bound}");
	}
	// Some row pushes its clipped gradient to the bound: the bound is not vacuous.
	assert!(largest > 0.5 * bound, "largest move {largest} of {bound}");
}

/// Four clinics mask their noised weighted updates; the runtime's unmasked sum gives the very
/// model the cleartext sum gives, and the sum's noise has the variance the charge assumes
/// (at least `(σΔ)²` with `t` of the shares, `n/t` times that with all `n`).
#[test]
fn masked_noised_updates_sum_to_the_cleartext_model_and_carry_the_whole_noise() {
	let sigma_ppm = 4_000_000;
	let spec = distributed(sigma_ppm);
	let dp = spec.privacy.unwrap();
	let base = spec.initial_global_model().unwrap();
	let clinics = 4u32;
	let threshold = clinics / 2 + 1;
	let data: Vec<LabelledSet> = (0..clinics as u64).map(|c| clinic_data(c, 250)).collect();

	// Secure aggregation of one round, noise and all.
	let context = MaskContext { task: 9, round: 1, parameters: base.len() as u32 };
	let keys: Vec<MaskKeys> =
		(0..clinics).map(|i| MaskKeys::from_seed(&[i as u8 + 1; 32])).collect();
	let public: Vec<_> = keys.iter().map(|k| k.public_keys()).collect();
	let secret = |c: u32| [c as u8 + 40; 32];
	let weighted: Vec<Vec<i64>> = (0..clinics)
		.map(|c| {
			clinic_round(&spec, &base, &data[c as usize], &secret(c), c, 1)
				.distributed_update(threshold)
				.unwrap()
		})
		.collect();
	let dealt: Vec<_> = (0..clinics)
		.map(|i| {
			secagg::deal_shares(&context, &keys[i as usize], i, &public, threshold as usize)
				.unwrap()
		})
		.collect();
	let masked: Vec<Vec<u64>> = (0..clinics)
		.map(|i| {
			let words: Vec<u64> = weighted[i as usize].iter().map(|&x| x as u64).collect();
			secagg::mask(&context, &keys[i as usize], i, &public, &words).unwrap()
		})
		.collect();
	let inputs: Vec<MaskedInput> = masked
		.iter()
		.enumerate()
		.map(|(i, m)| MaskedInput { index: i as u32, masked: m })
		.collect();
	// Every clinic survived: each reveals its share of every self-mask.
	let shares: Vec<Vec<secagg::Share>> = (0..clinics)
		.map(|dealer| {
			(0..clinics)
				.map(|holder| {
					secagg::open_share(
						&context,
						&keys[holder as usize],
						holder,
						dealer,
						&public,
						SecretKind::SelfMask,
						&dealt[dealer as usize][holder as usize].self_mask,
					)
					.unwrap()
				})
				.collect()
		})
		.collect();
	let revealed: Vec<RevealedShares> = shares
		.iter()
		.enumerate()
		.map(|(dealer, shares)| RevealedShares {
			dealer: dealer as u32,
			kind: SecretKind::SelfMask,
			shares,
		})
		.collect();
	let sum =
		secagg::unmask_sum(&context, &public, &inputs, &revealed, threshold as usize).unwrap();
	let samples = data.iter().map(|d| d.len() as u64).sum::<u64>();
	let secure = secagg::fedavg_from_weighted_sum(&base, &sum, samples).unwrap();
	let clear_sum: Vec<u64> = (0..base.len())
		.map(|k| weighted.iter().fold(0u64, |sum, w| sum.wrapping_add(w[k] as u64)))
		.collect();
	assert_eq!(sum, clear_sum, "the masks cancel exactly");
	assert_eq!(secure, secagg::fedavg_from_weighted_sum(&base, &clear_sum, samples).unwrap());
	assert_ne!(secure, base, "the round moved the model");

	// The noise each clinic added: its update less the noise-free one.
	let share_std =
		dp::distributed_noise_std(spec.training.learning_rate_ppm, &dp, base.len(), threshold);
	let sensitivity = dp::distributed_sensitivity(spec.training.learning_rate_ppm, &dp, base.len());
	assert!((share_std * (threshold as f64).sqrt() - 4.0 * sensitivity).abs() < 1e-6);
	let mut sum_noise = Vec::new();
	for round in 0..150u32 {
		let mut total = vec![0.0; base.len()];
		for c in 0..clinics {
			let d = &data[c as usize];
			let noised = clinic_round(&spec, &base, d, &secret(c), c, round)
				.distributed_update(threshold)
				.unwrap();
			let start = fixed::decode_all(&base);
			let trained = train::train(&spec, &start, d, [0; 32]).unwrap();
			for (k, x) in noised.iter().enumerate() {
				let quiet = ((trained[k] - start[k]) * d.len() as f64 * fixed::ONE as f64).round();
				total[k] += *x as f64 - quiet;
			}
		}
		sum_noise.extend(total);
	}
	let (mean, std) = sample_std(&sum_noise);
	let expected = share_std * (clinics as f64).sqrt();
	assert!(mean.abs() < 0.05 * expected, "mean {mean}");
	assert!((std / expected - 1.0).abs() < 0.05, "sum's noise std {std}, expected {expected}");
	assert!(expected >= 4.0 * sensitivity, "the sum carries at least σΔ");
}
