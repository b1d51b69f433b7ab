//! Benchmarks of `pallet-consortium`, each at its worst case: the longest names, and for a
//! researcher of a member clinic the extra read of that clinic.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;

const SEED: u32 = 0;

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn emergency<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::EmergencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(<T as frame_system::Config>::RuntimeEvent::from(
		event,
	));
}

/// A name of `len` bytes of UTF-8 text.
fn name_of(len: u32) -> Vec<u8> {
	vec![b'a'; len as usize]
}

/// The peer id of an Ed25519 network key made of `byte`s: the identity multihash of its
/// protobuf-encoded public key, as libp2p writes it.
fn peer_id(byte: u8) -> Vec<u8> {
	let mut id = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	id.extend([byte; 32]);
	id
}

/// An active clinic with the longest display name, which is the largest record to read.
fn clinic_with_longest_name<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let clinic: T::AccountId = account("clinic", 0, SEED);
	let role =
		Role::Clinic { jurisdiction: Jurisdiction(*b"GB"), name: name_of(T::MaxNameLength::get()) };
	let role = Pallet::<T>::checked_role(&clinic, role)
		.map_err(|_| BenchmarkError::Stop("the benchmark clinic is refused admission"))?;
	Pallet::<T>::insert_member(clinic.clone(), role);
	Ok(clinic)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn admit(n: Linear<1, { T::MaxNameLength::get() }>) -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let who: T::AccountId = account("new clinic", 0, SEED);
		let role = Role::Clinic { jurisdiction: Jurisdiction(*b"NL"), name: name_of(n) };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), role);

		assert_eq!(Pallet::<T>::clinic_jurisdiction(&who), Some(Jurisdiction(*b"NL")));
		Ok(())
	}

	#[benchmark]
	fn admit_clinic_researcher() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let clinic = clinic_with_longest_name::<T>()?;
		let who: T::AccountId = account("researcher", 0, SEED);
		let role = Role::Researcher { affiliation: Affiliation::Clinic(clinic) };

		#[extrinsic_call]
		admit(origin as T::RuntimeOrigin, who.clone(), role);

		assert!(Pallet::<T>::is_researcher(&who));
		Ok(())
	}

	#[benchmark]
	fn remove() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let clinic = clinic_with_longest_name::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, clinic.clone());

		assert_last_event::<T>(Event::MemberRemoved { who: clinic, role: RoleKind::Clinic });
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let clinic = clinic_with_longest_name::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, clinic.clone());

		assert_last_event::<T>(Event::MemberSuspended { who: clinic });
		Ok(())
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		let clinic = clinic_with_longest_name::<T>()?;
		Pallet::<T>::suspend(governance::<T>()?, clinic.clone())?;
		let origin = governance::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, clinic.clone());

		assert_last_event::<T>(Event::MemberReinstated { who: clinic });
		Ok(())
	}

	#[benchmark]
	fn set_clinic_name(n: Linear<1, { T::MaxNameLength::get() }>) -> Result<(), BenchmarkError> {
		let clinic = clinic_with_longest_name::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic.clone()), name_of(n));

		let name = NameOf::<T>::truncate_from(name_of(n));
		assert_last_event::<T>(Event::ClinicRenamed { clinic, name });
		Ok(())
	}

	#[benchmark]
	fn set_worker() -> Result<(), BenchmarkError> {
		// The worst case: the clinic replaces a worker it already had.
		let clinic = clinic_with_longest_name::<T>()?;
		let old: T::AccountId = account("old worker", 0, 0);
		Pallet::<T>::set_worker(RawOrigin::Signed(clinic.clone()).into(), Some(old))?;
		let worker: T::AccountId = account("worker", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic.clone()), Some(worker.clone()));

		assert_last_event::<T>(Event::WorkerSet { clinic, worker: Some(worker) });
		Ok(())
	}

	#[benchmark]
	fn suspend_for_emergency() -> Result<(), BenchmarkError> {
		// The worst case: the list of emergency suspensions is one short of full.
		for index in 0..MAX_EMERGENCY_SUSPENSIONS - 1 {
			let member: T::AccountId = account("suspended", index, SEED);
			Pallet::<T>::insert_member(member.clone(), Role::Auditor);
			Pallet::<T>::suspend_for_emergency(emergency::<T>()?, member)?;
		}
		let clinic = clinic_with_longest_name::<T>()?;
		let origin = emergency::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, clinic.clone());

		assert!(!Pallet::<T>::is_clinic(&clinic));
		Ok(())
	}

	#[benchmark]
	fn authorize_upgrade() -> Result<(), BenchmarkError> {
		let origin =
			T::UpgradeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let code_hash = T::Hash::default();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, code_hash);

		assert_last_event::<T>(Event::UpgradeAuthorized { code_hash });
		Ok(())
	}

	#[benchmark]
	fn set_node() -> Result<(), BenchmarkError> {
		// The worst case: the member replaces a node it listed before.
		let clinic = clinic_with_longest_name::<T>()?;
		Pallet::<T>::set_node(RawOrigin::Signed(clinic.clone()).into(), peer_id(1))?;
		let node = peer_id(2);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic.clone()), node.clone());

		assert_eq!(Pallet::<T>::allowed_nodes(), vec![NodeId::truncate_from(node)]);
		Ok(())
	}

	#[benchmark]
	fn set_session_length() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let length = T::MinSessionLength::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, length);

		assert_last_event::<T>(Event::SessionLengthSet { length });
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
