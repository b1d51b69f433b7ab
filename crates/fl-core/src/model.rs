//! The models a training task can ask for, and their maths on one flat parameter vector.
//!
//! A model is an [`Architecture`] plus a flat vector of parameters. The flat layout is what the
//! chain stores (in Q15.16, see [`crate::fixed`]) and what the aggregation rules average
//! coordinate by coordinate, so it is part of the protocol:
//!
//! - logistic regression over `d` features: `[w₁ … w_d, b]` (`d + 1` values);
//! - MLP with one hidden layer of `h` ReLU units and a sigmoid output:
//!   `[W₁ (h×d, row-major: unit by unit), b₁ (h), w₂ (h), b₂]` (`h·d + 2h + 1` values).
//!
//! Both output the probability of the positive class (here: live birth). Forward and backward
//! passes use `ndarray` 1-D dot products and matrix–vector products, which sum in a fixed order
//! without fused multiply–add, and `libm` for `exp`/`ln`: the same bits on every platform.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use ndarray::{ArrayView1, ArrayView2};
use scale_info::TypeInfo;

use crate::{fixed, rng};

/// Shape of the model a training task trains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum Architecture {
	/// `P(y = 1 | x) = σ(w·x + b)`.
	LogisticRegression {
		/// Number of input features `d`.
		features: u32,
	},
	/// `P(y = 1 | x) = σ(w₂·ReLU(W₁x + b₁) + b₂)`.
	Mlp {
		/// Number of input features `d`.
		features: u32,
		/// Number of hidden ReLU units `h`.
		hidden: u32,
	},
}

/// A parameter vector does not fit the architecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShapeMismatch {
	/// Parameters the architecture needs.
	pub expected: usize,
	/// Parameters given (or features given, for an input row).
	pub found: usize,
}

impl Architecture {
	/// Number of input features `d`.
	pub fn features(&self) -> usize {
		match *self {
			Self::LogisticRegression { features } | Self::Mlp { features, .. } => features as usize,
		}
	}

	/// Length of the flat parameter vector; `None` if it would overflow `usize`.
	pub fn parameter_count(&self) -> Option<usize> {
		match *self {
			Self::LogisticRegression { features } => (features as usize).checked_add(1),
			Self::Mlp { features, hidden } => {
				let (d, h) = (features as usize, hidden as usize);
				h.checked_mul(d)?.checked_add(h.checked_mul(2)?)?.checked_add(1)
			},
		}
	}

	/// Initial global model in Q15.16, computed with integers only so the runtime can derive it
	/// from the task's seed when the task opens.
	///
	/// Logistic regression starts at zero (its loss is convex, so no symmetry to break). The
	/// MLP's weights are Glorot-uniform, `U(±√(6 / (fan_in + fan_out)))`, with the bound taken
	/// by an integer square root; biases start at zero.
	pub fn initial_parameters(&self, seed: [u8; 32]) -> Vec<i32> {
		let count = self.parameter_count().unwrap_or(0);
		let mut params = alloc::vec![0i32; count];
		if let Self::Mlp { features, hidden } = *self {
			let (d, h) = (features as usize, hidden as usize);
			let mut prng = rng::prng(seed);
			let mut glorot = |fan_in: u64, fan_out: u64, out: &mut [i32]| {
				// (√(6/(a+b)) · 2^16) = √(6 · 2^32 / (a+b)).
				let bound =
					integer_sqrt((6u64 << 32) / fan_in.saturating_add(fan_out).max(1)) as i64;
				for p in out {
					let draw = rng::below(&mut prng, 2 * bound as u64 + 1) as i64;
					*p = fixed::saturate_i32((draw - bound) as i128);
				}
			};
			let (w1, rest) = params.split_at_mut(h * d);
			glorot(d as u64, h as u64, w1);
			if let Some(w2) = rest.get_mut(h..2 * h) {
				glorot(h as u64, 1, w2);
			}
		}
		params
	}

	/// A read-only view of `params` as this model's layers; fails if the length is wrong.
	pub fn view<'a>(&self, params: &'a [f64]) -> Result<ModelView<'a>, ShapeMismatch> {
		let expected = self.parameter_count().unwrap_or(usize::MAX);
		if params.len() != expected {
			return Err(ShapeMismatch { expected, found: params.len() });
		}
		let d = self.features();
		let last = params.len() - 1;
		let layers = match *self {
			Self::LogisticRegression { .. } => {
				Layers::Logistic { w: ArrayView1::from(&params[..d]), b: params[last] }
			},
			Self::Mlp { hidden, .. } => {
				let h = hidden as usize;
				let w1 = ArrayView2::from_shape((h, d), &params[..h * d])
					.map_err(|_| ShapeMismatch { expected, found: params.len() })?;
				Layers::Mlp {
					w1,
					b1: ArrayView1::from(&params[h * d..h * d + h]),
					w2: ArrayView1::from(&params[h * d + h..h * d + 2 * h]),
					b2: params[last],
				}
			},
		};
		Ok(ModelView { features: d, layers })
	}
}

/// Parameters seen as the layers of their architecture, ready for forward and backward passes.
#[derive(Clone, Debug)]
pub struct ModelView<'a> {
	features: usize,
	layers: Layers<'a>,
}

#[derive(Clone, Debug)]
enum Layers<'a> {
	Logistic { w: ArrayView1<'a, f64>, b: f64 },
	Mlp { w1: ArrayView2<'a, f64>, b1: ArrayView1<'a, f64>, w2: ArrayView1<'a, f64>, b2: f64 },
}

impl ModelView<'_> {
	/// Number of input features the model expects.
	pub fn features(&self) -> usize {
		self.features
	}

	/// The output before the sigmoid (log-odds of a live birth).
	pub fn logit(&self, x: ArrayView1<'_, f64>) -> f64 {
		match &self.layers {
			Layers::Logistic { w, b } => w.dot(&x) + b,
			Layers::Mlp { w1, b1, w2, b2 } => {
				let hidden = (w1.dot(&x) + b1).mapv_into(relu);
				w2.dot(&hidden) + b2
			},
		}
	}

	/// Predicted probability of the positive class.
	pub fn probability(&self, x: ArrayView1<'_, f64>) -> f64 {
		sigmoid(self.logit(x))
	}

	/// Log loss of one example, and its gradient with respect to every parameter written into
	/// `gradient` (same flat layout as the parameters; overwritten, not accumulated).
	///
	/// `x` must have [`Self::features`] values and `gradient` the parameter count; callers in
	/// this crate check both once per data set. A shorter buffer only gets a partial gradient.
	pub fn loss_and_gradient(
		&self,
		x: ArrayView1<'_, f64>,
		label: f64,
		gradient: &mut [f64],
	) -> f64 {
		let d = self.features;
		match &self.layers {
			Layers::Logistic { w, b } => {
				let z = w.dot(&x) + b;
				let error = sigmoid(z) - label;
				for (g, &xi) in gradient.iter_mut().zip(x.iter()) {
					*g = error * xi;
				}
				if let Some(g) = gradient.get_mut(d) {
					*g = error;
				}
				log_loss_from_logit(z, label)
			},
			Layers::Mlp { w1, b1, w2, b2 } => {
				let pre_activation = w1.dot(&x) + b1;
				let hidden = pre_activation.mapv(relu);
				let z = w2.dot(&hidden) + b2;
				let error = sigmoid(z) - label;
				let h = hidden.len();
				let (g_w1, rest) = gradient.split_at_mut((h * d).min(gradient.len()));
				let (g_b1, rest) = rest.split_at_mut(h.min(rest.len()));
				let (g_w2, g_b2) = rest.split_at_mut(h.min(rest.len()));
				for j in 0..h {
					// Back through w₂ and the ReLU (derivative 0 at 0 by convention).
					let unit_error = if pre_activation[j] > 0.0 { error * w2[j] } else { 0.0 };
					if let Some(row) = g_w1.get_mut(j * d..(j + 1) * d) {
						for (g, &xi) in row.iter_mut().zip(x.iter()) {
							*g = unit_error * xi;
						}
					}
					if let Some(g) = g_b1.get_mut(j) {
						*g = unit_error;
					}
					if let Some(g) = g_w2.get_mut(j) {
						*g = error * hidden[j];
					}
				}
				if let Some(g) = g_b2.first_mut() {
					*g = error;
				}
				log_loss_from_logit(z, label)
			},
		}
	}
}

/// Logistic sigmoid, written so that neither branch overflows.
pub fn sigmoid(z: f64) -> f64 {
	if z >= 0.0 {
		1.0 / (1.0 + libm::exp(-z))
	} else {
		let e = libm::exp(z);
		e / (1.0 + e)
	}
}

/// Cross-entropy `-y ln σ(z) - (1-y) ln(1-σ(z))` computed from the logit, which stays finite
/// where the probability would round to 0 or 1.
pub fn log_loss_from_logit(z: f64, label: f64) -> f64 {
	// softplus(z) - y·z, with softplus(z) = max(z, 0) + ln(1 + e^-|z|).
	let softplus = z.max(0.0) + libm::log1p(libm::exp(-libm::fabs(z)));
	softplus - label * z
}

fn relu(v: f64) -> f64 {
	v.max(0.0)
}

/// Largest `r` with `r² <= n`, by Newton's method on integers.
fn integer_sqrt(n: u64) -> u64 {
	if n < 2 {
		return n;
	}
	let mut x = n;
	// ⌈n/2⌉ is the first Newton step from n, written so that it cannot overflow; after it,
	// x + n/x stays below 2^64 and x never reaches 0.
	let mut y = n / 2 + (n & 1);
	while y < x {
		x = y;
		y = (x + n / x) / 2;
	}
	x
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn integer_sqrt_is_floor_of_root() {
		for n in [0u64, 1, 2, 3, 4, 15, 16, 17, 1 << 40, u64::MAX] {
			let r = integer_sqrt(n);
			assert!(r as u128 * r as u128 <= n as u128);
			assert!((r as u128 + 1) * (r as u128 + 1) > n as u128);
		}
	}

	#[test]
	fn mlp_gradient_matches_finite_differences() {
		let arch = Architecture::Mlp { features: 3, hidden: 4 };
		let params: Vec<f64> = fixed::decode_all(&arch.initial_parameters([7; 32]))
			.iter()
			.enumerate()
			.map(|(i, p)| p + 0.01 * i as f64)
			.collect();
		let x = ndarray::arr1(&[0.5, -1.0, 2.0]);
		let mut gradient = alloc::vec![0.0; params.len()];
		arch.view(&params).unwrap().loss_and_gradient(x.view(), 1.0, &mut gradient);
		for i in 0..params.len() {
			let (mut up, mut down) = (params.clone(), params.clone());
			up[i] += 1e-6;
			down[i] -= 1e-6;
			let mut scratch = alloc::vec![0.0; params.len()];
			let lu = arch.view(&up).unwrap().loss_and_gradient(x.view(), 1.0, &mut scratch);
			let ld = arch.view(&down).unwrap().loss_and_gradient(x.view(), 1.0, &mut scratch);
			assert!((gradient[i] - (lu - ld) / 2e-6).abs() < 1e-5, "parameter {i}");
		}
	}
}
