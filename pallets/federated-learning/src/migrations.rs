//! Storage migrations of `pallet-federated-learning`.

/// Version 1 to 2: revealed updates stored in chunks of
/// [`UpdateChunkLength`](crate::Config::UpdateChunkLength) parameters
/// ([`RevealedUpdates`](crate::RevealedUpdates) keyed by task, round, dataset and chunk), so
/// that a round too large for one block can close chunk by chunk; and the retention lowered
/// with it (`MaxRoundsKept` 32 to 10 in the runtime).
///
/// Every update of the old layout (keyed by task, round and dataset, stored whole) that the
/// retention still keeps is taken out and stored again in chunks, unchanged; the others are
/// dropped, as are the model versions, server moments and secure-round records past the
/// retention (a close prunes only the one that falls out, so a lowered retention would leave
/// the older ones for good). At most `MaxOpenTasks × 32 × MaxParticipants` updates were
/// retained, all read before any is written back: the old and the new layouts share the
/// storage prefix.
pub mod v2 {
	use crate::pallet::{Config, Models, Pallet, ParametersOf, SecureRounds, ServerMoments, Tasks};
	use alloc::vec::Vec;
	#[cfg(feature = "try-runtime")]
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias,
		traits::UncheckedOnRuntimeUpgrade,
	};
	use ivf_primitives::data_access::DatasetId;
	use pallet_federated_learning_runtime_api::{ModelVersion, RoundNumber, TaskId};

	/// The layout of version 1: each update whole.
	#[storage_alias]
	pub(crate) type RevealedUpdates<T: Config> = StorageNMap<
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
			let (mut reads, mut writes) = (old.len() as u64, old.len() as u64);
			for ((task, round, dataset), update) in old.iter() {
				reads = reads.saturating_add(1);
				let task_record = Tasks::<T>::get(task);
				if task_record.is_some_and(|t| Pallet::<T>::round_retained(&t, *round)) {
					let chunks = Pallet::<T>::chunk_count(update.len() as u32);
					writes = writes.saturating_add(chunks.into());
					Pallet::<T>::store_update(*task, *round, *dataset, update);
				}
			}
			let secure: Vec<(TaskId, RoundNumber)> = SecureRounds::<T>::iter_keys().collect();
			for (id, round) in secure {
				reads = reads.saturating_add(2);
				let task = Tasks::<T>::get(id);
				if let Some(task) = task.filter(|t| !Pallet::<T>::round_retained(t, round)) {
					writes = writes.saturating_add(1 + 3 * task.participants.len() as u64);
					Pallet::<T>::prune_secure_round(id, round, &task);
				}
			}
			let models: Vec<(TaskId, ModelVersion)> = Models::<T>::iter_keys().collect();
			let moments: Vec<(TaskId, ModelVersion)> = ServerMoments::<T>::iter_keys().collect();
			let past = |id: TaskId, version: ModelVersion| {
				Tasks::<T>::get(id).is_some_and(|t| !Pallet::<T>::version_retained(&t, version))
			};
			for (id, version) in models {
				reads = reads.saturating_add(2);
				if past(id, version) {
					writes = writes.saturating_add(1);
					Models::<T>::remove(id, version);
				}
			}
			for (id, version) in moments {
				reads = reads.saturating_add(2);
				if past(id, version) {
					writes = writes.saturating_add(1);
					ServerMoments::<T>::remove(id, version);
				}
			}
			T::DbWeight::get().reads_writes(reads, writes)
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
				let task_record = Tasks::<T>::get(task);
				let kept = task_record.is_some_and(|t| Pallet::<T>::round_retained(&t, round));
				let now = Pallet::<T>::revealed_update(task, round, dataset);
				ensure!(now == kept.then_some(update), "an update changed in its move to chunks");
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
}
