//! What the federated-learning pallet asks of the data-access pallet, and the types of the
//! question and the answer: datasets and grants by id, the research purpose a grant is given
//! for (GA4GH DUO / DUOS, docs/domain.md, "Data-use terms"), the privacy policy and zCDP
//! budget of a dataset, and why a use is refused.
//!
//! They live here, not in `pallet-data-access`, so that the federated-learning pallet and its
//! runtime API (and through it the node's `fl_*` RPC) depend on this crate alone; the
//! data-access pallet implements [`DatasetAccess`] and re-exports every type, so
//! `pallet_data_access::DatasetId` and the like still name them.

use crate::DocumentHash;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The id of a dataset, assigned by the pallet in registration order from 0.
pub type DatasetId = u32;

/// The id of an access request, assigned by the pallet in request order from 0.
pub type RequestId = u32;

/// The id of a grant: the id of the request it answers, so a researcher follows one number
/// from request to grant.
pub type GrantId = RequestId;

/// What a use of a grant was.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum UseReference {
	/// A federated training round, recorded by the federated-learning pallet through
	/// [`DatasetAccess`].
	FederatedRound {
		/// The training task.
		task: u64,
		/// The round within the task.
		round: u32,
	},
	/// An analysis run that the grantee declared with `record_use` before the clinic's node
	/// executes it; identified by the hash of its run manifest (inputs, parameters, output
	/// destination).
	Analysis {
		/// The hash of the run manifest.
		manifest: DocumentHash,
	},
}

/// Why a researcher may not use a dataset now. The federated-learning pallet receives it from
/// [`DatasetAccess::check_and_record_use`]; the
/// runtime API gives it in `pallet_data_access::AccessDecision::Denied`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum AccessDenial {
	/// The researcher is not an active researcher of the consortium.
	NotAnActiveResearcher,
	/// No dataset has this id.
	UnknownDataset,
	/// The dataset's clinic is not an active member: its data is not used meanwhile.
	DatasetClinicInactive,
	/// The dataset's current terms forbid the purpose, by this DUOS rule.
	TermsForbid(DuoRule),
	/// The dataset's current terms demand ethics approval (`IRB`) and the grant has none.
	EthicsApprovalMissing,
	/// The researcher holds no grant on the dataset.
	NoGrant,
	/// The researcher's grants on the dataset cover other algorithms only.
	AlgorithmNotGranted,
	/// The researcher's grants on the dataset for this algorithm cover other purposes only.
	PurposeNotGranted,
	/// The grant for this algorithm and purpose has expired.
	GrantExpired,
	/// The grant for this algorithm and purpose was revoked.
	GrantRevoked,
}

/// Why the dataset's privacy budget could not be charged.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum PrivacyBudgetError {
	/// No dataset has this id.
	UnknownDataset,
	/// Less `rho` remains than the charge asks for; nothing was charged.
	Exhausted {
		/// The `rho` (millionths) that remains.
		remaining: Rho,
	},
}

/// What the federated-learning pallet needs to hold a task to a dataset's terms: who signs for
/// it, how many rows it has (the most examples one update may declare), and its privacy
/// policy.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TrainingTerms<AccountId> {
	/// The dataset's clinic, which commits and reveals for it.
	pub clinic: AccountId,
	/// Its registered record count.
	pub record_count: u32,
	/// Its privacy policy.
	pub privacy_policy: PrivacyPolicy,
	/// Whether every task on it must aggregate securely (rule `SecureFedAvg`).
	pub secure_aggregation_required: bool,
}

/// A disease term: the number of a MONDO Disease Ontology id, the ontology DUO recommends for
/// `DS` (`MONDO:0005047` "infertility" is `DiseaseTerm(5047)`).
///
/// A compact number rather than a string keeps terms small and comparisons exact. The chain
/// compares terms for equality only: it holds no ontology, so `DS-X` matches a study of
/// exactly `X` (DUOS v2 would also accept a parent disease of `X`; a clinic that wants the
/// broader reach registers its dataset under the parent term).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct DiseaseTerm(pub u32);

/// What a researcher means to do with a dataset: the research categories of DUOS.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ResearchAim {
	/// A study of the given disease (for example infertility, `MONDO:0005047`).
	DiseaseStudy(DiseaseTerm),
	/// Methods or algorithm development, optionally within the given disease. Training a
	/// model is methods development (docs/domain.md, "Data-use terms").
	MethodsDevelopment(Option<DiseaseTerm>),
	/// Population origins or ancestry research.
	AncestryResearch,
	/// General research that is none of the above.
	GeneralResearch,
}

/// The purpose of an access request, as DUOS matches it against a dataset's terms.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ResearchPurpose {
	/// The research category.
	pub aim: ResearchAim,
	/// Whether the purpose is commercial or the requester is a for-profit organisation.
	pub commercial: bool,
	/// Whether the study is a genetic study (what `GSO` admits).
	pub genetic: bool,
}

/// The DUOS matching rule that refused a purpose. Each names its source in docs/domain.md.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum DuoRule {
	/// "A disease-X study matches GRU, HMB, or DS-X" (and `NRES`, which restricts nothing).
	DiseaseNotCovered,
	/// "Methods or algorithm development ... matches any dataset without NMDS (or NMDS with
	/// a matching DS)".
	MethodsDevelopmentProhibited,
	/// "Ancestry research matches GRU only" (and `NRES`, which restricts nothing).
	AncestryResearchNotCovered,
	/// General research needs a general permission: `NRES` or `GRU`. `HMB`, `DS` and `POA`
	/// each limit use to a narrower field.
	GeneralResearchNotCovered,
	/// "A commercial purpose or requester needs NPU and NCU both absent".
	CommercialUseProhibited,
	/// `NPOA` (DUO:0000044): no ancestry research, whatever the main permission.
	AncestryResearchProhibited,
	/// `GSO` (DUO:0000016): genetic studies only.
	GeneticStudiesOnly,
}

/// zCDP's `rho` in millionths: `1_000_000` is `rho = 1.0`, `1` is `rho = 0.000001`.
pub type Rho = u64;

/// One whole `rho` (or `epsilon`) in the fixed-point unit of [`Rho`] (and of the data-access
/// pallet's `Epsilon`).
pub const UNIT: u64 = 1_000_000;

/// The least number of rows any update may be trained on, whatever a dataset's policy says:
/// below it one patient's row weighs too much in an update for the consortium to accept the
/// release, with or without differential privacy.
pub const MIN_COHORT_FLOOR: u32 = 20;

/// What a dataset's clinic requires of every federated task that trains on the dataset: the
/// floor the data holder sets, which the federated-learning pallet checks when a task is
/// created and when a clinic commits to an update.
///
/// The default ([`PrivacyPolicy::default`]) requires differential privacy with a noise
/// multiplier of at least 1, a clipping bound of at most 1, at most `rho = 1` per round and a
/// cohort of at least [`MIN_COHORT_FLOOR`] rows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct PrivacyPolicy {
	/// Whether a task must train with DP-SGD. Without DP an update has no privacy guarantee
	/// at all: only a clinic that accepts that for its data turns this off.
	pub dp_required: bool,
	/// The least DP-SGD noise multiplier `σ` a task may use, in millionths.
	pub min_noise_multiplier_ppm: u32,
	/// The largest per-example clipping bound `C` a task may use, in millionths.
	pub max_clip_norm_ppm: u32,
	/// The most zCDP `rho` (millionths) one round may spend of the dataset's budget.
	pub max_rho_per_round: Rho,
	/// The least number of rows one update may be trained on; at least
	/// [`MIN_COHORT_FLOOR`].
	pub min_cohort: u32,
}

impl Default for PrivacyPolicy {
	fn default() -> Self {
		Self {
			dp_required: true,
			min_noise_multiplier_ppm: 1_000_000,
			max_clip_norm_ppm: 1_000_000,
			max_rho_per_round: UNIT,
			min_cohort: MIN_COHORT_FLOOR,
		}
	}
}

/// Longest SCALE encoding of a declared dataset schema (`fl_core::DatasetSchema`) the chain
/// stores: 16 KiB, room for 64 columns with short names, or fewer with many categorical
/// levels. What pricing a schema's decoding assumes.
pub const MAX_SCHEMA_BYTES: u32 = 16 * 1024;

/// Access to datasets, as the federated-learning pallet asks for it.
///
/// The runtime wires it to `pallet_data_access::Pallet<Runtime>`; a mock wires a simple
/// implementation in.
pub trait DatasetAccess<AccountId> {
	/// Whether `researcher` may run `algorithm` on `dataset` for `purpose` now: a live grant
	/// exists and nothing else refuses the use. Records nothing.
	fn has_live_grant(
		researcher: &AccountId,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		purpose: &ResearchPurpose,
	) -> bool;

	/// Checks, as [`has_live_grant`](Self::has_live_grant) does, and on success appends a use
	/// to the dataset's access log (what: `reference`; who; when; which algorithm) and
	/// returns the grant it was made under. On refusal records nothing and says why.
	fn check_and_record_use(
		researcher: &AccountId,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		purpose: &ResearchPurpose,
		reference: UseReference,
	) -> Result<GrantId, AccessDenial>;

	/// Spends `rho` (zCDP, millionths) of `dataset`'s privacy budget and returns what remains,
	/// or refuses and spends nothing if less than `rho` remains.
	fn charge_privacy_budget(dataset: DatasetId, rho: Rho) -> Result<Rho, PrivacyBudgetError>;

	/// The `rho` (millionths) that `dataset` has left, if the dataset exists.
	fn remaining_privacy_budget(dataset: DatasetId) -> Option<Rho>;

	/// The clinic, record count and privacy policy of `dataset`, if the dataset exists.
	fn training_terms(dataset: DatasetId) -> Option<TrainingTerms<AccountId>>;

	/// The columns `dataset`'s clinic declared for it (`dataAccess.declareSchema`), if the
	/// dataset exists and has declared them: what a task's study question is checked against.
	fn dataset_schema(dataset: DatasetId) -> Option<fl_core::DatasetSchema>;
}
