//! Server-side optimisers: how the runtime moves the global model with a round's aggregate.
//!
//! The aggregation rule ([`crate::aggregate`]) turns the clinics' deltas into one aggregate
//! delta `Δ`; the server optimiser then treats `Δ` as a pseudo-gradient (Reddi et al.,
//! "Adaptive Federated Optimization", ICLR 2021) and keeps its own state between rounds.
//! [`ServerOptimiser::Sgd`] with its step of one is plain FedAvg: `x ← x + Δ`.
//!
//! Consensus code: integers only, deterministic, bounded, no panics.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The server optimiser a task chose, with its hyper-parameters in millionths.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
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
pub enum OptimiserError {
	/// A learning rate of zero, a decay of 1,000,000 ppm or more, or a zero `τ`.
	InvalidParams,
	/// The aggregated model, the global model or the state have different lengths.
	LengthMismatch,
}

/// One in millionths.
const PPM: u32 = 1_000_000;

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
}
