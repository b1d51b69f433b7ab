//! The pallet's workings behind its calls: the family counts across banks and the strictest
//! limit that applies, reservations and their expiry, the registry the matching reads, and
//! what other pallets ask of it (`DonorRegistry`). `lib.rs` holds the FRAME items (config,
//! storage, events, errors, calls, hooks) and their docs.

use crate::matching::{self};
use crate::*;
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Time};
use ivf_primitives::{ConsentProvider, ConsortiumMembership, DonorLinkageId, Pseudonym};

impl<T: Config> Pallet<T> {
	/// The most donors one retirement call examines: [`MAX_DONORS_EXAMINED_PER_CALL`], or
	/// `MaxDonors` if smaller.
	pub fn max_donors_examined() -> u32 {
		MAX_DONORS_EXAMINED_PER_CALL.min(T::MaxDonors::get())
	}

	/// The donors that pass every hard filter for `request`, best first, at most
	/// `min(request.max_results, MaxMatchResults)` of them: the answer of
	/// [`runtime_api::DonorMatchingApi::match_donors`].
	///
	/// Iterates the at most `MaxDonors` registered donors; a donor passes the consent
	/// filter when one of their banks' donation consents is active. Ranks by
	/// [`matching::phenotype_score`], descending, then by linkage id, ascending.
	pub fn match_donors(request: MatchRequest) -> Vec<DonorMatch> {
		let now = T::Time::now();
		let recipient = &request.recipient;
		let mut matches: Vec<DonorMatch> = Donors::<T>::iter()
			.filter(|(id, donor)| {
				// The type test first spares the consent and limit reads for other donations.
				donor.profile.donation_type == recipient.donation_type
					&& !RetiredDonors::<T>::contains_key(id)
					&& {
						let banks = DonorBanks::<T>::get(id);
						let consent =
							banks.iter().any(|bank| Self::bank_consent_active(bank, donor, now));
						let uses = DonorClinics::<T>::get(id);
						let limits =
							Self::involved_limits(donor, &banks, &uses, recipient.jurisdiction);
						matching::hard_filters(donor, recipient, consent, &limits, true).is_ok()
					}
			})
			.map(|(donor, record)| DonorMatch {
				donor,
				score: matching::phenotype_score(&record.profile, &request.preferred),
			})
			.collect();
		matches.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.donor.cmp(&b.donor)));
		let max = request.max_results.min(T::MaxMatchResults::get());
		matches.truncate(usize::try_from(max).unwrap_or(usize::MAX));
		matches
	}

	/// Checks the invariants of the module docs' "Counting" and "Bounds": each donor's
	/// counts are the sums over its allocations; each clinic is listed with the number of
	/// its families holding a slot exactly while it has one; each donor has its owner as
	/// first bank; each bank's quota count is the number of records it owns.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		ensure!(Donors::<T>::count() <= T::MaxDonors::get(), "more donors than MaxDonors");
		let mut owned: Vec<(T::AccountId, u32)> = Vec::new();
		for (id, donor) in Donors::<T>::iter() {
			let (mut families, mut children, mut pending) = (0u32, 0u32, 0u32);
			let mut per_clinic: Vec<(T::AccountId, u32)> = Vec::new();
			for (_, allocation) in Allocations::<T>::iter_prefix(id) {
				ensure!(allocation.holds_slot() || allocation.expired > 0, "empty allocation");
				children = children.saturating_add(allocation.children);
				pending = pending.saturating_add(allocation.pending);
				if !allocation.holds_slot() {
					continue;
				}
				families = families.saturating_add(1);
				match per_clinic.iter_mut().find(|(c, _)| *c == allocation.clinic) {
					Some((_, count)) => *count = count.saturating_add(1),
					None => per_clinic.push((allocation.clinic, 1)),
				}
			}
			ensure!(donor.counts() == DonorCounts { families, children, pending }, "counts");
			let uses = DonorClinics::<T>::get(id);
			ensure!(uses.len() == per_clinic.len(), "a clinic listed without a family");
			for (clinic, count) in per_clinic {
				ensure!(
					uses.iter().any(|u| u.clinic == clinic && u.families == count),
					"a clinic's family count differs from its allocations"
				);
			}
			let banks = DonorBanks::<T>::get(id);
			ensure!(
				banks.first().is_some_and(|b| b.clinic == donor.clinic),
				"a donor's owner is not its first bank"
			);
			match owned.iter_mut().find(|(c, _)| *c == donor.clinic) {
				Some((_, count)) => *count = count.saturating_add(1),
				None => owned.push((donor.clinic, 1)),
			}
		}
		ensure!(
			DonorBanks::<T>::iter_keys().all(Donors::<T>::contains_key),
			"banks listed for an unregistered donor"
		);
		ensure!(
			Allocations::<T>::iter_keys().all(|(id, _)| Donors::<T>::contains_key(id)),
			"an allocation of an unregistered donor"
		);
		for (clinic, count) in DonorsOwned::<T>::iter() {
			let records = owned.iter().find(|(c, _)| *c == clinic).map_or(0, |(_, n)| *n);
			ensure!(count == records, "a quota count differs from the records owned");
		}
		ensure!(
			owned.iter().all(|(c, _)| DonorsOwned::<T>::contains_key(c)),
			"records owned without a quota count"
		);
		for (id, _) in RetiredDonors::<T>::iter() {
			ensure!(Donors::<T>::contains_key(id), "a retired donor is not registered");
		}
		Ok(())
	}

	/// Whether `bank`'s donation consent of the donor, under its pseudonym, is active at
	/// `now`.
	pub(crate) fn bank_consent_active(
		bank: &DonorBank<T::AccountId>,
		donor: &Donor<T::AccountId>,
		now: u64,
	) -> bool {
		T::Consent::is_consented(
			&bank.pseudonym,
			donor.profile.donation_type.consent_purpose(),
			&bank.clinic,
			now,
		)
	}

	/// The limits of every jurisdiction involved in one more reservation of `donor`: its
	/// registration, each bank holding it, each clinic using it, and the requesting
	/// clinic's `requesting`. Each jurisdiction is read once; those without a limit add
	/// none.
	pub fn involved_limits(
		donor: &Donor<T::AccountId>,
		banks: &[DonorBank<T::AccountId>],
		uses: &[ClinicUse<T::AccountId>],
		requesting: Jurisdiction,
	) -> Vec<FamilyLimit> {
		let mut jurisdictions: Vec<Jurisdiction> = [donor.jurisdiction, requesting]
			.into_iter()
			.chain(banks.iter().map(|b| b.jurisdiction))
			.chain(uses.iter().map(|u| u.jurisdiction))
			.collect();
		jurisdictions.sort();
		jurisdictions.dedup();
		jurisdictions.into_iter().filter_map(FamilyLimits::<T>::get).collect()
	}

	/// The donor and the allocation that `clinic` may release or renew: the caller is an
	/// active clinic, the allocation exists and is its own, and it has a pending
	/// reservation.
	pub(crate) fn pending_allocation(
		clinic: &T::AccountId,
		donor: &DonorLinkageId,
		family: &Pseudonym,
	) -> Result<PendingAllocation<T>, DispatchError> {
		ensure!(T::Membership::is_clinic(clinic), Error::<T>::NotAnActiveClinic);
		let allocation =
			Allocations::<T>::get(donor, family).ok_or(Error::<T>::UnknownAllocation)?;
		ensure!(allocation.clinic == *clinic, Error::<T>::NotTreatingClinic);
		ensure!(allocation.pending > 0, Error::<T>::NoPendingReservation);
		let record = Donors::<T>::get(donor).ok_or(Error::<T>::UnknownDonor)?;
		Ok((record, allocation))
	}

	/// Takes `settled` pending reservations off `allocation` and off the donor's `record`
	/// (counted as `expired` when `expired`), frees the family's slot when it holds none
	/// any more, and writes the allocation and the clinic list; the caller writes `record`.
	/// Returns whether the family's slot was freed.
	pub(crate) fn settle(
		donor: DonorLinkageId,
		family: Pseudonym,
		record: &mut Donor<T::AccountId>,
		mut allocation: Allocation<T::AccountId>,
		settled: u32,
		expired: bool,
	) -> bool {
		allocation.pending = allocation.pending.saturating_sub(settled);
		record.pending = record.pending.saturating_sub(settled);
		if expired {
			allocation.expired = allocation.expired.saturating_add(settled);
		}
		let family_released = !allocation.holds_slot();
		if family_released {
			record.families = record.families.saturating_sub(1);
			let mut uses = DonorClinics::<T>::get(donor);
			if let Some(entry) = uses.iter_mut().find(|u| u.clinic == allocation.clinic) {
				entry.families = entry.families.saturating_sub(1);
			}
			// A clinic is listed exactly while it has a family holding a slot.
			uses.retain(|u| u.families > 0);
			if uses.is_empty() {
				DonorClinics::<T>::remove(donor);
			} else {
				DonorClinics::<T>::insert(donor, uses);
			}
		}
		// An allocation that remembers an expired reservation stays for a late birth.
		if family_released && allocation.expired == 0 {
			Allocations::<T>::remove(donor, family);
		} else {
			Allocations::<T>::insert(donor, family, allocation);
		}
		family_released
	}

	/// Examines up to `max` allocations from [`ExpiryCursor`] and expires those whose
	/// pending reservations are past their deadline at `now`. Returns how many were
	/// examined and how many expired.
	pub(crate) fn expire_reservations(now: u64, max: u32) -> (u32, u32) {
		if max == 0 {
			return (0, 0);
		}
		let from = ExpiryCursor::<T>::get();
		let batch: Vec<_> = match from {
			Some((donor, family)) => {
				Allocations::<T>::iter_from(Allocations::<T>::hashed_key_for(donor, family))
			},
			None => Allocations::<T>::iter(),
		}
		.take(max as usize)
		.collect();
		let examined = batch.len() as u32;
		match batch.last() {
			Some((donor, family, _)) if examined == max => {
				ExpiryCursor::<T>::put((*donor, *family))
			},
			_ if from.is_some() => ExpiryCursor::<T>::kill(),
			_ => {},
		}

		let mut expired = 0u32;
		for (donor, family, allocation) in batch {
			if allocation.pending == 0 || now < allocation.expires_at {
				continue;
			}
			let Some(mut record) = Donors::<T>::get(donor) else { continue };
			let (clinic, reservations) = (allocation.clinic.clone(), allocation.pending);
			let family_released =
				Self::settle(donor, family, &mut record, allocation, reservations, true);
			let families = record.families;
			Donors::<T>::insert(donor, record);
			expired = expired.saturating_add(1);
			Self::deposit_event(Event::ReservationExpired {
				donor,
				family,
				clinic,
				reservations,
				family_released,
				families,
			});
		}
		(examined, expired)
	}
}
