//! Behaviour of the model spec: stable id, validation, initial model.

use codec::{Decode, Encode};
use fl_core::{
	features, AggregationRule, Architecture, DpSgd, ModelSpec, SpecError, TrainingParams,
};

fn spec() -> ModelSpec {
	ModelSpec {
		architecture: Architecture::Mlp { features: features::FEATURE_COUNT as u32, hidden: 16 },
		training: TrainingParams {
			learning_rate_ppm: 200_000,
			epochs: 1,
			batch_size: 64,
			l2_ppm: 100,
			proximal_mu_ppm: 0,
		},
		privacy: Some(DpSgd::local(1_000_000, 8_000_000)),
		normalisation: features::reference_normalisation(),
		initial_model_seed: 2024,
		question: None,
		server_optimiser: fl_core::ServerOptimiser::Sgd,
	}
}

#[test]
fn id_is_the_blake2_256_of_the_scale_encoding_and_survives_a_round_trip() {
	let spec = spec();
	assert_eq!(spec.id(), sp_crypto_hashing::blake2_256(&spec.encode()));
	let decoded = ModelSpec::decode(&mut &spec.encode()[..]).unwrap();
	assert_eq!(decoded.id(), spec.id());
	let mut other = spec.clone();
	other.training.learning_rate_ppm += 1;
	assert_ne!(other.id(), spec.id());
	let rule = AggregationRule::TrimmedMean { trim_each_side: 2 };
	assert_eq!(AggregationRule::decode(&mut &rule.encode()[..]).unwrap(), rule);
}

#[test]
fn initial_model_is_deterministic_and_sized() {
	let spec = spec();
	let a = spec.initial_global_model().unwrap();
	assert_eq!(a.len(), 16 * 19 + 2 * 16 + 1);
	assert_eq!(a, spec.initial_global_model().unwrap());
	assert!(a.iter().any(|&w| w != 0));
	// Glorot bound for W1: √(6 / (19 + 16)) ≈ 0.414 → 27,135 in Q15.16.
	assert!(a[..16 * 19].iter().all(|w| w.abs() <= 27_136));
	let logistic =
		ModelSpec { architecture: Architecture::LogisticRegression { features: 19 }, ..spec };
	assert_eq!(logistic.initial_global_model().unwrap(), vec![0; 20]);
}

#[test]
fn validation_names_the_broken_field() {
	let broken = |f: fn(&mut ModelSpec)| {
		let mut s = spec();
		f(&mut s);
		s.validate()
	};
	assert_eq!(spec().validate(), Ok(()));
	assert_eq!(
		broken(|s| s.architecture = Architecture::Mlp { features: 19, hidden: 0 }),
		Err(SpecError::HiddenUnits)
	);
	assert_eq!(
		broken(|s| s.architecture = Architecture::LogisticRegression { features: 0 }),
		Err(SpecError::FeatureCount)
	);
	assert_eq!(broken(|s| s.training.batch_size = 0), Err(SpecError::TrainingParams));
	assert_eq!(broken(|s| s.privacy = Some(DpSgd::local(1, 0))), Err(SpecError::PrivacyParams));
	assert_eq!(
		broken(|s| {
			s.normalisation.pop();
		}),
		Err(SpecError::Normalisation)
	);
	assert_eq!(broken(|s| s.normalisation[0].scale = 0), Err(SpecError::Normalisation));
	assert_eq!(spec().round_rho(8_000), Ok(125 * 1_000_000 / 64 / 2 + 1));
}
