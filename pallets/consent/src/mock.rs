//! A test runtime: real sr25519 patient keys and `MultiSignature`s as in the runtime, and a
//! consortium of clinics kept in a thread-local list.

use crate as pallet_consent;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};
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

parameter_types! {
	/// The active clinics of the consortium; every test starts with the four founding clinics.
	pub static Clinics: Vec<AccountId> = vec![];
}

pub struct TestMembership;
impl ConsortiumMembership<AccountId> for TestMembership {
	fn clinic_jurisdiction(who: &AccountId) -> Option<Jurisdiction> {
		Clinics::get().contains(who).then_some(Jurisdiction(*b"GB"))
	}

	fn has_role(who: &AccountId, role: RoleKind) -> bool {
		role == RoleKind::Clinic && Self::is_clinic(who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmarks(who: &AccountId, role: RoleKind, _jurisdiction: Jurisdiction) {
		if role == RoleKind::Clinic {
			Clinics::mutate(|clinics| clinics.push(who.clone()));
		}
	}
}

/// Suspends `clinic`: the membership no longer answers that it is an active clinic.
pub fn suspend(clinic: &AccountId) {
	Clinics::mutate(|clinics| clinics.retain(|c| c != clinic));
}

impl pallet_consent::Config for Test {
	type Membership = TestMembership;
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
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| {
		Clinics::set(vec![GB_CLINIC, FR_CLINIC, NL_CLINIC, ES_CLINIC]);
		System::set_block_number(1);
		Timestamp::set_timestamp(NOW);
	});
	ext
}

/// Runs `test` on a fresh chain, then checks the pallet's invariants.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Consent::do_try_state().expect("the ledger's invariants hold");
	});
}
