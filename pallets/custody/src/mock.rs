//! A test runtime: the clock is `pallet-timestamp`; clinics, consents and the donor registry are
//! in-memory mocks of the consortium, consent and donor-matching pallets.

use crate as pallet_custody;
use alloc::collections::{BTreeMap, BTreeSet};
use core::cell::RefCell;
use frame_support::traits::{ConstU32, ConstU64};
pub use ivf_primitives::test_utils::{CheckedExternalities, MockMembership};
use ivf_primitives::{
	ConsentId, ConsentProvider, ConsentPurpose, DonorRegistry, DonorStanding, Pseudonym,
	StorageConsentProvider, StorageConsentStatus, StorageConsentTerms,
};

ivf_primitives::test_runtime!(Custody: pallet_custody, with Timestamp);

/// The most steps of one specimen in the tests: small, so that the bound can be reached.
pub const MAX_STEPS: u32 = 8;
/// The most specimens in one shipment in the tests.
pub const MAX_PER_SHIPMENT: u32 = 4;

impl pallet_custody::Config for Test {
	type Membership = MockMembership;
	type Consent = MockConsent;
	type DonorRegistry = MockDonorRegistry;
	type Time = Timestamp;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type MaxStepsPerSpecimen = ConstU32<MAX_STEPS>;
	type MaxSpecimensPerShipment = ConstU32<MAX_PER_SHIPMENT>;
	type MaxShipmentWindow = ConstU64<{ 14 * DAY }>;
	type WeightInfo = ();
}

/// Clinics of the test consortium.
pub const GB_CLINIC: u64 = 1;
pub const FR_CLINIC: u64 = 2;
pub const ES_CLINIC: u64 = 3;
/// A signed account that is no clinic.
pub const STRANGER: u64 = 99;
/// Witnesses (staff) of the GB clinic, and its electronic witnessing system.
pub const GB_NURSE: u64 = 11;
pub const GB_EMBRYOLOGIST: u64 = 12;
pub const GB_EWS: u64 = 13;
/// Witnesses of the FR clinic.
pub const FR_NURSE: u64 = 21;
pub const FR_EMBRYOLOGIST: u64 = 22;

/// The clock at genesis: 2025-01-01T00:00:00Z.
pub const START: u64 = 1_735_689_600_000;
pub const DAY: u64 = 24 * 60 * 60 * 1000;
pub const YEAR: u64 = 365 * DAY;

/// A storage consent: its terms and the clinics that hold it (recording and relying).
#[derive(Clone)]
pub struct MockStorageConsent {
	pub terms: StorageConsentTerms<u64>,
	pub holders: Vec<u64>,
}

thread_local! {
	static STORAGE_CONSENTS: RefCell<BTreeMap<ConsentId, MockStorageConsent>> =
		const { RefCell::new(BTreeMap::new()) };
	/// Active consents other than storage, by (person, purpose, clinic).
	static CONSENTS: RefCell<BTreeSet<(Pseudonym, ConsentPurpose, u64)>> =
		const { RefCell::new(BTreeSet::new()) };
	static DONORS: RefCell<BTreeMap<Pseudonym, DonorStanding>> =
		const { RefCell::new(BTreeMap::new()) };
}

pub struct MockConsent;
impl ConsentProvider<u64, u64> for MockConsent {
	fn is_consented(patient: &Pseudonym, purpose: ConsentPurpose, clinic: &u64, _at: u64) -> bool {
		CONSENTS.with(|c| c.borrow().contains(&(*patient, purpose, *clinic)))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn grant_for_benchmarks(patient: &Pseudonym, purpose: ConsentPurpose, clinic: &u64, _: u64) {
		give_consent(*patient, purpose, *clinic);
	}
}
impl StorageConsentProvider<u64, u64> for MockConsent {
	fn storage_consent(id: ConsentId, clinic: &u64) -> Option<StorageConsentTerms<u64>> {
		STORAGE_CONSENTS.with(|c| {
			c.borrow()
				.get(&id)
				.filter(|consent| consent.holders.contains(clinic))
				.map(|c| c.terms)
		})
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn grant_storage_for_benchmarks(
		patient: &Pseudonym,
		clinics: &[u64],
		storage_until: u64,
	) -> Option<ConsentId> {
		let (clinic, relying) = clinics.split_first()?;
		let id = storage_consent_until(*patient, *clinic, storage_until);
		relying.iter().for_each(|clinic| allow_reliance(id, *clinic));
		Some(id)
	}
}

pub struct MockDonorRegistry;
impl DonorRegistry<u64> for MockDonorRegistry {
	fn registered_donor(donor: &Pseudonym) -> Option<DonorStanding> {
		DONORS.with(|d| d.borrow().get(donor).copied())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(donor: &Pseudonym, _clinic: &u64) {
		register_donor(*donor, DonorStanding::Available);
	}
}

pub fn admit_clinic(who: u64, code: [u8; 2]) {
	MockMembership::admit_clinic(&who, code);
}

pub fn suspend_clinic(who: u64) {
	MockMembership::remove(&who);
}

/// `clinic` records a storage consent of `patient`, in effect from now until `until`; returns
/// its id.
pub fn storage_consent_until(patient: Pseudonym, clinic: u64, until: u64) -> ConsentId {
	STORAGE_CONSENTS.with(|c| {
		let mut consents = c.borrow_mut();
		let id = consents.len() as ConsentId;
		let terms = StorageConsentTerms {
			patient,
			from: now(),
			storage_until: until,
			status: StorageConsentStatus::Active,
		};
		consents.insert(id, MockStorageConsent { terms, holders: vec![clinic] });
		id
	})
}

/// `clinic` records a storage consent of `patient` for ten years from now.
pub fn storage_consent(patient: Pseudonym, clinic: u64) -> ConsentId {
	storage_consent_until(patient, clinic, now() + 10 * YEAR)
}

fn update_storage_consent(id: ConsentId, change: impl FnOnce(&mut MockStorageConsent)) {
	STORAGE_CONSENTS.with(|c| change(c.borrow_mut().get_mut(&id).expect("a mock consent")));
}

/// The consent's person (or the recording clinic) withdraws it now.
pub fn withdraw_storage_consent(id: ConsentId) {
	let at = now();
	update_storage_consent(id, |c| c.terms.status = StorageConsentStatus::Withdrawn { at });
}

/// The recording clinic marks the consent as entered in error.
pub fn mark_in_error(id: ConsentId) {
	update_storage_consent(id, |c| c.terms.status = StorageConsentStatus::EnteredInError);
}

/// `clinic` may rely on the consent from now on.
pub fn allow_reliance(id: ConsentId, clinic: u64) {
	update_storage_consent(id, |c| c.holders.push(clinic));
}

/// An active consent of `patient` for `purpose`, recorded by `clinic`.
pub fn give_consent(patient: Pseudonym, purpose: ConsentPurpose, clinic: u64) {
	CONSENTS.with(|c| c.borrow_mut().insert((patient, purpose, clinic)));
}

pub fn register_donor(donor: Pseudonym, standing: DonorStanding) {
	DONORS.with(|d| d.borrow_mut().insert(donor, standing));
}

pub fn now() -> u64 {
	pallet_timestamp::Now::<Test>::get()
}

pub fn set_now(ms: u64) {
	pallet_timestamp::Now::<Test>::put(ms);
}

/// Genesis at [`START`] with the GB, FR (France) and ES clinics admitted, nobody consented,
/// no witness registered.
pub fn new_test_ext() -> CheckedExternalities {
	MockMembership::clear();
	STORAGE_CONSENTS.with(|c| c.borrow_mut().clear());
	CONSENTS.with(|c| c.borrow_mut().clear());
	DONORS.with(|d| d.borrow_mut().clear());
	admit_clinic(GB_CLINIC, *b"GB");
	admit_clinic(FR_CLINIC, *b"FR");
	admit_clinic(ES_CLINIC, *b"ES");
	chain_at(START, "pallet-custody", Custody::do_try_state)
}

/// Runs `test` in a fresh [`new_test_ext`], which then checks the pallet's invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(test);
}
