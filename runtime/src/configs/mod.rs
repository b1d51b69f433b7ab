//! Configuration of each pallet of the runtime.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, VariantCountOf},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::One, Perbill};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Consent, Consortium, Hash, Nonce,
	PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, Signature, System, Timestamp, EXISTENTIAL_DEPOSIT, SLOT_DURATION,
	VERSION,
};

/// Share of a block that ordinary transactions may fill; the rest is kept for operational
/// calls and for the runtime's own work at the end of a block (round aggregation).
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;

	/// One second of compute per three-second block leaves two for import and networking on
	/// a 2-core clinic node.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
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
	/// ParityDB is the node's only database.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	/// A consortium has tens of clinics at most.
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	/// No equivocation reporting: authorities are known clinics under a consortium agreement.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
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
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
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

/// Consortium governance: Root, reached through `Sudo` until a council of clinics replaces it.
type ConsortiumGovernance = frame_system::EnsureRoot<AccountId>;

impl pallet_consortium::Config for Runtime {
	type GovernanceOrigin = ConsortiumGovernance;
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

impl pallet_donor_matching::Config for Runtime {
	type Membership = Consortium;
	type Consent = Consent;
	type Time = Timestamp;
	type GovernanceOrigin = ConsortiumGovernance;
	/// Matching reads every donor in one runtime-API call.
	type MaxDonors = ConstU32<5_000>;
	/// Also bounds the flag event and the limit reads of one reservation.
	type MaxClinicsPerDonor = ConstU32<64>;
	type MaxMatchResults = ConstU32<50>;
	type WeightInfo = pallet_donor_matching::weights::SubstrateWeight<Runtime>;
}
