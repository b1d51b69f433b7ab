//! Benchmarks of `pallet-custody`, each call in its worst case: the default policy (two
//! witnesses for every step), and specimens of three providers under three storage consents,
//! each read on every step that checks the consents.

use super::*;
use crate::Pallet as Custody;
use frame_benchmarking::v2::*;
use frame_support::{
	assert_ok,
	traits::{EnsureOrigin, Get, Time},
	BoundedVec,
};
use frame_system::RawOrigin;
use ivf_primitives::{
	ConsentProvider, ConsentPurpose, ConsortiumMembership, DonorRegistry, Jurisdiction, RoleKind,
};

/// Ten years, the UK's renewal interval of a storage consent.
const TEN_YEARS: u64 = 3653 * DAY_MS;

/// A pseudonym for the provider `role` (patient, partner, donor) of specimen `index`.
fn pseudonym(role: u8, index: u32) -> Pseudonym {
	let mut pseudonym = [role; 32];
	pseudonym[..4].copy_from_slice(&index.to_le_bytes());
	pseudonym
}

/// An active clinic in the UK, with two registered witnesses.
fn clinic<T: Config>(index: u32) -> (T::AccountId, Witnesses<T::AccountId>) {
	let clinic: T::AccountId = account("clinic", index, 0);
	T::Membership::admit_for_benchmarks(&clinic, RoleKind::Clinic, Jurisdiction(*b"GB"));
	let witnesses = (0..MAX_WITNESSES)
		.map(|i| {
			let witness: T::AccountId = account("witness", i, index);
			ClinicWitnesses::<T>::insert(&clinic, &witness, WitnessKind::Staff);
			witness
		})
		.collect();
	(clinic, BoundedVec::truncate_from(witnesses))
}

/// Embryos of a patient, a partner and a donor, each with a storage consent that `holders`
/// hold (the first records it) for ten years.
fn new_embryos<T: Config>(
	index: u32,
	holders: &[T::AccountId],
) -> Result<NewSpecimen, BenchmarkError> {
	let providers = Providers {
		patient: pseudonym(0xa1, index),
		partner: Some(pseudonym(0xa2, index)),
		donor: Some(pseudonym(0xa3, index)),
	};
	let until = T::Time::now().saturating_add(TEN_YEARS);
	let consents = providers
		.all()
		.map(|provider| T::Consent::grant_storage_for_benchmarks(provider, holders, until))
		.collect::<Option<alloc::vec::Vec<ConsentId>>>()
		.ok_or(BenchmarkError::Stop("cannot grant a storage consent"))?;
	Ok(NewSpecimen {
		kind: SpecimenKind::Embryo { day: 5, stage: EmbryoStage::Blastocyst },
		count: 2,
		providers,
		consents: BoundedVec::truncate_from(consents),
		location: [0x01; 32],
	})
}

/// Embryos frozen at the first of `holders` (which also hold its consents).
fn frozen<T: Config>(
	index: u32,
	holders: &[T::AccountId],
	witnesses: &Witnesses<T::AccountId>,
) -> Result<SpecimenId, BenchmarkError> {
	let clinic = holders.first().ok_or(BenchmarkError::Stop("no clinic"))?;
	let id = NextSpecimenId::<T>::get();
	let specimen = new_embryos::<T>(index, holders)?;
	assert_ok!(Custody::<T>::freeze(
		RawOrigin::Signed(clinic.clone()).into(),
		specimen,
		witnesses.clone()
	));
	Ok(id)
}

fn transport() -> Transport {
	let code = |bytes: &[u8]| BoundedVec::truncate_from(bytes.to_vec());
	Transport {
		carrier: code(&[0xca; MAX_CODE_LEN as usize]),
		dry_shipper: code(&[0xd5; MAX_CODE_LEN as usize]),
		data_logger: code(&[0x10; MAX_CODE_LEN as usize]),
	}
}

/// A shipment, its destination and the destination's witnesses.
type ShippedTo<T> = (
	ShipmentId,
	<T as frame_system::Config>::AccountId,
	Witnesses<<T as frame_system::Config>::AccountId>,
);

/// `n` specimens of clinic 0, shipped to clinic 1 (which holds their consents).
fn shipped<T: Config>(n: u32) -> Result<ShippedTo<T>, BenchmarkError> {
	let ((from, sender_witnesses), (to, receiver_witnesses)) = (clinic::<T>(0), clinic::<T>(1));
	let holders = [from.clone(), to.clone()];
	let ids = (0..n)
		.map(|index| frozen::<T>(index, &holders, &sender_witnesses))
		.collect::<Result<alloc::vec::Vec<_>, _>>()?;
	let shipment = NextShipmentId::<T>::get();
	assert_ok!(Custody::<T>::dispatch(
		RawOrigin::Signed(from).into(),
		BoundedVec::truncate_from(ids),
		to.clone(),
		transport(),
		sender_witnesses
	));
	Ok((shipment, to, receiver_witnesses))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_witness() {
		let (clinic, _) = clinic::<T>(0);
		let witness: T::AccountId = account("new witness", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic.clone()), witness.clone(), WitnessKind::ElectronicSystem);

		assert!(ClinicWitnesses::<T>::contains_key(&clinic, &witness));
	}

	#[benchmark]
	fn remove_witness() {
		let (clinic, _) = clinic::<T>(0);
		let witness: T::AccountId = account("new witness", 0, 0);
		ClinicWitnesses::<T>::insert(&clinic, &witness, WitnessKind::Staff);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic.clone()), witness.clone());

		assert!(!ClinicWitnesses::<T>::contains_key(&clinic, &witness));
	}

	#[benchmark]
	fn set_policy() {
		let (clinic, _) = clinic::<T>(0);
		let policy = CustodyPolicy {
			witnesses: WitnessPolicy::every_step(WitnessCount::One),
			..CustodyPolicy::default()
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic.clone()), policy);

		assert_eq!(Policies::<T>::get(&clinic), policy);
	}

	/// Embryos of three providers under three storage consents, two witnesses.
	#[benchmark]
	fn freeze() -> Result<(), BenchmarkError> {
		let (clinic, witnesses) = clinic::<T>(0);
		let specimen = new_embryos::<T>(0, core::slice::from_ref(&clinic))?;
		let id = NextSpecimenId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), specimen, witnesses);

		assert!(Specimens::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn move_specimen() -> Result<(), BenchmarkError> {
		let (clinic, witnesses) = clinic::<T>(0);
		let id = frozen::<T>(0, core::slice::from_ref(&clinic), &witnesses)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), id, [0x02; 32], witnesses);

		assert_eq!(Specimens::<T>::get(id).map(|s| s.location), Some([0x02; 32]));
		Ok(())
	}

	#[benchmark]
	fn thaw() -> Result<(), BenchmarkError> {
		let (clinic, witnesses) = clinic::<T>(0);
		let id = frozen::<T>(0, core::slice::from_ref(&clinic), &witnesses)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), id, witnesses);

		assert_eq!(Specimens::<T>::get(id).map(|s| s.status), Some(SpecimenStatus::Used));
		Ok(())
	}

	/// Embryos donated under both providers' donation consents, linked to a registry donor.
	#[benchmark]
	fn donate() -> Result<(), BenchmarkError> {
		let (clinic, witnesses) = clinic::<T>(0);
		let id = frozen::<T>(0, core::slice::from_ref(&clinic), &witnesses)?;
		let providers =
			Specimens::<T>::get(id).ok_or(BenchmarkError::Stop("no specimen"))?.providers;
		let now = T::Time::now();
		for provider in providers.needing_donation_consent() {
			T::Consent::grant_for_benchmarks(
				provider,
				ConsentPurpose::EmbryoDonation,
				&clinic,
				now,
			);
		}
		let registry_donor = pseudonym(0xd0, 0);
		T::DonorRegistry::register_for_benchmarks(&registry_donor, &clinic);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), id, Some(registry_donor), witnesses);

		assert_eq!(Specimens::<T>::get(id).map(|s| s.status), Some(SpecimenStatus::Donated));
		Ok(())
	}

	/// Every discard reads the three consents to derive the standing.
	#[benchmark]
	fn discard() -> Result<(), BenchmarkError> {
		let (clinic, witnesses) = clinic::<T>(0);
		let id = frozen::<T>(0, core::slice::from_ref(&clinic), &witnesses)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), id, DiscardReason::NotViable, witnesses);

		assert_eq!(Specimens::<T>::get(id).map(|s| s.status), Some(SpecimenStatus::Discarded));
		Ok(())
	}

	#[benchmark]
	fn report_loss() -> Result<(), BenchmarkError> {
		let (clinic, witnesses) = clinic::<T>(0);
		let id = frozen::<T>(0, core::slice::from_ref(&clinic), &witnesses)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), id, [0x1c; 32], witnesses);

		assert_eq!(Specimens::<T>::get(id).map(|s| s.status), Some(SpecimenStatus::Lost));
		Ok(())
	}

	/// `n` specimens, each under three consents the destination holds too.
	#[benchmark]
	fn dispatch(n: Linear<1, { T::MaxSpecimensPerShipment::get() }>) -> Result<(), BenchmarkError> {
		let ((from, witnesses), (to, _)) = (clinic::<T>(0), clinic::<T>(1));
		let holders = [from.clone(), to.clone()];
		let ids = (0..n)
			.map(|index| frozen::<T>(index, &holders, &witnesses))
			.collect::<Result<alloc::vec::Vec<_>, _>>()?;
		let shipment = NextShipmentId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(from), BoundedVec::truncate_from(ids), to, transport(), witnesses);

		assert!(Shipments::<T>::contains_key(shipment));
		Ok(())
	}

	/// `n` specimens received with a temperature excursion, so each is flagged too.
	#[benchmark]
	fn receive(n: Linear<1, { T::MaxSpecimensPerShipment::get() }>) -> Result<(), BenchmarkError> {
		let (shipment, to, witnesses) = shipped::<T>(n)?;
		let report = ArrivalReport {
			condition: ArrivalCondition::Intact,
			logger_data: [0x10; 32],
			lowest_mc: -196_000,
			highest_mc: -120_000,
		};
		let locations = BoundedVec::truncate_from(alloc::vec![[0xf1; 32]; n as usize]);

		#[extrinsic_call]
		_(RawOrigin::Signed(to), shipment, report, locations, witnesses);

		let receipt = Shipments::<T>::get(shipment).and_then(|s| s.receipt);
		assert!(receipt.is_some_and(|receipt| receipt.excursion));
		Ok(())
	}

	/// Three new consents replace three.
	#[benchmark]
	fn renew_consent() -> Result<(), BenchmarkError> {
		let (clinic, witnesses) = clinic::<T>(0);
		let id = frozen::<T>(0, core::slice::from_ref(&clinic), &witnesses)?;
		let renewed = new_embryos::<T>(0, core::slice::from_ref(&clinic))?.consents;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), id, renewed.clone());

		assert_eq!(Specimens::<T>::get(id).map(|s| s.consents), Some(renewed));
		Ok(())
	}

	#[benchmark]
	fn set_storage_rules() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let rules = StorageRules { max_storage_days: Some(3653), ..StorageRules::default() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Jurisdiction(*b"FR"), rules);

		assert_eq!(JurisdictionRules::<T>::get(Jurisdiction(*b"FR")), rules);
		Ok(())
	}

	impl_benchmark_test_suite!(Custody, crate::mock::new_test_ext(), crate::mock::Test);
}
