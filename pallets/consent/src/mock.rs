//! A test runtime: real sr25519 patient keys and `MultiSignature`s as in the runtime, and the
//! shared in-memory consortium ([`MockMembership`]).

use crate as pallet_consent;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
};
pub use ivf_primitives::test_utils::{CheckedExternalities, MockMembership};
use sp_core::{sr25519, Pair};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature, MultiSigner};

pub type AccountId = AccountId32;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Consent: pallet_consent,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

pub const GB_CLINIC: AccountId = AccountId32::new([1; 32]);
pub const FR_CLINIC: AccountId = AccountId32::new([2; 32]);
pub const NL_CLINIC: AccountId = AccountId32::new([3; 32]);
pub const ES_CLINIC: AccountId = AccountId32::new([4; 32]);
/// Someone who is no clinic.
pub const OUTSIDER: AccountId = AccountId32::new([9; 32]);

/// The chain's time when every test starts: 2024-01-01T00:00:00Z.
pub const NOW: u64 = 1_704_067_200_000;
pub const DAY: u64 = 24 * 60 * 60 * 1000;
pub const TOLERANCE: u64 = 5 * 60 * 1000;

/// Suspends `clinic`: the membership no longer answers that it is an active clinic.
pub fn suspend(clinic: &AccountId) {
	MockMembership::remove(clinic);
}

impl pallet_consent::Config for Test {
	type Membership = MockMembership;
	type Time = Timestamp;
	type PatientKey = MultiSigner;
	type PatientSignature = MultiSignature;
	type BackdatingTolerance = ConstU64<TOLERANCE>;
	type MaxConsentsPerPatient = ConstU32<4>;
	type MaxRelyingClinics = ConstU32<2>;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_consent::Sr25519PatientKeys;
}

/// A patient's sr25519 key pair, from a derivation path such as `//patient-1`.
pub fn patient_pair(path: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(path, None).expect("a valid derivation path")
}

/// The account id of a patient key pair.
pub fn account_of(pair: &sr25519::Pair) -> AccountId {
	pair.public().into()
}

/// A chain at block 1 and time [`NOW`], with a keystore for the benchmarks' patient keys.
pub fn new_test_ext() -> CheckedExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("genesis builds");
	MockMembership::clear();
	for clinic in [GB_CLINIC, FR_CLINIC, NL_CLINIC, ES_CLINIC] {
		MockMembership::admit_clinic(&clinic, *b"GB");
	}
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(NOW);
	});
	CheckedExternalities::new(ext, "pallet-consent", Consent::do_try_state)
}

/// Runs `test` on a fresh chain, which then checks the pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(test);
}
