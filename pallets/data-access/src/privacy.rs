//! A dataset's differential-privacy budget, kept as zero-concentrated DP's `rho`, and its
//! `(epsilon, delta)` reading for people, in integer arithmetic only.
//!
//! Zero-concentrated differential privacy (zCDP, Bun and Steinke 2016) composes by plain
//! addition: releases that are `rho_1`- and `rho_2`-zCDP are together `(rho_1 + rho_2)`-zCDP.
//! So the budget is a total and a spent amount of `rho`, and each federated round that trains
//! on the dataset adds its `rho` to the spent amount. `(epsilon, delta)`, which people know,
//! does not add up; it is derived for display only.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use ivf_primitives::data_access::{PrivacyPolicy, Rho, MIN_COHORT_FLOOR, UNIT};
use scale_info::TypeInfo;

/// An `epsilon` of `(epsilon, delta)`-DP in millionths: `1_000_000` is `epsilon = 1.0`.
pub type Epsilon = u64;

/// The `delta` at which budgets are shown to people: `delta = 10^-6`, a common choice for
/// datasets of up to some hundred thousand records (`delta` well below `1 / records`).
pub const DISPLAY_DELTA_EXPONENT: u8 = 6;

/// `ln(10)` in billionths, rounded up so that every `epsilon` shown errs on the safe side
/// (`ln 10 = 2.302585092994...`).
const LN_10_BILLIONTHS: u128 = 2_302_585_093;

/// A dataset's privacy budget in zCDP `rho`.
///
/// Invariant: `spent <= total`. [`PrivacyBudget::charge`] is the only way `spent` grows and
/// refuses a charge that would pass `total`; `total` never changes after registration, because
/// raising it would void the guarantee already given to the patients in the dataset.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct PrivacyBudget {
	/// The most `rho` that every release from the dataset may spend together.
	pub total: Rho,
	/// The `rho` spent so far.
	pub spent: Rho,
}

impl PrivacyBudget {
	/// A fresh budget of `total` with nothing spent.
	pub fn new(total: Rho) -> Self {
		Self { total, spent: 0 }
	}

	/// The `rho` still available.
	pub fn remaining(&self) -> Rho {
		self.total.saturating_sub(self.spent)
	}

	/// Spends `rho`, or refuses (and changes nothing) if less than `rho` remains; `Err`
	/// carries what remains.
	pub fn charge(&mut self, rho: Rho) -> Result<Rho, Rho> {
		let remaining = self.remaining();
		if rho > remaining {
			return Err(remaining);
		}
		self.spent = self.spent.saturating_add(rho);
		Ok(self.remaining())
	}
}

/// The smallest integer whose square is at least `n`.
fn ceil_sqrt(n: u128) -> u128 {
	let root = n.isqrt();
	if root.saturating_mul(root) < n {
		root.saturating_add(1)
	} else {
		root
	}
}

/// The `epsilon` (in millionths) of the `(epsilon, delta)`-DP that `rho` (in millionths)
/// zCDP implies, for `delta = 10^-delta_exponent`.
///
/// Bun and Steinke (2016), Proposition 1.3: `rho`-zCDP implies
/// `(rho + 2 * sqrt(rho * ln(1/delta)), delta)`-DP for every `delta > 0`. In millionths,
/// `epsilon_u = rho_u + 2 * sqrt(rho_u * L_u)` with `L_u = ln(1/delta)` in millionths,
/// because `10^6 * sqrt(rho * L) = sqrt(rho_u * L_u)`. The logarithm and the square root are
/// both rounded up, so the figure shown is never smaller than the true one. Saturates at
/// `u64::MAX`.
pub fn epsilon_for(rho: Rho, delta_exponent: u8) -> Epsilon {
	let ln_inverse_delta = (u128::from(delta_exponent) * LN_10_BILLIONTHS).div_ceil(1000);
	let root = ceil_sqrt(u128::from(rho).saturating_mul(ln_inverse_delta));
	let epsilon = u128::from(rho).saturating_add(root.saturating_mul(2));
	u64::try_from(epsilon).unwrap_or(u64::MAX)
}

/// A privacy budget as people read it: `rho` and, at `delta = 10^-delta_exponent`, `epsilon`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct PrivacyBudgetView {
	/// The budget's total `rho`, in millionths.
	pub total_rho: Rho,
	/// The `rho` spent so far, in millionths.
	pub spent_rho: Rho,
	/// The `rho` still available, in millionths.
	pub remaining_rho: Rho,
	/// `delta = 10^-delta_exponent` for the `epsilon`s below.
	pub delta_exponent: u8,
	/// The `epsilon` (millionths) that the whole budget guarantees when fully spent.
	pub total_epsilon: Epsilon,
	/// The `epsilon` (millionths) that the releases so far have cost together.
	pub spent_epsilon: Epsilon,
}

impl From<PrivacyBudget> for PrivacyBudgetView {
	fn from(budget: PrivacyBudget) -> Self {
		Self {
			total_rho: budget.total,
			spent_rho: budget.spent,
			remaining_rho: budget.remaining(),
			delta_exponent: DISPLAY_DELTA_EXPONENT,
			total_epsilon: epsilon_for(budget.total, DISPLAY_DELTA_EXPONENT),
			spent_epsilon: epsilon_for(budget.spent, DISPLAY_DELTA_EXPONENT),
		}
	}
}
