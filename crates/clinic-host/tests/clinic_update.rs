//! The clinic node's training and `fl_core::train::ClinicRound::update` (what `fl-train --update`
//! prints) must give the same update bit for bit: the end-to-end test recomputes every
//! clinic's update with the tool to show that none appears in the clear on chain, so any
//! drift between the two would make that check look for the wrong values.

use codec::Encode;
use fl_core::{
	features::{labelled_set, IvfCycle, FEATURE_COUNT},
	synth::Generator,
	train::{ClinicRound, LabelledSet},
	Architecture, DpSgd, ModelSpec, TrainingParams,
};
use ivf_clinic_host::{native::ClinicNode, TrainingRequest};

fn spec(privacy: Option<DpSgd>, architecture: Architecture) -> ModelSpec {
	ModelSpec {
		training: TrainingParams {
			learning_rate_ppm: 150_000,
			epochs: 2,
			batch_size: 8,
			l2_ppm: 500,
			proximal_mu_ppm: 0,
		},
		privacy,
		architecture,
		..ModelSpec::reference_logistic(21)
	}
}

/// A clinic node holding `dataset` (synthetic rows), asked for its part in `round` of `task`
/// on the rows `rows` of it.
struct Case {
	secret: [u8; 32],
	dataset: u32,
	task: u64,
	round: u32,
	node: ClinicNode,
	rows: Vec<u32>,
	cycles: Vec<IvfCycle>,
}

impl Case {
	/// Clinic `clinic`'s `count` synthetic rows (generator seed `seed`) as `dataset`, of which
	/// the rows `rows` take part (as a withdrawn consent leaves a row out, in file order).
	fn new(
		secret: [u8; 32],
		(dataset, task, round): (u32, u64, u32),
		(seed, clinic, count): (u64, usize, usize),
		rows: Vec<u32>,
	) -> Self {
		let records = Generator::new(3, seed).clinic_records(clinic, count);
		let node = ClinicNode::in_memory(secret);
		node.insert_rows(dataset, records.iter().map(|r| (r.pseudonym, r.cycle)).collect());
		let cycles = rows.iter().map(|&r| records[r as usize].cycle).collect();
		Case { secret, dataset, task, round, node, rows, cycles }
	}

	/// What the off-chain worker asks the node for, from the starting model `base`.
	fn request(
		&self,
		spec: &ModelSpec,
		base: &[i32],
		update_norm_bound: u128,
		noise_threshold: Option<u32>,
	) -> TrainingRequest {
		TrainingRequest {
			dataset: self.dataset,
			dataset_version: self.node.dataset_index(self.dataset).unwrap().version,
			rows: self.rows.clone(),
			spec: spec.clone(),
			spec_id: spec.id(),
			task: self.task,
			round: self.round,
			base_model: base.to_vec(),
			base_model_hash: sp_crypto_hashing::blake2_256(&base.encode()),
			update_norm_bound,
			noise_threshold,
		}
	}

	/// The rows the node trains on, as `fl-train` reads them: labelled and scaled by `spec`.
	fn examples(&self, spec: &ModelSpec) -> LabelledSet {
		labelled_set(&self.cycles, &spec.normalisation).unwrap()
	}

	/// The clinic's part in the round as `fl-train --update` recomputes it.
	fn recomputed<'a>(
		&'a self,
		spec: &'a ModelSpec,
		base: &'a [i32],
		examples: &'a LabelledSet,
	) -> ClinicRound<'a> {
		ClinicRound {
			spec,
			base_model: base,
			examples,
			clinic_secret: &self.secret,
			dataset: self.dataset,
			task: self.task,
			round: self.round,
		}
	}
}

#[test]
fn the_node_trains_the_update_clinic_update_recomputes() {
	let rows = (0..60).filter(|r| r % 7 != 3).take(45).collect();
	let case = Case::new([0x5a; 32], (6, 3, 4), (17, 2, 60), rows);
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
		let outcome = case.node.train(&case.request(&spec, &base, bound, None)).unwrap();
		let examples = case.examples(&spec);
		let clinic = case.recomputed(&spec, &base, &examples);
		let recomputed = clinic.update(bound).unwrap();
		assert_eq!(outcome.update, recomputed);
		assert!(outcome.update.iter().any(|&d| d != 0));
		// Under DP, another dataset of the same clinic draws other noise.
		let other = ClinicRound { dataset: case.dataset + 1, ..clinic }.update(bound).unwrap();
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
	let threshold = 3;
	let rows = (0..50).filter(|r| r % 9 != 4).collect();
	let case = Case::new([0x3c; 32], (2, 8, 2), (5, 1, 50), rows);
	let mut spec = spec(
		Some(DpSgd::distributed(1_000_000, 4_000_000)),
		Architecture::LogisticRegression { features: FEATURE_COUNT as u32 },
	);
	spec.training.epochs = 1;
	spec.training.batch_size = 1_000;
	let base = spec.initial_global_model().unwrap();
	let outcome = case.node.train(&case.request(&spec, &base, 1 << 20, Some(threshold))).unwrap();
	assert!(outcome.update.is_empty(), "no update in the clear");
	let examples = case.examples(&spec);
	let clinic = case.recomputed(&spec, &base, &examples);
	let recomputed = clinic.distributed_update(threshold).unwrap();
	assert_eq!(outcome.weighted, Some(recomputed.clone()));
	// A larger threshold shares the noise more thinly: another vector.
	let thinner = clinic.distributed_update(threshold + 2).unwrap();
	assert_ne!(thinner, recomputed);
}
