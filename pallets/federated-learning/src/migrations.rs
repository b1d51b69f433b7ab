//! Storage migrations of `pallet-federated-learning`.

/// Version 1 to 2: revealed updates stored in chunks of
/// [`UpdateChunkLength`](crate::Config::UpdateChunkLength) parameters
/// ([`RevealedUpdates`](crate::RevealedUpdates) keyed by task, round, dataset and chunk), so
/// that a round too large for one block can close chunk by chunk.
///
/// Every update of the old layout (keyed by task, round and dataset, stored whole) is taken
/// out and stored again in chunks, unchanged. At most `MaxOpenTasks × MaxRoundsKept ×
/// MaxParticipants` updates are retained, all read before any is written back: the old and
/// the new layouts share the storage prefix.
pub mod v2 {
	use crate::pallet::{Config, Pallet, ParametersOf};
	use alloc::vec::Vec;
	#[cfg(feature = "try-runtime")]
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};
	use ivf_primitives::data_access::DatasetId;
	use pallet_federated_learning_runtime_api::{RoundNumber, TaskId};

	/// The layout of version 1: each update whole.
	#[storage_alias]
	type RevealedUpdates<T: Config> = StorageNMap<
		Pallet<T>,
		(
			NMapKey<Twox64Concat, TaskId>,
			NMapKey<Twox64Concat, RoundNumber>,
			NMapKey<Twox64Concat, DatasetId>,
		),
		ParametersOf<T>,
	>;

	/// The migration without its version check; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let old: Vec<((TaskId, RoundNumber, DatasetId), ParametersOf<T>)> =
				RevealedUpdates::<T>::drain().collect();
			let mut writes = old.len() as u64;
			for ((task, round, dataset), update) in old.iter() {
				writes =
					writes.saturating_add(Pallet::<T>::chunk_count(update.len() as u32).into());
				Pallet::<T>::store_update(*task, *round, *dataset, update);
			}
			T::DbWeight::get().reads_writes(old.len() as u64, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let updates: Vec<((TaskId, RoundNumber, DatasetId), Vec<i32>)> =
				RevealedUpdates::<T>::iter().map(|(k, v)| (k, v.into_inner())).collect();
			Ok(updates.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let updates: Vec<((TaskId, RoundNumber, DatasetId), Vec<i32>)> =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			for ((task, round, dataset), update) in updates {
				ensure!(
					Pallet::<T>::revealed_update(task, round, dataset) == Some(update),
					"an update changed in its move to chunks"
				);
			}
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

	#[cfg(test)]
	mod tests {
		use super::*;
		use crate::mock::{new_test_ext, FederatedLearning, Test};
		use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};

		#[test]
		fn updates_stored_whole_move_to_chunks_unchanged() {
			new_test_ext().execute_with(|| {
				StorageVersion::new(1).put::<Pallet<Test>>();
				let first: Vec<i32> = (0..20).collect();
				let second: Vec<i32> = (0..5).map(|v| -v).collect();
				RevealedUpdates::<Test>::insert(
					(0, 1, 0),
					BoundedVec::truncate_from(first.clone()),
				);
				RevealedUpdates::<Test>::insert(
					(0, 2, 1),
					BoundedVec::truncate_from(second.clone()),
				);
				MigrateV1ToV2::<Test>::on_runtime_upgrade();
				assert_eq!(FederatedLearning::revealed_update(0, 1, 0), Some(first));
				assert_eq!(FederatedLearning::revealed_update(0, 2, 1), Some(second));
				// Chunks of 8 in the mock: 3 + 1.
				assert_eq!(crate::RevealedUpdates::<Test>::iter_keys().count(), 4);
				assert_eq!(StorageVersion::get::<Pallet<Test>>(), 2);
				// The test's tasks are not on chain: clear what try_state would check.
				let _ = crate::RevealedUpdates::<Test>::clear(u32::MAX, None);
			});
		}
	}
}
