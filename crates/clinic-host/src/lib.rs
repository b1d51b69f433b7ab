//! The clinic node's side of federated training.
//!
//! ## Overview
//!
//! A clinic's patient rows must not leave its node, nor be reachable through it. The off-chain
//! worker of `pallet-federated-learning` is the orchestrator (which tasks and rounds, which
//! rows are consented at a round's start, what to commit and reveal) and runs in Wasm; the
//! rows live in the clinic's own files, which the node reads (`ivf-node --dataset
//! ID=FILE`). This crate joins the two with host functions ([`clinic_node`]):
//!
//! - [`clinic_node::dataset_index`]: the version (a hash of the file) and the pseudonyms of a
//!   dataset's rows, in file order: what the worker needs to ask the consent ledger which rows
//!   may be used. No row's content.
//! - [`clinic_node::train`]: trains natively with `fl-core` on the rows the worker chose, with
//!   a seed that mixes in the node's own secret, and returns only the clipped quantised update
//!   and the (noised under DP) score histogram: what the round publishes anyway.
//! - [`clinic_node::keep`], [`clinic_node::kept`], [`clinic_node::forget`]: the worker's
//!   prepared update between commit and reveal, kept in a file of the node (0600), not in the
//!   off-chain database that the `offchain_localStorage*` RPC methods read and write.
//!
//! Patient rows never enter Wasm memory, an RPC answer, a log line or the off-chain database.
//!
//! ## Design
//!
//! The functions reach the node through the [`ClinicNodeExt`] externalities extension, which
//! the node registers for its off-chain workers only. Anywhere else (block import, a node run
//! without the extension) every call answers [`ClinicNodeError::NoClinicNode`], and the
//! worker logs that reason and takes no part: nothing is trained in Wasm. Every `ivf-node`
//! provides the host functions, so the runtime instantiates on every consortium node.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, Encode};
use fl_core::{metrics::ScoreHistogram, ModelSpec, SpecId};
#[cfg(feature = "std")]
use sp_externalities::ExternalitiesExt;
use sp_runtime_interface::{
	pass_by::{AllocateAndReturnByCodec, PassFatPointerAndDecode, PassFatPointerAndRead},
	runtime_interface,
};

#[cfg(feature = "std")]
pub mod native;

/// What the worker sees of a dataset: enough to ask the consent ledger about each row.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct DatasetIndex {
	/// `blake2_256` of the file's bytes: a training request names it, so rows chosen from
	/// one version of the file are never trained on from another.
	pub version: [u8; 32],
	/// Each row's salted patient pseudonym, in file order.
	pub pseudonyms: Vec<[u8; 32]>,
	/// The id (`fl_core::DatasetSchema::id`) of the schema the file was checked against, if
	/// it has one (`NAME.schema.json` or `schema.json` beside it): the worker trains a study
	/// question only on a file checked against the very schema declared on chain.
	pub schema_id: Option<[u8; 32]>,
}

/// A round's local training, as the worker asks for it.
#[derive(Clone, PartialEq, Debug, Encode, Decode)]
pub struct TrainingRequest {
	/// The dataset (its id on chain) to train on.
	pub dataset: u32,
	/// The [`DatasetIndex::version`] the rows were chosen from.
	pub dataset_version: [u8; 32],
	/// The rows to train on: 0-based indices into the dataset, each at most once.
	pub rows: Vec<u32>,
	/// The task's model, training and privacy settings.
	pub spec: ModelSpec,
	/// The spec's id (`ModelSpec::id`), part of the seed.
	pub spec_id: SpecId,
	/// The task, part of the seed.
	pub task: u64,
	/// The round, part of the seed.
	pub round: u32,
	/// The round's starting model (Q15.16).
	pub base_model: Vec<i32>,
	/// The starting model's hash, part of the seed.
	pub base_model_hash: [u8; 32],
	/// The task's L2 bound on a quantised update (Q15.16 units): the update is clipped into it.
	pub update_norm_bound: u128,
	/// Under distributed DP noise (`fl_core::DpNoise::Distributed`, securely aggregated
	/// rounds only): the round's unmasking threshold `t`, so that the node adds its share of
	/// the noise to the weighted update (see [`TrainingOutcome::weighted`]); `None` otherwise.
	pub noise_threshold: Option<u32>,
}

/// What local training gives back: only what the round publishes.
#[derive(Clone, PartialEq, Debug, Encode, Decode)]
pub struct TrainingOutcome {
	/// The quantised update (local minus starting model, Q15.16), clipped to the norm bound;
	/// empty under distributed noise, whose update exists only weighted and noised.
	pub update: Vec<i32>,
	/// Under distributed noise: the weighted update with the clinic's share of the round's
	/// noise (`fl_core::train::distributed_weighted_update`), which the worker masks; `None`
	/// otherwise.
	pub weighted: Option<Vec<i64>>,
	/// The starting model's scores on the rows, noised under DP.
	pub scores: ScoreHistogram,
	/// How long `fl_core::train::local_update` took, in microseconds (timed as `fl-train`
	/// times it).
	pub training_micros: u64,
	/// The requested rows actually trained on, in order: all of them, except under a study
	/// question the rows whose outcome, or a feature whose policy is `DropRow`, is missing.
	/// The worker commits their count and cohort.
	pub rows_used: Vec<u32>,
}

/// Why the node did not do what the worker asked; the worker logs it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub enum ClinicNodeError {
	/// No clinic node answers here: the call did not come from an off-chain worker of an
	/// `ivf-node` (e.g. a node run without the extension).
	NoClinicNode,
	/// The node has no valid file for this dataset: none given with `--dataset`, or the file
	/// was refused (the node's log names the line and column).
	NoDataset,
	/// The dataset's file changed since the rows were chosen: the worker chooses again.
	DatasetChanged,
	/// A requested row is not in the dataset, or is requested twice.
	BadRowSelection,
	/// The spec's normalisation does not fit the dataset's columns, or its study question
	/// does not fit the file (no schema, or a schema without the question's columns).
	SpecDoesNotFit,
	/// `fl-core` refused to train (the spec and the starting model disagree).
	TrainingFailed,
	/// The node could not read or write its own files (the log says which).
	NodeStorage,
}

impl ClinicNodeError {
	/// The reason, worded for a clinic's log.
	pub fn reason(self) -> &'static str {
		match self {
			Self::NoClinicNode => {
				"this node does not run the clinic extension (no native training)"
			},
			Self::NoDataset => "this node has no valid file for the dataset (see --dataset)",
			Self::DatasetChanged => "the dataset's file changed while the round was prepared",
			Self::BadRowSelection => "the rows asked for are not in the dataset",
			Self::SpecDoesNotFit => {
				"the spec's question or normalisation does not fit the dataset's file and schema"
			},
			Self::TrainingFailed => "local training failed",
			Self::NodeStorage => "the node could not read or write its own files",
		}
	}
}

#[cfg(feature = "std")]
sp_externalities::decl_extension! {
	/// The clinic node, as the off-chain worker's host functions reach it.
	pub struct ClinicNodeExt(std::sync::Arc<native::ClinicNode>);
}

/// Host functions of a clinic's node (see the crate docs). Every function answers
/// [`ClinicNodeError::NoClinicNode`] (or nothing) outside an off-chain worker of a node with
/// the [`ClinicNodeExt`] extension.
#[runtime_interface]
pub trait ClinicNode {
	/// The version and pseudonyms of `dataset`'s rows.
	fn dataset_index(
		&mut self,
		dataset: u32,
	) -> AllocateAndReturnByCodec<Result<DatasetIndex, ClinicNodeError>> {
		match self.extension::<ClinicNodeExt>() {
			Some(node) => node.0.dataset_index(dataset),
			None => Err(ClinicNodeError::NoClinicNode),
		}
	}

	/// Trains natively as `request` says; only the update and the score histogram come back.
	fn train(
		&mut self,
		request: PassFatPointerAndDecode<TrainingRequest>,
	) -> AllocateAndReturnByCodec<Result<TrainingOutcome, ClinicNodeError>> {
		match self.extension::<ClinicNodeExt>() {
			Some(node) => node.0.train(&request),
			None => Err(ClinicNodeError::NoClinicNode),
		}
	}

	/// Keeps `value` under `key` in the node's own files.
	fn keep(
		&mut self,
		key: PassFatPointerAndRead<&[u8]>,
		value: PassFatPointerAndRead<&[u8]>,
	) -> AllocateAndReturnByCodec<Result<(), ClinicNodeError>> {
		match self.extension::<ClinicNodeExt>() {
			Some(node) => node.0.keep(key, value),
			None => Err(ClinicNodeError::NoClinicNode),
		}
	}

	/// What [`keep`] kept under `key`, if anything.
	fn kept(
		&mut self,
		key: PassFatPointerAndRead<&[u8]>,
	) -> AllocateAndReturnByCodec<Option<Vec<u8>>> {
		self.extension::<ClinicNodeExt>().and_then(|node| node.0.kept(key))
	}

	/// Drops what is kept under `key`.
	fn forget(&mut self, key: PassFatPointerAndRead<&[u8]>) {
		if let Some(node) = self.extension::<ClinicNodeExt>() {
			node.0.forget(key)
		}
	}
}
