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
//! | [`krum`] (Blanchard et al., 2017) | none | exact (one client's delta) |
//! | [`multi_krum`] (Blanchard et al., 2017) | none | half away from zero |
//!
//! The robust rules ignore sample counts on purpose: a client that lies about its count must
//! not gain more pull over a median than any other client.
//!
//! Every result is independent of the order of the updates: FedAvg is an exact integer sum
//! before its single rounding, the median and the trimmed mean select each coordinate's order
//! statistics by value (`select_nth_unstable`, linear on average, no full sort), and Krum
//! scores each update by exact integer distances and breaks ties between equal scores by the
//! deltas themselves (lexicographically), never by their position.

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
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
	/// Krum with `f` Byzantine clients needs `n ≥ 2f + 3` updates, so that each update's
	/// score sums at least one distance (`n − f − 2 ≥ 1`); wait for more clinics or declare a
	/// smaller `f` when opening the task.
	KrumTooFewUpdates,
	/// Multi-Krum must select between 1 and `n − f` updates: none leaves nothing to average,
	/// more would let a Byzantine update in even when every honest one is chosen.
	KrumSelectionInvalid,
}

/// The aggregation rule a training task chose when it was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
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
	/// The one update closest to its neighbours, see [`krum`].
	Krum {
		/// Byzantine clients tolerated, `f`: needs `n ≥ 2f + 3` updates.
		byzantine: u32,
	},
	/// The mean of the `selected` updates closest to their neighbours, see [`multi_krum`].
	MultiKrum {
		/// Byzantine clients tolerated, `f`: needs `n ≥ 2f + 3` updates.
		byzantine: u32,
		/// Updates averaged, `1..=n − f`.
		selected: u32,
	},
}

impl AggregationRule {
	/// Whether the rule aggregates masked updates, so that no single update is ever public.
	pub fn is_secure(&self) -> bool {
		matches!(self, AggregationRule::SecureFedAvg)
	}

	/// Whether each coordinate of the aggregate depends only on that coordinate of the
	/// updates (FedAvg, median, trimmed mean in the clear), so that a round can be aggregated
	/// one chunk of coordinates at a time and give the very same model. Krum compares whole
	/// updates, and a secure round unmasks whole masked vectors.
	pub fn is_coordinate_wise(&self) -> bool {
		matches!(
			self,
			AggregationRule::FedAvg | AggregationRule::Median | AggregationRule::TrimmedMean { .. }
		)
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
		AggregationRule::Krum { byzantine } => krum(global, updates, byzantine as usize),
		AggregationRule::MultiKrum { byzantine, selected } => {
			multi_krum(global, updates, byzantine as usize, selected as usize)
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
	coordinate_wise(global, updates, |column| {
		// `n >= 1` after `check_shape`, so the middle exists; `get` keeps it panic-free anyway.
		// Selecting the upper middle leaves every smaller value before it: the lower middle of
		// an even count is the largest of those.
		let upper = n / 2;
		let (below, middle, _) = column.select_nth_unstable(upper.min(n.saturating_sub(1)));
		let upper_value = *middle as i128;
		if n % 2 == 1 {
			upper_value
		} else {
			let lower_value = below.iter().copied().max().unwrap_or(*middle) as i128;
			(lower_value + upper_value) / 2
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
	coordinate_wise(global, updates, |column| {
		// Two selections, no sort: the `trim_each_side` smallest go before position
		// `trim_each_side`, then the `kept` smallest of the rest before `trim_each_side +
		// kept`; what lies between is the kept middle, in some order (a sum needs none).
		if trim_each_side > 0 {
			column.select_nth_unstable(trim_each_side);
		}
		let rest = column.get_mut(trim_each_side..).unwrap_or_default();
		if kept < rest.len() {
			rest.select_nth_unstable(kept);
		}
		let middle = rest.get(..kept).unwrap_or(&[]);
		let sum: i128 = middle.iter().map(|&v| v as i128).sum();
		divide_round_half_away(sum, kept as i128)
	})
}

/// Krum: the delta with the smallest score, added to the global model.
///
/// The score of update `i` is the sum of the squared L2 distances from its delta to its
/// `n − f − 2` nearest other deltas. With at most `f` Byzantine updates, the chosen one is
/// close to a majority of the others, so a few wild updates can neither be chosen nor drag it
/// (Blanchard et al., "Machine Learning with Adversaries: Byzantine Tolerant Gradient
/// Descent", NeurIPS 2017). Requires `n ≥ 2f + 3`. Sample counts are ignored (see the module
/// docs).
///
/// The distances are exact integers (below 2^95) and one delta is taken whole, so nothing is
/// rounded: the result is `global + δ`, saturating at the ends of the `i32` range. The cost is
/// `n(n−1)/2` distances of `d` coordinates each, against FedAvg's `n·d`, which the runtime's
/// bound on a round's participants (16, far below [`MAX_UPDATES`]) keeps small.
pub fn krum(
	global: &[i32],
	updates: &[ClientUpdate<'_>],
	byzantine: usize,
) -> Result<Vec<i32>, AggregationError> {
	multi_krum(global, updates, byzantine, 1)
}

/// Multi-Krum: the unweighted mean of the `selected` deltas with the smallest Krum scores (see
/// [`krum`]), rounded half away from zero as [`trimmed_mean`] does, added to the global model.
///
/// Averaging several well-scored updates keeps most of FedAvg's variance reduction while
/// keeping Krum's protection; `selected = 1` is Krum. Requires `n ≥ 2f + 3` and
/// `1 ≤ selected ≤ n − f`. Sample counts are ignored (see the module docs).
pub fn multi_krum(
	global: &[i32],
	updates: &[ClientUpdate<'_>],
	byzantine: usize,
	selected: usize,
) -> Result<Vec<i32>, AggregationError> {
	check_shape(global, updates)?;
	let n = updates.len();
	// `n ≥ 2f + 3`: then each score sums the distances to the `n − f − 2 ≥ f + 1` nearest
	// other updates, so at least one of them is honest.
	let least = byzantine.checked_mul(2).and_then(|twice| twice.checked_add(3));
	if least.is_none_or(|least| n < least) {
		return Err(AggregationError::KrumTooFewUpdates);
	}
	let neighbours = n.saturating_sub(byzantine).saturating_sub(2);
	if selected == 0 || selected > n.saturating_sub(byzantine) {
		return Err(AggregationError::KrumSelectionInvalid);
	}
	let ranking = krum_ranking(updates, neighbours);
	let mut sum = alloc::vec![0i128; global.len()];
	for update in ranking.iter().take(selected).filter_map(|&i| updates.get(i)) {
		for (acc, &d) in sum.iter_mut().zip(update.delta) {
			*acc += d as i128;
		}
	}
	Ok(global
		.iter()
		.zip(sum)
		.map(|(&g, sum)| saturate_i32(g as i128 + divide_round_half_away(sum, selected as i128)))
		.collect())
}

/// The positions of the updates from the best Krum score (smallest) to the worst; ties in
/// score are ordered by the deltas themselves, lexicographically, so the ranking of the deltas
/// does not depend on the order they came in. Equal deltas tie completely, and then which of
/// them comes first changes nothing.
///
/// A score sums the distances to the `neighbours` nearest other updates. Exact: a
/// coordinate's squared difference is at most 2^64, a distance below 2^85 (at most
/// [`MAX_PARAMETERS`] = 2^20 coordinates), a score below 2^95 (at most [`MAX_UPDATES`] = 2^10
/// terms), so the `u128` sums never saturate. Time `O(n²·d)`, memory `n(n−1)/2` distances.
/// The caller has checked the shapes, so every delta has the model's length.
fn krum_ranking(updates: &[ClientUpdate<'_>], neighbours: usize) -> Vec<usize> {
	let n = updates.len();
	// Row `i` holds the distances from `i` to `i + 1, …, n − 1`: each pair is computed once.
	let mut distances = Vec::with_capacity(n * n.saturating_sub(1) / 2);
	for (i, a) in updates.iter().enumerate() {
		for b in updates.get(i + 1..).unwrap_or(&[]) {
			distances.push(a.delta.iter().zip(b.delta).fold(0u128, |acc, (&x, &y)| {
				let difference = x as i128 - y as i128;
				acc.saturating_add((difference * difference) as u128)
			}));
		}
	}
	// Start of row `i` in `distances`: the rows before it hold `(n−1) + … + (n−i)` entries.
	let row_start = |i: usize| i * (2 * n - i - 1) / 2;
	let distance = |i: usize, j: usize| {
		let (low, high) = (i.min(j), i.max(j));
		// `i == j` (never asked) has no entry: an update's distance to itself is zero.
		high.checked_sub(low + 1)
			.and_then(|offset| distances.get(row_start(low) + offset))
			.copied()
			.unwrap_or(0)
	};
	let mut to_others = Vec::with_capacity(n);
	let scores: Vec<u128> = (0..n)
		.map(|i| {
			to_others.clear();
			to_others.extend((0..n).filter(|&j| j != i).map(|j| distance(i, j)));
			to_others.sort_unstable();
			to_others.iter().take(neighbours).fold(0u128, |acc, &d| acc.saturating_add(d))
		})
		.collect();
	let mut ranking: Vec<usize> = (0..n).collect();
	let delta = |i: usize| updates.get(i).map(|u| u.delta).unwrap_or(&[]);
	ranking.sort_by(|&i, &j| {
		let score = |k: usize| scores.get(k).copied().unwrap_or(u128::MAX);
		score(i).cmp(&score(j)).then_with(|| delta(i).cmp(delta(j)))
	});
	ranking
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

/// Runs `combine` on the deltas of every coordinate and adds the result to the global model.
/// `combine` gets the coordinate's `updates.len()` values (checked by [`check_shape`]) in
/// input order, to reorder as it likes: the robust rules select the positions they need with
/// `select_nth_unstable` (linear time on average) rather than sort (`n log n`), and their
/// results depend on the values only, never on the order. It must return a value between the
/// smallest and the largest element.
fn coordinate_wise(
	global: &[i32],
	updates: &[ClientUpdate<'_>],
	combine: impl Fn(&mut [i32]) -> i128,
) -> Result<Vec<i32>, AggregationError> {
	let mut column = Vec::with_capacity(updates.len());
	Ok(global
		.iter()
		.enumerate()
		.map(|(i, &g)| {
			column.clear();
			column.extend(updates.iter().map(|u| u.delta.get(i).copied().unwrap_or(0)));
			saturate_i32(g as i128 + combine(&mut column))
		})
		.collect())
}
