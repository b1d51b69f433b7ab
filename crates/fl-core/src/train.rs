//! Local training at a clinic: mini-batch SGD with L2, optionally DP-SGD.
//!
//! Runs off chain (the clinic's worker, native tools), so it may use floats; it is still
//! deterministic for a seed, because shuffling and noise come from [`crate::rng`] and the
//! maths from `ndarray` and `libm` in a fixed order. A clinic can therefore replay its own
//! rounds bit for bit.
//!
//! One epoch shuffles the examples (Fisher–Yates), cuts them into batches of `batch_size` (the
//! last one may be shorter) and for each batch takes the step
//! `θ ← θ − lr · (g + λθ + μ(θ − θ₀))`, where `g` is the mean per-example log-loss gradient
//! and `θ₀` the parameters the training started from. Under DP-SGD each per-example gradient
//! is clipped to `C` and `g = (Σ clipped + N(0, (σC)²)) / |batch|` (see [`crate::dp`]). The L2
//! term covers every parameter, biases included: one rule for every architecture.
//!
//! The `μ` term is FedProx's proximal term (Li et al., "Federated Optimization in
//! Heterogeneous Networks", MLSys 2020; [`TrainingParams::proximal_mu_ppm`]): the gradient
//! of `μ/2·‖θ − θ₀‖²`, which pulls a clinic whose data differ from the others' back towards
//! the round's model, so that many local steps do not carry it too far. It depends on the
//! parameters only, never on an example, so it is neither clipped nor noised and leaves the
//! DP-SGD sensitivity, and so the privacy charge, unchanged. With `μ = 0` the term is not
//! computed at all, and training is bit for bit what it was before FedProx existed.
//!
//! [`TrainingParams::proximal_mu_ppm`]: crate::spec::TrainingParams::proximal_mu_ppm

use alloc::vec::Vec;
use ndarray::{Array1, Array2};

use crate::{
	dp, fixed,
	model::ShapeMismatch,
	rng,
	secure_aggregation::{WEIGHTED_MAX, WEIGHTED_MIN},
	spec::ModelSpec,
};

/// Examples (one row of normalised features each) and their 0/1 labels.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelledSet {
	/// `n × d` features.
	pub features: Array2<f64>,
	/// `n` labels, 1.0 for the positive class (live birth), 0.0 otherwise.
	pub labels: Array1<f64>,
}

impl LabelledSet {
	/// Number of examples.
	pub fn len(&self) -> usize {
		self.labels.len()
	}

	/// Whether there are no examples.
	pub fn is_empty(&self) -> bool {
		self.labels.is_empty()
	}

	/// All examples of every set, in order: the pooled (centralised) data set.
	pub fn concatenate(sets: &[&LabelledSet]) -> Result<LabelledSet, TrainingError> {
		let feature_views: Vec<_> = sets.iter().map(|s| s.features.view()).collect();
		let label_views: Vec<_> = sets.iter().map(|s| s.labels.view()).collect();
		Ok(LabelledSet {
			features: ndarray::concatenate(ndarray::Axis(0), &feature_views)
				.map_err(|_| TrainingError::FeatureCount)?,
			labels: ndarray::concatenate(ndarray::Axis(0), &label_views)
				.map_err(|_| TrainingError::FeatureCount)?,
		})
	}
}

/// Why local training could not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrainingError {
	/// The spec fails [`ModelSpec::validate`].
	InvalidSpec,
	/// The parameter vector does not fit the spec's architecture.
	Shape(ShapeMismatch),
	/// The data's feature count differs from the architecture's, or rows and labels differ.
	FeatureCount,
	/// The clinic has no examples to train on.
	NoExamples,
}

/// What a clinic reveals for a round: its model change in Q15.16 and its sample count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalUpdate {
	/// Local model minus the global model, Q15.16.
	pub delta: Vec<i32>,
	/// Examples trained on (the FedAvg weight, and the `n` of the round's privacy charge).
	pub samples: u64,
}

/// Trains from `start` on `data` as `spec` says; returns the trained parameters. `start` is
/// also the `θ₀` that FedProx's proximal term pulls towards (see the module docs).
pub fn train(
	spec: &ModelSpec,
	start: &[f64],
	data: &LabelledSet,
	seed: [u8; 32],
) -> Result<Vec<f64>, TrainingError> {
	spec.validate().map_err(|_| TrainingError::InvalidSpec)?;
	let arch = spec.architecture;
	arch.view(start).map_err(TrainingError::Shape)?;
	if data.features.ncols() != arch.features() || data.features.nrows() != data.len() {
		return Err(TrainingError::FeatureCount);
	}
	if data.is_empty() {
		return Err(TrainingError::NoExamples);
	}

	let t = spec.training;
	let (learning_rate, l2, proximal_mu) = (t.learning_rate(), t.l2(), t.proximal_mu());
	let batch_size = t.batch_size as usize;
	let mut prng = rng::prng(seed);
	let mut params = start.to_vec();
	let mut order: Vec<usize> = (0..data.len()).collect();
	let mut example_gradient = alloc::vec![0.0; params.len()];
	let mut batch_gradient = alloc::vec![0.0; params.len()];

	for _ in 0..t.epochs {
		rng::shuffle(&mut prng, &mut order);
		for batch in order.chunks(batch_size) {
			batch_gradient.iter_mut().for_each(|g| *g = 0.0);
			let model = arch.view(&params).map_err(TrainingError::Shape)?;
			for &i in batch {
				let x = data.features.row(i);
				model.loss_and_gradient(x, data.labels[i], &mut example_gradient);
				if let Some(dp) = &spec.privacy {
					dp::clip_to_norm(&mut example_gradient, dp.clip_norm());
				}
				for (sum, g) in batch_gradient.iter_mut().zip(&example_gradient) {
					*sum += g;
				}
			}
			// Distributed noise is added once, to the weighted update
			// ([`distributed_weighted_update`]), not at each step.
			if let Some(dp) = spec.privacy.as_ref().filter(|dp| !dp.is_distributed()) {
				dp::add_gaussian_noise(
					&mut batch_gradient,
					dp.noise_multiplier() * dp.clip_norm(),
					&mut prng,
				);
			}
			let inverse_batch = 1.0 / batch.len() as f64;
			for ((p, g), p_start) in params.iter_mut().zip(&batch_gradient).zip(start) {
				let mut gradient = g * inverse_batch + l2 * *p;
				// Skipped, not multiplied by zero, when `μ = 0`: adding `0·(θ − θ₀)` could
				// still flip the sign of a zero, and plain SGD must keep its exact bits.
				if proximal_mu != 0.0 {
					gradient += proximal_mu * (*p - p_start);
				}
				*p -= learning_rate * gradient;
			}
		}
	}
	Ok(params)
}

/// One clinic's round: decode the global model, train, and quantise the change to Q15.16.
pub fn local_update(
	spec: &ModelSpec,
	global: &[i32],
	data: &LabelledSet,
	seed: [u8; 32],
) -> Result<LocalUpdate, TrainingError> {
	let start = fixed::decode_all(global);
	let trained = train(spec, &start, data, seed)?;
	let delta = trained.iter().zip(&start).map(|(t, s)| fixed::encode(t - s)).collect();
	Ok(LocalUpdate { delta, samples: data.len() as u64 })
}

/// The seed of a clinic's training in one round of one task:
/// `blake2_256("ivf-fl/seed/v1" ‖ spec id ‖ task ‖ round ‖ base model hash ‖ clinic secret)`.
///
/// The clinic secret matters under DP: anyone who knew the seed could regenerate the noise and
/// subtract it from the revealed update. With the secret in the seed, the clinic (and only it)
/// can replay its training bit for bit. The task id and the hash of the model the round starts
/// from make every draw of noise new: two tasks with the same spec on the same dataset (or a
/// round retried from the same model under another task) never share noise, so subtracting
/// their updates cancels nothing.
pub fn round_seed(
	spec_id: &[u8; 32],
	task: u64,
	round: u32,
	base_model_hash: &[u8; 32],
	clinic_secret: &[u8],
) -> [u8; 32] {
	const TAG: &[u8] = b"ivf-fl/seed/v1";
	let mut preimage = Vec::with_capacity(TAG.len() + 76 + clinic_secret.len());
	preimage.extend_from_slice(TAG);
	preimage.extend_from_slice(spec_id);
	preimage.extend_from_slice(&task.to_le_bytes());
	preimage.extend_from_slice(&round.to_le_bytes());
	preimage.extend_from_slice(base_model_hash);
	preimage.extend_from_slice(clinic_secret);
	sp_crypto_hashing::blake2_256(&preimage)
}

/// The seed of a clinic's training of `dataset` in `round` of `task`: [`round_seed`] with the
/// clinic node's 32-byte secret followed by `SCALE(dataset)` (`u32`, little-endian) as the
/// secret part, so that two datasets of one clinic never draw the same noise.
///
/// This is the seed the clinic's node trains with (`ivf_clinic_host`'s `ClinicNode::train`),
/// and native tools (`fl-train --update`) recompute a clinic's exact update with it. Every
/// task, round and starting model gets its own seed, so DP noise is never drawn twice;
/// without the secret, nobody can regenerate (and subtract) the noise.
pub fn clinic_seed(
	spec_id: &[u8; 32],
	task: u64,
	round: u32,
	base_model_hash: &[u8; 32],
	clinic_secret: &[u8; 32],
	dataset: u32,
) -> [u8; 32] {
	let mut secret = Vec::with_capacity(36);
	secret.extend_from_slice(clinic_secret);
	secret.extend_from_slice(&dataset.to_le_bytes());
	round_seed(spec_id, task, round, base_model_hash, &secret)
}

/// One clinic's part in `round` of `task` on `dataset`, as its node computes it: what native
/// tools (`fl-train --update`) recompute from the clinic's own file and secret, bit for bit, to
/// look for it on chain. The seed is [`clinic_seed`] of the spec's id ([`ModelSpec::id`]) and
/// the starting model's hash as the chain stores it (`blake2_256(SCALE(parameters))`), both
/// computed here.
pub struct ClinicRound<'a> {
	/// The task's spec.
	pub spec: &'a ModelSpec,
	/// The round's starting model (Q15.16).
	pub base_model: &'a [i32],
	/// The rows the clinic's worker trains on, in the order it chose them.
	pub examples: &'a LabelledSet,
	/// The clinic node's training secret.
	pub clinic_secret: &'a [u8; 32],
	/// The dataset's id on chain.
	pub dataset: u32,
	/// The task.
	pub task: u64,
	/// The round.
	pub round: u32,
}

impl ClinicRound<'_> {
	/// The seed the clinic's node trains with.
	pub fn seed(&self) -> [u8; 32] {
		let base_model_hash =
			sp_crypto_hashing::blake2_256(&codec::Encode::encode(self.base_model));
		clinic_seed(
			&self.spec.id(),
			self.task,
			self.round,
			&base_model_hash,
			self.clinic_secret,
			self.dataset,
		)
	}

	/// The update the node reveals in the clear (and, under local noise with secure
	/// aggregation, weights and masks): [`local_update`] clipped into `update_norm_bound`
	/// (Q15.16 units) with [`dp::clip_quantised`].
	///
	/// Errors: those of [`local_update`].
	pub fn update(&self, update_norm_bound: u128) -> Result<Vec<i32>, TrainingError> {
		let local = local_update(self.spec, self.base_model, self.examples, self.seed())?;
		Ok(dp::clip_quantised(local.delta, update_norm_bound))
	}

	/// Under distributed noise, the noised weighted update the node masks:
	/// [`distributed_weighted_update`] with the round's unmasking `threshold`.
	///
	/// Errors: those of [`distributed_weighted_update`].
	pub fn distributed_update(&self, threshold: u32) -> Result<Vec<i64>, TrainingError> {
		distributed_weighted_update(
			self.spec,
			self.base_model,
			self.examples,
			self.seed(),
			threshold,
		)
	}
}

/// A clinic's noised weighted update under distributed DP noise
/// ([`crate::dp::DpNoise::Distributed`]): one full-batch step from `base_model` on `examples`
/// (per-example gradients clipped, no noise), the change times the sample count on the Q15.16
/// grid, `x = round(2^16 · n · (θ' − θ))`, plus its share of the round's noise, a discrete
/// Gaussian of standard deviation [`dp::distributed_noise_std`] per coordinate drawn from
/// `seed` under its own tag. What it masks for a securely aggregated round; each coordinate is
/// kept in [`WEIGHTED_MIN`]`..=`[`WEIGHTED_MAX`] so that a sum of up to 64 stays exact in
/// `i64`.
///
/// Errors: those of [`train`]; [`TrainingError::InvalidSpec`] unless the spec has
/// distributed noise and one batch holds every example.
pub fn distributed_weighted_update(
	spec: &ModelSpec,
	base_model: &[i32],
	examples: &LabelledSet,
	seed: [u8; 32],
	threshold: u32,
) -> Result<Vec<i64>, TrainingError> {
	let dp = spec
		.privacy
		.filter(|dp| dp.is_distributed())
		.ok_or(TrainingError::InvalidSpec)?;
	// One step over all the rows, or the sensitivity above does not hold.
	if examples.len() > spec.training.batch_size as usize {
		return Err(TrainingError::InvalidSpec);
	}
	let start = fixed::decode_all(base_model);
	let trained = train(spec, &start, examples, seed)?;
	let samples = examples.len() as f64;
	let std =
		dp::distributed_noise_std(spec.training.learning_rate_ppm, &dp, start.len(), threshold);
	let mut noise_seed = [0u8; 64];
	noise_seed[..32].copy_from_slice(b"ivf-fl/distributed-noise/v1\0\0\0\0\0");
	noise_seed[32..].copy_from_slice(&seed);
	let mut prng = rng::prng(sp_crypto_hashing::blake2_256(&noise_seed));
	let (min, max) = (WEIGHTED_MIN, WEIGHTED_MAX);
	Ok(trained
		.iter()
		.zip(&start)
		.map(|(t, s)| {
			let weighted = libm::round((t - s) * samples * fixed::ONE as f64);
			let weighted = weighted.clamp(min as f64, max as f64) as i64;
			weighted.saturating_add(dp::discrete_gaussian(std, &mut prng)).clamp(min, max)
		})
		.collect())
}

/// The local updates of `clinics` (each clinic's labelled examples) in round `round` of a
/// federated run simulated in memory, from the global model `global`: clinic `c` trains as a
/// clinic's node does, its seed [`round_seed`] with the secret `clinic-{c}-secret`. What the
/// example and the benchmarks run; on a chain, each clinic seeds with its own secret
/// ([`clinic_seed`]).
#[cfg(feature = "std")]
pub fn simulated_updates(
	spec: &ModelSpec,
	global: &[i32],
	clinics: &[LabelledSet],
	round: u32,
) -> Result<Vec<LocalUpdate>, TrainingError> {
	let spec_id = spec.id();
	clinics
		.iter()
		.enumerate()
		.map(|(c, data)| {
			let secret = std::format!("clinic-{c}-secret");
			let seed = round_seed(&spec_id, 0, round, &[0; 32], secret.as_bytes());
			local_update(spec, global, data, seed)
		})
		.collect()
}

/// The AUC on the labelled `test` set of the model `params` (real-valued) of `spec`; `None`
/// when the set has one class only, where the AUC is undefined.
pub fn held_out_auc(
	spec: &ModelSpec,
	params: &[f64],
	test: &LabelledSet,
) -> Result<Option<f64>, TrainingError> {
	let scores = predict(spec, params, test)?;
	let labels: Vec<f64> = test.labels.iter().copied().collect();
	Ok(crate::metrics::auc(&scores, &labels))
}

/// Predicted probabilities for every example.
pub fn predict(
	spec: &ModelSpec,
	params: &[f64],
	data: &LabelledSet,
) -> Result<Vec<f64>, TrainingError> {
	let model = spec.architecture.view(params).map_err(TrainingError::Shape)?;
	if data.features.ncols() != model.features() {
		return Err(TrainingError::FeatureCount);
	}
	Ok(data.features.rows().into_iter().map(|x| model.probability(x)).collect())
}
