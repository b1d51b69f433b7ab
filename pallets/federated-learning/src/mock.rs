//! A test runtime: `frame_system`, `pallet_timestamp`, this pallet, and in-memory stand-ins
//! for the consortium (the shared [`MockMembership`]), the data-access pallet ([`DatasetAccess`])
//! and the consent ledger ([`ConsentProvider`]). Accounts are `u64`; the off-chain worker's
//! keystore is `UintAuthorityId`'s (`UintAuthorityId::set_all_keys`).

use crate as pallet_federated_learning;
use fl_core::{DpSgd, ModelSpec};
use frame_support::traits::{ConstU32, ConstU64, Hooks};
use ivf_primitives::data_access::{
	AccessDenial, DatasetAccess, DatasetId, GrantId, PrivacyBudgetError, PrivacyPolicy,
	ResearchAim, ResearchPurpose, Rho, TrainingTerms, UseReference,
};
pub use ivf_primitives::test_utils::{CheckedExternalities, MockMembership};
use ivf_primitives::{
	ConsentProvider, ConsentPurpose, DocumentHash, Jurisdiction, Pseudonym, RoleKind,
};
use sp_runtime::testing::{TestSignature, TestXt, UintAuthorityId};
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

/// The extrinsics the off-chain worker puts in the test pool.
pub type Extrinsic = TestXt<RuntimeCall, ()>;

ivf_primitives::test_runtime!(FederatedLearning: pallet_federated_learning, with Timestamp);

impl frame_system::offchain::SigningTypes for Test {
	type Public = UintAuthorityId;
	type Signature = TestSignature;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> frame_system::offchain::CreateSignedTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	fn create_signed_transaction<
		C: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		_public: UintAuthorityId,
		account: u64,
		_nonce: <Test as frame_system::Config>::Nonce,
	) -> Option<Extrinsic> {
		Some(Extrinsic::new_signed(call, account, (), ()))
	}
}

/// The worker's key in tests: a `UintAuthorityId` is the account it stands for.
pub struct TestClinicKey;

impl frame_system::offchain::AppCrypto<UintAuthorityId, TestSignature> for TestClinicKey {
	type RuntimeAppPublic = UintAuthorityId;
	type GenericPublic = UintAuthorityId;
	type GenericSignature = TestSignature;
}

impl pallet_federated_learning::Config for Test {
	type AuthorityId = TestClinicKey;
	type Membership = MockMembership;
	type DataAccess = DataAccess;
	type Consent = Consent;
	type Time = Timestamp;
	type MaxParticipants = MaxParticipants;
	type MaxParameters = MaxParameters;
	type MaxSpecLength = ConstU32<256>;
	type MaxRounds = ConstU32<10>;
	type MaxWindow = ConstU64<20>;
	type MaxOpenTasks = ConstU32<2>;
	type MaxRoundsKept = ConstU32<2>;
	type MaxConsecutiveFailures = ConstU32<2>;
	type MaxClosesPerBlock = ConstU32<1>;
	type UpdateChunkLength = UpdateChunkLength;
	/// Batches of two, so that three clinics take two steps.
	type ParticipantsPerCloseStep = ConstU32<2>;
	type MaxCompactParticipants = MaxParticipants;
	type MaxCompactParameters = MaxCompactParameters;
	type MaxRevealBytesPerBlock = MaxRevealBytesPerBlock;
	type MaxTrainingWork = ConstU64<1_000_000>;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = DataAccess;
}

/// Declares a `Get<u32>` bound of the mock that reads a thread-local a test may change.
macro_rules! bound_from_thread_local {
	($(#[$doc:meta])* $name:ident = $local:ident) => {
		$(#[$doc])*
		pub struct $name;

		impl frame_support::traits::Get<u32> for $name {
			fn get() -> u32 {
				$local.with(|m| *m.borrow())
			}
		}
	};
}

bound_from_thread_local! {
	/// The mock's `MaxParticipants`: 5, unless a test widens the consortium
	/// ([`Consortium::widen`]) to run rounds of more clinics.
	MaxParticipants = MAX_PARTICIPANTS
}

bound_from_thread_local! {
	/// The mock's `MaxParameters`: 64, unless a test allows larger models
	/// ([`Consortium::allow_parameters`]).
	MaxParameters = MAX_PARAMETERS
}

bound_from_thread_local! {
	/// The mock's `UpdateChunkLength`: 8, small, so that every test's updates span several
	/// chunks, unless a test takes the runtime's ([`Consortium::set_chunk_length`]).
	UpdateChunkLength = CHUNK_LENGTH
}

bound_from_thread_local! {
	/// The mock's `MaxRevealBytesPerBlock`: 1 MiB, unless a test narrows it
	/// ([`Consortium::limit_reveal_space`]).
	MaxRevealBytesPerBlock = REVEAL_SPACE
}

/// Clinics holding datasets 0, 1, 2 (and 3).
pub const CLINIC_A: u64 = 1;
pub const CLINIC_B: u64 = 2;
pub const CLINIC_C: u64 = 3;
pub const CLINIC_D: u64 = 4;
/// A fifth clinic, with no dataset unless a test registers one.
pub const CLINIC_E: u64 = 5;
/// A researcher.
pub const RESEARCHER: u64 = 10;
/// Nobody in the consortium.
pub const OUTSIDER: u64 = 99;
/// A zCDP budget of 100 (in millionths).
pub const BUDGET: Rho = 100_000_000;
/// Chain time when each test starts: 2025-01-01T00:00:00Z.
pub const START: u64 = 1_735_689_600_000;
/// Block time in tests.
pub const BLOCK_MILLIS: u64 = 3_000;

/// Rows every mock dataset is registered with.
pub const RECORDS: u32 = 300;

/// The privacy policy of the mock datasets unless a test sets another: DP not required and a
/// cohort floor of 10 (below the real pallet's floor of 20, which it enforces at
/// registration), so that the tests of the mechanics run on small cohorts without noise. The
/// policy tests set the real defaults with [`DataAccess::set_policy`].
pub fn lax_policy() -> PrivacyPolicy {
	PrivacyPolicy {
		dp_required: false,
		max_rho_per_round: Rho::MAX,
		min_cohort: 10,
		..Default::default()
	}
}

/// One dataset as the mock data-access pallet holds it.
#[derive(Clone)]
pub struct MockDataset {
	pub clinic: u64,
	pub remaining: Rho,
	pub record_count: u32,
	pub policy: PrivacyPolicy,
	pub secure_required: bool,
	pub schema: Option<fl_core::DatasetSchema>,
}

/// The mock's `MaxCompactParameters`: as `MaxParameters`, unless a test makes tasks large
/// ([`Consortium::limit_compact_parameters`]) to close their rounds chunk by chunk.
pub struct MaxCompactParameters;

impl frame_support::traits::Get<u32> for MaxCompactParameters {
	fn get() -> u32 {
		MAX_COMPACT_PARAMETERS.with(|m| *m.borrow()).unwrap_or_else(MaxParameters::get)
	}
}

thread_local! {
	static DATASETS: RefCell<BTreeMap<DatasetId, MockDataset>> = const { RefCell::new(BTreeMap::new()) };
	static GRANTS: RefCell<BTreeSet<(u64, DatasetId, DocumentHash)>> = const { RefCell::new(BTreeSet::new()) };
	static USES: RefCell<Vec<(DatasetId, UseReference)>> = const { RefCell::new(Vec::new()) };
	static WITHDRAWN: RefCell<BTreeMap<Pseudonym, u64>> = const { RefCell::new(BTreeMap::new()) };
	static MAX_PARTICIPANTS: RefCell<u32> = const { RefCell::new(5) };
	static MAX_PARAMETERS: RefCell<u32> = const { RefCell::new(64) };
	static MAX_COMPACT_PARAMETERS: RefCell<Option<u32>> = const { RefCell::new(None) };
	static REVEAL_SPACE: RefCell<u32> = const { RefCell::new(1 << 20) };
	static CHUNK_LENGTH: RefCell<u32> = const { RefCell::new(8) };
}

/// The consortium ([`MockMembership`], shared by every pallet's mock) with the helpers these
/// tests use.
pub struct Consortium;

/// Clinic `c`'s worker account is `WORKER_OFFSET + c`.
pub const WORKER_OFFSET: u64 = 100;

impl Consortium {
	/// Admits clinic `clinic` with its worker account `WORKER_OFFSET + clinic`.
	pub fn admit_clinic(clinic: u64) {
		MockMembership::admit_clinic(&clinic, *b"GB");
		MockMembership::set_worker(&(WORKER_OFFSET + clinic), &clinic);
	}

	/// Governance removes clinic `clinic`: it is no longer an active clinic.
	pub fn remove_clinic(clinic: u64) {
		MockMembership::remove(&clinic);
	}

	/// Admits `clinics` as clinics besides A to E and lets a task list `max_participants`
	/// datasets, for rounds of more clinics than the other tests need; reset by
	/// [`new_test_ext`]. Keep the accounts clear of [`RESEARCHER`], [`OUTSIDER`] and the
	/// worker accounts (`WORKER_OFFSET + c`).
	pub fn widen(clinics: impl IntoIterator<Item = u64>, max_participants: u32) {
		clinics.into_iter().for_each(Self::admit_clinic);
		MAX_PARTICIPANTS.with(|m| *m.borrow_mut() = max_participants);
	}

	/// Lets a model have up to `max_parameters` parameters, for rounds of larger models than
	/// the other tests need; reset by [`new_test_ext`].
	pub fn allow_parameters(max_parameters: u32) {
		MAX_PARAMETERS.with(|m| *m.borrow_mut() = max_parameters);
	}

	/// Makes tasks of more than `max_parameters` parameters large: their rounds close chunk
	/// by chunk over several blocks, and Krum and secure aggregation refuse them.
	pub fn limit_compact_parameters(max_parameters: u32) {
		MAX_COMPACT_PARAMETERS.with(|m| *m.borrow_mut() = Some(max_parameters));
	}

	/// Stores updates in chunks of `length` parameters (set before any update is stored).
	pub fn set_chunk_length(length: u32) {
		CHUNK_LENGTH.with(|m| *m.borrow_mut() = length);
	}

	/// Lets a block take at most `bytes` of reveals.
	pub fn limit_reveal_space(bytes: u32) {
		REVEAL_SPACE.with(|m| *m.borrow_mut() = bytes);
	}
}

/// The data-access pallet: datasets with budgets, grants by (researcher, dataset, algorithm),
/// and the access log.
pub struct DataAccess;

impl DataAccess {
	pub fn add_dataset(id: DatasetId, clinic: u64, budget: Rho) {
		DATASETS.with(|d| {
			d.borrow_mut().insert(
				id,
				MockDataset {
					clinic,
					remaining: budget,
					record_count: RECORDS,
					policy: lax_policy(),
					secure_required: false,
					schema: None,
				},
			)
		});
	}

	/// Gives `dataset` another privacy policy.
	pub fn set_policy(dataset: DatasetId, policy: PrivacyPolicy) {
		DATASETS.with(|d| {
			if let Some(record) = d.borrow_mut().get_mut(&dataset) {
				record.policy = policy;
			}
		});
	}

	/// Makes `dataset` require secure aggregation of its tasks.
	pub fn require_secure_aggregation(dataset: DatasetId) {
		DATASETS.with(|d| {
			if let Some(record) = d.borrow_mut().get_mut(&dataset) {
				record.secure_required = true;
			}
		});
	}

	/// Declares `schema` for `dataset`.
	pub fn declare_schema(dataset: DatasetId, schema: fl_core::DatasetSchema) {
		DATASETS.with(|d| {
			if let Some(record) = d.borrow_mut().get_mut(&dataset) {
				record.schema = Some(schema);
			}
		});
	}

	pub fn grant(researcher: u64, dataset: DatasetId, algorithm: DocumentHash) {
		GRANTS.with(|g| g.borrow_mut().insert((researcher, dataset, algorithm)));
	}

	pub fn revoke(researcher: u64, dataset: DatasetId, algorithm: DocumentHash) {
		GRANTS.with(|g| g.borrow_mut().remove(&(researcher, dataset, algorithm)));
	}

	pub fn remaining(dataset: DatasetId) -> Rho {
		DATASETS.with(|d| d.borrow().get(&dataset).map_or(0, |d| d.remaining))
	}

	pub fn uses() -> Vec<(DatasetId, UseReference)> {
		USES.with(|u| u.borrow().clone())
	}
}

impl DatasetAccess<u64> for DataAccess {
	fn has_live_grant(
		researcher: &u64,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		_purpose: &ResearchPurpose,
	) -> bool {
		GRANTS.with(|g| g.borrow().contains(&(*researcher, dataset, *algorithm)))
	}

	fn check_and_record_use(
		researcher: &u64,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		purpose: &ResearchPurpose,
		reference: UseReference,
	) -> Result<GrantId, AccessDenial> {
		if !Self::has_live_grant(researcher, dataset, algorithm, purpose) {
			return Err(AccessDenial::NoGrant);
		}
		USES.with(|u| u.borrow_mut().push((dataset, reference)));
		Ok(0)
	}

	fn charge_privacy_budget(dataset: DatasetId, rho: Rho) -> Result<Rho, PrivacyBudgetError> {
		DATASETS.with(|d| {
			let mut datasets = d.borrow_mut();
			let record = datasets.get_mut(&dataset).ok_or(PrivacyBudgetError::UnknownDataset)?;
			if record.remaining < rho {
				return Err(PrivacyBudgetError::Exhausted { remaining: record.remaining });
			}
			record.remaining -= rho;
			Ok(record.remaining)
		})
	}

	fn remaining_privacy_budget(dataset: DatasetId) -> Option<Rho> {
		DATASETS.with(|d| d.borrow().get(&dataset).map(|d| d.remaining))
	}

	fn dataset_schema(dataset: DatasetId) -> Option<fl_core::DatasetSchema> {
		DATASETS.with(|d| d.borrow().get(&dataset).and_then(|d| d.schema.clone()))
	}

	fn training_terms(dataset: DatasetId) -> Option<TrainingTerms<u64>> {
		DATASETS.with(|d| {
			d.borrow().get(&dataset).map(|d| TrainingTerms {
				clinic: d.clinic,
				record_count: d.record_count,
				privacy_policy: d.policy,
				secure_aggregation_required: d.secure_required,
			})
		})
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for DataAccess {
	fn dataset_with_grant(
		clinic: &u64,
		researcher: &u64,
		algorithm: DocumentHash,
		_purpose: ResearchPurpose,
		budget: Rho,
	) -> DatasetId {
		let id = DATASETS.with(|d| d.borrow().len() as DatasetId);
		Self::add_dataset(id, *clinic, budget);
		// As the runtime's helper: room for the benchmarks' commitments of 1,000 samples.
		DATASETS.with(|d| {
			if let Some(record) = d.borrow_mut().get_mut(&id) {
				record.record_count = 1_000;
			}
		});
		Self::grant(*researcher, id, algorithm);
		id
	}
}

/// The consent ledger: every patient consents to AI training, unless withdrawn.
pub struct Consent;

impl Consent {
	/// The patient withdraws at `at`: rounds starting at or after `at` exclude them.
	pub fn withdraw(patient: Pseudonym, at: u64) {
		WITHDRAWN.with(|w| w.borrow_mut().insert(patient, at));
	}
}

impl ConsentProvider<u64, u64> for Consent {
	fn is_consented(patient: &Pseudonym, purpose: ConsentPurpose, _clinic: &u64, at: u64) -> bool {
		purpose == ConsentPurpose::AiTraining
			&& WITHDRAWN.with(|w| w.borrow().get(patient).is_none_or(|withdrawn| at < *withdrawn))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn grant_for_benchmarks(_: &Pseudonym, _: ConsentPurpose, _: &u64, _: u64) {}
}

/// Methods development, non-commercial, non-genetic: what training a model is.
pub fn purpose() -> ResearchPurpose {
	ResearchPurpose {
		aim: ResearchAim::MethodsDevelopment(None),
		commercial: false,
		genetic: false,
	}
}

/// Logistic regression over the 19 IVF features (20 parameters), with or without DP-SGD.
pub fn spec(dp: bool) -> ModelSpec {
	let privacy = dp.then_some(DpSgd::local(1_000_000, 8_000_000));
	ModelSpec { privacy, ..ModelSpec::reference_logistic(7) }
}

/// Moves to block `n`, running each block's `on_initialize` and advancing chain time.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		pallet_timestamp::Now::<Test>::put(START + next * BLOCK_MILLIS);
		FederatedLearning::on_initialize(next);
	}
}

/// Externalities at block 1 with a researcher, clinics A, B, C holding datasets 0, 1, 2 (each
/// with [`BUDGET`]) and clinic D holding dataset 3. No grant yet: the tests grant each
/// task's algorithm hash as they create it.
pub fn new_test_ext() -> CheckedExternalities {
	MockMembership::clear();
	MockMembership::admit(&RESEARCHER, RoleKind::Researcher, Jurisdiction(*b"GB"));
	(1..=5).for_each(Consortium::admit_clinic);
	DATASETS.with(|d| d.borrow_mut().clear());
	GRANTS.with(|g| g.borrow_mut().clear());
	USES.with(|u| u.borrow_mut().clear());
	WITHDRAWN.with(|w| w.borrow_mut().clear());
	MAX_PARTICIPANTS.with(|m| *m.borrow_mut() = 5);
	MAX_PARAMETERS.with(|m| *m.borrow_mut() = 64);
	MAX_COMPACT_PARAMETERS.with(|m| *m.borrow_mut() = None);
	REVEAL_SPACE.with(|m| *m.borrow_mut() = 1 << 20);
	CHUNK_LENGTH.with(|m| *m.borrow_mut() = 8);
	for (dataset, clinic) in [(0, CLINIC_A), (1, CLINIC_B), (2, CLINIC_C), (3, CLINIC_D)] {
		DataAccess::add_dataset(dataset, clinic, BUDGET);
	}
	chain_at(START + BLOCK_MILLIS, "pallet-federated-learning", FederatedLearning::do_try_state)
}
