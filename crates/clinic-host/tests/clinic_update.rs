//! The clinic node's training and `fl_core::train::ClinicRound::update` (what `fl-train --update`
//! prints) must give the same update bit for bit: the end-to-end test recomputes every
//! clinic's update with the tool to show that none appears in the clear on chain, so any
//! drift between the two would make that check look for the wrong values.

use codec::Encode;
use fl_core::{
	features::{labelled_set, reference_normalisation, FEATURE_COUNT},
	synth::Generator,
	train::{clinic_seed, ClinicRound},
	Architecture, DpSgd, ModelSpec, TrainingParams,
};
use ivf_clinic_host::{native::ClinicNode, training_seed, TrainingRequest};

fn spec(privacy: Option<DpSgd>, architecture: Architecture) -> ModelSpec {
	ModelSpec {
		architecture,
		training: TrainingParams {
			learning_rate_ppm: 150_000,
			epochs: 2,
			batch_size: 8,
			l2_ppm: 500,
			proximal_mu_ppm: 0,
		},
		privacy,
		normalisation: reference_normalisation(),
		initial_model_seed: 21,
		question: None,
		server_optimiser: fl_core::ServerOptimiser::Sgd,
	}
}

#[test]
fn the_node_trains_the_update_clinic_update_recomputes() {
	let secret = [0x5a; 32];
	let (dataset, task, round) = (6u32, 3u64, 4u32);
	let records = Generator::new(3, 17).clinic_records(2, 60);
	let node = ClinicNode::in_memory(secret);
	node.insert_rows(dataset, records.iter().map(|r| (r.pseudonym, r.cycle)).collect());
	let version = node.dataset_index(dataset).unwrap().version;
	// Some rows left out, as a withdrawn consent leaves a row out, in file order.
	let rows: Vec<u32> = (0..60).filter(|r| r % 7 != 3).take(45).collect();
	let cycles: Vec<_> = rows.iter().map(|&r| records[r as usize].cycle).collect();

	let dp = DpSgd::local(800_000, 1_200_000);
	let logistic = Architecture::LogisticRegression { features: FEATURE_COUNT as u32 };
	let mlp = Architecture::Mlp { features: FEATURE_COUNT as u32, hidden: 4 };
	for (spec, bound) in [
		(spec(Some(dp), logistic), 1u128 << 20),
		(spec(None, logistic), 1 << 20),
		// A tight bound, so that clipping changes the update.
		(spec(Some(dp), mlp), 1 << 12),
	] {
		// A starting model other than the initial one, as from round 2 on.
		let base: Vec<i32> = spec
			.initial_global_model()
			.unwrap()
			.iter()
			.enumerate()
			.map(|(i, p)| p + (i as i32 % 5 - 2) * 1_000)
			.collect();
		let base_model_hash = sp_crypto_hashing::blake2_256(&base.encode());
		assert_eq!(
			training_seed(&spec.id(), task, round, &base_model_hash, &secret, dataset),
			clinic_seed(&spec.id(), task, round, &base_model_hash, &secret, dataset)
		);
		let outcome = node
			.train(&TrainingRequest {
				dataset,
				dataset_version: version,
				rows: rows.clone(),
				spec: spec.clone(),
				spec_id: spec.id(),
				task,
				round,
				base_model: base.clone(),
				base_model_hash,
				update_norm_bound: bound,
				noise_threshold: None,
			})
			.unwrap();
		let examples = labelled_set(&cycles, &spec.normalisation).unwrap();
		let clinic = ClinicRound {
			spec: &spec,
			base_model: &base,
			examples: &examples,
			clinic_secret: &secret,
			dataset,
			task,
			round,
		};
		let recomputed = clinic.update(bound).unwrap();
		assert_eq!(outcome.update, recomputed);
		assert!(outcome.update.iter().any(|&d| d != 0));
		// Under DP, another dataset of the same clinic draws other noise.
		let other = ClinicRound { dataset: dataset + 1, ..clinic }.update(bound).unwrap();
		if spec.privacy.is_some() {
			assert_ne!(other, recomputed);
		}
	}
}

/// Under distributed noise the node returns the noised weighted update that
/// `fl_core::train::ClinicRound::distributed_update` (what `fl-train --update --noise-threshold`
/// prints) recomputes, and no update in the clear.
#[test]
fn the_node_adds_the_distributed_noise_clinic_round_recomputes() {
	let secret = [0x3c; 32];
	let (dataset, task, round, threshold) = (2u32, 8u64, 2u32, 3u32);
	let records = Generator::new(3, 5).clinic_records(1, 50);
	let node = ClinicNode::in_memory(secret);
	node.insert_rows(dataset, records.iter().map(|r| (r.pseudonym, r.cycle)).collect());
	let version = node.dataset_index(dataset).unwrap().version;
	let rows: Vec<u32> = (0..50).filter(|r| r % 9 != 4).collect();
	let cycles: Vec<_> = rows.iter().map(|&r| records[r as usize].cycle).collect();
	let mut spec = spec(
		Some(DpSgd::distributed(1_000_000, 4_000_000)),
		Architecture::LogisticRegression { features: FEATURE_COUNT as u32 },
	);
	spec.training.epochs = 1;
	spec.training.batch_size = 1_000;
	let base = spec.initial_global_model().unwrap();
	let request = TrainingRequest {
		dataset,
		dataset_version: version,
		rows,
		spec: spec.clone(),
		spec_id: spec.id(),
		task,
		round,
		base_model: base.clone(),
		base_model_hash: sp_crypto_hashing::blake2_256(&base.encode()),
		update_norm_bound: 1 << 20,
		noise_threshold: Some(threshold),
	};
	let outcome = node.train(&request).unwrap();
	assert!(outcome.update.is_empty(), "no update in the clear");
	let examples = labelled_set(&cycles, &spec.normalisation).unwrap();
	let clinic = ClinicRound {
		spec: &spec,
		base_model: &base,
		examples: &examples,
		clinic_secret: &secret,
		dataset,
		task,
		round,
	};
	let recomputed = clinic.distributed_update(threshold).unwrap();
	assert_eq!(outcome.weighted, Some(recomputed.clone()));
	// A larger threshold shares the noise more thinly: another vector.
	let thinner = clinic.distributed_update(threshold + 2).unwrap();
	assert_ne!(thinner, recomputed);
}
