//! A test runtime: clinics, consents and the clock are in-memory mocks of the consortium
//! pallet, the consent pallet and pallet-timestamp.

use crate as pallet_donor_matching;
use alloc::collections::BTreeMap;
use core::cell::RefCell;
use frame_support::traits::{ConstU32, ConstU64};
pub use ivf_primitives::test_utils::{CheckedExternalities, MockMembership};
use ivf_primitives::{ConsentProvider, ConsentPurpose, Pseudonym};
use sp_runtime::BuildStorage;

ivf_primitives::test_runtime!(DonorMatching: pallet_donor_matching);

impl pallet_donor_matching::Config for Test {
	type Membership = MockMembership;
	type Consent = MockConsent;
	type Time = MockTime;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type MaxDonors = ConstU32<8>;
	type MaxDonorsPerClinic = ConstU32<5>;
	type MaxBanksPerDonor = ConstU32<3>;
	type MaxClinicsPerDonor = ConstU32<4>;
	type MaxMatchResults = ConstU32<3>;
	type ReservationPeriod = ConstU64<RESERVATION_PERIOD>;
	type MaxExpiryChecksPerBlock = ConstU32<2>;
	type WeightInfo = ();
}

/// Clinics of the test consortium, one per country.
pub const GB_CLINIC: u64 = 1;
pub const FR_CLINIC: u64 = 2;
pub const AT_CLINIC: u64 = 3;
pub const CY_CLINIC: u64 = 4;
/// Spain has no family limit configured.
pub const ES_CLINIC: u64 = 5;
pub const PT_CLINIC: u64 = 6;
pub const IT_CLINIC: u64 = 7;
pub const GR_CLINIC: u64 = 8;
/// A signed account that is no clinic.
pub const STRANGER: u64 = 99;

/// The clock at genesis: 2025-01-01T00:00:00Z.
pub const START: u64 = 1_735_689_600_000;

/// A day, in milliseconds.
pub const DAY: u64 = 24 * 60 * 60 * 1000;

/// Reservations expire after 30 days in the test runtime.
pub const RESERVATION_PERIOD: u64 = 30 * DAY;

/// A consent of a donor for a purpose by a clinic.
type ConsentKey = (Pseudonym, ConsentPurpose, u64);

thread_local! {
	/// Each consent's start (ms); a withdrawn consent is removed.
	static CONSENTS: RefCell<BTreeMap<ConsentKey, u64>> = const { RefCell::new(BTreeMap::new()) };
	static NOW: RefCell<u64> = const { RefCell::new(START) };
}

pub struct MockConsent;
impl ConsentProvider<u64, u64> for MockConsent {
	fn is_consented(patient: &Pseudonym, purpose: ConsentPurpose, clinic: &u64, at: u64) -> bool {
		CONSENTS
			.with(|c| c.borrow().get(&(*patient, purpose, *clinic)).is_some_and(|from| *from <= at))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn grant_for_benchmarks(patient: &Pseudonym, purpose: ConsentPurpose, clinic: &u64, from: u64) {
		CONSENTS.with(|c| c.borrow_mut().insert((*patient, purpose, *clinic), from));
	}
}

pub struct MockTime;
impl frame_support::traits::Time for MockTime {
	type Moment = u64;
	fn now() -> u64 {
		NOW.with(|n| *n.borrow())
	}
}

pub fn admit_clinic(who: u64, code: [u8; 2]) {
	MockMembership::admit_clinic(&who, code);
}

pub fn suspend_clinic(who: u64) {
	MockMembership::remove(&who);
}

/// The registering clinic records the donor's donation consent, active from now.
pub fn give_consent(donor: Pseudonym, purpose: ConsentPurpose, clinic: u64) {
	CONSENTS.with(|c| c.borrow_mut().insert((donor, purpose, clinic), now()));
}

pub fn withdraw_consent(donor: Pseudonym, purpose: ConsentPurpose, clinic: u64) {
	CONSENTS.with(|c| c.borrow_mut().remove(&(donor, purpose, clinic)));
}

pub fn now() -> u64 {
	NOW.with(|n| *n.borrow())
}

pub fn set_now(ms: u64) {
	NOW.with(|n| *n.borrow_mut() = ms);
}

/// Runs the next block's `on_initialize`, where overdue reservations expire.
pub fn next_block() {
	use frame_support::traits::Hooks;
	let n = System::block_number() + 1;
	System::set_block_number(n);
	DonorMatching::on_initialize(n);
}

/// Genesis with the docs/domain.md family limits and the clinics above admitted.
pub fn new_test_ext() -> CheckedExternalities {
	MockMembership::clear();
	CONSENTS.with(|c| c.borrow_mut().clear());
	set_now(START);
	for (who, code) in [
		(GB_CLINIC, *b"GB"),
		(FR_CLINIC, *b"FR"),
		(AT_CLINIC, *b"AT"),
		(CY_CLINIC, *b"CY"),
		(ES_CLINIC, *b"ES"),
		(PT_CLINIC, *b"PT"),
		(IT_CLINIC, *b"IT"),
		(GR_CLINIC, *b"GR"),
	] {
		admit_clinic(who, code);
	}
	let storage = RuntimeGenesisConfig::default().build_storage().expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	CheckedExternalities::new(ext, "pallet-donor-matching", DonorMatching::do_try_state)
}

/// Runs `test` in a fresh [`new_test_ext`], which then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(test);
}
