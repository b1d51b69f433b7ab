//! Benchmarks for `pallet-donor-matching`, each at its worst case.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as DonorMatching;
use frame_benchmarking::v2::*;
use frame_support::{
	assert_ok,
	traits::{EnsureOrigin, Get},
	Hashable,
};
use frame_system::RawOrigin;
use ivf_primitives::{
	ConsentProvider, ConsentPurpose, ConsortiumMembership, Jurisdiction, Pseudonym, RoleKind,
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

/// A complete donor profile (also the registry's benchmark donor for other pallets).
pub(crate) fn profile() -> DonorProfile {
	DonorProfile {
		donation_type: DonationType::Sperm,
		blood_group: BloodGroup { abo: Abo::O, rh: Rh::Negative },
		cmv: CmvStatus::Negative,
		phenotype: Phenotype {
			ethnicity: Ethnicity::White,
			skin_tone: SkinTone::TypeII,
			eye_colour: EyeColour::Blue,
			hair_colour: HairColour::LightBrown,
			hair_type: HairType::Wavy,
			height: HeightBand::From180To189Cm,
			build: Build::Medium,
		},
		carrier: CarrierScreening {
			panel: CarrierPanel { id: 1, version: 1 },
			carried: CarriedGenes::from_genes(&[7, 300]),
		},
		identity_release: IdentityRelease::AtAdulthood,
	}
}

/// A donor registered by clinic 0, with an active donation consent.
fn registered_donor<T: Config>() -> (Pseudonym, T::AccountId) {
	let registrar = clinic::<T>(0);
	let donor = pseudonym(b"donor", 0);
	T::Consent::grant_for_benchmarks(&donor, ConsentPurpose::GameteDonation, &registrar, 0);
	assert_ok!(DonorMatching::<T>::register_donor(
		RawOrigin::Signed(registrar.clone()).into(),
		donor,
		profile()
	));
	(donor, registrar)
}

/// Clinics 1..=`count` each reserve the donor for one family; returns them with their family.
fn used_by<T: Config>(donor: Pseudonym, count: u32) -> alloc::vec::Vec<(T::AccountId, Pseudonym)> {
	(1..=count)
		.map(|i| {
			let treating = clinic::<T>(i);
			let family = pseudonym(b"family", i);
			assert_ok!(DonorMatching::<T>::reserve(
				RawOrigin::Signed(treating.clone()).into(),
				donor,
				family
			));
			(treating, family)
		})
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_donor() {
		let registrar = clinic::<T>(0);
		let donor = pseudonym(b"donor", 0);
		T::Consent::grant_for_benchmarks(&donor, ConsentPurpose::GameteDonation, &registrar, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), donor, profile());

		assert!(Donors::<T>::contains_key(donor));
	}

	/// Worst case: `c` clinics in `c` jurisdictions with limits already use the donor, and a
	/// new clinic in yet another jurisdiction reserves for a new family.
	#[benchmark]
	fn reserve(c: Linear<0, { T::MaxClinicsPerDonor::get().saturating_sub(1) }>) {
		let (donor, _) = registered_donor::<T>();
		used_by::<T>(donor, c);
		let treating = clinic::<T>(c.saturating_add(1));
		let family = pseudonym(b"new family", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(treating), donor, family);

		assert_eq!(Donors::<T>::get(donor).map(|d| d.families), Some(c.saturating_add(1)));
	}

	/// Worst case: `c` clinics use the donor, and the last one's only family is released, so
	/// the allocation goes and the clinic leaves the list.
	#[benchmark]
	fn release(c: Linear<1, { T::MaxClinicsPerDonor::get() }>) {
		let (donor, _) = registered_donor::<T>();
		let uses = used_by::<T>(donor, c);
		let (treating, family) = uses.last().cloned().expect("c >= 1 clinics");

		#[extrinsic_call]
		_(RawOrigin::Signed(treating), donor, family, ReleaseReason::TreatmentFailed);

		assert!(!Allocations::<T>::contains_key(donor, family));
		assert_eq!(DonorClinics::<T>::get(donor).len(), c.saturating_sub(1) as usize);
	}

	#[benchmark]
	fn record_birth() {
		let (donor, _) = registered_donor::<T>();
		let (treating, family) = used_by::<T>(donor, 1).pop().expect("one clinic");

		#[extrinsic_call]
		_(RawOrigin::Signed(treating), donor, family, 2);

		assert_eq!(Donors::<T>::get(donor).map(|d| d.children), Some(2));
	}

	/// Worst case: the registering clinic (membership read) flags a donor that `c` clinics
	/// use, and the event lists them all.
	#[benchmark]
	fn flag_donor(c: Linear<0, { T::MaxClinicsPerDonor::get() }>) {
		let (donor, registrar) = registered_donor::<T>();
		used_by::<T>(donor, c);

		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), donor, FlagReason::PathogenicVariant, [7; 32]);

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
			let record = Donor {
				clinic: departed.clone(),
				jurisdiction: Jurisdiction(*b"GB"),
				registered_at: 0,
				profile: profile(),
				families: 0,
				children: 0,
				pending: 0,
				flag: None,
			};
			Donors::<T>::insert(pseudonym(b"donor", index), record);
		}
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, departed, n);

		assert_eq!(RetiredDonors::<T>::iter().count(), n as usize);
		Ok(())
	}

	impl_benchmark_test_suite!(DonorMatching, crate::mock::new_test_ext(), crate::mock::Test);
}
