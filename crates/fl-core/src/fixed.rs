//! Fixed-point encoding of model parameters and updates: Q15.16 in an `i32`.
//!
//! The chain stores and aggregates models as integers, because consensus code must not use
//! floating point: two validators on different hardware must compute the same bytes. Clinics
//! train in floats off chain and cross this boundary exactly once per round, through
//! [`encode`] and [`decode`].
//!
//! ## Encoding
//!
//! A real value `x` is stored as `round(x · 2^16)`, rounded half away from zero, so one unit
//! in the last place (ulp) is `2^-16 ≈ 1.53e-5`. Values outside
//! `[i32::MIN / 2^16, i32::MAX / 2^16] ≈ [-32768, 32767.99998]` saturate to the nearest end
//! of that range, and NaN encodes to 0, so encoding never fails and never panics.
//!
//! ## Error bound
//!
//! For every finite `x` inside the representable range,
//! `|decode(encode(x)) - x| <= 2^-17` ([`MAX_ROUNDING_ERROR`]): half an ulp. Decoding is exact
//! (every `i32 / 2^16` is an `f64`).

use alloc::vec::Vec;

/// Number of fractional bits: the stated scale of every on-chain model value.
pub const FRACTIONAL_BITS: u32 = 16;

/// `2^16`: the integer that stands for the real value 1.0.
pub const ONE: i32 = 1 << FRACTIONAL_BITS;

/// Half an ulp, `2^-17`: the largest round-trip error for an in-range value.
pub const MAX_ROUNDING_ERROR: f64 = 1.0 / (2u64 << FRACTIONAL_BITS) as f64;

/// Largest real value that encodes without saturating.
pub const MAX_REPRESENTABLE: f64 = i32::MAX as f64 / ONE as f64;

/// Smallest real value that encodes without saturating.
pub const MIN_REPRESENTABLE: f64 = i32::MIN as f64 / ONE as f64;

/// Encodes a real value as Q15.16, rounding half away from zero and saturating.
///
/// Used off chain only (it takes a float), but it cannot panic either way.
pub fn encode(x: f64) -> i32 {
	if x.is_nan() {
		return 0;
	}
	let scaled = libm::round(x * ONE as f64);
	// `as` saturates at the ends of the `i32` range (and maps ±inf there too), which is the
	// documented behaviour; the explicit clamp keeps that visible to a reader.
	if scaled >= i32::MAX as f64 {
		i32::MAX
	} else if scaled <= i32::MIN as f64 {
		i32::MIN
	} else {
		scaled as i32
	}
}

/// Decodes a Q15.16 value back to a real number; exact.
pub fn decode(v: i32) -> f64 {
	v as f64 / ONE as f64
}

/// Encodes every value of a parameter vector (see [`encode`]).
pub fn encode_all(values: &[f64]) -> Vec<i32> {
	values.iter().map(|&x| encode(x)).collect()
}

/// Decodes every value of a parameter vector (see [`decode`]).
pub fn decode_all(values: &[i32]) -> Vec<f64> {
	values.iter().map(|&v| decode(v)).collect()
}

/// Clamps a wide integer into the `i32` range: the single saturation rule of this crate.
pub(crate) fn saturate_i32(v: i128) -> i32 {
	if v > i32::MAX as i128 {
		i32::MAX
	} else if v < i32::MIN as i128 {
		i32::MIN
	} else {
		v as i32
	}
}

/// The squared L2 norm of a quantised vector, in (Q15.16)², saturating: what the chain
/// compares with a task's update bound.
pub fn squared_norm(values: &[i32]) -> u128 {
	values
		.iter()
		.fold(0u128, |acc, &v| acc.saturating_add((v as i128 * v as i128) as u128))
}
