//! Differential privacy: DP-SGD on the clinic side, zCDP accounting on the chain side.
//!
//! ## Mechanism (off chain, in the clinic's worker)
//!
//! DP-SGD (Abadi et al., 2016): every example's gradient is clipped to L2 norm at most `C`
//! ([`clip_to_norm`]), the clipped gradients of a mini-batch are summed, and Gaussian noise of
//! standard deviation `σ·C` is added to every coordinate of the sum ([`add_gaussian_noise`])
//! before it is averaged. `σ` is the noise multiplier.
//!
//! ## Accounting (on chain, integers only)
//!
//! Privacy loss is tracked in zero-concentrated DP (zCDP, Bun & Steinke 2016), where
//! composition is a plain sum, which the chain can enforce with integer additions:
//!
//! - one noisy step is a Gaussian mechanism with L2 sensitivity `C` (adding or removing one
//!   example moves the clipped sum by at most `C`) and noise `σ·C`, so it is
//!   `ρ = C² / (2 (σC)²) = 1 / (2σ²)`-zCDP;
//! - a round runs `steps = epochs × ⌈n / batch_size⌉` steps over the clinic's `n` examples;
//! - so a round costs the dataset `ρ_round = steps / (2σ²)` ([`round_rho`]), and rounds add up.
//!
//! Subsampling amplification is deliberately ignored: every step is charged as if it saw the
//! whole dataset. That over-charges, never under-charges, and needs no floating-point
//! analysis on chain.
//!
//! ρ is kept in millionths ([`RhoMillionths`]), computed exactly in integers and rounded *up*,
//! so the stored charge is never below the true ρ. Hyper-parameters arrive in millionths too:
//! `σ = noise_multiplier_ppm / 10⁶`, hence `ρ_round · 10⁶ = steps · 10¹⁸ / (2 · σ_ppm²)`.
//!
//! For display, ρ-zCDP implies `(ε, δ)`-DP with `ε = ρ + 2√(ρ ln(1/δ))` ([`epsilon`]).
//!
//! ## Distributed noise (secure aggregation only)
//!
//! With [`DpNoise::Local`] (the default) every clinic adds the whole noise `σ·C` at every step,
//! so each update is private on its own. Under secure aggregation nobody sees an update, only
//! the sum of a round's updates, and the noise can be *shared* instead
//! ([`DpNoise::Distributed`], the distributed discrete Gaussian of Kairouz, Liu & Steinke,
//! ICML 2021):
//!
//! - a round is one full-batch step of DP-SGD on the pooled data, split across the clinics
//!   (FedSGD): each clinic takes one local step over all its rows (`epochs = 1`, one batch),
//!   clipping every example's gradient to `C` and adding no noise of its own there;
//! - its *weighted* update `x = round(2^16 · n · (θ' − θ))` is what it masks: in exact
//!   arithmetic `n · (θ' − θ) = −lr · (Σᵢ clip(gᵢ) + n·λ·θ)`, so adding or removing one row
//!   moves `x` by at most `Δ = lr·C·2^16 + ⌈√P⌉` in L2 (the second term bounds the rounding
//!   of `P` coordinates) ([`distributed_sensitivity`]);
//! - it adds to every coordinate a discrete Gaussian of standard deviation `σ·Δ/√t`
//!   ([`discrete_gaussian`], [`distributed_noise_std`]), `t` being the round's unmasking
//!   threshold: secure aggregation never opens a sum of fewer than `t` survivors, so the sum
//!   the chain learns carries noise of variance at least `σ²Δ²`;
//! - the sum is then one Gaussian step of sensitivity `Δ` at multiplier `σ` on *every*
//!   clinic's rows, and each dataset is charged `ρ = 1/(2σ²)` for the round
//!   ([`ModelSpec::round_rho`](crate::ModelSpec::round_rho)): against everyone who reads the
//!   chain, the same guarantee as one central DP-SGD step, at a fraction of the per-clinic
//!   noise.
//!
//! What it assumes, and says: the other survivors add their shares. A clinic that colludes
//! with `k` others can remove their noise from the sum; what is left is at least `(t − k)/t`
//! of the variance the charge assumes (the chain charges for the whole). A sum of independent
//! discrete Gaussians is not exactly a discrete Gaussian; Kairouz et al. bound the difference
//! by a term that vanishes exponentially in the shares' variance, and the chain requires each
//! share to be at least [`MIN_DISTRIBUTED_NOISE_STD`] grid units for the bound to be
//! negligible ([`crate::ModelSpec::validate`]).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::rng::{self, Prng};

/// A zCDP budget or charge, in millionths of ρ (`1_000_000` stands for `ρ = 1`).
pub type RhoMillionths = u64;

/// Where a task's DP noise is added. Part of the spec: it changes what a clinic computes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum DpNoise {
	/// Each clinic adds the full noise `σ·C` at every DP-SGD step: every update is private on
	/// its own (any aggregation rule).
	#[default]
	Local,
	/// Each clinic adds its share of the noise of one pooled DP-SGD step to its weighted
	/// update, and only the securely aggregated sum carries the whole (secure aggregation
	/// with one local full-batch step per round only; see the module docs).
	Distributed,
}

/// DP-SGD settings of a training task, public on chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct DpSgd {
	/// Per-example clipping bound `C` on the gradient's L2 norm, in millionths.
	pub clip_norm_ppm: u32,
	/// Noise multiplier `σ`: noise standard deviation over `C`, in millionths.
	pub noise_multiplier_ppm: u32,
	/// Where the noise is added: at each clinic in full (the default), or shared among a
	/// securely aggregated round's clinics.
	pub noise: DpNoise,
}

impl DpSgd {
	/// Clipping bound `C` as a real number.
	pub fn clip_norm(&self) -> f64 {
		self.clip_norm_ppm as f64 / 1e6
	}

	/// Noise multiplier `σ` as a real number.
	pub fn noise_multiplier(&self) -> f64 {
		self.noise_multiplier_ppm as f64 / 1e6
	}

	/// DP-SGD with the noise added in full at each clinic ([`DpNoise::Local`]).
	pub fn local(clip_norm_ppm: u32, noise_multiplier_ppm: u32) -> Self {
		Self { clip_norm_ppm, noise_multiplier_ppm, noise: DpNoise::Local }
	}

	/// DP-SGD with the noise shared among a secure round's clinics ([`DpNoise::Distributed`]).
	pub fn distributed(clip_norm_ppm: u32, noise_multiplier_ppm: u32) -> Self {
		Self { clip_norm_ppm, noise_multiplier_ppm, noise: DpNoise::Distributed }
	}

	/// Whether the noise is shared among a secure round's clinics.
	pub fn is_distributed(&self) -> bool {
		self.noise == DpNoise::Distributed
	}
}

/// The smallest standard deviation (in Q15.16 grid units) a clinic's share of distributed
/// noise may have, at the largest secure round
/// ([`crate::secure_aggregation::MAX_SECURE_PARTICIPANTS`] clinics, threshold 33): below it, a
/// sum of discrete Gaussians could differ measurably from the discrete Gaussian the charge
/// assumes. Checked by [`distributed_noise_large_enough`].
pub const MIN_DISTRIBUTED_NOISE_STD: f64 = 4.0;

/// Whether every clinic's share of distributed noise is at least
/// [`MIN_DISTRIBUTED_NOISE_STD`] grid units in the largest secure round (threshold 33 of
/// [`crate::secure_aggregation::MAX_SECURE_PARTICIPANTS`]), in integers (the runtime checks it
/// when a task is created): `σ · ⌊lr·C·2^16⌋ ≥ 4·√33`, with `4·√33 < 23` and `σ` in millionths.
/// The rounding term of the sensitivity is left out, so the check errs on the safe side.
pub fn distributed_noise_large_enough(learning_rate_ppm: u32, dp: &DpSgd) -> bool {
	let step = (learning_rate_ppm as u128) * (dp.clip_norm_ppm as u128) * crate::fixed::ONE as u128
		/ 1_000_000_000_000u128;
	(dp.noise_multiplier_ppm as u128).saturating_mul(step) >= 23_000_000
}

/// L2 sensitivity, in Q15.16 grid units, of a clinic's weighted update under
/// [`DpNoise::Distributed`] to adding or removing one row: `lr · C · 2^16 + ⌈√P⌉` for `P`
/// parameters (one full-batch step; the second term bounds rounding to the grid).
pub fn distributed_sensitivity(learning_rate_ppm: u32, dp: &DpSgd, parameters: usize) -> f64 {
	let step = learning_rate_ppm as f64 / 1e6 * dp.clip_norm() * crate::fixed::ONE as f64;
	step + libm::ceil(libm::sqrt(parameters as f64))
}

/// Standard deviation, in grid units, of the discrete Gaussian each of a round's clinics adds
/// under [`DpNoise::Distributed`]: `σ · Δ / √t`, so that `t` or more shares sum to a variance
/// of at least `(σΔ)²`.
pub fn distributed_noise_std(
	learning_rate_ppm: u32,
	dp: &DpSgd,
	parameters: usize,
	threshold: u32,
) -> f64 {
	let sensitivity = distributed_sensitivity(learning_rate_ppm, dp, parameters);
	dp.noise_multiplier() * sensitivity / libm::sqrt(threshold.max(1) as f64)
}

/// One draw of the discrete Gaussian `N_Z(0, std²)` (`P(x) ∝ exp(−x²/(2·std²))` on the
/// integers), by Canonne, Kamath & Steinke's rejection sampler (NeurIPS 2020, Algorithm 3):
/// propose from the discrete Laplace of scale `t = ⌊std⌋ + 1` (a difference of two
/// geometrics), accept with probability `exp(−(|y| − std²/t)² / (2·std²))`. Off chain only
/// (floating point, seeded); a non-positive `std` gives 0.
pub fn discrete_gaussian(std: f64, prng: &mut Prng) -> i64 {
	if std.is_nan() || std <= 0.0 {
		return 0;
	}
	let scale = libm::floor(std) + 1.0;
	let variance = std * std;
	loop {
		// Geometric on {0, 1, ...} with P(k) ∝ exp(−k/scale), by inversion.
		let geometric =
			|prng: &mut Prng| libm::floor(-scale * libm::log(rng::uniform_open_closed(prng)));
		let proposal = geometric(prng) - geometric(prng);
		let excess = libm::fabs(proposal) - variance / scale;
		if rng::uniform(prng) < libm::exp(-excess * excess / (2.0 * variance)) {
			return proposal as i64;
		}
	}
}

/// Why a privacy charge could not be computed or applied. Nothing changes when one is returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum PrivacyError {
	/// The noise multiplier is zero: the round has no finite zCDP bound and cannot be charged.
	NoNoise,
	/// The batch size is zero, so the number of steps is undefined.
	ZeroBatchSize,
	/// The charge would take the spent budget past its limit.
	BudgetExceeded,
}

/// Number of DP-SGD steps in one round: `epochs × ⌈samples / batch_size⌉`.
pub fn steps_per_round(samples: u64, epochs: u32, batch_size: u32) -> Result<u64, PrivacyError> {
	if batch_size == 0 {
		return Err(PrivacyError::ZeroBatchSize);
	}
	Ok((epochs as u64).saturating_mul(samples.div_ceil(batch_size as u64)))
}

/// ρ charged for `steps` Gaussian steps with noise multiplier `σ_ppm / 10⁶`, in millionths,
/// rounded up: `⌈steps · 10¹⁸ / (2 σ_ppm²)⌉`, saturating at `u64::MAX`.
///
/// Exact in `u128`: `steps · 10¹⁸ < 2^124` and `2σ_ppm² < 2^65`.
pub fn rho_for_steps(noise_multiplier_ppm: u32, steps: u64) -> Result<RhoMillionths, PrivacyError> {
	if noise_multiplier_ppm == 0 {
		return Err(PrivacyError::NoNoise);
	}
	let sigma = noise_multiplier_ppm as u128;
	let numerator = steps as u128 * 1_000_000_000_000_000_000u128;
	let charge = numerator.div_ceil(2 * sigma * sigma);
	Ok(u64::try_from(charge).unwrap_or(u64::MAX))
}

/// ρ one round costs a dataset of `samples` examples, from the task's public parameters:
/// `steps / (2σ²)` with local noise; `1 / (2σ²)` with distributed noise, whose round is one
/// Gaussian step of the securely aggregated sum (see the module docs).
pub fn round_rho(
	dp: &DpSgd,
	samples: u64,
	epochs: u32,
	batch_size: u32,
) -> Result<RhoMillionths, PrivacyError> {
	let steps = steps_per_round(samples, epochs, batch_size)?;
	let charged_steps = if dp.is_distributed() { 1 } else { steps };
	rho_for_steps(dp.noise_multiplier_ppm, charged_steps)
}

/// A dataset's zCDP budget: what it may spend over its lifetime and what it has spent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct PrivacyBudget {
	/// Total ρ the dataset's owner allows, in millionths.
	pub limit: RhoMillionths,
	/// ρ charged so far, in millionths; the sum of every round's charge (zCDP composition).
	pub spent: RhoMillionths,
}

impl PrivacyBudget {
	/// A fresh budget with nothing spent.
	pub fn new(limit: RhoMillionths) -> Self {
		Self { limit, spent: 0 }
	}

	/// ρ still available.
	pub fn remaining(&self) -> RhoMillionths {
		self.limit.saturating_sub(self.spent)
	}

	/// Whether a charge of `rho` would fit, without applying it.
	pub fn can_afford(&self, rho: RhoMillionths) -> bool {
		self.spent.checked_add(rho).is_some_and(|total| total <= self.limit)
	}

	/// Adds `rho` to the spent budget, or refuses (changing nothing) if it would exceed the limit.
	pub fn charge(&mut self, rho: RhoMillionths) -> Result<(), PrivacyError> {
		if !self.can_afford(rho) {
			return Err(PrivacyError::BudgetExceeded);
		}
		self.spent = self.spent.saturating_add(rho);
		Ok(())
	}
}

/// ρ as a real number, for display.
pub fn rho_value(rho: RhoMillionths) -> f64 {
	rho as f64 / 1e6
}

/// `ε` such that ρ-zCDP implies `(ε, δ)`-DP: `ε = ρ + 2√(ρ ln(1/δ))` (Bun & Steinke 2016,
/// Prop. 1.3). For display only; the chain enforces ρ.
pub fn epsilon(rho: f64, delta: f64) -> f64 {
	rho + 2.0 * libm::sqrt(rho * libm::log(1.0 / delta))
}

/// Scales `gradient` down so its L2 norm is at most `clip_norm`; returns the norm it had.
pub fn clip_to_norm(gradient: &mut [f64], clip_norm: f64) -> f64 {
	let norm = libm::sqrt(gradient.iter().map(|g| g * g).sum::<f64>());
	if norm > clip_norm {
		let scale = clip_norm / norm;
		gradient.iter_mut().for_each(|g| *g *= scale);
	}
	norm
}

/// Scales a quantised update into the L2 bound `norm_bound` (Q15.16 units, as the chain
/// checks it with [`crate::fixed::squared_norm`]); unchanged within it. Clipping a DP output
/// is post-processing: it costs no privacy. Off chain only (floating point).
pub fn clip_quantised(update: alloc::vec::Vec<i32>, norm_bound: u128) -> alloc::vec::Vec<i32> {
	let bound = norm_bound.saturating_mul(norm_bound);
	if crate::fixed::squared_norm(&update) <= bound {
		return update;
	}
	let mut real = crate::fixed::decode_all(&update);
	let mut norm = norm_bound as f64 / crate::fixed::ONE as f64;
	// Rounding to Q15.16 can push a clipped vector a hair over the integer bound; shrink a
	// little more until it fits (a few rounds at most).
	for _ in 0..32 {
		clip_to_norm(&mut real, norm);
		let quantised = crate::fixed::encode_all(&real);
		if crate::fixed::squared_norm(&quantised) <= bound {
			return quantised;
		}
		norm *= 0.999;
	}
	alloc::vec![0; update.len()]
}

/// Adds independent `N(0, std²)` noise to every coordinate.
pub fn add_gaussian_noise(values: &mut [f64], std: f64, prng: &mut Prng) {
	for v in values {
		*v += std * rng::standard_normal(prng);
	}
}

/// The largest L2 norm a revealed update of a task may have, in Q15.16: the task's bound
/// `max_update_norm_ppm` (millionths), or under DP the bound clipping sets if smaller.
///
/// DP-SGD clips every per-example gradient to `C`, so a step moves the model by at most
/// `lr · C` before noise, and a round of `steps = epochs · ⌈max_samples / batch⌉` steps by at
/// most `B = steps · lr · C`. The clinic's worker clips its final update to `B` (clipping a
/// DP output is post-processing and costs no privacy), and the chain refuses a larger one. In
/// Q15.16, `B = steps · lr_ppm · C_ppm · 2^16 / 10^12`, computed in `u128` and saturating. One
/// function for the runtime, the clinic's node and the native tools, so they cannot drift.
pub fn update_norm_bound(
	spec: &crate::ModelSpec,
	max_samples: u32,
	max_update_norm_ppm: u32,
) -> u128 {
	let one = crate::fixed::ONE as u128;
	let task_bound = (max_update_norm_ppm as u128).saturating_mul(one) / 1_000_000u128;
	let dp_bound = spec.privacy.and_then(|dp| {
		let steps =
			steps_per_round(max_samples as u64, spec.training.epochs, spec.training.batch_size)
				.ok()?;
		Some(
			(steps as u128)
				.saturating_mul(spec.training.learning_rate_ppm as u128)
				.saturating_mul(dp.clip_norm_ppm as u128)
				.saturating_mul(one)
				/ 1_000_000_000_000u128,
		)
	});
	dp_bound.map_or(task_bound, |dp| dp.min(task_bound))
}
