//! Shamir secret sharing of 32-byte secrets, byte by byte over GF(2^8).
//!
//! Each of the 32 bytes of a secret is the constant term of its own random polynomial of
//! degree `threshold − 1` over GF(2^8) (the AES field, reduction polynomial `0x11B`); share
//! `x` holds the 32 values of those polynomials at `x`. Any `threshold` shares give the
//! secret back by Lagrange interpolation at zero; fewer give no information about it at all
//! (every value of the secret is equally consistent with them).
//!
//! Share x-coordinates are `1..=255` (zero would be the secret itself), so at most 255 shares
//! exist. Multiplication is branch-free and table-free, so the time it takes does not depend on
//! the secret bytes it handles.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use rand_core::RngCore;
use scale_info::TypeInfo;

use super::SecAggError;

/// Length of a shared secret and of every share's value, in bytes.
pub const SECRET_LEN: usize = 32;

/// Most shares of one secret: x-coordinates are the non-zero elements of GF(2^8).
pub const MAX_SHARES: usize = 255;

/// Fewest shares a secret may need: with one, every share would be the secret.
pub const MIN_THRESHOLD: usize = 2;

/// One share of a 32-byte secret: the secret's 32 polynomials evaluated at `x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Share {
	/// The share's x-coordinate, `1..=255`; in a round, the holder's participant index + 1.
	pub x: u8,
	/// The 32 polynomial values at `x`.
	pub y: [u8; SECRET_LEN],
}

/// Product in GF(2^8) modulo `x^8 + x^4 + x^3 + x + 1`, in constant time.
fn multiply(mut a: u8, mut b: u8) -> u8 {
	let mut product = 0u8;
	for _ in 0..8 {
		// `0 − bit` is all ones when the bit is set: masks instead of branches.
		product ^= a & 0u8.wrapping_sub(b & 1);
		let carry = 0u8.wrapping_sub(a >> 7);
		a = (a << 1) ^ (0x1B & carry);
		b >>= 1;
	}
	product
}

/// Multiplicative inverse in GF(2^8): `a^254`, since `a^255 = 1` for every non-zero `a`.
/// Zero has no inverse and maps to zero; callers only invert non-zero values.
fn invert(a: u8) -> u8 {
	// 254 = 0b1111_1110: square-and-multiply over a public, fixed exponent.
	let mut result = 1u8;
	let mut power = a;
	for bit in 0..8 {
		power = if bit == 0 { power } else { multiply(power, power) };
		if (254u8 >> bit) & 1 == 1 {
			result = multiply(result, power);
		}
	}
	result
}

/// Splits `secret` into `count` shares (x-coordinates `1..=count`), any `threshold` of which
/// reconstruct it. The polynomial coefficients are drawn from `randomness`, which must be a
/// cryptographic generator that nobody else can reproduce.
///
/// Errors: [`SecAggError::InvalidThreshold`] unless `2 <= threshold <= count <= 255`.
pub fn split(
	secret: &[u8; SECRET_LEN],
	threshold: usize,
	count: usize,
	randomness: &mut impl RngCore,
) -> Result<Vec<Share>, SecAggError> {
	if threshold < MIN_THRESHOLD || threshold > count || count > MAX_SHARES {
		return Err(SecAggError::InvalidThreshold { threshold: threshold as u32 });
	}
	// coefficients[k][d] is the degree-(d+1) coefficient of byte k's polynomial.
	let mut coefficients = alloc::vec![[0u8; SECRET_LEN]; threshold - 1];
	for degree in coefficients.iter_mut() {
		randomness.fill_bytes(degree);
	}
	let shares = (1..=count as u8)
		.map(|x| {
			let mut y = [0u8; SECRET_LEN];
			for (k, value) in y.iter_mut().enumerate() {
				// Horner from the highest degree down to the secret byte.
				let mut acc = 0u8;
				for degree in coefficients.iter().rev() {
					acc = multiply(acc, x) ^ degree[k];
				}
				*value = multiply(acc, x) ^ secret[k];
			}
			Share { x, y }
		})
		.collect();
	for degree in coefficients.iter_mut() {
		zeroize::Zeroize::zeroize(degree);
	}
	Ok(shares)
}

/// Reconstructs a secret from at least `threshold` of its shares.
///
/// Only the first `threshold` shares are interpolated; any further ones are checked for
/// x-coordinates but otherwise ignored. Shares must come from one dealing: a share altered
/// on the way gives a wrong secret, not an error, which is why revealed shares are checked
/// against their commitments first ([`super::check_share`]).
///
/// Errors: [`SecAggError::InvalidThreshold`] for `threshold < 2`;
/// [`SecAggError::TooFewShares`]; [`SecAggError::ZeroShareIndex`];
/// [`SecAggError::DuplicateShare`].
pub fn combine(shares: &[Share], threshold: usize) -> Result<[u8; SECRET_LEN], SecAggError> {
	if !(MIN_THRESHOLD..=MAX_SHARES).contains(&threshold) {
		return Err(SecAggError::InvalidThreshold { threshold: threshold as u32 });
	}
	if shares.len() < threshold {
		return Err(SecAggError::TooFewShares {
			needed: threshold as u32,
			given: shares.len() as u32,
		});
	}
	let mut seen = [false; 256];
	for share in shares {
		if share.x == 0 {
			return Err(SecAggError::ZeroShareIndex);
		}
		let slot = &mut seen[share.x as usize];
		if *slot {
			return Err(SecAggError::DuplicateShare { x: share.x });
		}
		*slot = true;
	}
	let used = &shares[..threshold];
	let mut secret = [0u8; SECRET_LEN];
	for (j, share) in used.iter().enumerate() {
		// Lagrange basis at zero: Π_{m≠j} x_m / (x_m − x_j); subtraction is XOR here, and
		// x_m ≠ x_j (checked above), so no denominator is zero.
		let mut numerator = 1u8;
		let mut denominator = 1u8;
		for (m, other) in used.iter().enumerate() {
			if m != j {
				numerator = multiply(numerator, other.x);
				denominator = multiply(denominator, other.x ^ share.x);
			}
		}
		let basis = multiply(numerator, invert(denominator));
		for (out, &y) in secret.iter_mut().zip(&share.y) {
			*out ^= multiply(basis, y);
		}
	}
	Ok(secret)
}

#[cfg(test)]
mod tests {
	use super::*;
	use rand_chacha::ChaCha20Rng;
	use rand_core::SeedableRng;

	/// Log/exp reference multiplication with generator 3, built independently of `multiply`.
	fn reference_multiply(a: u8, b: u8) -> u8 {
		let mut exp = [0u8; 255];
		let mut log = [0u8; 256];
		let mut value = 1u8;
		for (i, slot) in exp.iter_mut().enumerate() {
			*slot = value;
			log[value as usize] = i as u8;
			// value · 3 = value · 2 ⊕ value
			let doubled = (value << 1) ^ if value & 0x80 != 0 { 0x1B } else { 0 };
			value ^= doubled;
		}
		if a == 0 || b == 0 {
			return 0;
		}
		exp[(log[a as usize] as usize + log[b as usize] as usize) % 255]
	}

	#[test]
	fn field_multiplication_matches_log_tables_and_inverse_inverts() {
		for a in 0..=255u8 {
			for b in 0..=255u8 {
				assert_eq!(multiply(a, b), reference_multiply(a, b), "{a} · {b}");
			}
			if a != 0 {
				assert_eq!(multiply(a, invert(a)), 1, "{a} · {a}⁻¹");
			}
		}
		// FIPS-197 §4.2: {57} · {83} = {c1}.
		assert_eq!(multiply(0x57, 0x83), 0xC1);
	}

	fn random_secret(rng: &mut ChaCha20Rng) -> [u8; 32] {
		let mut secret = [0u8; 32];
		rng.fill_bytes(&mut secret);
		secret
	}

	#[test]
	fn any_threshold_of_the_shares_reconstruct_the_secret() {
		let mut rng = ChaCha20Rng::seed_from_u64(11);
		for (threshold, count) in [(2, 2), (2, 5), (3, 7), (5, 9), (9, 16), (33, 64), (255, 255)] {
			let secret = random_secret(&mut rng);
			let shares = split(&secret, threshold, count, &mut rng).unwrap();
			assert_eq!(shares.len(), count);
			for _ in 0..8 {
				let mut picked = shares.clone();
				// Fisher–Yates with the test RNG: a random subset in a random order.
				for i in (1..picked.len()).rev() {
					let j = (rng.next_u32() as usize) % (i + 1);
					picked.swap(i, j);
				}
				picked.truncate(threshold);
				assert_eq!(combine(&picked, threshold), Ok(secret));
			}
		}
	}

	#[test]
	fn fewer_shares_than_the_threshold_are_refused() {
		let mut rng = ChaCha20Rng::seed_from_u64(12);
		let secret = random_secret(&mut rng);
		let shares = split(&secret, 4, 7, &mut rng).unwrap();
		assert_eq!(
			combine(&shares[2..5], 4),
			Err(SecAggError::TooFewShares { needed: 4, given: 3 })
		);
		// t − 1 shares reveal nothing: interpolating them as if t − 1 were enough gives a
		// value unrelated to the secret.
		assert_ne!(combine(&shares[2..5], 3), Ok(secret));
	}

	#[test]
	fn duplicate_and_zero_x_coordinates_are_refused() {
		let mut rng = ChaCha20Rng::seed_from_u64(13);
		let secret = random_secret(&mut rng);
		let shares = split(&secret, 3, 5, &mut rng).unwrap();
		let duplicated = [shares[0], shares[1], shares[0]];
		assert_eq!(combine(&duplicated, 3), Err(SecAggError::DuplicateShare { x: 1 }));
		let zero = [shares[0], Share { x: 0, y: secret }, shares[2]];
		assert_eq!(combine(&zero, 3), Err(SecAggError::ZeroShareIndex));
	}

	#[test]
	fn thresholds_outside_two_to_count_are_refused() {
		let mut rng = ChaCha20Rng::seed_from_u64(14);
		let secret = random_secret(&mut rng);
		assert_eq!(
			split(&secret, 1, 5, &mut rng),
			Err(SecAggError::InvalidThreshold { threshold: 1 })
		);
		assert_eq!(
			split(&secret, 6, 5, &mut rng),
			Err(SecAggError::InvalidThreshold { threshold: 6 })
		);
		assert!(split(&secret, 2, 256, &mut rng).is_err());
		assert_eq!(combine(&[], 1), Err(SecAggError::InvalidThreshold { threshold: 1 }));
	}
}
