//! Configuration of each pallet of the runtime.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, EitherOf, NeverEnsureOrigin,
		VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, IdentityFee, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::One, Perbill};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Consent, Consortium, Council, Custody,
	DataAccess, DonorMatching, Hash, Nonce, PalletInfo, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Signature, SignedPayload,
	System, Timestamp, TxExtension, UncheckedExtrinsic, DAYS, EXISTENTIAL_DEPOSIT, HOURS,
	SLOT_DURATION, VERSION,
};

/// Share of a block that ordinary transactions may fill; the rest is kept for operational
/// calls and for the runtime's own work at the end of a block (round aggregation).
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// A block's compute: one second of the three-second slot (see [`RuntimeBlockWeights`]); its
/// proof size is not limited by the block weights (see
/// `pallet_federated_learning::MAX_BLOCK_PROOF`).
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;

	/// One second of compute per three-second block leaves two for import and networking on
	/// a 2-core clinic node. An empty block and the cheapest transaction cost what they were
	/// measured to cost on that machine (`crate::weights`); otherwise as
	/// `BlockWeights::with_sensible_defaults`: operational calls may use the normal class's
	/// remainder, and `on_initialize` is expected to take a tenth.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(crate::weights::block_weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = crate::weights::extrinsic_weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			weights.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	/// 5 MiB blocks, of which ordinary transactions may fill the normal share.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	/// The generic Substrate address prefix, which polkadot-js apps shows without set-up.
	pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// ParityDB, the node's only database, as measured on the reference machine.
	type DbWeight = crate::weights::paritydb_weights::constants::ParityDbWeight;
	/// polkadot-sdk's benchmarked weights, with this runtime's `DbWeight`: the default `()`
	/// prices every `frame_system` call's storage access with RocksDB's weights, which this
	/// node does not run.
	type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
	/// `frame_system`'s transaction extensions, benchmarked on the reference machine.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	/// Every clinic may be an authority.
	type MaxAuthorities = ConstU32<MAX_CLINICS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	/// Every clinic may be an authority.
	type MaxAuthorities = ConstU32<MAX_CLINICS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	/// No equivocation reporting (see [`crate::authorities`]): authorities are known clinics
	/// under a consortium agreement, and the council suspends one that misbehaves.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A clinic's account is its authority identity.
	type ValidatorId = AccountId;
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = crate::authorities::ClinicSessions;
	type NextSessionRotation = crate::authorities::ClinicSessions;
	type SessionManager = crate::authorities::ClinicAuthorities;
	type SessionHandler =
		<crate::SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = crate::SessionKeys;
	/// Nothing disables an authority within a session: the council suspends a clinic, which
	/// leaves the set at a session's end.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Only members may set keys (the members-only extension), so no deposit deters spam.
	type KeyDeposit = ConstU128<0>;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	/// Half the block time the chain spec set ([`pallet_consortium::BlockTime`], by default
	/// [`SLOT_DURATION`]); Aura's slot is twice this.
	type MinimumPeriod = pallet_consortium::HalfBlockTime<Runtime>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fees do not float with congestion: a consortium chain is not a fee market.
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees in the consortium's token; a patient's withdrawal of its consent is free.
	type OnChargeTransaction =
		crate::members_only::FreePatientWithdrawal<FungibleAdapter<Balances, ()>>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

/// The council of clinics (`pallet_collective` instance 1).
pub type CouncilCollective = pallet_collective::Instance1;

/// The most clinics, active or suspended: the council's seats.
pub const MAX_CLINICS: u32 = 64;
/// The shortest session, in blocks (thirty seconds): the development chains' sessions.
pub const MIN_SESSION_LENGTH: BlockNumber = 10;
/// The shortest block time a chain spec may set, in milliseconds.
pub const MIN_BLOCK_TIME: u64 = 1000;
/// The most motions open at once.
pub const MAX_COUNCIL_MOTIONS: u32 = 32;

/// Two thirds of the council's seats, or more, voted aye.
pub type CouncilTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>;
/// Three quarters of the council's seats, or more, voted aye.
pub type CouncilThreeQuarters =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 3, 4>;
/// More than half of the council's seats voted aye.
pub type CouncilMajority =
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>;

/// Consortium governance: two thirds of the council of clinics. It admits, removes, suspends
/// and reinstates members, sets family limits and storage rules, and recalls supplies. Root
/// stands for it too: on the development chains Root is reached through `Sudo`; the
/// consortium's own chain specs have no sudo key, so there Root is reached by nobody.
pub type ConsortiumGovernance = EitherOf<frame_system::EnsureRoot<AccountId>, CouncilTwoThirds>;

/// An emergency suspension: a simple majority of the council (or Root).
pub type EmergencyGovernance = EitherOf<frame_system::EnsureRoot<AccountId>, CouncilMajority>;

/// A runtime upgrade: three quarters of the council (or Root).
pub type UpgradeGovernance = EitherOf<frame_system::EnsureRoot<AccountId>, CouncilThreeQuarters>;

parameter_types! {
	/// A motion not decided within three days closes as its ayes and nays stand, absent
	/// clinics counted as nays.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// No motion may weigh more than half a block.
	pub MaxCouncilProposalWeight: Weight =
		Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	/// The most a change of the council's members weighs: the council's own `set_members`
	/// at its bounds.
	pub CouncilChangeWeight: Weight =
		<pallet_collective::weights::SubstrateWeight<Runtime> as pallet_collective::WeightInfo>::set_members(
			MAX_CLINICS, MAX_CLINICS, MAX_COUNCIL_MOTIONS,
		);
	/// Two days: time for two thirds of the council to decide on a lasting suspension.
	pub const EmergencySuspension: BlockNumber = 2 * DAYS;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<MAX_COUNCIL_MOTIONS>;
	type MaxMembers = ConstU32<MAX_CLINICS>;
	/// No prime member: a clinic that does not vote counts as a nay when a motion closes.
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// The council's members follow the consortium's active clinics, and nothing else.
	type SetMembersOrigin = NeverEnsureOrigin<()>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = frame_system::EnsureRoot<AccountId>;
	type KillOrigin = frame_system::EnsureRoot<AccountId>;
	/// Members propose without a deposit: they are known clinics.
	type Consideration = ();
}

impl pallet_consortium::Config for Runtime {
	type GovernanceOrigin = ConsortiumGovernance;
	type EmergencyOrigin = EmergencyGovernance;
	type UpgradeOrigin = UpgradeGovernance;
	type Council = Council;
	type CouncilChangeWeight = CouncilChangeWeight;
	type MaxClinics = ConstU32<MAX_CLINICS>;
	type EmergencySuspension = EmergencySuspension;
	/// An hour: the authorities follow a change of membership within two hours.
	type DefaultSessionLength = ConstU32<HOURS>;
	/// Thirty seconds, the development chains' sessions: each session's end takes a block.
	type MinSessionLength = ConstU32<MIN_SESSION_LENGTH>;
	/// Three seconds, unless the chain spec sets another.
	type DefaultBlockTime = ConstU64<SLOT_DURATION>;
	/// One second, for test chains only: their blocks are nearly empty. A full block's second
	/// of compute ([`RuntimeBlockWeights`]) fits the default slot's authoring time, not this.
	type MinBlockTime = ConstU64<MIN_BLOCK_TIME>;
	/// Hundreds of clinics, researchers and auditors; far beyond a national consortium.
	type MaxMembers = ConstU32<1024>;
	type MaxNameLength = ConstU32<128>;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Five minutes: clock skew between a clinic and the chain, plus the wait for inclusion.
	pub const ConsentBackdatingTolerance: u64 = 5 * 60 * 1000;
}

impl pallet_consent::Config for Runtime {
	/// Closes a departed clinic's open obligations: two thirds of the council.
	type GovernanceOrigin = ConsortiumGovernance;
	type Membership = Consortium;
	type Time = Timestamp;
	/// The patient co-signs with an ordinary account key, which can also sign the withdrawal.
	type PatientKey = <Signature as sp_runtime::traits::Verify>::Signer;
	type PatientSignature = Signature;
	type BackdatingTolerance = ConsentBackdatingTolerance;
	type MaxConsentsPerPatient = ConstU32<64>;
	type MaxRelyingClinics = ConstU32<8>;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_consent::Sr25519PatientKeys;
}

impl pallet_data_access::Config for Runtime {
	type Membership = Consortium;
	type Time = Timestamp;
	type MaxModifiers = ConstU32<24>;
	type MaxPendingRequests = ConstU32<64>;
	type MaxGrantsPerResearcher = ConstU32<128>;
	type MaxGrantsPerDataset = ConstU32<256>;
	type MaxLogEntries = ConstU32<1024>;
	/// Two years, in milliseconds: a grant is renewed, not open-ended.
	type MaxGrantDuration = ConstU64<{ 2 * 365 * 24 * 60 * 60 * 1000 }>;
	type WeightInfo = pallet_data_access::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A reservation without an outcome expires after 540 days (about 18 months): a treatment
	/// cycle and a pregnancy with room to spare; a clinic renews a longer one.
	pub const DonorReservationPeriod: u64 = 540 * ivf_primitives::DAY_MS;
}

impl pallet_donor_matching::Config for Runtime {
	type Membership = Consortium;
	type Consent = Consent;
	type Time = Timestamp;
	type GovernanceOrigin = ConsortiumGovernance;
	/// Matching reads every donor in one runtime-API call.
	type MaxDonors = ConstU32<5_000>;
	/// A tenth of `MaxDonors`: no fewer than ten member banks fill the registry.
	type MaxDonorsPerClinic = ConstU32<500>;
	/// Banks, not treating clinics: a donor gives at a few banks, whose straws reach many
	/// clinics (`MaxClinicsPerDonor`). Also bounds the flag event and the limit reads.
	type MaxBanksPerDonor = ConstU32<16>;
	/// Also bounds the flag event and the limit reads of one reservation.
	type MaxClinicsPerDonor = ConstU32<64>;
	type MaxMatchResults = ConstU32<50>;
	type ReservationPeriod = DonorReservationPeriod;
	/// 64 allocations a block: well under 1% of a block's weight, and a walk over 64,000
	/// allocations in under an hour at 3 s blocks.
	type MaxExpiryChecksPerBlock = ConstU32<64>;
	type WeightInfo = pallet_donor_matching::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Commit and reveal windows of at most 10 minutes each at 3 s blocks.
	pub const FlMaxWindow: BlockNumber = 200;
}

impl pallet_federated_learning::Config for Runtime {
	/// Closes a departed clinic's open obligations: two thirds of the council.
	type GovernanceOrigin = ConsortiumGovernance;
	type AuthorityId = pallet_federated_learning::crypto::ClinicAuthId;
	type Membership = Consortium;
	type DataAccess = DataAccess;
	type Consent = Consent;
	type Time = Timestamp;
	/// Rounds of up to 100 clinics with models of up to 10,000 parameters: beyond the compact
	/// bounds below, a round's reveals spread over blocks (`MaxRevealBytesPerBlock`) and its
	/// close runs in steps over blocks (the pallet's `chunked` module), so that the worst
	/// block of federated work stays within a quarter of a block (the tests below).
	type MaxParticipants = ConstU32<100>;
	type MaxParameters = ConstU32<10_000>;
	type MaxSpecLength = ConstU32<4096>;
	type MaxRounds = ConstU32<100>;
	type MaxWindow = FlMaxWindow;
	type MaxOpenTasks = ConstU32<16>;
	/// The parameter vectors of a task's last 10 rounds stay in state for the runtime API's
	/// replay (at 100 clinics × 10,000 parameters, 4 MB of updates a round); older ones are
	/// read from the blocks' reveal extrinsics by `ivf-node fl-replay`.
	type MaxRoundsKept = ConstU32<10>;
	type MaxConsecutiveFailures = ConstU32<3>;
	/// At most four rounds close in one block's `on_initialize`; later ones wait a block.
	type MaxClosesPerBlock = ConstU32<4>;
	/// Updates are stored in chunks of 512 parameters (2 KiB): one chunk of 100 updates
	/// stays within a tenth of a block's proof.
	type UpdateChunkLength = ConstU32<512>;
	/// A large round's close settles, records or prunes 25 participants a step.
	type ParticipantsPerCloseStep = ConstU32<25>;
	/// A task of at most 16 clinics and 512 parameters (one chunk) is compact: it may use Krum
	/// or secure aggregation, whose close reads every update whole in one unit of a block's
	/// work, and its last reveal closes the round in its own dispatch when that costs little
	/// (`INLINE_CLOSE_SHARE`). Any other round closes in steps from the next block on.
	type MaxCompactParticipants = ConstU32<16>;
	type MaxCompactParameters = ConstU32<512>;
	/// 320 KiB of reveals a block: 7 reveals of 10,000 parameters (a round of 100 clinics
	/// reveals over 15 blocks), 18 of 4,096; about 8% of a block's normal length.
	type MaxRevealBytesPerBlock = ConstU32<{ 320 * 1024 }>;
	/// 200 million example × epoch × parameter steps per clinic and round: 25 times the
	/// 1,345-parameter MLP over 300 rows for 20 epochs, which a clinic node trains natively in
	/// about 37 ms (`training_bench`); a task's round stays within seconds of a node's time.
	type MaxTrainingWork = ConstU64<200_000_000>;
	type WeightInfo = pallet_federated_learning::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = FederatedLearningBenchmarkHelper;
}

parameter_types! {
	/// A shipment may be planned to take at most 14 days.
	pub const CustodyMaxShipmentWindow: u64 = 14 * ivf_primitives::DAY_MS;
}

impl pallet_custody::Config for Runtime {
	type Membership = Consortium;
	type Consent = Consent;
	type DonorRegistry = DonorMatching;
	type Time = Timestamp;
	type GovernanceOrigin = ConsortiumGovernance;
	/// Freezing, moves, a shipment or two, thawing: 64 steps cover decades of storage.
	type MaxStepsPerSpecimen = ConstU32<64>;
	/// A dry shipper holds a few dozen straws.
	type MaxSpecimensPerShipment = ConstU32<32>;
	type MaxShipmentWindow = CustodyMaxShipmentWindow;
	type WeightInfo = pallet_custody::weights::SubstrateWeight<Runtime>;
}

impl pallet_supplies::Config for Runtime {
	type Membership = Consortium;
	type Specimens = Custody;
	type Time = Timestamp;
	type RecallOrigin = ConsortiumGovernance;
	type MaxRecordsPerLot = ConstU32<64>;
	/// A recall reads every use of the lot: 1,024 uses across the consortium.
	type MaxUsesPerLot = ConstU32<1024>;
	type MaxSpecimensPerUse = ConstU32<16>;
	type WeightInfo = pallet_supplies::weights::SubstrateWeight<Runtime>;
}

// The clinics' off-chain workers submit their commits and reveals as signed transactions.
impl frame_system::offchain::SigningTypes for Runtime {
	type Public = <Signature as sp_runtime::traits::Verify>::Signer;
	type Signature = Signature;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

impl<C> frame_system::offchain::CreateSignedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<
		A: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		public: Self::Public,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		use codec::Encode;
		use sp_runtime::SaturatedConversion;
		let current = System::block_number().saturated_into::<u64>().saturating_sub(1);
		let tx_ext = worker_extensions(current, nonce);
		let payload = SignedPayload::new(call, tx_ext).ok()?;
		let signature = payload.using_encoded(|bytes| A::sign(bytes, public))?;
		let (call, tx_ext, _) = payload.deconstruct();
		Some(UncheckedExtrinsic::new_signed(
			call,
			sp_runtime::MultiAddress::Id(account),
			signature,
			tx_ext,
		))
	}
}

/// The era an off-chain worker's transaction signed at block `current` lives in: mortal for
/// half the block-hash window, as polkadot-js signs by default. The signature covers the hash
/// of its birth block (`Era::birth`).
pub fn worker_era(current: u64) -> sp_runtime::generic::Era {
	let period =
		BlockHashCount::get().checked_next_power_of_two().map(|c| c / 2).unwrap_or(2) as u64;
	sp_runtime::generic::Era::mortal(period, current)
}

/// The transaction extensions an off-chain worker signs with at block `current` with `nonce`:
/// mortal for half the block-hash window, as polkadot-js signs by default, and no tip.
pub fn worker_extensions(current: u64, nonce: Nonce) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		crate::members_only::CheckMembership,
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(worker_era(current)),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_federated_learning::CheckRevealSpace::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// Sets up a granted dataset for the federated-learning benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct FederatedLearningBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_federated_learning::BenchmarkHelper<AccountId> for FederatedLearningBenchmarkHelper {
	fn dataset_with_grant(
		clinic: &AccountId,
		researcher: &AccountId,
		algorithm: [u8; 32],
		purpose: pallet_data_access::ResearchPurpose,
		budget: pallet_data_access::Rho,
	) -> pallet_data_access::DatasetId {
		use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};
		Consortium::admit_for_benchmarks(clinic, RoleKind::Clinic, Jurisdiction(*b"GB"));
		Consortium::admit_for_benchmarks(researcher, RoleKind::Researcher, Jurisdiction(*b"GB"));
		let id = pallet_data_access::NextDatasetId::<Runtime>::get();
		let terms = pallet_data_access::DataUseTerms {
			permission: pallet_data_access::DataUsePermission::Gru,
			modifiers: Default::default(),
		};
		let _ = DataAccess::register_dataset(
			RuntimeOrigin::signed(clinic.clone()),
			[1; 32],
			1_000,
			terms,
			budget,
			pallet_data_access::AccessPolicy::ClinicDecides,
			// The benchmarks price tasks with and without DP.
			Some(pallet_data_access::PrivacyPolicy {
				dp_required: false,
				max_rho_per_round: u64::MAX,
				..Default::default()
			}),
		);
		let request = pallet_data_access::NextRequestId::<Runtime>::get();
		let _ = DataAccess::request_access(
			RuntimeOrigin::signed(researcher.clone()),
			id,
			purpose,
			algorithm,
			30 * 24 * 3_600_000,
			None,
		);
		let _ = DataAccess::grant_access(RuntimeOrigin::signed(clinic.clone()), request);
		id
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_support::traits::Get;
	use pallet_federated_learning::{Config as FlConfig, WeightInfo as _};

	type FlWeights = <Runtime as FlConfig>::WeightInfo;

	/// `part / whole` in percent, for the printed figures.
	fn percent(part: u64, whole: u64) -> f64 {
		part as f64 * 100.0 / whole as f64
	}

	/// The benchmarked cost of the runtime's own federated work at its bounds, in one block's
	/// `on_initialize`: the scan of the most open tasks, then closing work (whole closes of
	/// compact rounds, steps of larger ones), its first unit always and each next one only
	/// within `INITIALIZE_SHARE` of the block's weight and proof. The dearest unit is the close
	/// of a compact round at the compact bounds with the dearest rule (Krum) and a server
	/// step. `on_initialize` runs before any transaction, so it must leave room for them: at
	/// most a tenth of a block's weight.
	#[test]
	fn closing_rounds_at_the_bounds_fits_well_inside_a_block() {
		let open_tasks: u32 = <Runtime as FlConfig>::MaxOpenTasks::get();
		let dearest = crate::FederatedLearning::dearest_close_unit();
		let worst = crate::FederatedLearning::worst_initialize();
		let block = RuntimeBlockWeights::get().max_block;
		let proof_cap = pallet_federated_learning::MAX_BLOCK_PROOF;
		println!(
			"dearest unit of closing work: {} µs, {:.2}% of a block, proof {} bytes; worst \
			 on_initialize (scan of {open_tasks} tasks + closing work): {} µs, {:.2}% of a block, \
			 proof {:.2}% of {proof_cap} bytes",
			dearest.ref_time() / 1_000_000,
			percent(dearest.ref_time(), block.ref_time()),
			dearest.proof_size(),
			worst.ref_time() / 1_000_000,
			percent(worst.ref_time(), block.ref_time()),
			percent(worst.proof_size(), proof_cap),
		);
		assert!(worst.all_gte(dearest));
		assert!(
			worst.ref_time() <= block.ref_time() / 10,
			"{worst:?} is over a tenth of {block:?}"
		);
		assert!(worst.proof_size() <= proof_cap, "proof size {}", worst.proof_size());
	}

	/// The worst block of federated work at the bounds: as many reveals of the largest model
	/// as a block's reveal space (`MaxRevealBytesPerBlock`) takes, each benchmarked at the
	/// bounds, the dearest close a transaction may do in its own dispatch (a last reveal's,
	/// within `INLINE_CLOSE_SHARE`, or a secure round's last unmasking shares at the compact
	/// bounds), and `on_initialize` at its worst. It must stay within a quarter of a block's weight, of its normal length and of
	/// the 5 MiB proof, so that raising `MaxParticipants`, `MaxParameters`,
	/// `MaxRevealBytesPerBlock` or the compact bounds past that fails here first.
	#[test]
	fn the_worst_block_of_federated_work_stays_within_a_quarter_of_a_block() {
		let participants: u32 = <Runtime as FlConfig>::MaxParticipants::get();
		let parameters: u32 = <Runtime as FlConfig>::MaxParameters::get();
		let space: u32 = <Runtime as FlConfig>::MaxRevealBytesPerBlock::get();
		// A reveal's length: 4 bytes a parameter, plus the call's fixed fields and a signature.
		let reveal_length = parameters as u64 * 4 + 1024;
		let reveals = (space as u64 / reveal_length).min(participants as u64);
		let (compact_participants, compact_parameters): (u32, u32) = (
			<Runtime as FlConfig>::MaxCompactParticipants::get(),
			<Runtime as FlConfig>::MaxCompactParameters::get(),
		);
		let secure_close = FlWeights::reveal_unmasking_shares(compact_participants)
			.saturating_add(FlWeights::unmask_round(compact_participants, compact_parameters));
		let inline = crate::FederatedLearning::inline_close_budget().max(secure_close);
		let revealing = FlWeights::reveal_update(participants, parameters)
			.saturating_mul(reveals)
			.saturating_add(inline);
		let worst = revealing.saturating_add(crate::FederatedLearning::worst_initialize());
		let block = RuntimeBlockWeights::get().max_block;
		let proof_budget = pallet_federated_learning::MAX_BLOCK_PROOF;
		let length = reveal_length * reveals;
		let max_length = *RuntimeBlockLength::get().max.get(DispatchClass::Normal) as u64;
		println!(
			"worst federated block ({reveals} reveals of {parameters} parameters, the dearest \
			 close in a dispatch, the worst on_initialize): {:.2}% of a block's weight, {:.2}% of \
			 its 5 MiB proof, {:.2}% of the normal length",
			percent(worst.ref_time(), block.ref_time()),
			percent(worst.proof_size(), proof_budget),
			percent(length, max_length),
		);
		assert!(reveals >= 1, "a block's reveal space must hold the largest reveal");
		assert!(worst.ref_time() <= block.ref_time() / 4, "{worst:?} of {block:?}");
		assert!(worst.proof_size() <= proof_budget / 4, "{worst:?} of {proof_budget} bytes");
		assert!(length <= max_length / 4, "{length} of {max_length} bytes");
	}

	/// What a round's size costs in latency: the blocks its reveals take (a block takes at most
	/// `MaxRevealBytesPerBlock` of them) and the blocks its close takes in steps. A round at
	/// the bounds must close within a minute and a half of its last reveal (30 blocks of 3 s).
	#[test]
	fn rounds_at_scale_reveal_and_close_within_a_bounded_number_of_blocks() {
		let (participants, parameters): (u32, u32) = (
			<Runtime as FlConfig>::MaxParticipants::get(),
			<Runtime as FlConfig>::MaxParameters::get(),
		);
		for (p, n) in [(4, 1_345), (16, 4_096), (100, 1_000), (participants, parameters)] {
			let reveals = crate::FederatedLearning::reveal_blocks(p, n, false);
			let close = crate::FederatedLearning::blocks_to_close(p, n);
			println!(
				"a round of {p} clinics x {n} parameters: its reveals fill {reveals} block(s), its \
				 close in steps takes {close} block(s)"
			);
			assert!(close <= 30, "{p} x {n}: {close} blocks to close");
		}
	}

	/// A round of a small consortium closes in its last reveal's own dispatch, as fast as a
	/// round can: four or sixteen clinics with the end-to-end tests' 20-parameter model, or
	/// sixteen with a compact task's largest model under the dearest rule it may use.
	#[test]
	fn small_rounds_close_in_their_last_reveal() {
		use pallet_federated_learning::fl_core::AggregationRule::{
			FedAvg, Krum, SecureFedAvg, TrimmedMean,
		};
		let budget = crate::FederatedLearning::inline_close_budget();
		let compact: u32 = <Runtime as FlConfig>::MaxCompactParameters::get();
		for (participants, parameters, rule) in [
			(4, 20, FedAvg),
			(16, 20, FedAvg),
			(16, compact, TrimmedMean { trim_each_side: 2 }),
			(16, compact, Krum { byzantine: 2 }),
		] {
			let close =
				crate::FederatedLearning::whole_close_weight(participants, parameters, rule);
			println!(
				"close of {participants} x {parameters} ({rule:?}): {} µs, proof {} bytes; \
				 inline budget {} µs, {} bytes",
				close.ref_time() / 1_000_000,
				close.proof_size(),
				budget.ref_time() / 1_000_000,
				budget.proof_size(),
			);
			assert!(close.all_lte(budget), "{participants} x {parameters} {rule:?}");
		}
		// A secure round's close (by its last unmasking shares) is priced apart.
		let secure = crate::FederatedLearning::whole_close_weight(16, compact, SecureFedAvg);
		assert!(secure.all_gte(FlWeights::unmask_round(16, compact)));
	}

	/// A reveal of the largest model, with the close its weight reserves (what a last reveal
	/// may spend closing its round, `INLINE_CLOSE_SHARE`), must fit the share of a block that
	/// transactions get, in weight and in length, or a clinic could never reveal it.
	#[test]
	fn the_largest_reveal_fits_the_normal_share_of_a_block() {
		let participants: u32 = <Runtime as FlConfig>::MaxParticipants::get();
		let parameters: u32 = <Runtime as FlConfig>::MaxParameters::get();
		let reveal = FlWeights::reveal_update(participants, parameters)
			.saturating_add(crate::FederatedLearning::inline_close_budget());
		let normal = RuntimeBlockWeights::get()
			.get(DispatchClass::Normal)
			.max_total
			.unwrap_or_default();
		println!(
			"reveal_update({participants}, {parameters}) + the close it reserves: {} µs, {:.2}% of the normal share",
			reveal.ref_time() / 1_000_000,
			percent(reveal.ref_time(), normal.ref_time()),
		);
		assert!(reveal.all_lte(normal));
		// 4 bytes per parameter plus the call's fixed fields and a signature.
		let length = parameters as usize * 4 + 1024;
		assert!(length as u32 <= *RuntimeBlockLength::get().max.get(DispatchClass::Normal));
	}
}
