//! What every pallet's mock runtime needs from outside the pallet, written once (feature
//! `test-utils`, for tests only):
//!
//! - [`MockMembership`], the consortium as the pallets see it through
//!   [`ConsortiumMembership`]: members with a role and a jurisdiction, and clinics' worker
//!   accounts, kept per test thread and cleared by [`MockMembership::clear`];
//! - [`CheckedExternalities`], test externalities that run a pallet's invariants (its
//!   `do_try_state`) whenever a test's closure returns, so that every unit test and every
//!   benchmark test ends by checking them;
//! - [`test_runtime!`](crate::test_runtime), the mock runtime's frame: `frame_system` with the
//!   test defaults, `pallet_timestamp` as the clock where the pallet reads one, and the pallet.

use crate::{ConsortiumMembership, Jurisdiction, RoleKind};
use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Decode, Encode};
use core::cell::RefCell;
use sp_runtime::DispatchError;

/// Declares the mock runtime `Test` of a pallet's tests (with its `Block`, `RuntimeCall`,
/// `RuntimeOrigin`, `System`, …): `frame_system` with the test defaults (accounts are `u64`),
/// then the pallet under test, which the mock goes on to configure.
///
/// `test_runtime!(DataAccess: pallet_data_access, with Timestamp)` puts `pallet_timestamp`
/// (milliseconds, no minimum period) before the pallet, as the clock it reads, and declares
/// `chain_at(now, pallet, invariants)`, the test chain at block 1 and chain time `now`;
/// `test_runtime!(DonorMatching: pallet_donor_matching)` leaves both out. The calling crate
/// depends on `frame_support`, `frame_system` and, for the first form, `pallet_timestamp`,
/// `sp_io` and `sp_runtime`.
#[macro_export]
macro_rules! test_runtime {
	($name:ident: $pallet:ident) => {
		$crate::test_runtime!(@frame { $name: $pallet, });
	};
	($name:ident: $pallet:ident, with Timestamp) => {
		$crate::test_runtime!(@frame { Timestamp: pallet_timestamp, $name: $pallet, });

		impl pallet_timestamp::Config for Test {
			type Moment = u64;
			type OnTimestampSet = ();
			type MinimumPeriod = frame_support::traits::ConstU64<1>;
			type WeightInfo = ();
		}

		/// The mock chain from its default genesis, at block 1 and chain time `now` (ms), with
		/// `invariants` (the pallet `pallet`'s `do_try_state`) checked after every test.
		pub fn chain_at(
			now: u64,
			pallet: &'static str,
			invariants: fn() -> Result<(), sp_runtime::DispatchError>,
		) -> $crate::test_utils::CheckedExternalities {
			use sp_runtime::BuildStorage;
			let storage = RuntimeGenesisConfig::default().build_storage().expect("genesis builds");
			let mut ext = sp_io::TestExternalities::new(storage);
			ext.execute_with(|| {
				System::set_block_number(1);
				pallet_timestamp::Now::<Test>::put(now);
			});
			$crate::test_utils::CheckedExternalities::new(ext, pallet, invariants)
		}
	};
	(@frame { $($pallets:tt)* }) => {
		type Block = frame_system::mocking::MockBlock<Test>;

		frame_support::construct_runtime!(
			pub enum Test {
				System: frame_system,
				$($pallets)*
			}
		);

		// `derive_impl` names itself unqualified in its expansion: it must be in scope.
		use frame_support::derive_impl;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
		impl frame_system::Config for Test {
			type Block = Block;
		}
	};
}

std::thread_local! {
	/// Active members by encoded account: role and jurisdiction.
	static MEMBERS: RefCell<BTreeMap<Vec<u8>, (RoleKind, Jurisdiction)>> = const {
		RefCell::new(BTreeMap::new())
	};
	/// Worker accounts (encoded) and the clinic (encoded) each signs for.
	static WORKERS: RefCell<BTreeMap<Vec<u8>, Vec<u8>>> = const { RefCell::new(BTreeMap::new()) };
}

/// The consortium's membership in a mock runtime, for any account type.
///
/// Accounts are kept encoded, so that one implementation serves the mocks whose accounts are
/// `u64` and those whose accounts are sr25519 public keys.
pub struct MockMembership;

impl MockMembership {
	/// Forgets every member and worker: call it where a test's externalities are built.
	pub fn clear() {
		MEMBERS.with(|m| m.borrow_mut().clear());
		WORKERS.with(|w| w.borrow_mut().clear());
	}

	/// Makes `who` an active member with `role`, in `jurisdiction`.
	pub fn admit<A: Encode>(who: &A, role: RoleKind, jurisdiction: Jurisdiction) {
		MEMBERS.with(|m| m.borrow_mut().insert(who.encode(), (role, jurisdiction)));
	}

	/// Makes `who` an active clinic in the country of ISO code `country`.
	pub fn admit_clinic<A: Encode>(who: &A, country: [u8; 2]) {
		Self::admit(who, RoleKind::Clinic, Jurisdiction(country));
	}

	/// Suspends or removes `who`: from now on nobody, as a suspended member is.
	pub fn remove<A: Encode>(who: &A) {
		MEMBERS.with(|m| m.borrow_mut().remove(&who.encode()));
	}

	/// Registers `worker` as the worker account of `clinic`.
	pub fn set_worker<A: Encode>(worker: &A, clinic: &A) {
		WORKERS.with(|w| w.borrow_mut().insert(worker.encode(), clinic.encode()));
	}

	/// The role and jurisdiction of `who`, if an active member.
	fn member<A: Encode>(who: &A) -> Option<(RoleKind, Jurisdiction)> {
		MEMBERS.with(|m| m.borrow().get(&who.encode()).copied())
	}
}

impl<A: Encode + Decode> ConsortiumMembership<A> for MockMembership {
	fn clinic_jurisdiction(who: &A) -> Option<Jurisdiction> {
		match Self::member(who)? {
			(RoleKind::Clinic, jurisdiction) => Some(jurisdiction),
			_ => None,
		}
	}

	fn has_role(who: &A, role: RoleKind) -> bool {
		Self::member(who).is_some_and(|(held, _)| held == role)
	}

	fn clinic_of_worker(who: &A) -> Option<A> {
		let clinic = WORKERS.with(|w| w.borrow().get(&who.encode()).cloned())?;
		let clinic = A::decode(&mut &clinic[..]).ok()?;
		Self::is_clinic(&clinic).then_some(clinic)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmarks(who: &A, role: RoleKind, jurisdiction: Jurisdiction) {
		Self::admit(who, role, jurisdiction);
	}
}

/// Test externalities that check a pallet's invariants when each `execute_with` closure
/// returns; a broken invariant fails the test, naming the pallet and the invariant.
pub struct CheckedExternalities {
	ext: sp_io::TestExternalities,
	pallet: &'static str,
	invariants: fn() -> Result<(), DispatchError>,
}

impl CheckedExternalities {
	/// Wraps `ext`, checking `invariants` (the pallet's `do_try_state`) after every closure.
	pub fn new(
		ext: sp_io::TestExternalities,
		pallet: &'static str,
		invariants: fn() -> Result<(), DispatchError>,
	) -> Self {
		Self { ext, pallet, invariants }
	}

	/// The externalities without the check, for the rare test whose set-up writes state the
	/// calls could never reach (say why where it is used).
	pub fn into_unchecked(self) -> sp_io::TestExternalities {
		self.ext
	}

	/// Runs `test`, then the invariants.
	pub fn execute_with<R>(&mut self, test: impl FnOnce() -> R) -> R {
		let (pallet, invariants) = (self.pallet, self.invariants);
		self.ext.execute_with(|| {
			let result = test();
			if let Err(broken) = invariants() {
				panic!("an invariant of {pallet} broke: {broken:?}");
			}
			result
		})
	}
}

impl core::ops::Deref for CheckedExternalities {
	type Target = sp_io::TestExternalities;
	fn deref(&self) -> &Self::Target {
		&self.ext
	}
}

impl core::ops::DerefMut for CheckedExternalities {
	fn deref_mut(&mut self) -> &mut Self::Target {
		&mut self.ext
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn members_answer_by_role_and_workers_for_active_clinics_only() {
		MockMembership::clear();
		MockMembership::admit_clinic(&1u64, *b"GB");
		MockMembership::admit(&2u64, RoleKind::Researcher, Jurisdiction(*b"FR"));
		MockMembership::set_worker(&101u64, &1u64);
		assert_eq!(
			<MockMembership as ConsortiumMembership<u64>>::clinic_jurisdiction(&1),
			Some(Jurisdiction(*b"GB"))
		);
		assert!(<MockMembership as ConsortiumMembership<u64>>::is_researcher(&2));
		assert!(!<MockMembership as ConsortiumMembership<u64>>::is_clinic(&2));
		assert_eq!(<MockMembership as ConsortiumMembership<u64>>::clinic_of_worker(&101), Some(1));
		MockMembership::remove(&1u64);
		assert!(!<MockMembership as ConsortiumMembership<u64>>::is_clinic(&1));
		assert_eq!(<MockMembership as ConsortiumMembership<u64>>::clinic_of_worker(&101), None);
	}

	#[test]
	#[should_panic(expected = "an invariant of pallet-x broke")]
	fn a_broken_invariant_fails_the_test() {
		let mut ext = CheckedExternalities::new(Default::default(), "pallet-x", || {
			Err(DispatchError::Other("always broken"))
		});
		ext.execute_with(|| ());
	}
}
