//! The figures of secure aggregation against a round in the clear, from the runtime's own
//! types and benchmarked weights: what one clinic puts on chain per round (its signed
//! extrinsics, encoded as a block carries them) and what summing and unmasking cost the
//! runtime at the bounds, as a share of a block. Printed by
//!
//! ```text
//! cargo test --release -p ivf-runtime secure_aggregation_figures -- --nocapture --test-threads 1
//! ```
//!
//! The round latency in blocks is the pallet's (`pallet-federated-learning`'s
//! `round_latency_figures`, its real off-chain worker in a mock runtime).

use crate::{
	configs::{RuntimeBlockLength, RuntimeBlockWeights},
	AccountId, Runtime, RuntimeCall, Signature, UncheckedExtrinsic,
};
use codec::Encode;
use frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight, BoundedVec};
use pallet_federated_learning::fl_core::{
	metrics::ScoreHistogram,
	secure_aggregation::{DealtShare, ParticipantKeys, Share, SharesForRecipient},
};
use pallet_federated_learning::{Call as FlCall, Commitment, Config as FlConfig, WeightInfo as _};

type FlWeights = <Runtime as FlConfig>::WeightInfo;

/// The clinic counts and model sizes of the figures: the logistic model of the studies, and
/// the largest model a securely aggregated task may have (a compact task's,
/// `MaxCompactParameters`; its masked update is bounded by it).
const CLINICS: [u32; 2] = [4, 16];
const PARAMETERS: [u32; 2] = [20, 512];

/// `call` as a clinic's worker signs it (the extensions the off-chain worker attaches, an
/// sr25519 signature), encoded as a block carries it: its length in bytes.
fn signed_length(call: FlCall<Runtime>) -> usize {
	let extensions = crate::configs::worker_extensions(1_000, 1_000);
	let signature = Signature::Sr25519(sp_core::sr25519::Signature::from_raw([7; 64]));
	UncheckedExtrinsic::new_signed(
		RuntimeCall::FederatedLearning(call),
		sp_runtime::MultiAddress::Id(AccountId::new([1; 32])),
		signature,
		extensions,
	)
	.encode()
	.len()
}

/// A commitment with a histogram of a few hundred rows (its counts are compact-encoded).
fn commitment() -> Commitment {
	let counts = [30, 25, 20, 18, 15, 12, 10, 8, 6, 4];
	Commitment {
		update_hash: [1; 32],
		samples: 300,
		cohort_hash: [2; 32],
		scores: ScoreHistogram { positives: counts, negatives: counts.map(|c| c * 3) },
	}
}

/// What one clinic signs in one round in the clear: its commitment and its update.
fn clear_bytes(parameters: u32) -> usize {
	let commit = FlCall::commit_update { task: 1, round: 2, dataset: 3, commitment: commitment() };
	let update = BoundedVec::truncate_from(vec![-123_456i32; parameters as usize]);
	let reveal = FlCall::reveal_update { task: 1, round: 2, dataset: 3, update, salt: [4; 32] };
	signed_length(commit) + signed_length(reveal)
}

/// What one clinic signs in one securely aggregated round of `clinics`: its keys, its shares
/// to every participant, its commitment, its masked update and its unmasking shares.
fn secure_bytes(clinics: u32, parameters: u32) -> [usize; 5] {
	let (task, round, dataset) = (1, 2, 3);
	let keys = ParticipantKeys { mask: [5; 32], transport: [6; 32] };
	let dealt = DealtShare { encrypted: [7; 32], commitment: [8; 32] };
	let shares = (0..clinics)
		.map(|recipient| SharesForRecipient { recipient, mask_key: dealt, self_mask: dealt })
		.collect::<Vec<_>>();
	let masked = BoundedVec::truncate_from(vec![u64::MAX / 3; parameters as usize]);
	let unmasking = (0..clinics).map(|x| Share { x: x as u8 + 1, y: [9; 32] }).collect::<Vec<_>>();
	[
		signed_length(FlCall::publish_mask_keys { task, round, dataset, keys }),
		signed_length(FlCall::deal_mask_shares {
			task,
			round,
			dataset,
			shares: BoundedVec::truncate_from(shares),
		}),
		signed_length(FlCall::commit_update { task, round, dataset, commitment: commitment() }),
		signed_length(FlCall::reveal_masked_update { task, round, dataset, masked, salt: [4; 32] }),
		signed_length(FlCall::reveal_unmasking_shares {
			task,
			round,
			dataset,
			shares: BoundedVec::truncate_from(unmasking),
		}),
	]
}

/// `part / whole` in percent.
fn percent(part: u64, whole: u64) -> f64 {
	part as f64 * 100.0 / whole as f64
}

#[test]
fn secure_aggregation_figures_bytes_per_clinic_per_round() {
	let normal_length = *RuntimeBlockLength::get().max.get(DispatchClass::Normal) as u64;
	println!("bytes on chain per clinic per round (signed extrinsics as blocks carry them):");
	for parameters in PARAMETERS {
		let clear = clear_bytes(parameters);
		println!("  {parameters:>5} parameters, in the clear: {clear} (commit + reveal)");
		for clinics in CLINICS {
			let phases = secure_bytes(clinics, parameters);
			let secure: usize = phases.iter().sum();
			// The heaviest phase has every clinic's transaction of that phase in one block.
			let heaviest = phases.iter().max().copied().unwrap_or_default() as u64 * clinics as u64;
			println!(
				"  {parameters:>5} parameters, secure, {clinics:>2} clinics: {secure} ({:.2}x; keys {}, \
				 shares {}, commit {}, masked update {}, unmasking shares {}); the heaviest phase \
				 of all {clinics} in one block: {:.2}% of a block's normal length",
				secure as f64 / clear as f64,
				phases[0],
				phases[1],
				phases[2],
				phases[3],
				phases[4],
				percent(heaviest, normal_length),
			);
			// A masked word is 8 bytes where a clear value is 4, and the shares grow with
			// the clinics: the secure round costs more, never less.
			assert!(secure > clear);
			// Every phase of a full round fits in one block with room for other work.
			assert!(heaviest * 4 <= normal_length, "{heaviest} bytes in one phase");
		}
	}
}

#[test]
fn secure_aggregation_figures_summing_and_unmasking_cost_at_the_bounds() {
	// Secure aggregation is kept to compact tasks: its calls are priced at the compact bounds.
	let max_participants: u32 = <Runtime as FlConfig>::MaxCompactParticipants::get();
	let block = RuntimeBlockWeights::get().max_block;
	let share = |w: Weight| percent(w.ref_time(), block.ref_time());
	println!("closing a round (summing; unmasking under secure aggregation), benchmarked weight:");
	for clinics in CLINICS {
		for parameters in PARAMETERS {
			let clear = FlWeights::close_round(clinics, parameters);
			let secure = FlWeights::unmask_round(clinics, parameters);
			println!(
				"  {clinics:>2} clinics x {parameters:>5} parameters: FedAvg in the clear {} µs \
				 ({:.3}% of a block), secure {} µs ({:.3}% of a block, proof {} bytes)",
				clear.ref_time() / 1_000_000,
				share(clear),
				secure.ref_time() / 1_000_000,
				share(secure),
				secure.proof_size(),
			);
		}
	}
	// The worst block start: the scan, then closing work, the first unit always and each
	// next one only within a tenth of a block's weight and proof. A secure close at the
	// compact bounds (secure aggregation is kept to compact tasks) is one such unit, within
	// the dearest the pallet prices.
	let open_tasks: u32 = <Runtime as FlConfig>::MaxOpenTasks::get();
	let (compact_participants, compact_parameters): (u32, u32) = (
		<Runtime as FlConfig>::MaxCompactParticipants::get(),
		<Runtime as FlConfig>::MaxCompactParameters::get(),
	);
	let one_close = FlWeights::unmask_round(compact_participants, compact_parameters);
	let worst = crate::FederatedLearning::worst_initialize();
	println!(
		"  worst on_initialize (a secure close at {compact_participants} x {compact_parameters}: \
		 {} µs, or closes within the budget, + scan of {open_tasks} tasks): {} µs, {:.2}% of a \
		 block; proof size {} bytes",
		one_close.ref_time() / 1_000_000,
		worst.ref_time() / 1_000_000,
		share(worst),
		worst.proof_size(),
	);
	assert!(crate::FederatedLearning::dearest_close_unit().all_gte(one_close));
	assert!(share(worst) <= 10.0, "{worst:?} is over a tenth of {block:?}");
	assert!(
		worst.proof_size() <= pallet_federated_learning::MAX_BLOCK_PROOF,
		"proof size {}",
		worst.proof_size()
	);
	// A participant's secure calls at the bounds fit the normal share of a block too, the
	// last unmasking shares with the close they do.
	let normal = RuntimeBlockWeights::get().get(DispatchClass::Normal).max_total.unwrap_or(block);
	for (name, weight) in [
		("publish_mask_keys", FlWeights::publish_mask_keys(max_participants)),
		("deal_mask_shares", FlWeights::deal_mask_shares(max_participants)),
		(
			"reveal_unmasking_shares + unmask_round",
			FlWeights::reveal_unmasking_shares(max_participants).saturating_add(one_close),
		),
	] {
		println!(
			"  {name}({max_participants}): {} µs, {:.3}% of the normal share",
			weight.ref_time() / 1_000_000,
			percent(weight.ref_time(), normal.ref_time())
		);
		assert!(weight.all_lte(normal));
	}
}
