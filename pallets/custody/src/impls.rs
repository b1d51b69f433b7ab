//! The pallet's workings behind its calls: the checks of storage consents and witnesses, the
//! custody chain of each specimen (steps, shipments, excursions), the worklists, and the views
//! the runtime API answers with. `lib.rs` holds the FRAME items (config, storage, events,
//! errors, calls, hooks) and their docs.

use crate::*;
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Time};
use frame_system::pallet_prelude::*;
use ivf_primitives::{ConsortiumMembership, DocumentHash};

impl<T: Config> Pallet<T> {
	/// A specimen with its standing now: the answer of [`runtime_api::CustodyApi::specimen`].
	pub fn specimen_view(specimen: SpecimenId) -> Option<SpecimenView<T::AccountId>> {
		let now = T::Time::now();
		Specimens::<T>::get(specimen).map(|specimen| {
			let standing = Self::storage_standing(&specimen, now);
			SpecimenView { specimen, standing }
		})
	}

	/// Every step of a specimen's history, in order: at most `MaxStepsPerSpecimen`.
	pub fn history(specimen: SpecimenId) -> Vec<StepRecord<T::AccountId>> {
		let steps = Specimens::<T>::get(specimen).map_or(0, |specimen| specimen.steps);
		(0..steps).filter_map(|index| History::<T>::get(specimen, index)).collect()
	}

	/// The clinic's storage worklist: every specimen in its custody whose storage consent
	/// expires within `within_days` days, or has expired, been withdrawn or is not in
	/// effect; most urgent first (by [`StorageStanding::due_at`], then id).
	pub fn storage_worklist(clinic: &T::AccountId, within_days: u32) -> Vec<WorklistEntry> {
		let now = T::Time::now();
		let horizon = now.saturating_add(days_ms(within_days));
		let mut entries: Vec<WorklistEntry> = SpecimensOfClinic::<T>::iter_key_prefix(clinic)
			.filter_map(|id| {
				let specimen = Specimens::<T>::get(id)?;
				let standing = Self::storage_standing(&specimen, now);
				let listed = match standing {
					StorageStanding::InEffect { until } => until <= horizon,
					_ => true,
				};
				listed.then_some(WorklistEntry { specimen: id, standing })
			})
			.collect();
		entries.sort_by_key(|entry| (entry.standing.due_at(), entry.specimen));
		entries
	}

	/// A shipment with its state now.
	pub fn shipment_view(shipment: ShipmentId) -> Option<(Shipment<T>, ShipmentState)> {
		let now = T::Time::now();
		Shipments::<T>::get(shipment).map(|shipment| {
			let state = shipment.state_at(now);
			(shipment, state)
		})
	}

	/// Every shipment not yet received that `clinic` sent or is to receive, with its state
	/// now (overdue or not), in dispatch order.
	pub fn open_shipments(clinic: &T::AccountId) -> Vec<(ShipmentId, Shipment<T>, ShipmentState)> {
		let now = T::Time::now();
		let mut ids: Vec<ShipmentId> = OpenShipments::<T>::iter_key_prefix(clinic).collect();
		ids.sort_unstable();
		ids.into_iter()
			.filter_map(|id| {
				let shipment = Shipments::<T>::get(id)?;
				let state = shipment.state_at(now);
				Some((id, shipment, state))
			})
			.collect()
	}

	/// Where `specimen` stands with its storage consents at `now`: the rule of the crate
	/// docs' "Storage consent". A consent not in effect for the custodian makes it
	/// `NoConsent`; otherwise expiry comes before withdrawal (a lapsed storage period ends
	/// storage whatever the cooling-off).
	pub fn storage_standing(specimen: &Specimen<T::AccountId>, now: u64) -> StorageStanding {
		let rules = Self::rules_for(&specimen.clinic);
		let mut until = rules
			.max_storage_days
			.map_or(u64::MAX, |days| specimen.frozen_at.saturating_add(days_ms(days)));
		let mut withdrawn_at: Option<u64> = None;
		for consent in &specimen.consents {
			let Some(terms) = T::Consent::storage_consent(*consent, &specimen.clinic) else {
				return StorageStanding::NoConsent;
			};
			match terms.status {
				StorageConsentStatus::Active => {},
				StorageConsentStatus::Withdrawn { at } => {
					withdrawn_at = Some(withdrawn_at.map_or(at, |earliest| earliest.min(at)))
				},
				StorageConsentStatus::EnteredInError => return StorageStanding::NoConsent,
			}
			if terms.from > now {
				return StorageStanding::NoConsent;
			}
			until = until.min(terms.storage_until);
		}
		if until <= now {
			return StorageStanding::Expired { at: until };
		}
		match withdrawn_at {
			Some(at) => {
				let cooling_off = if specimen.kind.is_embryo() {
					rules.embryo_cooling_off_days
				} else {
					rules.gamete_cooling_off_days
				};
				StorageStanding::Withdrawn {
					at,
					discard_from: at.saturating_add(days_ms(cooling_off)),
				}
			},
			None => StorageStanding::InEffect { until },
		}
	}

	/// The storage rules of the jurisdiction of `clinic` (the UK's if it has none, or the
	/// clinic is no longer active).
	pub(crate) fn rules_for(clinic: &T::AccountId) -> StorageRules {
		T::Membership::clinic_jurisdiction(clinic)
			.map(JurisdictionRules::<T>::get)
			.unwrap_or_default()
	}

	/// The caller, if it is an active clinic.
	pub(crate) fn ensure_clinic(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		let clinic = ensure_signed(origin)?;
		ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);
		Ok(clinic)
	}

	/// Refuses `witnesses` for `step` unless there are as many as the clinic's policy
	/// requires, all different and all registered witnesses of the clinic.
	pub(crate) fn ensure_witnessed(
		clinic: &T::AccountId,
		step: &Step,
		witnesses: &Witnesses<T::AccountId>,
	) -> DispatchResult {
		let required = Policies::<T>::get(clinic).witnesses.required(step);
		ensure!(witnesses.len() >= required, Error::<T>::TooFewWitnesses);
		if let [first, second] = witnesses.as_slice() {
			ensure!(first != second, Error::<T>::DuplicateWitness);
		}
		for witness in witnesses {
			ensure!(
				ClinicWitnesses::<T>::contains_key(clinic, witness),
				Error::<T>::UnknownWitness
			);
		}
		Ok(())
	}

	/// The specimen on which `clinic` may record `step`: it exists, the clinic has custody,
	/// its status allows the step (stored; for a loss, in transit too), and its history has
	/// room for the step and those that must be able to follow it. The witnesses and the
	/// storage consents are for the caller to check.
	pub(crate) fn prepare_step(
		clinic: &T::AccountId,
		specimen: SpecimenId,
		step: &Step,
	) -> Result<Specimen<T::AccountId>, DispatchError> {
		let record = Specimens::<T>::get(specimen).ok_or(Error::<T>::UnknownSpecimen)?;
		ensure!(&record.clinic == clinic, Error::<T>::NotCustodian);
		let allowed = matches!(
			(step, record.status),
			(_, SpecimenStatus::Stored) | (Step::Lost { .. }, SpecimenStatus::InTransit { .. })
		);
		ensure!(allowed, Error::<T>::SpecimenNotStored);
		let needed = step.room_after().saturating_add(1);
		let free = T::MaxStepsPerSpecimen::get().saturating_sub(record.steps);
		ensure!(free >= needed, Error::<T>::HistoryFull);
		Ok(record)
	}

	/// Refuses a step unless every storage consent of `specimen` is in effect at `now`.
	pub(crate) fn ensure_storage_in_effect(
		specimen: &Specimen<T::AccountId>,
		now: u64,
	) -> DispatchResult {
		match Self::storage_standing(specimen, now) {
			StorageStanding::InEffect { .. } => Ok(()),
			StorageStanding::Expired { .. } => Err(Error::<T>::StorageConsentExpired.into()),
			StorageStanding::Withdrawn { .. } => Err(Error::<T>::StorageConsentWithdrawn.into()),
			StorageStanding::NoConsent => Err(Error::<T>::StorageConsentNotInEffect.into()),
		}
	}

	/// Refuses the consents of `specimen` (at freezing or renewal) unless they are storage
	/// consents its clinic holds, one per provider, of its providers only, covering those
	/// who must consent, and all in effect at `now`.
	pub(crate) fn ensure_storage_consents(
		specimen: &Specimen<T::AccountId>,
		now: u64,
	) -> DispatchResult {
		ensure!(!specimen.consents.is_empty(), Error::<T>::NoStorageConsent);
		let mut holders: Vec<Pseudonym> = Vec::with_capacity(specimen.consents.len());
		for consent in &specimen.consents {
			let terms = T::Consent::storage_consent(*consent, &specimen.clinic)
				.ok_or(Error::<T>::UnknownStorageConsent)?;
			ensure!(
				specimen.providers.includes(&terms.patient),
				Error::<T>::ConsentOfAnotherPerson
			);
			ensure!(!holders.contains(&terms.patient), Error::<T>::DuplicateConsentHolder);
			holders.push(terms.patient);
		}
		let covered = specimen
			.providers
			.needing_storage_consent(&specimen.kind)
			.all(|provider| holders.contains(provider));
		ensure!(covered, Error::<T>::ProviderWithoutStorageConsent);
		Self::ensure_storage_in_effect(specimen, now)
	}

	/// Appends `step` to the history of `specimen` (whose record is `record`, as it is
	/// after the step) and counts it. The room was checked by [`Self::prepare_step`].
	pub(crate) fn append_step(
		specimen: SpecimenId,
		record: &mut Specimen<T::AccountId>,
		step: Step,
		witnesses: Witnesses<T::AccountId>,
		now: u64,
	) {
		let index = record.steps;
		History::<T>::insert(
			specimen,
			index,
			StepRecord {
				step,
				at: now,
				clinic: record.clinic.clone(),
				witnesses,
				location: record.location,
				consents: record.consents.clone(),
			},
		);
		record.steps = index.saturating_add(1);
	}

	/// Appends `step` to the history and stores `record`, taking it off its clinic's list
	/// if it left custody.
	pub(crate) fn commit_step(
		specimen: SpecimenId,
		mut record: Specimen<T::AccountId>,
		step: Step,
		witnesses: Witnesses<T::AccountId>,
		now: u64,
	) {
		Self::append_step(specimen, &mut record, step, witnesses, now);
		if !record.status.is_held() {
			SpecimensOfClinic::<T>::remove(&record.clinic, specimen);
		}
		Specimens::<T>::insert(specimen, record);
	}

	/// Checks the invariants of the crate docs' "Design": ids below the counters, every
	/// history complete and within its bound, a specimen listed under its clinic exactly
	/// while held, open shipments listed under both clinics exactly while not received.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next_specimen = NextSpecimenId::<T>::get();
		for (id, specimen) in Specimens::<T>::iter() {
			ensure!(id < next_specimen, "a specimen id is not below NextSpecimenId");
			ensure!(specimen.steps <= T::MaxStepsPerSpecimen::get(), "history over its bound");
			ensure!(
				(0..specimen.steps).all(|index| History::<T>::contains_key(id, index)),
				"a history has a gap"
			);
			ensure!(
				SpecimensOfClinic::<T>::contains_key(&specimen.clinic, id)
					== specimen.status.is_held(),
				"a specimen is listed under its clinic unless held, or held and not listed"
			);
			ensure!(!specimen.consents.is_empty(), "a specimen without a storage consent");
		}
		for (clinic, id, ()) in SpecimensOfClinic::<T>::iter() {
			let held = Specimens::<T>::get(id).is_some_and(|s| s.clinic == clinic);
			ensure!(held, "a clinic lists a specimen it does not hold");
		}
		let next_shipment = NextShipmentId::<T>::get();
		for (id, shipment) in Shipments::<T>::iter() {
			ensure!(id < next_shipment, "a shipment id is not below NextShipmentId");
			let open = shipment.receipt.is_none();
			ensure!(
				OpenShipments::<T>::contains_key(&shipment.from, id) == open
					&& OpenShipments::<T>::contains_key(&shipment.to, id) == open,
				"a shipment is listed as open unless received, or the reverse"
			);
		}
		Ok(())
	}
}

impl<T: Config> SpecimenRegistry<T::AccountId> for Pallet<T> {
	fn custodian(specimen: SpecimenId) -> Option<T::AccountId> {
		Specimens::<T>::get(specimen).map(|specimen| specimen.clinic)
	}

	fn flag_recalled(specimen: SpecimenId, notice: DocumentHash) {
		Specimens::<T>::mutate(specimen, |record| {
			if let Some(record) = record {
				record.flags.recall = Some(notice);
				Self::deposit_event(Event::SpecimenFlagged {
					specimen,
					clinic: record.clinic.clone(),
					reason: FlagReason::Recall { notice },
				});
			}
		});
	}

	/// Stores a specimen of oocytes directly, under a fresh storage consent for 10 years.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(clinic: &T::AccountId) -> Option<SpecimenId> {
		let now = T::Time::now();
		let patient = [0xbe; 32];
		let until = now.saturating_add(days_ms(3653));
		let consent = T::Consent::grant_storage_for_benchmarks(
			&patient,
			core::slice::from_ref(clinic),
			until,
		)?;
		let id = NextSpecimenId::<T>::get();
		NextSpecimenId::<T>::put(id.checked_add(1)?);
		let mut record = Specimen {
			clinic: clinic.clone(),
			kind: SpecimenKind::Oocytes,
			count: 1,
			providers: Providers { patient, partner: None, donor: None },
			consents: BoundedVec::truncate_from(alloc::vec![consent]),
			location: [0; 32],
			status: SpecimenStatus::Stored,
			frozen_at: now,
			steps: 0,
			flags: SpecimenFlags::default(),
		};
		Self::append_step(id, &mut record, Step::Frozen, Witnesses::new(), now);
		SpecimensOfClinic::<T>::insert(clinic, id, ());
		Specimens::<T>::insert(id, record);
		Some(id)
	}
}
