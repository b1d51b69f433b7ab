//! Benchmarks for `pallet-donor-matching`, each at its worst case.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::{fixtures::sperm_donor, Pallet as DonorMatching};
use frame_benchmarking::v2::*;
use frame_support::{
	assert_ok,
	traits::{EnsureOrigin, Get},
	BoundedVec, Hashable,
};
use frame_system::RawOrigin;
use ivf_primitives::{
	ConsentProvider, ConsentPurpose, ConsortiumMembership, DonorLinkageId, Jurisdiction, Pseudonym,
	RoleKind,
};

fn pseudonym(tag: &[u8], index: u32) -> Pseudonym {
	(tag.to_vec(), index).blake2_256()
}

/// A distinct well-formed jurisdiction per index (`AA`, `AB`, ...), each given a families
/// limit far from reach, so that every limit lookup of a reservation finds one.
fn jurisdiction<T: Config>(index: u32) -> Jurisdiction {
	let letter = |n: u32| b'A'.saturating_add(u8::try_from(n % 26).unwrap_or(0));
	let code = Jurisdiction([letter(index / 26), letter(index)]);
	FamilyLimits::<T>::insert(code, FamilyLimit::Families(u32::MAX));
	code
}

fn clinic<T: Config>(index: u32) -> T::AccountId {
	let who: T::AccountId = account("clinic", index, 0);
	T::Membership::admit_for_benchmarks(&who, RoleKind::Clinic, jurisdiction::<T>(index));
	who
}

/// Banks are numbered from here, apart from the treating clinics.
const FIRST_BANK: u32 = 500;

/// A recipient `profile` passes, treated in `clinic`'s jurisdiction.
fn recipient<T: Config>(clinic: &T::AccountId) -> RecipientProfile {
	RecipientProfile {
		donation_type: DonationType::Sperm,
		recipient_cmv: CmvStatus::Negative,
		recipient_rh: Rh::Negative,
		rh_sensitised: true,
		recipient_carrier: Some(CarrierScreening {
			panel: CarrierPanel { id: 1, version: 1 },
			carried: CarriedGenes::from_genes(&[8]),
		}),
		jurisdiction: T::Membership::clinic_jurisdiction(clinic).unwrap_or(Jurisdiction(*b"GB")),
		accepted_identity_release: AcceptedIdentityRelease {
			anonymous: false,
			at_adulthood: true,
			open: false,
		},
	}
}

/// Writes a registered, unflagged donor owned by `clinic` (the registry's benchmark donor for
/// other pallets, too).
pub(crate) fn insert_donor<T: Config>(donor: DonorLinkageId, clinic: T::AccountId) {
	use frame_support::traits::Time;
	let jurisdiction = T::Membership::clinic_jurisdiction(&clinic).unwrap_or(Jurisdiction(*b"GB"));
	let now = T::Time::now();
	let record = Donor {
		clinic: clinic.clone(),
		jurisdiction,
		registered_at: now,
		profile: sperm_donor(),
		families: 0,
		children: 0,
		pending: 0,
		flag: None,
	};
	Donors::<T>::insert(donor, record);
	let bank = DonorBank { clinic: clinic.clone(), pseudonym: donor, jurisdiction, linked_at: now };
	DonorBanks::<T>::insert(donor, BoundedVec::truncate_from(alloc::vec![bank]));
	DonorsOwned::<T>::mutate(&clinic, |owned| *owned = owned.saturating_add(1));
}

/// Bank `index` registers (or links) `donor` with an active donation consent.
fn register_at<T: Config>(donor: DonorLinkageId, index: u32) -> T::AccountId {
	let bank = clinic::<T>(FIRST_BANK.saturating_add(index));
	let own = pseudonym(b"bank pseudonym", index);
	T::Consent::grant_for_benchmarks(&own, ConsentPurpose::GameteDonation, &bank, 0);
	assert_ok!(DonorMatching::<T>::register_donor(
		RawOrigin::Signed(bank.clone()).into(),
		donor,
		own,
		sperm_donor()
	));
	bank
}

/// A donor held by `banks` banks (at least one, the owner); returns the donor and its owner.
fn donor_at_banks<T: Config>(banks: u32) -> (DonorLinkageId, T::AccountId) {
	let donor = pseudonym(b"donor", 0);
	let owner = register_at::<T>(donor, 0);
	for index in 1..banks {
		register_at::<T>(donor, index);
	}
	(donor, owner)
}

/// Clinics 1..=`count` each reserve the donor (at `bank`) for one family; returns them with
/// their family.
fn used_by<T: Config>(
	donor: DonorLinkageId,
	bank: &T::AccountId,
	count: u32,
) -> alloc::vec::Vec<(T::AccountId, Pseudonym)> {
	(1..=count)
		.map(|i| {
			let treating = clinic::<T>(i);
			let family = pseudonym(b"family", i);
			assert_ok!(DonorMatching::<T>::reserve(
				RawOrigin::Signed(treating.clone()).into(),
				donor,
				bank.clone(),
				family,
				recipient::<T>(&treating)
			));
			(treating, family)
		})
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: a bank links to a donor `b` banks hold already (for `b` = 0, registers a
	/// new donor, which writes the record and the counter instead).
	#[benchmark]
	fn register_donor(b: Linear<0, { T::MaxBanksPerDonor::get().saturating_sub(1) }>) {
		let donor = pseudonym(b"donor", 0);
		if b > 0 {
			donor_at_banks::<T>(b);
		}
		let bank = clinic::<T>(FIRST_BANK.saturating_add(b));
		let own = pseudonym(b"bank pseudonym", b);
		T::Consent::grant_for_benchmarks(&own, ConsentPurpose::GameteDonation, &bank, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(bank), donor, own, sperm_donor());

		assert_eq!(DonorBanks::<T>::get(donor).len(), b as usize + 1);
	}

	/// Worst case: `b` banks in `b` jurisdictions hold the donor and `c` clinics in `c` more
	/// use them, every jurisdiction with a limit, and a new clinic in yet another jurisdiction
	/// reserves for a new family, passing every filter.
	#[benchmark]
	fn reserve(
		c: Linear<0, { T::MaxClinicsPerDonor::get().saturating_sub(1) }>,
		b: Linear<1, { T::MaxBanksPerDonor::get() }>,
	) {
		let (donor, owner) = donor_at_banks::<T>(b);
		used_by::<T>(donor, &owner, c);
		let treating = clinic::<T>(c.saturating_add(1));
		let family = pseudonym(b"new family", 0);
		let profile = recipient::<T>(&treating);

		#[extrinsic_call]
		_(RawOrigin::Signed(treating), donor, owner, family, profile);

		assert_eq!(Donors::<T>::get(donor).map(|d| d.families), Some(c.saturating_add(1)));
	}

	/// Worst case: `c` clinics use the donor, and the last one's only family is released, so
	/// the allocation goes and the clinic leaves the list.
	#[benchmark]
	fn release(c: Linear<1, { T::MaxClinicsPerDonor::get() }>) {
		let (donor, owner) = donor_at_banks::<T>(1);
		let uses = used_by::<T>(donor, &owner, c);
		let (treating, family) = uses.last().cloned().expect("c >= 1 clinics");

		#[extrinsic_call]
		_(RawOrigin::Signed(treating), donor, family, ReleaseReason::TreatmentFailed);

		assert!(!Allocations::<T>::contains_key(donor, family));
		assert_eq!(DonorClinics::<T>::get(donor).len(), c.saturating_sub(1) as usize);
	}

	/// Worst case: a birth after its reservation expired, so the family takes its slot back
	/// and its clinic joins a list of `c` others.
	#[benchmark]
	fn record_birth(c: Linear<0, { T::MaxClinicsPerDonor::get().saturating_sub(1) }>) {
		let (donor, owner) = donor_at_banks::<T>(1);
		used_by::<T>(donor, &owner, c);
		let treating = clinic::<T>(c.saturating_add(1));
		let family = pseudonym(b"late family", 0);
		assert_ok!(DonorMatching::<T>::reserve(
			RawOrigin::Signed(treating.clone()).into(),
			donor,
			owner,
			family,
			recipient::<T>(&treating)
		));
		Allocations::<T>::mutate(donor, family, |a| {
			if let Some(a) = a {
				a.expires_at = 0;
			}
		});
		DonorMatching::<T>::expire_reservations(1, c.saturating_add(1));
		assert!(Allocations::<T>::get(donor, family).is_some_and(|a| a.expired == 1));

		#[extrinsic_call]
		_(RawOrigin::Signed(treating), donor, family, 2);

		assert_eq!(Donors::<T>::get(donor).map(|d| d.children), Some(2));
	}

	/// Worst case: a linked bank (membership read) flags a donor that `c` clinics use and `b`
	/// banks hold, and the event lists them all.
	#[benchmark]
	fn flag_donor(
		c: Linear<0, { T::MaxClinicsPerDonor::get() }>,
		b: Linear<1, { T::MaxBanksPerDonor::get() }>,
	) {
		let (donor, owner) = donor_at_banks::<T>(b);
		used_by::<T>(donor, &owner, c);
		let last_bank = clinic::<T>(FIRST_BANK.saturating_add(b.saturating_sub(1)));

		#[extrinsic_call]
		_(RawOrigin::Signed(last_bank), donor, FlagReason::PathogenicVariant, [7; 32]);

		assert!(Donors::<T>::get(donor).is_some_and(|d| d.flag.is_some()));
	}

	#[benchmark]
	fn set_family_limit() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let us = Jurisdiction(*b"US");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, us, Some(FamilyLimit::Families(25)));

		assert_eq!(FamilyLimits::<T>::get(us), Some(FamilyLimit::Families(25)));
		Ok(())
	}

	/// Worst case: `n` donors, all registered by the departed clinic and none retired yet, so
	/// every donor examined is retired, and more remain after the page.
	#[benchmark]
	fn retire_donors_of_departed_clinic(
		n: Linear<1, { DonorMatching::<T>::max_donors_examined() }>,
	) -> Result<(), BenchmarkError> {
		let departed: T::AccountId = account("departed", 0, 0);
		let donors = n.saturating_add(1).min(T::MaxDonors::get());
		for index in 0..donors {
			insert_donor::<T>(pseudonym(b"donor", index), departed.clone());
		}
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, departed, n);

		assert_eq!(RetiredDonors::<T>::iter().count(), n as usize);
		Ok(())
	}

	/// Worst case: an unused donor, whose record, banks and quota place are deleted.
	#[benchmark]
	fn retire_donor() {
		let (donor, owner) = donor_at_banks::<T>(T::MaxBanksPerDonor::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), donor);

		assert!(!Donors::<T>::contains_key(donor));
	}

	#[benchmark]
	fn renew_reservation() {
		let (donor, owner) = donor_at_banks::<T>(1);
		let (treating, family) = used_by::<T>(donor, &owner, 1).pop().expect("one clinic");

		#[extrinsic_call]
		_(RawOrigin::Signed(treating), donor, family);

		assert!(Allocations::<T>::contains_key(donor, family));
	}

	/// The expiry walk of `on_initialize`: `n` allocations examined, `e` of them (at most `n`)
	/// overdue, each freeing its family's slot.
	#[benchmark]
	fn expire_reservations(
		n: Linear<1, { T::MaxExpiryChecksPerBlock::get() }>,
		e: Linear<0, { T::MaxExpiryChecksPerBlock::get() }>,
	) {
		let (donor, owner) = donor_at_banks::<T>(1);
		let treating = clinic::<T>(1);
		for i in 0..n {
			assert_ok!(DonorMatching::<T>::reserve(
				RawOrigin::Signed(treating.clone()).into(),
				donor,
				owner.clone(),
				pseudonym(b"family", i),
				recipient::<T>(&treating)
			));
		}
		let overdue: alloc::vec::Vec<_> =
			Allocations::<T>::iter_keys().take(e.min(n) as usize).collect();
		for (donor, family) in overdue {
			Allocations::<T>::mutate(donor, family, |a| {
				if let Some(a) = a {
					a.expires_at = 0;
				}
			});
		}

		#[block]
		{
			DonorMatching::<T>::expire_reservations(1, n);
		}

		let expired = Allocations::<T>::iter_values().filter(|a| a.expired == 1).count();
		assert_eq!(expired, e.min(n) as usize);
	}

	impl_benchmark_test_suite!(DonorMatching, crate::mock::new_test_ext(), crate::mock::Test);
}
