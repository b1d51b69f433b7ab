//! Server-side optimisers: how the runtime moves the global model with a round's aggregate.
//!
//! The aggregation rule ([`aggregate`](mod@crate::aggregate)) turns the clinics' deltas into
//! an aggregated model; the server optimiser treats `Δ = aggregated − global` as a
//! pseudo-gradient (Reddi et al., "Adaptive Federated Optimization", ICLR 2021) and keeps its
//! own state between rounds, so that a task can use momentum or per-parameter step sizes
//! without any clinic changing how it trains. [`ServerOptimiser::Sgd`] is plain FedAvg (or
//! plain median, …): `x ← x + Δ`.
//!
//! | optimiser | state | step (`x` the round's global model) | rounding |
//! |---|---|---|---|
//! | [`Sgd`](ServerOptimiser::Sgd) | none | `x ← x + Δ`: the aggregated model | exact |
//! | [`AvgM`](ServerOptimiser::AvgM) (Hsu et al., 2019) | `m` | `m ← β·m + Δ`, `x ← x + η·m` | `β·m`, `η·m`: half away from zero |
//! | [`Adagrad`](ServerOptimiser::Adagrad) | `m`, `v` | `m ← β₁·m + (1−β₁)·Δ`, `v ← v + Δ²`, `x ← x + η·m/(√v + τ)` | `m`, `x`: half away from zero; `v` exact |
//! | [`Adam`](ServerOptimiser::Adam) | `m`, `v` | as Adagrad, but `v ← β₂·v + (1−β₂)·Δ²` | `m`, `v`, `x`: half away from zero |
//! | [`Yogi`](ServerOptimiser::Yogi) | `m`, `v` | as Adagrad, but `v ← v − (1−β₂)·Δ²·sign(v − Δ²)` | `m`, `(1−β₂)·Δ²`, `x`: half away from zero |
//!
//! Both moments start at zero (as in Flower's FedAdam and FedYogi), there is no bias
//! correction (the paper has none), and the state is sized on the first step.
//!
//! ## Arithmetic
//!
//! Consensus code: integers only, deterministic, no panics. `Δ` is exact in `i64`; `m` is kept
//! in Q15.16 and `v` in Q31.32, so `Δ²` is exact too (the square of the Q15.16 integer). Every
//! product is formed exactly in `i128` and divided once, rounding half away from zero
//! ([`divide_round_half_away`]); the results saturate at the ends of `i64` (state) and `i32`
//! (model). The adaptive step needs `√v`: it is [`integer_sqrt`] (exact floor) of `v` scaled
//! by `10^12`, so the denominator `(√v + τ)·10^6·2^16` is an integer within one unit of its
//! exact value and `τ` (millionths) enters it exactly.
//!
//! ## Error bound
//!
//! Per step, against exact real arithmetic from the same inputs (`x`, `Δ` and the stored
//! `m`, `v`), with `ulp = 2^-16`, `m'`, `v'` the stored new moments and
//! `s' = η·m'/(√v' + τ)` the exact step from them (all in parameter units):
//!
//! - `|m' − m*| ≤ 2^-17` (one rounding; for AvgM the rounding of `β·m`);
//! - `v'`: exact for Adagrad; `|v' − v*| ≤ 2^-33` for Adam and Yogi (one rounding; Yogi's
//!   decrease `(1−β₂)·Δ²` is below `v` when `v > Δ²`, so `v` never needs clamping at zero);
//! - AvgM: `|x' − x*| ≤ 2^-17·(1 + η)`;
//! - Adagrad, Adam, Yogi: `|x' − (x + s')| ≤ 2^-17 + |s'|·2^-16·10^-6/τ` (the final rounding
//!   and the floor of the square root), and in all
//!   `|x' − x*| ≤ 2^-17 + (η·2^-17 + |s'|·(ε + 2^-16·10^-6))/τ`, where
//!   `ε = |√v' − √v*| ≤ min(2^-16.5, 2^-33/(√v' + √v*))` (zero for Adagrad).
//!
//! With the usual `η = 10^-2`, `τ = 10^-3` and `v` not tiny this is about 11 · 2^-17, under
//! six ulps. The rounding of `m` is amplified by `η/τ`: a task that wants a smaller error per
//! step chooses a larger `τ`. Saturation is outside these bounds: it happens only when a
//! parameter reaches ±32768, or `v` 2^31 (squared parameter units).

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::{aggregate::divide_round_half_away, fixed::saturate_i32};

/// The server optimiser a task chose, with its hyper-parameters in millionths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ServerOptimiser {
	/// `x ← x + Δ`: the aggregate is the new model (FedAvg, median, … as their papers).
	#[default]
	Sgd,
	/// FedAvgM (Hsu et al., 2019): `m ← β·m + Δ`, `x ← x + η·m`.
	AvgM {
		/// Server learning rate `η`, millionths.
		learning_rate_ppm: u32,
		/// Momentum `β`, millionths (below 1,000,000).
		momentum_ppm: u32,
	},
	/// FedAdagrad: `m ← β₁·m + (1−β₁)·Δ`, `v ← v + Δ²`, `x ← x + η·m / (√v + τ)`.
	Adagrad {
		/// Server learning rate `η`, millionths.
		learning_rate_ppm: u32,
		/// First-moment decay `β₁`, millionths (below 1,000,000).
		beta1_ppm: u32,
		/// Adaptivity `τ`, millionths of a parameter unit (positive).
		tau_ppm: u32,
	},
	/// FedAdam: `m ← β₁·m + (1−β₁)·Δ`, `v ← β₂·v + (1−β₂)·Δ²`, `x ← x + η·m / (√v + τ)`.
	Adam {
		/// Server learning rate `η`, millionths.
		learning_rate_ppm: u32,
		/// First-moment decay `β₁`, millionths (below 1,000,000).
		beta1_ppm: u32,
		/// Second-moment decay `β₂`, millionths (below 1,000,000).
		beta2_ppm: u32,
		/// Adaptivity `τ`, millionths of a parameter unit (positive).
		tau_ppm: u32,
	},
	/// FedYogi: as FedAdam but `v ← v − (1−β₂)·Δ²·sign(v − Δ²)`.
	Yogi {
		/// Server learning rate `η`, millionths.
		learning_rate_ppm: u32,
		/// First-moment decay `β₁`, millionths (below 1,000,000).
		beta1_ppm: u32,
		/// Second-moment decay `β₂`, millionths (below 1,000,000).
		beta2_ppm: u32,
		/// Adaptivity `τ`, millionths of a parameter unit (positive).
		tau_ppm: u32,
	},
}

/// The moments a server optimiser keeps between rounds, one entry per parameter; both empty
/// before the first step (and always for [`ServerOptimiser::Sgd`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct OptimiserState {
	/// First moment `m` (momentum), in Q15.16 (parameter units × 2^16).
	pub first_moment: Vec<i64>,
	/// Second moment `v`, in Q31.32 (squared parameter units × 2^32); never negative.
	pub second_moment: Vec<i64>,
}

/// Why a server step was refused. Nothing is changed when one is returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum OptimiserError {
	/// A learning rate of zero, a decay of 1,000,000 ppm or more, or a zero `τ`.
	InvalidParams,
	/// The aggregated model, the global model or the state have different lengths.
	LengthMismatch,
}

/// One in millionths.
const PPM: u32 = 1_000_000;

/// `10^12`: scales `v` (Q31.32) so that its square root is `√v · 10^6 · 2^16`, the unit of the
/// adaptive step's denominator.
const SQRT_SCALE: u128 = 1_000_000_000_000;

impl ServerOptimiser {
	/// Checks the hyper-parameters: learning rates positive, decays below one, `τ` positive.
	pub fn validate(&self) -> Result<(), OptimiserError> {
		let ok = match *self {
			Self::Sgd => true,
			Self::AvgM { learning_rate_ppm, momentum_ppm } => {
				learning_rate_ppm > 0 && momentum_ppm < PPM
			},
			Self::Adagrad { learning_rate_ppm, beta1_ppm, tau_ppm } => {
				learning_rate_ppm > 0 && beta1_ppm < PPM && tau_ppm > 0
			},
			Self::Adam { learning_rate_ppm, beta1_ppm, beta2_ppm, tau_ppm }
			| Self::Yogi { learning_rate_ppm, beta1_ppm, beta2_ppm, tau_ppm } => {
				learning_rate_ppm > 0 && beta1_ppm < PPM && beta2_ppm < PPM && tau_ppm > 0
			},
		};
		if ok {
			Ok(())
		} else {
			Err(OptimiserError::InvalidParams)
		}
	}

	/// One server step: the round's new global model from its starting model `global` and the
	/// aggregation rule's output `aggregated` (both Q15.16), updating `state`.
	///
	/// See the module docs for the rules, their rounding and the error bound. [`Self::Sgd`]
	/// returns `aggregated` and neither reads nor writes `state`; AvgM uses (and sizes) only
	/// the first moment.
	///
	/// Errors, on which `state` is left as it was: [`OptimiserError::InvalidParams`] when
	/// [`Self::validate`] fails; [`OptimiserError::LengthMismatch`] when `aggregated` and
	/// `global` differ in length, or a moment the rule uses is neither empty (fresh: it is
	/// sized with zeros) nor of the model's length.
	pub fn step(
		&self,
		global: &[i32],
		aggregated: &[i32],
		state: &mut OptimiserState,
	) -> Result<Vec<i32>, OptimiserError> {
		self.validate()?;
		let n = global.len();
		if aggregated.len() != n {
			return Err(OptimiserError::LengthMismatch);
		}
		let (uses_first, uses_second) = match self {
			Self::Sgd => (false, false),
			Self::AvgM { .. } => (true, false),
			Self::Adagrad { .. } | Self::Adam { .. } | Self::Yogi { .. } => (true, true),
		};
		let fits = |moment: &[i64], used: bool| !used || moment.is_empty() || moment.len() == n;
		if !fits(&state.first_moment, uses_first) || !fits(&state.second_moment, uses_second) {
			return Err(OptimiserError::LengthMismatch);
		}
		if !uses_first {
			return Ok(aggregated.to_vec());
		}
		let (learning_rate_ppm, tau_ppm) = self.step_size();
		// An empty moment reads as zeros; `get` keeps the reads panic-free either way.
		let moment = |values: &[i64], i: usize| values.get(i).copied().unwrap_or(0);
		let mut first_moment = Vec::with_capacity(n);
		let mut second_moment = Vec::with_capacity(if uses_second { n } else { 0 });
		let mut model = Vec::with_capacity(n);
		for (i, (&g, &a)) in global.iter().zip(aggregated).enumerate() {
			// Exact: the difference of two `i32`, so |Δ| ≤ 2^32 and Δ² ≤ 2^64 (Q31.32).
			let delta = a as i128 - g as i128;
			let square = delta * delta;
			let m = moment(&state.first_moment, i) as i128;
			let v = moment(&state.second_moment, i) as i128;
			let (m, v) = match *self {
				Self::AvgM { momentum_ppm, .. } => {
					let decayed = divide_round_half_away(momentum_ppm as i128 * m, PPM as i128);
					(saturate_i64(decayed + delta), None)
				},
				Self::Adagrad { beta1_ppm, .. } => {
					(moving_average(m, beta1_ppm, delta), Some(saturate_i64(v + square)))
				},
				Self::Adam { beta1_ppm, beta2_ppm, .. } => (
					moving_average(m, beta1_ppm, delta),
					Some(moving_average(v, beta2_ppm, square)),
				),
				Self::Yogi { beta1_ppm, beta2_ppm, .. } => {
					let change =
						divide_round_half_away((PPM - beta2_ppm) as i128 * square, PPM as i128);
					// `v − (1−β₂)·Δ²·sign(v − Δ²)`: `v` grows by the change while below
					// `Δ²` and shrinks by it while above, where it stays positive: the
					// change is then below `(1−β₂)·v`.
					let v = match v.cmp(&square) {
						core::cmp::Ordering::Less => v + change,
						core::cmp::Ordering::Equal => v,
						core::cmp::Ordering::Greater => v - change,
					};
					(moving_average(m, beta1_ppm, delta), Some(saturate_i64(v)))
				},
				// Returned before the loop; as a step of one it would give the aggregate too.
				Self::Sgd => (saturate_i64(delta), None),
			};
			first_moment.push(m);
			let step = match v {
				None => divide_round_half_away(learning_rate_ppm as i128 * m as i128, PPM as i128),
				Some(v) => {
					// Zero is the floor of a valid state; the clamp only guards a forged one.
					let v = v.max(0);
					second_moment.push(v);
					adaptive_step(m, v, learning_rate_ppm, tau_ppm)
				},
			};
			model.push(saturate_i32(g as i128 + step));
		}
		state.first_moment = first_moment;
		if uses_second {
			state.second_moment = second_moment;
		}
		Ok(model)
	}

	/// The server learning rate `η` and the adaptivity `τ` (zero for the rules without one),
	/// in millionths; `Sgd` steps by one.
	fn step_size(&self) -> (u32, u32) {
		match *self {
			Self::Sgd => (PPM, 0),
			Self::AvgM { learning_rate_ppm, .. } => (learning_rate_ppm, 0),
			Self::Adagrad { learning_rate_ppm, tau_ppm, .. }
			| Self::Adam { learning_rate_ppm, tau_ppm, .. }
			| Self::Yogi { learning_rate_ppm, tau_ppm, .. } => (learning_rate_ppm, tau_ppm),
		}
	}
}

/// The adaptive rules' step `η·m/(√v + τ)` in Q15.16, rounded half away from zero.
///
/// The denominator `⌊√(v·10^12)⌋ + τ_ppm·2^16` is `(√v + τ)·10^6·2^16` less at most one unit,
/// and at least `τ_ppm·2^16 ≥ 2^16` (`τ` is positive after `validate`; a zero one would
/// give a step of zero, never a division by zero); the numerator `η_ppm·m·2^16` is below
/// 2^32 · 2^63 · 2^16 = 2^111.
fn adaptive_step(m: i64, v: i64, learning_rate_ppm: u32, tau_ppm: u32) -> i128 {
	let root = integer_sqrt((v.max(0) as u128).saturating_mul(SQRT_SCALE));
	let denominator = root as i128 + ((tau_ppm as i128) << 16);
	divide_round_half_away((learning_rate_ppm as i128 * m as i128) << 16, denominator)
}

/// `β·previous + (1−β)·target`, `β` in millionths, rounded half away from zero, saturating.
fn moving_average(previous: i128, beta_ppm: u32, target: i128) -> i64 {
	let beta = beta_ppm as i128;
	saturate_i64(divide_round_half_away(
		beta * previous + (PPM as i128 - beta) * target,
		PPM as i128,
	))
}

/// Clamps into the `i64` range: the state's saturation rule.
fn saturate_i64(v: i128) -> i64 {
	i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// `⌊√n⌋`, exactly, for every `u128`: the square root of the adaptive optimisers' step.
///
/// Digit by digit in base four (the shift-and-subtract method), so it uses integers only, at
/// most 64 iterations, and no division: the same bits on every machine, including the Wasm
/// runtime. (`u128::isqrt` would do too, but this crate keeps its consensus maths in plain
/// sight; a test holds the two equal.)
pub fn integer_sqrt(n: u128) -> u128 {
	if n == 0 {
		return 0;
	}
	// The largest power of four not above `n`.
	let mut bit = 1u128 << ((127 - n.leading_zeros()) & !1);
	let mut remainder = n;
	let mut root = 0u128;
	while bit != 0 {
		// `root + bit ≤ 2·√n + bit`, far below 2^128: no overflow.
		if remainder >= root + bit {
			remainder -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
		bit >>= 2;
	}
	root
}
