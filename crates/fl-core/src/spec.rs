//! [`ModelSpec`]: everything a clinic needs to train its part of a round, under one hash.
//!
//! A training task on chain names its model by [`ModelSpec::id`], the blake2-256 hash of the
//! spec's SCALE encoding. Every field that changes what a clinic computes is in the spec
//! (architecture, hyper-parameters, DP settings, feature normalisation, initial-model seed),
//! so two parties holding specs with the same id train, and can replay, the same thing.
//! Real-valued settings are kept as integers (millionths or Q15.16) so the encoding, and so
//! the id, is the same on every platform.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::{
	dp::{self, DpSgd, PrivacyError, RhoMillionths},
	features::FeatureScaling,
	model::Architecture,
	optimiser::ServerOptimiser,
	question::StudyQuestion,
	rng,
};

/// Stable 32-byte identifier of a [`ModelSpec`].
pub type SpecId = [u8; 32];

/// Largest number of input features a spec may declare.
pub const MAX_FEATURES: u32 = 256;

/// Largest hidden layer a spec may declare.
pub const MAX_HIDDEN_UNITS: u32 = 256;

/// Mini-batch SGD settings. Real values are in millionths so the spec encodes exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct TrainingParams {
	/// Step size, in millionths.
	pub learning_rate_ppm: u32,
	/// Passes over the clinic's data per round.
	pub epochs: u32,
	/// Examples per mini-batch (and per DP-SGD step).
	pub batch_size: u32,
	/// L2 penalty coefficient `λ` (loss + λ/2·‖θ‖²), in millionths.
	pub l2_ppm: u32,
	/// FedProx's proximal coefficient `μ` (Li et al., MLSys 2020), in millionths: local
	/// training minimises loss + μ/2·‖θ − θ_round‖², which keeps a clinic with unusual data
	/// near the round's model. 0 trains as plain FedAvg clients do.
	pub proximal_mu_ppm: u32,
}

/// One epoch of mini-batch SGD at step size 0.1, in batches of 16, without L2 penalty or
/// proximal term: a plain FedAvg client's settings.
impl Default for TrainingParams {
	fn default() -> Self {
		Self {
			learning_rate_ppm: 100_000,
			epochs: 1,
			batch_size: 16,
			l2_ppm: 0,
			proximal_mu_ppm: 0,
		}
	}
}

impl TrainingParams {
	/// Learning rate as a real number.
	pub fn learning_rate(&self) -> f64 {
		self.learning_rate_ppm as f64 / 1e6
	}

	/// L2 coefficient as a real number.
	pub fn l2(&self) -> f64 {
		self.l2_ppm as f64 / 1e6
	}

	/// FedProx's `μ` as a real number.
	pub fn proximal_mu(&self) -> f64 {
		self.proximal_mu_ppm as f64 / 1e6
	}
}

/// The model, its training, its privacy and its input scaling: one training task's recipe.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct ModelSpec {
	/// Model shape.
	pub architecture: Architecture,
	/// Local training settings.
	pub training: TrainingParams,
	/// DP-SGD settings; `None` trains without differential privacy (and cannot be charged).
	pub privacy: Option<DpSgd>,
	/// Per-feature scaling, one entry per input feature.
	pub normalisation: Vec<FeatureScaling>,
	/// Seed of the initial global model (see [`Architecture::initial_parameters`]).
	pub initial_model_seed: u64,
	/// The study question: outcome and feature columns with their encodings. `None` leaves
	/// the inputs to the caller: on the consortium chain, the IVF default of the 19 inputs of
	/// [`crate::features::FEATURE_NAMES`] predicting live birth from IVF cycle files.
	pub question: Option<StudyQuestion>,
	/// How the runtime moves the global model with each round's aggregate.
	pub server_optimiser: ServerOptimiser,
}

/// Why a spec is unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum SpecError {
	/// Zero features, or more than [`MAX_FEATURES`].
	FeatureCount,
	/// Zero hidden units, or more than [`MAX_HIDDEN_UNITS`].
	HiddenUnits,
	/// `epochs`, `batch_size` or `learning_rate_ppm` is zero.
	TrainingParams,
	/// DP-SGD with a zero clipping bound or zero noise multiplier.
	PrivacyParams,
	/// `normalisation` does not have one entry per feature, or a scale is not positive.
	Normalisation,
	/// Distributed DP noise with more than one local epoch: the noise can be shared only when
	/// a round is one full-batch step (`epochs = 1`; the task also needs `batch_size` at least
	/// its `max_samples`).
	DistributedNoiseNeedsOneStep,
	/// Distributed DP noise whose per-clinic share would be below
	/// [`crate::dp::MIN_DISTRIBUTED_NOISE_STD`] grid units: raise the noise multiplier, the
	/// learning rate or the clipping bound.
	DistributedNoiseTooSmall,
	/// The study question is malformed (see [`crate::question::QuestionError`]): no feature
	/// or too many, a column listed twice, a one-hot encoding without levels.
	Question,
	/// The architecture's `features` differs from the question's encoded width
	/// ([`StudyQuestion::encoded_width`]). Without a question the caller gives the inputs (a
	/// chain's IVF default checks its own width).
	QuestionWidth,
	/// The server optimiser's hyper-parameters are out of range (see
	/// [`crate::optimiser::OptimiserError::InvalidParams`]).
	ServerOptimiser,
}

impl ModelSpec {
	/// The consortium's default task: logistic regression over the IVF features of
	/// [`crate::features::FEATURE_NAMES`] predicting live birth, scaled by their
	/// [`reference_normalisation`](crate::features::reference_normalisation), trained with the
	/// [default](TrainingParams::default) settings, without differential privacy, the global
	/// model moved by plain SGD, and the initial model drawn from `initial_model_seed`.
	pub fn reference_logistic(initial_model_seed: u64) -> Self {
		let features = crate::features::FEATURE_COUNT as u32;
		ModelSpec {
			architecture: Architecture::LogisticRegression { features },
			training: TrainingParams::default(),
			privacy: None,
			normalisation: crate::features::reference_normalisation(),
			initial_model_seed,
			question: None,
			server_optimiser: ServerOptimiser::Sgd,
		}
	}

	/// The spec's id: `blake2_256(SCALE(spec))`.
	pub fn id(&self) -> SpecId {
		sp_crypto_hashing::blake2_256(&self.encode())
	}

	/// Checks every bound; a task should be refused when this fails.
	pub fn validate(&self) -> Result<(), SpecError> {
		let features = self.architecture.features() as u32;
		if features == 0 || features > MAX_FEATURES {
			return Err(SpecError::FeatureCount);
		}
		if let Architecture::Mlp { hidden, .. } = self.architecture {
			if hidden == 0 || hidden > MAX_HIDDEN_UNITS {
				return Err(SpecError::HiddenUnits);
			}
		}
		let t = &self.training;
		if t.epochs == 0 || t.batch_size == 0 || t.learning_rate_ppm == 0 {
			return Err(SpecError::TrainingParams);
		}
		if let Some(dp) = &self.privacy {
			if dp.clip_norm_ppm == 0 || dp.noise_multiplier_ppm == 0 {
				return Err(SpecError::PrivacyParams);
			}
			if dp.is_distributed() {
				if t.epochs != 1 {
					return Err(SpecError::DistributedNoiseNeedsOneStep);
				}
				if !dp::distributed_noise_large_enough(t.learning_rate_ppm, dp) {
					return Err(SpecError::DistributedNoiseTooSmall);
				}
			}
		}
		if let Some(question) = &self.question {
			question.validate().map_err(|_| SpecError::Question)?;
			if question.encoded_width() != features as usize {
				return Err(SpecError::QuestionWidth);
			}
		}
		self.server_optimiser.validate().map_err(|_| SpecError::ServerOptimiser)?;
		if self.normalisation.len() != features as usize
			|| self.normalisation.iter().any(|s| s.scale <= 0)
		{
			return Err(SpecError::Normalisation);
		}
		Ok(())
	}

	/// Length of the flat parameter vector (bounded by [`MAX_FEATURES`] and
	/// [`MAX_HIDDEN_UNITS`] once [`Self::validate`] passed).
	pub fn parameter_count(&self) -> Result<usize, SpecError> {
		self.validate()?;
		self.architecture.parameter_count().ok_or(SpecError::FeatureCount)
	}

	/// The round-0 global model in Q15.16, integers only.
	pub fn initial_global_model(&self) -> Result<Vec<i32>, SpecError> {
		self.validate()?;
		Ok(self
			.architecture
			.initial_parameters(rng::seed_from_u64(self.initial_model_seed)))
	}

	/// ρ (millionths, rounded up) one round costs a dataset of `samples` examples under this
	/// spec: see [`crate::dp`] for the formula. Fails for a spec without DP.
	pub fn round_rho(&self, samples: u64) -> Result<RhoMillionths, PrivacyError> {
		let dp = self.privacy.as_ref().ok_or(PrivacyError::NoNoise)?;
		dp::round_rho(dp, samples, self.training.epochs, self.training.batch_size)
	}
}
