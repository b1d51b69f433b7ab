//! Storage migrations of `pallet-data-access`.

/// Version 1 to 2: grants indexed by their use, [`GrantsByUse`](crate::GrantsByUse) (researcher,
/// dataset, algorithm), so that deciding a use reads the few grants for it instead of every
/// grant of the researcher.
///
/// Every grant in [`Grants`](crate::Grants) is listed under its use, oldest first. A use held
/// more than [`MAX_GRANTS_PER_USE`](crate::MAX_GRANTS_PER_USE) grants before (possible only
/// with renewals piling up unpruned) keeps its newest ones, which are the ones still live; the
/// older ones stay in `Grants` until pruned but no longer permit a use.
pub mod v2 {
	use crate::{
		pallet::{Config, Grants, GrantsByUse, Pallet},
		MAX_GRANTS_PER_USE,
	};
	use alloc::{collections::BTreeMap, vec::Vec};
	#[cfg(feature = "try-runtime")]
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};
	use ivf_primitives::{
		data_access::{DatasetId, GrantId},
		DocumentHash,
	};

	/// The migration without its version check; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut uses: BTreeMap<(T::AccountId, DatasetId, DocumentHash), Vec<GrantId>> =
				BTreeMap::new();
			let mut reads = 0u64;
			for (id, grant) in Grants::<T>::iter() {
				reads = reads.saturating_add(1);
				uses.entry((grant.researcher, grant.dataset, grant.algorithm))
					.or_default()
					.push(id);
			}
			let writes = uses.len() as u64;
			for ((researcher, dataset, algorithm), mut ids) in uses {
				ids.sort_unstable();
				let keep = ids.len().saturating_sub(MAX_GRANTS_PER_USE as usize);
				GrantsByUse::<T>::insert(
					(researcher, dataset, algorithm),
					BoundedVec::truncate_from(ids.split_off(keep)),
				);
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok((Grants::<T>::iter_keys().count() as u32).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let grants: u32 =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(Grants::<T>::iter_keys().count() as u32 == grants, "grants lost");
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
