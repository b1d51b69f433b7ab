//! A test runtime: the clock is `pallet-timestamp`; clinics and the custody ledger are
//! in-memory mocks of the consortium and custody pallets.

use crate as pallet_supplies;
use alloc::collections::BTreeMap;
use core::cell::RefCell;
use frame_support::traits::ConstU32;
pub use ivf_primitives::test_utils::{CheckedExternalities, MockMembership};
use ivf_primitives::{DocumentHash, SpecimenId, SpecimenRegistry};

ivf_primitives::test_runtime!(Supplies: pallet_supplies, with Timestamp);

/// The most records of one lot in the tests: small, so that the bound can be reached.
pub const MAX_RECORDS: u32 = 3;
/// The most uses of one lot in the tests.
pub const MAX_USES: u32 = 6;
/// The most specimens in one use in the tests.
pub const MAX_PER_USE: u32 = 3;

impl pallet_supplies::Config for Test {
	type Membership = MockMembership;
	type Specimens = MockCustody;
	type Time = Timestamp;
	type RecallOrigin = frame_system::EnsureRoot<u64>;
	type MaxRecordsPerLot = ConstU32<MAX_RECORDS>;
	type MaxUsesPerLot = ConstU32<MAX_USES>;
	type MaxSpecimensPerUse = ConstU32<MAX_PER_USE>;
	type WeightInfo = ();
}

/// Clinics of the test consortium.
pub const GB_CLINIC: u64 = 1;
pub const FR_CLINIC: u64 = 2;
pub const ES_CLINIC: u64 = 3;
/// A signed account that is no clinic.
pub const STRANGER: u64 = 99;

/// The clock at genesis: 2025-01-01T00:00:00Z.
pub const START: u64 = 1_735_689_600_000;
pub const DAY: u64 = 24 * 60 * 60 * 1000;

thread_local! {
	/// Each specimen's custodian.
	static SPECIMENS: RefCell<BTreeMap<SpecimenId, u64>> = const { RefCell::new(BTreeMap::new()) };
	/// Each flagged specimen, with the notice of the recall that flagged it.
	static FLAGGED: RefCell<BTreeMap<SpecimenId, DocumentHash>> =
		const { RefCell::new(BTreeMap::new()) };
}

pub struct MockCustody;
impl SpecimenRegistry<u64> for MockCustody {
	fn custodian(specimen: SpecimenId) -> Option<u64> {
		SPECIMENS.with(|s| s.borrow().get(&specimen).copied())
	}
	fn flag_recalled(specimen: SpecimenId, notice: DocumentHash) {
		if Self::custodian(specimen).is_some() {
			FLAGGED.with(|f| f.borrow_mut().insert(specimen, notice));
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(clinic: &u64) -> Option<SpecimenId> {
		let id = SPECIMENS.with(|s| s.borrow().len() as SpecimenId);
		hold_specimen(id, *clinic);
		Some(id)
	}
}

pub fn admit_clinic(who: u64, code: [u8; 2]) {
	MockMembership::admit_clinic(&who, code);
}

pub fn suspend_clinic(who: u64) {
	MockMembership::remove(&who);
}

/// `clinic` has custody of `specimen` (registered, or received from another clinic).
pub fn hold_specimen(specimen: SpecimenId, clinic: u64) {
	SPECIMENS.with(|s| s.borrow_mut().insert(specimen, clinic));
}

/// The notice of the recall that flagged `specimen`, if one did.
pub fn recall_flag(specimen: SpecimenId) -> Option<DocumentHash> {
	FLAGGED.with(|f| f.borrow().get(&specimen).copied())
}

/// How many specimens are flagged.
pub fn flagged_count() -> usize {
	FLAGGED.with(|f| f.borrow().len())
}

pub fn set_now(ms: u64) {
	pallet_timestamp::Now::<Test>::put(ms);
}

/// Genesis at [`START`] with the GB, FR and ES clinics admitted and no specimen.
pub fn new_test_ext() -> CheckedExternalities {
	MockMembership::clear();
	SPECIMENS.with(|s| s.borrow_mut().clear());
	FLAGGED.with(|f| f.borrow_mut().clear());
	admit_clinic(GB_CLINIC, *b"GB");
	admit_clinic(FR_CLINIC, *b"FR");
	admit_clinic(ES_CLINIC, *b"ES");
	chain_at(START, "pallet-supplies", Supplies::do_try_state)
}

/// Runs `test` in a fresh [`new_test_ext`], which then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(test);
}
