//! Datasets, access requests, grants and the access log, and the shapes in which the runtime
//! API answers questions about them.

use crate::{
	duo::{DataUseModifier, DataUsePermission, DataUseTerms, ResearchPurpose},
	privacy::{PrivacyBudget, PrivacyBudgetView, PrivacyPolicy, Rho},
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::{BoundedVec, ConstU32, Get},
	CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
pub use ivf_primitives::data_access::{
	AccessDenial, DatasetId, GrantId, PrivacyBudgetError, RequestId, TrainingTerms, UseReference,
};
use ivf_primitives::{DocumentHash, Jurisdiction};
use scale_info::TypeInfo;

/// Chain time: milliseconds since the Unix epoch, from `pallet-timestamp`.
pub type Moment = u64;

/// How a dataset's clinic answers access requests.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum AccessPolicy {
	/// Every request waits for the clinic to grant or reject it.
	ClinicDecides,
	/// A request that the terms permit is granted in the same call, unless the terms carry
	/// `US`, `PS`, `IS` or `COL`, which only the clinic can judge.
	AutoGrantMatching,
}

/// Whether a dataset still takes requests.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum DatasetStatus {
	/// Open to requests.
	Active,
	/// Retired by its clinic at this time: grants nothing new; grants already made stay
	/// usable until they expire or the clinic revokes them.
	Retired {
		/// When the clinic retired it.
		at: Moment,
	},
}

/// A clinic's dataset as the chain knows it: a description by hashes and counts, never the
/// data, which stays at the clinic.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(S))]
#[codec(mel_bound(AccountId: MaxEncodedLen, S: Get<u32>))]
pub struct Dataset<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, S: Get<u32>> {
	/// The clinic that registered it and decides on it.
	pub clinic: AccountId,
	/// The clinic's jurisdiction at registration: the dataset's jurisdiction.
	pub jurisdiction: Jurisdiction,
	/// The hash of the dataset's schema (its column specification).
	pub schema_hash: DocumentHash,
	/// How many records (rows) it holds.
	pub record_count: u32,
	/// Its data-use terms.
	pub terms: DataUseTerms<S>,
	/// How its clinic answers requests.
	pub policy: AccessPolicy,
	/// Its differential-privacy budget in zCDP `rho`.
	pub privacy_budget: PrivacyBudget,
	/// What it requires of every federated task that trains on it.
	pub privacy_policy: PrivacyPolicy,
	/// Whether it still takes requests.
	pub status: DatasetStatus,
	/// When it was registered.
	pub registered_at: Moment,
	/// How many uses have ever been recorded on it: the next access-log sequence number.
	pub uses_recorded: u64,
}

/// A researcher's pending request for access to a dataset.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct AccessRequest<AccountId> {
	/// The dataset asked for.
	pub dataset: DatasetId,
	/// The dataset's clinic, which decides.
	pub clinic: AccountId,
	/// The researcher asking.
	pub researcher: AccountId,
	/// What the data will be used for.
	pub purpose: ResearchPurpose,
	/// The hash of the algorithm that will run: its code and model specification.
	pub algorithm: DocumentHash,
	/// How long access is asked for, in milliseconds.
	pub duration: Moment,
	/// The hash of the ethics approval, which the terms demand where they carry `IRB`.
	pub ethics_approval: Option<DocumentHash>,
	/// When the request was made.
	pub requested_at: Moment,
}

/// Why a clinic rejected a request or revoked a grant.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ReasonCode {
	/// The request, or the use made of a grant, does not meet the data-use terms.
	TermsNotMet,
	/// The ethics approval is missing, expired or does not cover the study.
	EthicsApprovalInadequate,
	/// The researcher, project or institution is not one the terms name (`US`, `PS`, `IS`).
	NotANamedUser,
	/// No collaboration with the dataset's investigators was agreed (`COL`).
	CollaborationNotAgreed,
	/// The clinic's scientific or data-access committee declined the study.
	ScientificReview,
	/// An obligation of the grant (`PUB`, `RTN`, `MOR`, `GS`) was not honoured.
	ObligationBreached,
	/// Patients' consents behind the dataset were withdrawn or narrowed.
	ConsentWithdrawn,
	/// The dataset is being withdrawn from use.
	DatasetWithdrawn,
	/// Any other reason, recorded off chain.
	Other,
}

/// How a grant was revoked.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Revocation {
	/// When the clinic revoked it.
	pub at: Moment,
	/// Why.
	pub reason: ReasonCode,
}

/// Whether a grant permits anything now.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum GrantState {
	/// Neither expired nor revoked.
	Live,
	/// Its expiry has passed.
	Expired,
	/// Its clinic revoked it.
	Revoked,
}

/// A researcher's access to a dataset, for one algorithm and one purpose, until it expires.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(S))]
#[codec(mel_bound(AccountId: MaxEncodedLen, S: Get<u32>))]
pub struct AccessGrant<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, S: Get<u32>> {
	/// The dataset.
	pub dataset: DatasetId,
	/// The dataset's clinic, which granted it.
	pub clinic: AccountId,
	/// The researcher it is granted to.
	pub researcher: AccountId,
	/// The purpose it covers, exactly as requested.
	pub purpose: ResearchPurpose,
	/// The hash of the one algorithm it covers.
	pub algorithm: DocumentHash,
	/// The hash of the ethics approval given in the request.
	pub ethics_approval: Option<DocumentHash>,
	/// When it was granted.
	pub granted_at: Moment,
	/// When it expires: the requested duration after `granted_at`, capped by `TS`.
	pub expires_at: Moment,
	/// The obligations of the terms at grant time (`IRB`, `GS`, `PUB`, `COL`, `MOR`, `TS`,
	/// `US`, `PS`, `IS`, `RTN`).
	pub obligations: BoundedVec<DataUseModifier, S>,
	/// Whether the dataset's policy granted it without the clinic's decision.
	pub automatic: bool,
	/// How many uses have been recorded under it.
	pub uses: u32,
	/// The revocation, once the clinic revokes it.
	pub revoked: Option<Revocation>,
}

impl<AccountId: Clone + PartialEq + Eq + core::fmt::Debug, S: Get<u32>> AccessGrant<AccountId, S> {
	/// Whether the grant permits anything at `now`: revocation first, then expiry.
	pub fn state(&self, now: Moment) -> GrantState {
		if self.revoked.is_some() {
			GrantState::Revoked
		} else if now >= self.expires_at {
			GrantState::Expired
		} else {
			GrantState::Live
		}
	}
}

/// One use of a dataset in its access log: what, who, when, and with which algorithm.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct AccessLogEntry<AccountId, BlockNumber> {
	/// The grant it was made under.
	pub grant: GrantId,
	/// Who used the dataset.
	pub researcher: AccountId,
	/// The hash of the algorithm that ran.
	pub algorithm: DocumentHash,
	/// The purpose of the use.
	pub purpose: ResearchPurpose,
	/// What the use was.
	pub reference: UseReference,
	/// When, in chain time.
	pub at: Moment,
	/// In which block.
	pub block: BlockNumber,
}

/// The answer to "may researcher R run algorithm A on dataset D for purpose P now?".
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum AccessDecision {
	/// Yes, under this grant.
	Permitted {
		/// The grant that permits it.
		grant: GrantId,
		/// When the grant expires.
		expires_at: Moment,
		/// The dataset's remaining privacy budget (`rho`, millionths), which federated
		/// training draws on.
		remaining_rho: Rho,
	},
	/// No, for this reason.
	Denied {
		/// Why not.
		reason: AccessDenial,
	},
}

/// A dataset as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DatasetView<AccountId> {
	/// Its id.
	pub id: DatasetId,
	/// Its clinic.
	pub clinic: AccountId,
	/// Its jurisdiction (its clinic's).
	pub jurisdiction: Jurisdiction,
	/// The hash of its schema.
	pub schema_hash: DocumentHash,
	/// Its record count.
	pub record_count: u32,
	/// Its main permission.
	pub permission: DataUsePermission,
	/// Its modifiers.
	pub modifiers: Vec<DataUseModifier>,
	/// How its clinic answers requests.
	pub policy: AccessPolicy,
	/// Whether it still takes requests.
	pub status: DatasetStatus,
	/// When it was registered.
	pub registered_at: Moment,
	/// How many uses have ever been recorded on it.
	pub uses_recorded: u64,
	/// Its privacy budget in `rho` and, for people, in `(epsilon, delta)`.
	pub privacy: PrivacyBudgetView,
	/// What it requires of every federated task that trains on it.
	pub privacy_policy: PrivacyPolicy,
	/// Whether every federated task on it must aggregate securely (rule `SecureFedAvg`).
	pub secure_aggregation_required: bool,
}

/// A grant as the runtime API shows it, with its state now.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct GrantView<AccountId> {
	/// Its id (its request's id).
	pub id: GrantId,
	/// The dataset.
	pub dataset: DatasetId,
	/// The dataset's clinic.
	pub clinic: AccountId,
	/// The researcher.
	pub researcher: AccountId,
	/// The purpose it covers.
	pub purpose: ResearchPurpose,
	/// The hash of the algorithm it covers.
	pub algorithm: DocumentHash,
	/// When it was granted.
	pub granted_at: Moment,
	/// When it expires.
	pub expires_at: Moment,
	/// Its obligations.
	pub obligations: Vec<DataUseModifier>,
	/// Whether it was granted automatically.
	pub automatic: bool,
	/// How many uses were recorded under it.
	pub uses: u32,
	/// Its revocation, if revoked.
	pub revoked: Option<Revocation>,
	/// Whether it permits anything now.
	pub state: GrantState,
}

/// One retained entry of an access log with its sequence number.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AccessLogRecord<AccountId, BlockNumber> {
	/// Its place in the dataset's log, from 0; the `AccessRecorded` event carries the same.
	pub seq: u64,
	/// The use.
	pub entry: AccessLogEntry<AccountId, BlockNumber>,
}

/// "Who touched dataset D, and when?": a dataset's access log in one answer.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AccessLogView<AccountId, BlockNumber> {
	/// The dataset.
	pub dataset: DatasetId,
	/// How many uses were ever recorded. Entries with `seq` below
	/// `total_uses - records.len()` were pruned from state; their `AccessRecorded` events
	/// hold them.
	pub total_uses: u64,
	/// The retained entries, oldest first. (Not named `entries`, which polkadot-js reserves
	/// for the `Map` method of a decoded struct.)
	pub records: Vec<AccessLogRecord<AccountId, BlockNumber>>,
}

pub use ivf_primitives::data_access::MAX_SCHEMA_BYTES;

/// A declared schema as stored: the SCALE encoding of an `fl_core::DatasetSchema`.
pub type SchemaBytes = BoundedVec<u8, ConstU32<MAX_SCHEMA_BYTES>>;
