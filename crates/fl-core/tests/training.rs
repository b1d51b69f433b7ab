//! Behaviour of local training.

use fl_core::{
	features::FeatureScaling,
	fixed, metrics,
	model::Architecture,
	rng,
	spec::{ModelSpec, TrainingParams},
	train::{self, LabelledSet},
	DpSgd,
};
use ndarray::{Array1, Array2};

/// Two well-separated Gaussian blobs in 3 dimensions: class 1 around +1, class 0 around -1.
fn separable(n: usize, seed: u64) -> LabelledSet {
	let mut prng = rng::prng(rng::seed_from_u64(seed));
	let mut features = Array2::zeros((n, 3));
	let mut labels = Array1::zeros(n);
	for i in 0..n {
		let y = (i % 2) as f64;
		labels[i] = y;
		for j in 0..3 {
			features[[i, j]] = (2.0 * y - 1.0) * 1.5 + 0.3 * rng::standard_normal(&mut prng);
		}
	}
	LabelledSet { features, labels }
}

fn spec(architecture: Architecture, privacy: Option<DpSgd>) -> ModelSpec {
	ModelSpec {
		architecture,
		training: TrainingParams {
			learning_rate_ppm: 100_000,
			epochs: 5,
			batch_size: 16,
			l2_ppm: 0,
			proximal_mu_ppm: 0,
		},
		privacy,
		normalisation: vec![FeatureScaling::new(0.0, 1.0); 3],
		initial_model_seed: 5,
		question: None,
		server_optimiser: fl_core::ServerOptimiser::Sgd,
	}
}

fn mean_loss(spec: &ModelSpec, params: &[f64], data: &LabelledSet) -> f64 {
	let p = train::predict(spec, params, data).unwrap();
	metrics::log_loss(&p, data.labels.as_slice().unwrap()).unwrap()
}

#[test]
fn training_reduces_loss_on_separable_data() {
	let data = separable(400, 1);
	for architecture in [
		Architecture::LogisticRegression { features: 3 },
		Architecture::Mlp { features: 3, hidden: 8 },
	] {
		let spec = spec(architecture, None);
		let start = fixed::decode_all(&spec.initial_global_model().unwrap());
		let trained = train::train(&spec, &start, &data, [1; 32]).unwrap();
		let (before, after) = (mean_loss(&spec, &start, &data), mean_loss(&spec, &trained, &data));
		assert!(after < 0.1 && after < before / 5.0, "{architecture:?}: {before} -> {after}");
		let scores = train::predict(&spec, &trained, &data).unwrap();
		assert_eq!(metrics::accuracy(&scores, data.labels.as_slice().unwrap()), Some(1.0));
	}
}

#[test]
fn training_is_deterministic_for_a_seed() {
	let data = separable(200, 2);
	let spec = spec(
		Architecture::Mlp { features: 3, hidden: 4 },
		Some(DpSgd::local(1_000_000, 1_000_000)),
	);
	let start = fixed::decode_all(&spec.initial_global_model().unwrap());
	let a = train::train(&spec, &start, &data, [9; 32]).unwrap();
	let b = train::train(&spec, &start, &data, [9; 32]).unwrap();
	let c = train::train(&spec, &start, &data, [8; 32]).unwrap();
	assert_eq!(
		a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
		b.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
	);
	assert_ne!(a, c);
}

#[test]
fn local_update_is_the_quantised_change_and_counts_samples() {
	let data = separable(100, 3);
	let spec = spec(Architecture::LogisticRegression { features: 3 }, None);
	let global = spec.initial_global_model().unwrap();
	let update = train::local_update(&spec, &global, &data, [4; 32]).unwrap();
	let trained = train::train(&spec, &fixed::decode_all(&global), &data, [4; 32]).unwrap();
	assert_eq!(update.samples, 100);
	for ((d, g), t) in update.delta.iter().zip(&global).zip(&trained) {
		assert!((fixed::decode(g + d) - t).abs() <= fixed::MAX_ROUNDING_ERROR);
	}
}

#[test]
fn training_refuses_mismatched_inputs() {
	let data = separable(10, 4);
	let spec = spec(Architecture::LogisticRegression { features: 3 }, None);
	assert!(train::train(&spec, &[0.0; 3], &data, [0; 32]).is_err());
	let wide = spec.clone();
	let narrow = ModelSpec {
		architecture: Architecture::LogisticRegression { features: 2 },
		normalisation: vec![FeatureScaling::new(0.0, 1.0); 2],
		..wide
	};
	assert_eq!(
		train::train(&narrow, &[0.0; 3], &data, [0; 32]),
		Err(train::TrainingError::FeatureCount)
	);
	let empty = LabelledSet { features: Array2::zeros((0, 3)), labels: Array1::zeros(0) };
	assert_eq!(
		train::train(&spec, &[0.0; 4], &empty, [0; 32]),
		Err(train::TrainingError::NoExamples)
	);
}
