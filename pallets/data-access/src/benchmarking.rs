//! Benchmarks for `pallet-data-access`, each call in its worst case: terms with the most
//! modifiers, and every bounded list the call reads or writes one short of full.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as DataAccess;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};

const ALGORITHM: [u8; 32] = [7; 32];
const ETHICS_APPROVAL: [u8; 32] = [9; 32];
const RHO_BUDGET: Rho = 10 * privacy::UNIT;

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

fn clinic<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("clinic", 0, 0);
	T::Membership::admit_for_benchmarks(&who, RoleKind::Clinic, Jurisdiction(*b"GB"));
	who
}

fn researcher<T: Config>() -> T::AccountId {
	let who: T::AccountId = account("researcher", 0, 0);
	T::Membership::admit_for_benchmarks(&who, RoleKind::Researcher, Jurisdiction(*b"GB"));
	who
}

/// `GRU` terms with `m` modifiers, all of them obligations that an automatic policy may grant
/// under (`IRB`, `PUB`, `RTN`, `MOR`, `TS`, then `GS` in distinct jurisdictions): every one is
/// copied onto a grant, the most work a grant does.
fn terms_with<T: Config>(m: u32) -> TermsOf<T> {
	let fixed = [
		DataUseModifier::Irb,
		DataUseModifier::Pub,
		DataUseModifier::Rtn,
		DataUseModifier::Mor(1),
		DataUseModifier::Ts(T::MaxGrantDuration::get()),
	];
	let modifiers: Vec<DataUseModifier> = (0..m)
		.map(|i| match fixed.get(i as usize) {
			Some(modifier) => *modifier,
			None => DataUseModifier::Gs(Jurisdiction([
				b'A' + (i / 26 % 26) as u8,
				b'A' + (i % 26) as u8,
			])),
		})
		.collect();
	DataUseTerms {
		permission: DataUsePermission::Gru,
		modifiers: BoundedVec::truncate_from(modifiers),
	}
}

fn purpose() -> ResearchPurpose {
	ResearchPurpose {
		aim: ResearchAim::MethodsDevelopment(None),
		commercial: false,
		genetic: false,
	}
}

/// Registers a dataset with the most modifiers and returns its id.
fn dataset<T: Config>(
	clinic: &T::AccountId,
	policy: AccessPolicy,
) -> Result<DatasetId, BenchmarkError> {
	frame_system::Pallet::<T>::set_block_number(1u32.into());
	let id = NextDatasetId::<T>::get();
	DataAccess::<T>::register_dataset(
		RawOrigin::Signed(clinic.clone()).into(),
		[1; 32],
		1_000,
		terms_with::<T>(T::MaxModifiers::get()),
		RHO_BUDGET,
		policy,
		None,
	)?;
	Ok(id)
}

/// A clinic, a researcher and a dataset of the clinic's with the most modifiers, whose
/// requests `policy` decides.
fn parties<T: Config>(
	policy: AccessPolicy,
) -> Result<(T::AccountId, T::AccountId, DatasetId), BenchmarkError> {
	let clinic = clinic::<T>();
	let researcher = researcher::<T>();
	let id = dataset::<T>(&clinic, policy)?;
	Ok((clinic, researcher, id))
}

/// Fills the researcher's, the dataset's and the use's grant lists to one short of full with
/// ids that no grant uses.
fn fill_grant_lists<T: Config>(researcher: &T::AccountId, dataset: DatasetId) {
	let of_researcher: Vec<GrantId> = (0..T::MaxGrantsPerResearcher::get().saturating_sub(1))
		.map(|i| u32::MAX - i)
		.collect();
	ResearcherGrants::<T>::insert(researcher, BoundedVec::truncate_from(of_researcher));
	let on_dataset: Vec<GrantId> = (0..T::MaxGrantsPerDataset::get().saturating_sub(1))
		.map(|i| u32::MAX - i)
		.collect();
	DatasetGrants::<T>::insert(dataset, BoundedVec::truncate_from(on_dataset));
	let for_use: Vec<GrantId> =
		(0..crate::MAX_GRANTS_PER_USE.saturating_sub(1)).map(|i| u32::MAX - i).collect();
	GrantsByUse::<T>::insert((researcher, dataset, ALGORITHM), BoundedVec::truncate_from(for_use));
}

/// Fills the dataset's inbox to one short of full with ids that no request uses.
fn fill_inbox<T: Config>(dataset: DatasetId) {
	let waiting: Vec<RequestId> = (0..T::MaxPendingRequests::get().saturating_sub(1))
		.map(|i| u32::MAX - i)
		.collect();
	PendingRequests::<T>::insert(dataset, BoundedVec::truncate_from(waiting));
}

/// Makes a request on `dataset` and returns its id.
fn request<T: Config>(
	researcher: &T::AccountId,
	dataset: DatasetId,
) -> Result<RequestId, BenchmarkError> {
	let id = NextRequestId::<T>::get();
	DataAccess::<T>::request_access(
		RawOrigin::Signed(researcher.clone()).into(),
		dataset,
		purpose(),
		ALGORITHM,
		T::MaxGrantDuration::get(),
		Some(ETHICS_APPROVAL),
	)?;
	Ok(id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_dataset(m: Linear<0, { T::MaxModifiers::get() }>) {
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		let clinic = clinic::<T>();
		let terms = terms_with::<T>(m);
		let id = NextDatasetId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(clinic),
			[1; 32],
			1_000,
			terms,
			RHO_BUDGET,
			AccessPolicy::AutoGrantMatching,
			Some(PrivacyPolicy::default()),
		);

		assert!(Datasets::<T>::contains_key(id));
	}

	#[benchmark]
	fn update_terms(m: Linear<0, { T::MaxModifiers::get() }>) -> Result<(), BenchmarkError> {
		let clinic = clinic::<T>();
		let id = dataset::<T>(&clinic, AccessPolicy::AutoGrantMatching)?;
		let terms = terms_with::<T>(m);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), id, terms.clone(), AccessPolicy::ClinicDecides);

		assert_last_event::<T>(Event::TermsUpdated {
			dataset: id,
			terms,
			policy: AccessPolicy::ClinicDecides,
		});
		Ok(())
	}

	#[benchmark]
	fn retire_dataset() -> Result<(), BenchmarkError> {
		let clinic = clinic::<T>();
		let id = dataset::<T>(&clinic, AccessPolicy::AutoGrantMatching)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), id);

		assert_last_event::<T>(Event::DatasetRetired { dataset: id, at: DataAccess::<T>::now() });
		Ok(())
	}

	#[benchmark]
	fn update_privacy_policy() -> Result<(), BenchmarkError> {
		let clinic = clinic::<T>();
		let id = dataset::<T>(&clinic, AccessPolicy::AutoGrantMatching)?;
		let privacy_policy = PrivacyPolicy { min_cohort: 50, ..Default::default() };

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), id, privacy_policy);

		assert_last_event::<T>(Event::PrivacyPolicyUpdated { dataset: id, privacy_policy });
		Ok(())
	}

	/// The request waits for the clinic; the inbox is one short of full.
	#[benchmark]
	fn request_access_pending() -> Result<(), BenchmarkError> {
		let (_, researcher, id) = parties::<T>(AccessPolicy::ClinicDecides)?;
		fill_inbox::<T>(id);
		let request = NextRequestId::<T>::get();

		let (duration, ethics) = (T::MaxGrantDuration::get(), Some(ETHICS_APPROVAL));

		#[extrinsic_call]
		request_access(RawOrigin::Signed(researcher), id, purpose(), ALGORITHM, duration, ethics);

		assert!(Requests::<T>::contains_key(request));
		Ok(())
	}

	/// The request is granted in the same call; both grant lists are one short of full.
	#[benchmark]
	fn request_access_granted() -> Result<(), BenchmarkError> {
		let (_, researcher, id) = parties::<T>(AccessPolicy::AutoGrantMatching)?;
		fill_grant_lists::<T>(&researcher, id);
		let grant = NextRequestId::<T>::get();

		let (duration, ethics) = (T::MaxGrantDuration::get(), Some(ETHICS_APPROVAL));

		#[extrinsic_call]
		request_access(RawOrigin::Signed(researcher), id, purpose(), ALGORITHM, duration, ethics);

		assert!(Grants::<T>::contains_key(grant));
		Ok(())
	}

	#[benchmark]
	fn withdraw_request() -> Result<(), BenchmarkError> {
		let (_, researcher, id) = parties::<T>(AccessPolicy::ClinicDecides)?;
		fill_inbox::<T>(id);
		let request = request::<T>(&researcher, id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(researcher.clone()), request);

		assert_last_event::<T>(Event::RequestWithdrawn { request, dataset: id, researcher });
		Ok(())
	}

	#[benchmark]
	fn grant_access() -> Result<(), BenchmarkError> {
		let (clinic, researcher, id) = parties::<T>(AccessPolicy::ClinicDecides)?;
		fill_inbox::<T>(id);
		fill_grant_lists::<T>(&researcher, id);
		let request = request::<T>(&researcher, id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), request);

		assert!(Grants::<T>::contains_key(request));
		assert!(!Requests::<T>::contains_key(request));
		Ok(())
	}

	#[benchmark]
	fn reject_request() -> Result<(), BenchmarkError> {
		let (clinic, researcher, id) = parties::<T>(AccessPolicy::ClinicDecides)?;
		fill_inbox::<T>(id);
		let request = request::<T>(&researcher, id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), request, ReasonCode::ScientificReview);

		assert_last_event::<T>(Event::RequestRejected {
			request,
			dataset: id,
			researcher,
			reason: ReasonCode::ScientificReview,
		});
		Ok(())
	}

	#[benchmark]
	fn revoke_grant() -> Result<(), BenchmarkError> {
		let (clinic, researcher, id) = parties::<T>(AccessPolicy::AutoGrantMatching)?;
		let grant = request::<T>(&researcher, id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), grant, ReasonCode::ConsentWithdrawn);

		assert_last_event::<T>(Event::GrantRevoked {
			grant,
			dataset: id,
			researcher,
			reason: ReasonCode::ConsentWithdrawn,
			at: DataAccess::<T>::now(),
		});
		Ok(())
	}

	/// The log is full, so the use also prunes the oldest retained entry.
	#[benchmark]
	fn record_use() -> Result<(), BenchmarkError> {
		let (_, researcher, id) = parties::<T>(AccessPolicy::AutoGrantMatching)?;
		let grant = request::<T>(&researcher, id)?;
		let retained = u64::from(T::MaxLogEntries::get());
		Datasets::<T>::mutate(id, |d| {
			if let Some(d) = d {
				d.uses_recorded = retained;
			}
		});
		let oldest: LogEntryOf<T> = AccessLogEntry {
			grant,
			researcher: researcher.clone(),
			algorithm: ALGORITHM,
			purpose: purpose(),
			reference: UseReference::Analysis { manifest: [0; 32] },
			at: 0,
			block: BlockNumberFor::<T>::from(1u32),
		};
		AccessLog::<T>::insert(id, 0, oldest);

		#[extrinsic_call]
		_(RawOrigin::Signed(researcher), grant, [3; 32]);

		assert!(AccessLog::<T>::contains_key(id, retained));
		assert!(!AccessLog::<T>::contains_key(id, 0));
		Ok(())
	}

	/// The grant is the last of two full lists.
	#[benchmark]
	fn prune_grant() -> Result<(), BenchmarkError> {
		let (clinic, researcher, id) = parties::<T>(AccessPolicy::AutoGrantMatching)?;
		fill_grant_lists::<T>(&researcher, id);
		let grant = request::<T>(&researcher, id)?;
		DataAccess::<T>::revoke_grant(
			RawOrigin::Signed(clinic.clone()).into(),
			grant,
			ReasonCode::Other,
		)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), grant);

		assert_last_event::<T>(Event::GrantPruned { grant, dataset: id, researcher });
		Ok(())
	}

	impl_benchmark_test_suite!(DataAccess, crate::mock::new_test_ext(), crate::mock::Test);
}
