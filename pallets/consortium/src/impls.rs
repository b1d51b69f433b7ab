//! The pallet's workings behind its calls: admitting, suspending and removing members, the
//! council and the active clinics kept in step with them, emergency suspensions and their
//! expiry, node lists, and the views the runtime API answers with. `lib.rs` holds the FRAME
//! items (config, storage, events, errors, calls, hooks) and their docs; what other pallets ask
//! of the membership (`ConsortiumMembership`) follows it there.

use crate::*;
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use ivf_primitives::Jurisdiction;

impl<T: Config> Pallet<T> {
	/// The record of `who`, active or suspended; `None` for a non-member.
	/// Answers [`runtime_api::ConsortiumApi::member`].
	pub fn member(who: &T::AccountId) -> Option<MembershipOf<T>> {
		Members::<T>::get(who)
	}

	/// Every member with its record, at most [`Config::MaxMembers`] of them, in storage
	/// order. Answers [`runtime_api::ConsortiumApi::members`].
	pub fn members() -> Vec<(T::AccountId, MembershipOf<T>)> {
		Members::<T>::iter().take(T::MaxMembers::get() as usize).collect()
	}

	/// Whether `who` is an active member, of any role.
	pub fn is_active_member(who: &T::AccountId) -> bool {
		Self::active_role(who).is_some()
	}

	/// The role of `who` if it is an active member.
	pub(crate) fn active_role(who: &T::AccountId) -> Option<RoleOf<T>> {
		Members::<T>::get(who)
			.filter(|member| member.status == MemberStatus::Active)
			.map(|member| member.role)
	}

	/// `role` checked for admitting `who`, with its names bounded: the one door through
	/// which a member enters, from a call or from genesis.
	pub(crate) fn checked_role(
		who: &T::AccountId,
		role: UncheckedRoleOf<T>,
	) -> Result<RoleOf<T>, Error<T>> {
		ensure!(!Members::<T>::contains_key(who), Error::<T>::AlreadyMember);
		ensure!(!WorkerClinics::<T>::contains_key(who), Error::<T>::AccountIsAWorker);
		ensure!(Members::<T>::count() < T::MaxMembers::get(), Error::<T>::TooManyMembers);
		let role = role.try_map_name(Self::checked_name)?;
		match &role {
			Role::Clinic { jurisdiction, .. } => {
				ensure!(jurisdiction.is_well_formed(), Error::<T>::InvalidJurisdiction);
				ensure!(ClinicCount::<T>::get() < T::MaxClinics::get(), Error::<T>::TooManyClinics);
			},
			Role::Researcher { affiliation: Affiliation::Clinic(clinic) } => {
				ensure!(Self::is_clinic(clinic), Error::<T>::AffiliationNotClinic)
			},
			Role::Researcher { affiliation: Affiliation::Institution(_) } | Role::Auditor => {},
		}
		Ok(role)
	}

	/// `name` as stored: non-empty UTF-8 text of at most [`Config::MaxNameLength`] bytes.
	pub(crate) fn checked_name(name: Vec<u8>) -> Result<NameOf<T>, Error<T>> {
		ensure!(!name.is_empty() && core::str::from_utf8(&name).is_ok(), Error::<T>::InvalidName);
		NameOf::<T>::try_from(name).map_err(|_| Error::<T>::NameTooLong)
	}

	/// The record and jurisdiction of `who` if it is an active clinic; the error that says
	/// why not otherwise: the checks of a clinic's own calls here.
	pub(crate) fn active_clinic(
		who: &T::AccountId,
	) -> Result<(MembershipOf<T>, Jurisdiction), Error<T>> {
		let member = Members::<T>::get(who).ok_or(Error::<T>::NotMember)?;
		ensure!(member.status == MemberStatus::Active, Error::<T>::Suspended);
		let Role::Clinic { jurisdiction, .. } = member.role else {
			return Err(Error::<T>::NotAnActiveClinic);
		};
		Ok((member, jurisdiction))
	}

	/// Forgets `clinic`'s worker account, if it has one.
	pub(crate) fn clear_worker(clinic: &T::AccountId) {
		if let Some(old) = Workers::<T>::take(clinic) {
			WorkerClinics::<T>::remove(old);
		}
	}

	/// `node` checked for listing as `member`'s node: a peer id's bytes, no other
	/// member's node.
	pub(crate) fn checked_node(member: &T::AccountId, node: Vec<u8>) -> Result<NodeId, Error<T>> {
		ensure!(Members::<T>::contains_key(member), Error::<T>::NotMember);
		ensure!(is_well_formed_node_id(&node), Error::<T>::InvalidNodeId);
		let node = NodeId::try_from(node).map_err(|_| Error::<T>::InvalidNodeId)?;
		ensure!(
			NodeMembers::<T>::get(&node).is_none_or(|of| of == *member),
			Error::<T>::NodeOfAnotherMember
		);
		Ok(node)
	}

	/// Lists `node` as `member`'s; the caller has unlisted any earlier one.
	pub(crate) fn list_node(member: &T::AccountId, node: NodeId) {
		NodeMembers::<T>::insert(&node, member);
		MemberNodes::<T>::insert(member, node);
	}

	/// Takes `member`'s node, if any, off the allow-list.
	pub(crate) fn unlist_node(member: &T::AccountId) {
		if let Some(node) = MemberNodes::<T>::take(member) {
			NodeMembers::<T>::remove(node);
		}
	}

	/// The network's allow-list: the peer ids of the nodes of active members, at most
	/// [`Config::MaxMembers`]. Empty when no member lists a node, which the node reads as
	/// an open network (development chains). Answers
	/// [`runtime_api::NodeAllowListApi::allowed_nodes`].
	pub fn allowed_nodes() -> Vec<NodeId> {
		MemberNodes::<T>::iter()
			.take(T::MaxMembers::get() as usize)
			.filter(|(member, _)| Self::is_active_member(member))
			.map(|(_, node)| node)
			.collect()
	}

	/// The active clinics, sorted: the authorities of the next session among those whose
	/// node keys are set. At most [`Config::MaxClinics`].
	pub fn active_clinics() -> Vec<T::AccountId> {
		ActiveClinics::<T>::get().into_inner()
	}

	/// Writes an admitted member, active, and tells the world; a clinic takes a seat on
	/// the council.
	pub(crate) fn insert_member(who: T::AccountId, role: RoleOf<T>) {
		Members::<T>::insert(&who, Membership { role: role.clone(), status: MemberStatus::Active });
		if role.kind() == RoleKind::Clinic {
			ClinicCount::<T>::mutate(|count| *count = count.saturating_add(1));
			Self::join_council(&who);
		}
		Self::deposit_event(Event::MemberAdmitted { who, role });
	}

	/// Writes `member`'s new `status`; a clinic joins or leaves the council with it.
	pub(crate) fn set_status(who: &T::AccountId, member: MembershipOf<T>, status: MemberStatus) {
		let is_clinic = member.role.kind() == RoleKind::Clinic;
		Members::<T>::insert(who, Membership { status, ..member });
		match (is_clinic, status) {
			(true, MemberStatus::Active) => Self::join_council(who),
			(true, MemberStatus::Suspended) => Self::leave_council(who),
			(false, _) => {},
		}
	}

	/// Adds active clinic `who` to [`ActiveClinics`] and tells the council. Room is
	/// certain: [`ClinicCount`], which counts every clinic, is at most `MaxClinics`.
	pub(crate) fn join_council(who: &T::AccountId) {
		let mut clinics = ActiveClinics::<T>::get();
		let Err(at) = clinics.binary_search(who) else { return };
		if clinics.try_insert(at, who.clone()).is_err() {
			frame_support::defensive!("ClinicCount bounds the active clinics");
			return;
		}
		T::Council::change_members_sorted(core::slice::from_ref(who), &[], &clinics);
		ActiveClinics::<T>::put(clinics);
	}

	/// Takes `who` out of [`ActiveClinics`] and the council, if it is there.
	pub(crate) fn leave_council(who: &T::AccountId) {
		let mut clinics = ActiveClinics::<T>::get();
		let Ok(at) = clinics.binary_search(who) else { return };
		clinics.remove(at);
		T::Council::change_members_sorted(&[], core::slice::from_ref(who), &clinics);
		ActiveClinics::<T>::put(clinics);
	}

	/// Forgets an emergency suspension of `who`; whether there was one.
	pub(crate) fn end_emergency_suspension(who: &T::AccountId) -> bool {
		let mut suspensions = EmergencySuspensions::<T>::get();
		let before = suspensions.len();
		suspensions.retain(|(member, _)| member != who);
		let found = suspensions.len() != before;
		if found {
			EmergencySuspensions::<T>::put(suspensions);
		}
		found
	}

	/// The weight of admitting `role`: a researcher of a member clinic costs the read of
	/// that clinic; any other role costs by the length of its name.
	pub(crate) fn admit_weight(role: &UncheckedRoleOf<T>) -> Weight {
		match role {
			Role::Researcher { affiliation: Affiliation::Clinic(_) } => {
				T::WeightInfo::admit_clinic_researcher()
			},
			Role::Clinic { name, .. } => T::WeightInfo::admit(Self::name_len(name))
				.saturating_add(Self::council_change_weight()),
			_ => T::WeightInfo::admit(role.name().map_or(0, |name| Self::name_len(name))),
		}
	}

	/// What a change of the active clinics adds to a call's measured weight: the
	/// council's own change ([`Config::CouncilChangeWeight`]) and the reads and writes of
	/// [`ActiveClinics`], [`ClinicCount`] and [`EmergencySuspensions`].
	// The benchmarks of `remove`, `suspend` and `reinstate` predate the council; until they
	// are run again, this covers what the council added to them.
	pub(crate) fn council_change_weight() -> Weight {
		T::CouncilChangeWeight::get().saturating_add(T::DbWeight::get().reads_writes(3, 3))
	}

	/// The length of a proposed name, as a benchmark component.
	pub(crate) fn name_len(name: &[u8]) -> u32 {
		u32::try_from(name.len()).unwrap_or(u32::MAX)
	}

	/// Whether a chain may run blocks of `millis` milliseconds: at least
	/// [`Config::MinBlockTime`], and even, since the timestamp's minimum period is half of it.
	/// The genesis build, `try_state` and `ivf-node consortium-spec` all ask this.
	pub fn is_valid_block_time(millis: u64) -> bool {
		millis >= T::MinBlockTime::get() && millis.is_multiple_of(2)
	}
}

/// Half the chain's block time ([`BlockTime`]), in milliseconds: the runtime's
/// `pallet_timestamp::Config::MinimumPeriod`, which Aura doubles into its slot. Read from state,
/// so that a chain spec sets the block time; [`Hooks::on_initialize`] prices the read.
pub struct HalfBlockTime<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<u64> for HalfBlockTime<T> {
	fn get() -> u64 {
		BlockTime::<T>::get() / 2
	}
}
