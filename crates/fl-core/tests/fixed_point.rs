//! Behaviour of the Q15.16 encoding.

use fl_core::{fixed, rng};

#[test]
fn in_range_values_round_trip_within_half_an_ulp() {
	let mut prng = rng::prng(rng::seed_from_u64(11));
	let mut worst: f64 = 0.0;
	for i in 0..200_000 {
		// Mix magnitudes from 1e-6 up to the edge of the range.
		let magnitude = if i % 2 == 0 { 1.0 } else { fixed::MAX_REPRESENTABLE - 1.0 };
		let x = (2.0 * rng::uniform(&mut prng) - 1.0) * magnitude;
		worst = worst.max((fixed::decode(fixed::encode(x)) - x).abs());
	}
	for x in [
		0.0,
		1e-9,
		-1e-9,
		0.5 / 65_536.0,
		-0.5 / 65_536.0,
		fixed::MAX_REPRESENTABLE,
		fixed::MIN_REPRESENTABLE,
	] {
		worst = worst.max((fixed::decode(fixed::encode(x)) - x).abs());
	}
	assert!(worst <= fixed::MAX_ROUNDING_ERROR, "worst error {worst}");
	assert_eq!(fixed::MAX_ROUNDING_ERROR, 1.0 / 131_072.0);
}

#[test]
fn encoding_rounds_ties_away_from_zero_and_decodes_exactly() {
	let half_ulp = 0.5 / fixed::ONE as f64;
	assert_eq!(fixed::encode(half_ulp), 1);
	assert_eq!(fixed::encode(-half_ulp), -1);
	assert_eq!(fixed::encode(1.0), fixed::ONE);
	for v in [i32::MIN, -1, 0, 1, 12_345, i32::MAX] {
		assert_eq!(fixed::encode(fixed::decode(v)), v);
	}
}

#[test]
fn out_of_range_values_saturate_and_nan_is_zero() {
	assert_eq!(fixed::encode(1e12), i32::MAX);
	assert_eq!(fixed::encode(-1e12), i32::MIN);
	assert_eq!(fixed::encode(f64::INFINITY), i32::MAX);
	assert_eq!(fixed::encode(f64::NEG_INFINITY), i32::MIN);
	assert_eq!(fixed::encode(f64::NAN), 0);
	assert_eq!(fixed::encode(fixed::MAX_REPRESENTABLE + 1.0), i32::MAX);
	assert_eq!(fixed::encode_all(&[1.0, -2.0]), vec![65_536, -131_072]);
	assert_eq!(fixed::decode_all(&[32_768]), vec![0.5]);
}
