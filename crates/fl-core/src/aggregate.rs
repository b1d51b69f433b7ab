//! Aggregation of revealed client updates into the next global model: consensus code.
//!
//! Every validator runs these functions inside the runtime when a round closes, and anyone can
//! re-run them from chain state to check the stored model. So they use integers only (no
//! floating point), depend on nothing but their inputs, never panic, and refuse oversized
//! input with an [`AggregationError`] instead of doing unbounded work.
//!
//! Each rule takes the current global model and the clients' *deltas* (local model minus the
//! global model they started from, in Q15.16, see [`crate::fixed`]) and returns
//! `global + aggregate(deltas)`, saturating at the ends of the `i32` range.
//!
//! | rule | weights | rounding |
//! |---|---|---|
//! | [`fedavg`] (McMahan et al., 2017) | sample counts | half away from zero |
//! | [`median`] | none (one client, one value) | even count: mean of the two middle values, toward zero |
//! | [`trimmed_mean`] | none | half away from zero |
//!
//! The robust rules ignore sample counts on purpose: a client that lies about its count must
//! not gain more pull over a median than any other client.
//!
//! All three results are independent of the order of the updates: FedAvg is an exact integer
//! sum before its single rounding, and the robust rules sort each coordinate.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::fixed::saturate_i32;

/// Most updates one aggregation accepts; bounds the work a single round close can cause.
pub const MAX_UPDATES: usize = 1024;

/// Most parameters a model may have; bounds memory and time of one aggregation.
pub const MAX_PARAMETERS: usize = 1 << 20;

/// One clinic's revealed contribution to a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientUpdate<'a> {
	/// Local model minus the round's global model, Q15.16.
	pub delta: &'a [i32],
	/// Number of training examples behind the update: the FedAvg weight.
	pub samples: u64,
}

/// Why an aggregation was refused. Nothing is computed when one is returned.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum AggregationError {
	/// No update was given: there is nothing to aggregate; keep the old model instead.
	NoUpdates,
	/// More than [`MAX_UPDATES`] updates.
	TooManyUpdates,
	/// The global model has more than [`MAX_PARAMETERS`] parameters.
	TooManyParameters,
	/// An update's length differs from the global model's; `index` is its position.
	LengthMismatch {
		/// Position of the first offending update in the input.
		index: u32,
	},
	/// Every update reports zero samples, so FedAvg weights are undefined.
	ZeroTotalWeight,
	/// A trimmed mean asked to trim `2·k >= n` updates, which leaves none to average.
	TrimTooLarge,
}

/// The aggregation rule a training task chose when it was opened.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum AggregationRule {
	/// Sample-weighted mean, see [`fedavg`].
	FedAvg,
	/// Coordinate-wise median, see [`median`].
	Median,
	/// Coordinate-wise trimmed mean, see [`trimmed_mean`].
	TrimmedMean {
		/// Updates dropped at each end of every coordinate.
		trim_each_side: u32,
	},
	/// Sample-weighted mean under secure aggregation: the clinics publish masked weighted
	/// updates ([`crate::secure_aggregation`]) and the runtime learns their sum only, never
	/// one update. The model is bit for bit the one [`fedavg`] gives on the same cleartext
	/// updates ([`crate::secure_aggregation::fedavg_from_weighted_sum`]), which is what
	/// [`aggregate`] computes for it, as the reference. The robust rules need each update in
	/// the clear and cannot run masked.
	SecureFedAvg,
}

impl AggregationRule {
	/// Whether the rule aggregates masked updates, so that no single update is ever public.
	pub fn is_secure(&self) -> bool {
		matches!(self, AggregationRule::SecureFedAvg)
	}
}

/// Applies `rule`: the single entry point the runtime calls when a round closes.
pub fn aggregate(
	rule: AggregationRule,
	global: &[i32],
	updates: &[ClientUpdate<'_>],
) -> Result<Vec<i32>, AggregationError> {
	match rule {
		AggregationRule::FedAvg | AggregationRule::SecureFedAvg => fedavg(global, updates),
		AggregationRule::Median => median(global, updates),
		AggregationRule::TrimmedMean { trim_each_side } => {
			trimmed_mean(global, updates, trim_each_side as usize)
		},
	}
}

/// Weighted FedAvg: `global + Σ nᵢ·δᵢ / Σ nᵢ` per coordinate.
///
/// The numerator is summed exactly in `i128` (|δ| < 2^31, n < 2^64, at most 2^10 updates:
/// below 2^105), and divided once, rounding half away from zero, so the result does not
/// depend on update order. The mean lies between the smallest and largest delta, so only
/// the final addition to the global model can leave the `i32` range; it saturates.
///
/// Updates with zero samples take part with weight zero; at least one must be non-zero.
pub fn fedavg(global: &[i32], updates: &[ClientUpdate<'_>]) -> Result<Vec<i32>, AggregationError> {
	check_shape(global, updates)?;
	let total_weight: u128 = updates.iter().map(|u| u.samples as u128).sum();
	if total_weight == 0 {
		return Err(AggregationError::ZeroTotalWeight);
	}
	let mut weighted_sum = alloc::vec![0i128; global.len()];
	// Client-outer order streams each delta once through the cache; integer addition is
	// associative, so the order does not change the sum.
	for update in updates {
		let weight = update.samples as i128;
		for (acc, &d) in weighted_sum.iter_mut().zip(update.delta) {
			*acc += weight * d as i128;
		}
	}
	Ok(add_weighted_mean(global, weighted_sum, total_weight))
}

/// FedAvg's one division: `global + weighted_sum / total_weight` per coordinate, rounding half
/// away from zero and saturating at the ends of the `i32` range.
///
/// Shared by [`fedavg`] and [`crate::secure_aggregation::fedavg_from_weighted_sum`], so a
/// round aggregated from masked updates gives the very model the cleartext updates would.
/// `total_weight` must be positive (a zero one yields `global` unchanged, never a panic) and
/// at most `i128::MAX`; every caller's is below 2^75.
pub(crate) fn add_weighted_mean(
	global: &[i32],
	weighted_sum: impl IntoIterator<Item = i128>,
	total_weight: u128,
) -> Vec<i32> {
	let total_weight = i128::try_from(total_weight).unwrap_or(i128::MAX);
	global
		.iter()
		.zip(weighted_sum)
		.map(|(&g, sum)| saturate_i32(g as i128 + divide_round_half_away(sum, total_weight)))
		.collect()
}

/// Coordinate-wise median of the deltas, added to the global model.
///
/// With an even number of updates the two middle values are averaged, rounding toward zero
/// (`(a + b) / 2` in integers), so the result is symmetric under negation of every delta.
/// Sample counts are ignored (see the module docs).
pub fn median(global: &[i32], updates: &[ClientUpdate<'_>]) -> Result<Vec<i32>, AggregationError> {
	check_shape(global, updates)?;
	let n = updates.len();
	coordinate_wise(global, updates, |sorted| {
		// `n >= 1` after `check_shape`, so both positions exist; `at` keeps it panic-free anyway.
		let at = |i: usize| sorted.get(i).copied().unwrap_or(0) as i128;
		if n % 2 == 1 {
			at(n / 2)
		} else {
			(at(n / 2 - 1) + at(n / 2)) / 2
		}
	})
}

/// Coordinate-wise trimmed mean: drops the `trim_each_side` smallest and largest deltas of
/// every coordinate, averages the rest (rounding half away from zero), adds the global model.
///
/// Tolerates up to `trim_each_side` arbitrarily bad clients per coordinate. Requires
/// `2 · trim_each_side < n`. Sample counts are ignored (see the module docs).
pub fn trimmed_mean(
	global: &[i32],
	updates: &[ClientUpdate<'_>],
	trim_each_side: usize,
) -> Result<Vec<i32>, AggregationError> {
	check_shape(global, updates)?;
	let n = updates.len();
	let kept = match trim_each_side.checked_mul(2).and_then(|t| n.checked_sub(t)) {
		Some(kept) if kept > 0 => kept,
		_ => return Err(AggregationError::TrimTooLarge),
	};
	coordinate_wise(global, updates, |sorted| {
		let middle = sorted.get(trim_each_side..trim_each_side + kept).unwrap_or(&[]);
		let sum: i128 = middle.iter().map(|&v| v as i128).sum();
		divide_round_half_away(sum, kept as i128)
	})
}

/// Integer division rounding to the nearest integer, ties away from zero.
///
/// `denominator` must be positive; a non-positive one yields 0 rather than a panic, and every
/// caller in this crate passes a positive one.
pub fn divide_round_half_away(numerator: i128, denominator: i128) -> i128 {
	if denominator <= 0 {
		return 0;
	}
	let quotient = numerator / denominator;
	let remainder = numerator % denominator;
	// |remainder| < denominator <= i128::MAX, so doubling it needs u128 to be safe.
	if remainder.unsigned_abs() * 2 >= denominator.unsigned_abs() {
		quotient + numerator.signum()
	} else {
		quotient
	}
}

/// Checks the input bounds shared by every rule; the rules do no unchecked indexing after it.
fn check_shape(global: &[i32], updates: &[ClientUpdate<'_>]) -> Result<(), AggregationError> {
	if updates.is_empty() {
		return Err(AggregationError::NoUpdates);
	}
	if updates.len() > MAX_UPDATES {
		return Err(AggregationError::TooManyUpdates);
	}
	if global.len() > MAX_PARAMETERS {
		return Err(AggregationError::TooManyParameters);
	}
	match updates.iter().position(|u| u.delta.len() != global.len()) {
		Some(index) => Err(AggregationError::LengthMismatch { index: index as u32 }),
		None => Ok(()),
	}
}

/// Runs `combine` on the sorted deltas of every coordinate and adds the result to the global
/// model. `combine` gets a slice of exactly `updates.len()` values (checked by
/// [`check_shape`]) and must return a value between its smallest and largest element.
fn coordinate_wise(
	global: &[i32],
	updates: &[ClientUpdate<'_>],
	combine: impl Fn(&[i32]) -> i128,
) -> Result<Vec<i32>, AggregationError> {
	let mut column = Vec::with_capacity(updates.len());
	Ok(global
		.iter()
		.enumerate()
		.map(|(i, &g)| {
			column.clear();
			column.extend(updates.iter().map(|u| u.delta.get(i).copied().unwrap_or(0)));
			column.sort_unstable();
			saturate_i32(g as i128 + combine(&column))
		})
		.collect())
}
