//! The crate's one source of randomness: ChaCha20 from a 32-byte seed.
//!
//! ChaCha20's output stream is fixed by its specification (RFC 8439), so a seed yields the same
//! numbers on every platform, in the Wasm runtime as natively. The samplers below turn those
//! numbers into floats with `libm` only, never the platform's own maths library, so replays of
//! training, DP noise and synthetic data are bit-identical everywhere.

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// The deterministic PRNG used for shuffling, DP noise, initial weights and synthetic data.
pub type Prng = ChaCha20Rng;

/// A PRNG seeded with `seed`.
pub fn prng(seed: [u8; 32]) -> Prng {
	ChaCha20Rng::from_seed(seed)
}

/// A 32-byte seed from a small integer (tests, examples, the synthetic generator's `--seed`).
pub fn seed_from_u64(seed: u64) -> [u8; 32] {
	let mut bytes = [0u8; 32];
	bytes[..8].copy_from_slice(&seed.to_le_bytes());
	bytes
}

/// Uniform in `(0, 1]`, 53 random bits: never 0, so `ln` of it is finite.
pub fn uniform_open_closed(rng: &mut Prng) -> f64 {
	((rng.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform in `[0, 1)`, 53 random bits.
pub fn uniform(rng: &mut Prng) -> f64 {
	(rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Standard normal by the Box–Muller transform (one value per call, the sine twin is dropped
/// so the stream position depends only on how many values were drawn).
pub fn standard_normal(rng: &mut Prng) -> f64 {
	let u1 = uniform_open_closed(rng);
	let u2 = uniform(rng);
	libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
}

/// Uniform integer in `0..bound` without modulo bias (Lemire's method); `bound = 0` gives 0.
pub fn below(rng: &mut Prng, bound: u64) -> u64 {
	if bound == 0 {
		return 0;
	}
	let threshold = bound.wrapping_neg() % bound;
	loop {
		let product = rng.next_u64() as u128 * bound as u128;
		if (product as u64) >= threshold {
			return (product >> 64) as u64;
		}
	}
}

/// Shuffles in place by Fisher–Yates, the same permutation for the same PRNG state everywhere.
pub fn shuffle<T>(rng: &mut Prng, items: &mut [T]) {
	for i in (1..items.len()).rev() {
		let j = below(rng, i as u64 + 1) as usize;
		items.swap(i, j);
	}
}

/// A fuzzer's seed or case count: the number in the environment variable `name` when it holds
/// one (how a longer run, or a failing seed, is asked for: `IVF_FUZZ_SEED`, `IVF_FUZZ_CASES`,
/// `IVF_FUZZ_STEPS`), else `default`. Every fuzzer of the workspace reads its budget with it.
#[cfg(feature = "std")]
pub fn env_or(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}
