//! Storage migrations of `pallet-donor-matching`.

/// Version 1 to 2: donors keyed by linkage id, with their banks, owners' quotas and
/// allocations that expire.
///
/// - [`Donors`](crate::Donors) keeps its keys and values. A donor registered before version 2
///   keeps the registering bank's pseudonym as its registry key: it stays a donor of that bank
///   alone (no other bank derives that id with the linkage key). Its owner may retire it
///   (deleted if unused) and register it again under its linkage id.
/// - [`DonorBanks`](crate::DonorBanks) lists each such donor's registering bank, with the key as
///   its pseudonym (the one its consent is recorded under) and the registration's jurisdiction
///   and time.
/// - [`DonorsOwned`](crate::DonorsOwned) counts each bank's records (a bank above
///   `MaxDonorsPerClinic` registers no new donor until it is below).
/// - Every [`Allocation`](crate::Allocation) gains `expires_at` and `expired`: its pending
///   reservations expire `ReservationPeriod` after the upgrade, not after their reservation, so
///   that no treatment under way loses its slot at the upgrade without notice.
pub mod v2 {
	use crate::{
		pallet::{Allocations, Config, DonorBanks, Donors, DonorsOwned, Pallet},
		types::{Allocation, DonorBank},
	};
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use alloc::{collections::BTreeMap, vec};
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration,
		pallet_prelude::*,
		traits::{Time, UncheckedOnRuntimeUpgrade},
	};
	use ivf_primitives::Jurisdiction;

	/// An allocation as storage version 1 stored it, before reservations expired.
	#[derive(Encode, Decode)]
	pub struct AllocationV1<AccountId> {
		/// The treating clinic.
		pub clinic: AccountId,
		/// Its jurisdiction at the first reservation.
		pub jurisdiction: Jurisdiction,
		/// When the family was first reserved.
		pub reserved_at: u64,
		/// Reservations awaiting an outcome.
		pub pending: u32,
		/// Children born.
		pub children: u32,
	}

	/// The migration without its version check; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let expires_at = T::Time::now().saturating_add(T::ReservationPeriod::get());
			let (mut reads, mut writes) = (1u64, 0u64);
			Allocations::<T>::translate::<AllocationV1<T::AccountId>, _>(|_, _, old| {
				reads = reads.saturating_add(1);
				writes = writes.saturating_add(1);
				Some(Allocation {
					clinic: old.clinic,
					jurisdiction: old.jurisdiction,
					reserved_at: old.reserved_at,
					pending: old.pending,
					children: old.children,
					expires_at,
					expired: 0,
				})
			});
			let mut owned: BTreeMap<T::AccountId, u32> = BTreeMap::new();
			for (id, donor) in Donors::<T>::iter() {
				reads = reads.saturating_add(1);
				let bank = DonorBank {
					clinic: donor.clinic.clone(),
					pseudonym: id,
					jurisdiction: donor.jurisdiction,
					linked_at: donor.registered_at,
				};
				DonorBanks::<T>::insert(id, BoundedVec::truncate_from(vec![bank]));
				writes = writes.saturating_add(1);
				let count = owned.entry(donor.clinic).or_default();
				*count = count.saturating_add(1);
			}
			for (clinic, count) in owned {
				DonorsOwned::<T>::insert(clinic, count);
				writes = writes.saturating_add(1);
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let allocations = Allocations::<T>::iter_keys().count() as u32;
			Ok((Donors::<T>::count(), allocations).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (donors, allocations): (u32, u32) =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(Donors::<T>::count() == donors, "donors lost");
			ensure!(
				Allocations::<T>::iter().count() as u32 == allocations,
				"an allocation was not translated"
			);
			ensure!(
				DonorBanks::<T>::iter_keys().count() as u32 == donors,
				"a donor without its bank"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// Storage version 1 to 2, run once (the pallet's on-chain version says whether it ran).
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
