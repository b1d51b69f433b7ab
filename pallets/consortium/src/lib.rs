//! Who is who in the IVF consortium: member clinics, researchers and auditors, admitted,
//! suspended and removed by the consortium's governance.
//!
//! ## Overview
//!
//! The consortium chain is permissioned: only its members act on it. This pallet keeps the
//! list of members and the role each one holds:
//!
//! - a **clinic** ([`Role::Clinic`]) holds patient data, records consents, registers datasets
//!   and donors. It practises in a [`Jurisdiction`] (an ISO 3166-1 alpha-2 country code), which
//!   decides the law that applies to it, and carries a display name;
//! - a **researcher** ([`Role::Researcher`]) requests access to datasets and opens training
//!   tasks. It is affiliated ([`Affiliation`]) either with a member clinic or with an
//!   institution outside the consortium;
//! - an **auditor** ([`Role::Auditor`]) reads the trail.
//!
//! The consortium's governance ([`Config::GovernanceOrigin`]; Root through sudo on the
//! development chains) admits and removes members, and may suspend a member and reinstate it.
//! The first members are written in the chain spec ([`GenesisConfig`]).
//!
//! Other pallets never read this pallet's storage. They ask "is this account a clinic, and
//! where?" through [`ivf_primitives::ConsortiumMembership`], which [`Pallet`] implements and the
//! runtime wires into their `Config`. Clients ask through the runtime API
//! [`runtime_api::ConsortiumApi`] or read [`Members`] directly.
//!
//! ## Pallet API
//!
//! Calls (see [`Call`]):
//! - [`Pallet::admit`]: governance admits an account with a role;
//! - [`Pallet::remove`]: governance removes a member and its record;
//! - [`Pallet::suspend`] and [`Pallet::reinstate`]: governance takes a member's rights away for
//!   a while, and gives them back;
//! - [`Pallet::set_clinic_name`]: an active clinic changes its own display name.
//!
//! Storage: [`Members`], each member's [`Membership`] record (role and [`MemberStatus`]),
//! counted so that there are never more than [`Config::MaxMembers`].
//!
//! Events: [`Event`]. Errors: [`Error`]. Genesis: [`GenesisConfig`]. Runtime API:
//! [`runtime_api::ConsortiumApi`], answered by [`Pallet::member`] and [`Pallet::members`].
//!
//! ## Design
//!
//! - **Only active members are anybody.** Every answer of
//!   [`ConsortiumMembership`] is about active members: a suspended member is answered "no" to
//!   every question, exactly like an account that was never admitted, so a suspended clinic can
//!   call nothing in any pallet that asks this one. Suspension keeps the record, so
//!   reinstatement restores the same role.
//! - **A role is checked once, at the door.** [`Pallet::admit`] and the genesis build go through
//!   the same check: the account is not yet a member, there is room under
//!   [`Config::MaxMembers`], a clinic's jurisdiction is two upper-case letters (ISO 3166-1
//!   alpha-2; [`Jurisdiction::is_well_formed`]), every name is UTF-8 text of 1 to
//!   [`Config::MaxNameLength`] bytes, and a researcher's affiliated clinic is an active clinic.
//!   A stored record therefore always satisfies these rules, and readers need not re-check.
//! - **Bounded.** [`Members`] is a counted map: admission is refused once it holds
//!   [`Config::MaxMembers`] records, so the count never exceeds it and [`Pallet::members`]
//!   returns at most that many. Names are [`BoundedVec`](frame_support::BoundedVec)s of
//!   [`Config::MaxNameLength`] bytes.
//! - **Errors change nothing.** Every call checks its origin, then every precondition, and only
//!   then writes.
//! - **No personal data.** A member is an account and a role. Clinic display names and
//!   institution names name organisations; a researcher, who is a person, is known only by its
//!   account and affiliation, never by name. Removal deletes the record entirely: nothing of a
//!   removed member stays in state (the events of its admission and removal stay in the
//!   chain's history, as every event does).
//! - **Removing a clinic is allowed while other pallets hold its records.** Those records stay
//!   (consents, datasets and rounds are history that auditors need); from then on the other
//!   pallets simply see a non-member, which can no longer act. A researcher affiliated with a
//!   removed clinic stays a member: the affiliation records what the consortium checked when it
//!   admitted the researcher, and governance decides whether the researcher stays.
//! - **A researcher's affiliation is a credential**, checked by governance at admission, so a
//!   researcher cannot change it itself; a clinic's display name is cosmetic, so the clinic may
//!   ([`Pallet::set_clinic_name`]). A clinic's jurisdiction decides the law that applies to it
//!   and is changed only by governance (remove, then admit).

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
pub use impls::HalfBlockTime;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;

use alloc::vec::Vec;
use frame_support::traits::ChangeMembers;
use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::Saturating;

	/// The version of this pallet's storage layout. Bump it with a migration whenever a stored
	/// type or key changes, so that a runtime upgrade (`try-runtime on-runtime-upgrade`) shows
	/// which pallets need one.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who admits, removes, suspends and reinstates members: the consortium's governance
		/// (Root through sudo on the development chains).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most members the consortium can hold. Admission beyond it is refused.
		#[pallet::constant]
		type MaxMembers: Get<u32>;

		/// The longest display or institution name, in bytes of UTF-8.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// Who may suspend a member at once, for [`Config::EmergencySuspension`] blocks: a
		/// simple majority of the council where `GovernanceOrigin` needs two thirds.
		type EmergencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who may authorise a runtime upgrade ([`Pallet::authorize_upgrade`]): three quarters
		/// of the council.
		type UpgradeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The council of clinics, kept equal to the set of active clinics: told of every
		/// clinic that becomes active (admitted, reinstated) or stops being active (suspended,
		/// removed), the first clinics included, one by one, as genesis admits them.
		/// `pallet-collective` implements it.
		type Council: ChangeMembers<Self::AccountId>;

		/// The most a change of the council's members may weigh (the council's own
		/// `set_members` at its bounds): charged to every call that changes the active clinics.
		type CouncilChangeWeight: Get<Weight>;

		/// The most clinics, active or suspended, the consortium can hold: the council's size
		/// bound. Admitting a clinic beyond it is refused.
		#[pallet::constant]
		type MaxClinics: Get<u32>;

		/// How long an emergency suspension lasts, in blocks; governance makes it lasting with
		/// [`Pallet::suspend`], or lifts it early with [`Pallet::reinstate`].
		#[pallet::constant]
		type EmergencySuspension: Get<BlockNumberFor<Self>>;

		/// How many blocks a session lasts unless the genesis config or governance
		/// ([`Pallet::set_session_length`]) says otherwise. The block authors and GRANDPA
		/// voters follow the active clinics from one session to the next, so a change of
		/// membership reaches consensus within two sessions.
		#[pallet::constant]
		type DefaultSessionLength: Get<BlockNumberFor<Self>>;

		/// The shortest session governance may set: every session's end rotates the authority
		/// set, which costs a block.
		#[pallet::constant]
		type MinSessionLength: Get<BlockNumberFor<Self>>;

		/// The block time, in milliseconds, of a chain whose genesis config does not set one
		/// ([`GenesisConfig::block_time`]).
		#[pallet::constant]
		type DefaultBlockTime: Get<u64>;

		/// The shortest block time a genesis config may set, in milliseconds: the runtime's
		/// block weight must still fit in a block's authoring time.
		#[pallet::constant]
		type MinBlockTime: Get<u64>;

		/// The weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Every member of the consortium, active or suspended, with its role.
	///
	/// Counted, so that admission can refuse a member beyond [`Config::MaxMembers`].
	// Blake2_128Concat: an applicant chooses its own account, so the key is not trusted to be
	// evenly spread; the concatenated key lets clients and `members()` list the accounts.
	#[pallet::storage]
	pub type Members<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, MembershipOf<T>, OptionQuery>;

	/// Each clinic's worker account: the key its node's federated-learning off-chain worker
	/// signs with, which may only commit and reveal for that clinic's datasets.
	// Blake2_128Concat: the key is a clinic's account, chosen by the clinic.
	#[pallet::storage]
	pub type Workers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId>;

	/// The clinic of each worker account (the reverse of [`Workers`]): at most one clinic a
	/// worker, so a worker's signature names one clinic.
	// Blake2_128Concat: the key is a worker account, chosen by a clinic.
	#[pallet::storage]
	pub type WorkerClinics<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId>;

	/// The active clinics, sorted: the council's members. Every change is passed on to
	/// [`Config::Council`].
	#[pallet::storage]
	pub type ActiveClinics<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxClinics>, ValueQuery>;

	/// How many clinics are members, active or suspended; at most [`Config::MaxClinics`].
	#[pallet::storage]
	pub type ClinicCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The members under an emergency suspension, each with the block at which it ends by
	/// itself. At most [`MAX_EMERGENCY_SUSPENSIONS`] at once.
	#[pallet::storage]
	pub type EmergencySuspensions<T: Config> = StorageValue<
		_,
		BoundedVec<(T::AccountId, BlockNumberFor<T>), ConstU32<MAX_EMERGENCY_SUSPENSIONS>>,
		ValueQuery,
	>;

	/// Each member's node, by its libp2p peer id: the network's allow-list. A node syncs the
	/// chain from the consortium's nodes only while it is listed here for an active member
	/// (`ivf-node` reads [`Pallet::allowed_nodes`] at every new best block). At most one node
	/// a member, so the list holds at most [`Config::MaxMembers`] nodes.
	// Blake2_128Concat: the key is a member's account, chosen by the member.
	#[pallet::storage]
	pub type MemberNodes<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, NodeId>;

	/// The member of each listed node (the reverse of [`MemberNodes`]): a node is one
	/// member's, so removing a member cuts off exactly its node.
	// Blake2_128Concat: the key is a peer id, chosen by a member.
	#[pallet::storage]
	pub type NodeMembers<T: Config> = StorageMap<_, Blake2_128Concat, NodeId, T::AccountId>;

	/// How many blocks a session lasts: at each session's end the block authors and GRANDPA
	/// voters for the session after next are taken from the active clinics.
	#[pallet::storage]
	pub type SessionLength<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultSessionLength>;

	/// The chain's block time (its Aura slot), in milliseconds: set once by the genesis config
	/// and never by a call, since the slots of a running chain cannot change. The runtime's
	/// timestamp reads half of it as its minimum period ([`HalfBlockTime`]), and Aura
	/// twice that as its slot.
	#[pallet::storage]
	pub type BlockTime<T: Config> = StorageValue<_, u64, ValueQuery, T::DefaultBlockTime>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance admitted `who` to the consortium as `role`.
		MemberAdmitted {
			/// The new member.
			who: T::AccountId,
			/// Its role (a clinic's with its jurisdiction and name).
			role: RoleOf<T>,
		},
		/// Governance removed `who`, which held a role of kind `role`; its record is deleted.
		MemberRemoved {
			/// The former member.
			who: T::AccountId,
			/// The kind of role it held.
			role: RoleKind,
		},
		/// Governance suspended `who`: it can act nowhere until it is reinstated. An emergency
		/// suspension of `who` made lasting is announced the same way.
		MemberSuspended {
			/// The suspended member.
			who: T::AccountId,
		},
		/// A majority of the council suspended `who` in an emergency, until block `until`,
		/// when it is reinstated by itself unless governance decides otherwise.
		MemberSuspendedForEmergency {
			/// The suspended member.
			who: T::AccountId,
			/// The block at which the suspension ends by itself.
			until: BlockNumberFor<T>,
		},
		/// The emergency suspension of `who` ran out: it holds its role again.
		EmergencySuspensionEnded {
			/// The member, active again.
			who: T::AccountId,
		},
		/// The council authorised the runtime whose code hashes to `code_hash`; anyone may now
		/// apply it with `system.applyAuthorizedUpgrade`.
		UpgradeAuthorized {
			/// The hash of the authorised runtime code.
			code_hash: T::Hash,
		},
		/// Governance reinstated `who`, which holds its role again.
		MemberReinstated {
			/// The member, active again.
			who: T::AccountId,
		},
		/// `clinic` changed its display name to `name`.
		ClinicRenamed {
			/// The clinic.
			clinic: T::AccountId,
			/// Its new display name.
			name: NameOf<T>,
		},
		/// `clinic`'s node now signs its commitments and reveals with `worker` (`None`: the
		/// clinic has no worker account any more).
		WorkerSet {
			/// The clinic.
			clinic: T::AccountId,
			/// Its worker account, or `None` for none.
			worker: Option<T::AccountId>,
		},
		/// `member`'s node is now the one with peer id `node`: the consortium's nodes let it
		/// sync, and no longer any node `member` listed before.
		NodeSet {
			/// The member.
			member: T::AccountId,
			/// Its node's peer id.
			node: NodeId,
		},
		/// Governance set the length of every session from now on to `length` blocks.
		SessionLengthSet {
			/// Blocks per session.
			length: BlockNumberFor<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a member (active or suspended). An account holds one role:
		/// to change it, governance removes the member first and admits it again.
		AlreadyMember,
		/// The account is not a member of the consortium. Check the account; governance
		/// admits members with `admit`.
		NotMember,
		/// The consortium already holds `MaxMembers` members. Governance removes a member
		/// first, or the runtime raises the limit.
		TooManyMembers,
		/// A clinic's jurisdiction must be an ISO 3166-1 alpha-2 country code: two upper-case
		/// ASCII letters such as `GB` (bytes 0x47 0x42). Lower case, digits and other
		/// characters are refused.
		InvalidJurisdiction,
		/// The display or institution name is longer than `MaxNameLength` bytes. Shorten it.
		NameTooLong,
		/// The display or institution name is empty or is not UTF-8 text. Give a readable
		/// name.
		InvalidName,
		/// A researcher's affiliated clinic must be an active member clinic. Admit the clinic
		/// first (or reinstate it), or give the researcher's institution by name.
		AffiliationNotClinic,
		/// The member is already suspended. Nothing to do; `reinstate` lifts a suspension.
		AlreadySuspended,
		/// The member is not suspended, so there is nothing to reinstate.
		NotSuspended,
		/// The calling member is suspended and can act nowhere until governance reinstates it.
		Suspended,
		/// Only a clinic has a display name to change. A researcher's affiliation changes
		/// through governance.
		NotAnActiveClinic,
		/// The worker account is a member of the consortium (or the clinic itself). A worker
		/// key may only train: use a fresh account that holds no role.
		WorkerIsAMember,
		/// The account is already the worker of another clinic. Each clinic needs a worker
		/// account of its own.
		WorkerOfAnotherClinic,
		/// The account is a clinic's worker account and cannot be admitted as a member.
		/// Its clinic clears it first (`setWorker(None)`), or governance admits another
		/// account.
		AccountIsAWorker,
		/// The consortium already holds `MaxClinics` clinics (active or suspended), the
		/// council's size bound. Governance removes a clinic first, or the runtime raises it.
		TooManyClinics,
		/// `MAX_EMERGENCY_SUSPENSIONS` members are under an emergency suspension already.
		/// Governance decides on one of them first (`suspend` to make it lasting, or
		/// `reinstate`).
		TooManyEmergencySuspensions,
		/// The node id is not a libp2p peer id as bytes. Give the base58 id the node prints
		/// at start (`Local node identity is: 12D3KooW…`, or `ivf-node key inspect-node-key`)
		/// decoded to bytes, not the text itself; polkadot-js apps decodes it for you in the
		/// `setNode` form when you paste the `0x…` hex of the decoded id.
		InvalidNodeId,
		/// That node is already listed for another member. Every member runs its own node:
		/// give the peer id of yours.
		NodeOfAnotherMember,
		/// A session must last at least `MinSessionLength` blocks: each session's end
		/// rotates the authority set.
		SessionTooShort,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The consortium's first members, each with its role, all active. Names are text;
		/// jurisdictions are two-letter codes, e.g.
		/// `["5Grw…", {"clinic": {"jurisdiction": "GB", "name": "London Fertility Centre"}}]`.
		/// Clinics are admitted before the others, so a researcher may name any clinic of this
		/// list as its affiliation.
		pub members: Vec<GenesisMemberOf<T>>,
		/// The members' nodes, the network's first allow-list: each member (listed in
		/// `members`) with its node's peer id as bytes. Empty on development chains, where any
		/// node may connect.
		#[serde(default)]
		pub nodes: Vec<(T::AccountId, Vec<u8>)>,
		/// How many blocks a session lasts; `None` keeps [`Config::DefaultSessionLength`].
		#[serde(default)]
		pub session_length: Option<BlockNumberFor<T>>,
		/// The block time in milliseconds, even and at least [`Config::MinBlockTime`]; `None`
		/// keeps [`Config::DefaultBlockTime`]. Block counts of the other pallets (windows,
		/// periods) pass faster in wall time on a chain of shorter blocks: the test chains of
		/// the end-to-end tests use 1 s.
		#[serde(default)]
		pub block_time: Option<u64>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// Admits every listed member through the checks of [`Pallet::admit`].
		///
		/// An invalid member stops the build with its error: a chain spec that lists one must
		/// not start a chain without it. This runs once, when the genesis state is built,
		/// never in a block.
		fn build(&self) {
			let (clinics, others): (Vec<_>, Vec<_>) = self
				.members
				.iter()
				.cloned()
				.partition(|(_, role)| role.kind() == RoleKind::Clinic);
			for (who, role) in clinics.into_iter().chain(others) {
				let admitted = role
					.try_map_name(|name| Ok(name.into_bytes()))
					.and_then(|role| Pallet::<T>::checked_role(&who, role));
				match admitted {
					Ok(role) => Pallet::<T>::insert_member(who, role),
					Err(error) => panic!("consortium genesis member {who:?} is refused: {error:?}"),
				}
			}
			for (member, node) in &self.nodes {
				let listed = Pallet::<T>::checked_node(member, node.clone())
					.map(|node| Pallet::<T>::list_node(member, node));
				if let Err(error) = listed {
					panic!("consortium genesis node of {member:?} is refused: {error:?}");
				}
			}
			if let Some(length) = self.session_length {
				assert!(
					length >= T::MinSessionLength::get(),
					"consortium genesis session length is shorter than MinSessionLength"
				);
				SessionLength::<T>::put(length);
			}
			if let Some(millis) = self.block_time {
				assert!(
					Pallet::<T>::is_valid_block_time(millis),
					"consortium genesis block time is odd or shorter than MinBlockTime"
				);
				BlockTime::<T>::put(millis);
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Ends the emergency suspensions that run out at `now`. Also prices the read of
		/// [`BlockTime`] that the timestamp inherent and Aura make in every block, through
		/// [`HalfBlockTime`].
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let suspensions = EmergencySuspensions::<T>::get();
			let read = T::DbWeight::get().reads(2);
			if suspensions.iter().all(|(_, until)| *until > now) {
				return read;
			}
			let (ended, running): (Vec<_>, Vec<_>) =
				suspensions.into_iter().partition(|(_, until)| *until <= now);
			EmergencySuspensions::<T>::put(BoundedVec::truncate_from(running));
			let mut weight = read.saturating_add(T::DbWeight::get().writes(1));
			for (who, _) in ended {
				weight.saturating_accrue(T::WeightInfo::reinstate());
				weight.saturating_accrue(Self::council_change_weight());
				if let Some(member) = Members::<T>::get(&who) {
					Self::set_status(&who, member, MemberStatus::Active);
					Self::deposit_event(Event::EmergencySuspensionEnded { who });
				}
			}
			weight
		}

		fn integrity_test() {
			assert!(T::MaxMembers::get() > 0, "a consortium needs room for at least one member");
			assert!(T::MaxNameLength::get() > 0, "a name needs room for at least one byte");
			assert!(T::MaxClinics::get() > 0, "a consortium needs room for at least one clinic");
			assert!(
				T::MinBlockTime::get() > 0 && Self::is_valid_block_time(T::DefaultBlockTime::get()),
				"the default block time must be even and at least MinBlockTime, itself above zero"
			);
		}

		/// The invariants of `do_try_state`, on a live chain's state.
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// The membership's invariants: the counts and indexes agree with the member records
		/// (clinics, active clinics, nodes both ways), sessions are long enough, and every
		/// emergency suspension names a suspended member. Run by `try_state` and after every
		/// unit test.
		#[cfg(any(test, feature = "try-runtime"))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(Members::<T>::count() <= T::MaxMembers::get(), "more members than MaxMembers");
			let mut clinics = 0u32;
			let mut active = Vec::new();
			for (who, member) in Members::<T>::iter() {
				if let Role::Clinic { jurisdiction, .. } = member.role {
					ensure!(jurisdiction.is_well_formed(), "a clinic has a malformed jurisdiction");
					clinics += 1;
					if member.status == MemberStatus::Active {
						active.push(who);
					}
				}
			}
			active.sort();
			ensure!(clinics == ClinicCount::<T>::get(), "ClinicCount differs from the clinics");
			ensure!(
				active == ActiveClinics::<T>::get().into_inner(),
				"ActiveClinics differs from the active clinics"
			);
			for (member, node) in MemberNodes::<T>::iter() {
				ensure!(Members::<T>::contains_key(&member), "a node is listed for a non-member");
				ensure!(
					NodeMembers::<T>::get(&node).as_ref() == Some(&member),
					"MemberNodes and NodeMembers disagree"
				);
			}
			ensure!(
				NodeMembers::<T>::iter().count() == MemberNodes::<T>::iter().count(),
				"NodeMembers lists a node MemberNodes does not"
			);
			ensure!(
				SessionLength::<T>::get() >= T::MinSessionLength::get(),
				"the session is shorter than MinSessionLength"
			);
			ensure!(
				Self::is_valid_block_time(BlockTime::<T>::get()),
				"the block time is odd or shorter than MinBlockTime"
			);
			for (who, _) in EmergencySuspensions::<T>::get() {
				ensure!(
					Members::<T>::get(&who).is_some_and(|m| m.status == MemberStatus::Suspended),
					"an emergency suspension names a member that is not suspended"
				);
			}
			Ok(())
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admit `who` to the consortium as `role`.
		///
		/// ## Origin
		///
		/// [`Config::GovernanceOrigin`] (Root through sudo on the development chains).
		///
		/// ## Details
		///
		/// The new member is active at once. A clinic gives its jurisdiction (ISO 3166-1
		/// alpha-2, such as `GB`) and a display name; a researcher its affiliation, an active
		/// member clinic or an institution by name; an auditor nothing more. Names are UTF-8
		/// text of at most [`Config::MaxNameLength`] bytes. Emits [`Event::MemberAdmitted`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the caller is not governance.
		/// - [`Error::AlreadyMember`]: `who` is already a member, active or suspended.
		/// - [`Error::TooManyMembers`]: the consortium holds [`Config::MaxMembers`] members.
		/// - [`Error::InvalidJurisdiction`]: a clinic's jurisdiction is not two upper-case
		///   letters.
		/// - [`Error::NameTooLong`], [`Error::InvalidName`]: a name is too long, empty, or not
		///   UTF-8.
		/// - [`Error::AffiliationNotClinic`]: the affiliated account is not an active clinic.
		/// - [`Error::TooManyClinics`]: a clinic would be one more than [`Config::MaxClinics`].
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::admit_weight(role))]
		pub fn admit(
			origin: OriginFor<T>,
			who: T::AccountId,
			role: UncheckedRoleOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let role = Self::checked_role(&who, role)?;
			Self::insert_member(who, role);
			Ok(())
		}

		/// Remove member `who` from the consortium and delete its record.
		///
		/// ## Origin
		///
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		///
		/// Nothing of the member stays in this pallet's state. Records the member made in
		/// other pallets stay, as history; those pallets see a non-member from now on, which
		/// can act nowhere. Researchers affiliated with a removed clinic stay members.
		/// A suspended member can be removed. A removed clinic leaves the council, its node
		/// leaves the network's allow-list at once, and it authors and votes no more from the
		/// session after next. Emits
		/// [`Event::MemberRemoved`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the caller is not governance.
		/// - [`Error::NotMember`]: `who` is not a member.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove().saturating_add(Pallet::<T>::council_change_weight()))]
		pub fn remove(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let member = Members::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
			Self::end_emergency_suspension(&who);
			Self::leave_council(&who);
			if member.role.kind() == RoleKind::Clinic {
				ClinicCount::<T>::mutate(|count| *count = count.saturating_sub(1));
			}
			Members::<T>::remove(&who);
			Self::clear_worker(&who);
			Self::unlist_node(&who);
			Self::deposit_event(Event::MemberRemoved { who, role: member.role.kind() });
			Ok(())
		}

		/// Suspend member `who`: it keeps its record but can act nowhere.
		///
		/// ## Origin
		///
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		///
		/// While suspended, the member is answered "no" to every question other pallets ask
		/// through [`ConsortiumMembership`], as if it were not a member, and it cannot change
		/// its own details here. A suspended clinic leaves the council. [`Pallet::reinstate`]
		/// gives it back the same role. A member under an emergency suspension stays
		/// suspended, with no end. Emits [`Event::MemberSuspended`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the caller is not governance.
		/// - [`Error::NotMember`]: `who` is not a member.
		/// - [`Error::AlreadySuspended`]: `who` is already suspended by governance.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend().saturating_add(Pallet::<T>::council_change_weight()))]
		pub fn suspend(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let member = Members::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
			if member.status == MemberStatus::Suspended {
				ensure!(Self::end_emergency_suspension(&who), Error::<T>::AlreadySuspended);
			} else {
				Self::set_status(&who, member, MemberStatus::Suspended);
			}
			Self::deposit_event(Event::MemberSuspended { who });
			Ok(())
		}

		/// Reinstate suspended member `who`, which holds its role again.
		///
		/// ## Origin
		///
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		///
		/// The member gets back the role it held when it was suspended, with the same
		/// jurisdiction, names and affiliation; a clinic rejoins the council. An emergency
		/// suspension may be lifted early this way. Emits [`Event::MemberReinstated`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the caller is not governance.
		/// - [`Error::NotMember`]: `who` is not a member.
		/// - [`Error::NotSuspended`]: `who` is active.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reinstate().saturating_add(Pallet::<T>::council_change_weight()))]
		pub fn reinstate(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let member = Members::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
			ensure!(member.status == MemberStatus::Suspended, Error::<T>::NotSuspended);
			Self::end_emergency_suspension(&who);
			Self::set_status(&who, member, MemberStatus::Active);
			Self::deposit_event(Event::MemberReinstated { who });
			Ok(())
		}

		/// Change the calling clinic's display name to `name`.
		///
		/// ## Origin
		///
		/// Signed by an active member clinic.
		///
		/// ## Details
		///
		/// Only the display name changes; the jurisdiction stays, as governance checked it.
		/// `name` is UTF-8 text of at most [`Config::MaxNameLength`] bytes. Emits
		/// [`Event::ClinicRenamed`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the call is not signed.
		/// - [`Error::NotMember`]: the caller is not a member.
		/// - [`Error::Suspended`]: the caller is suspended.
		/// - [`Error::NotAnActiveClinic`]: the caller is a researcher or an auditor.
		/// - [`Error::NameTooLong`], [`Error::InvalidName`]: `name` is too long, empty, or not
		///   UTF-8.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_clinic_name(Pallet::<T>::name_len(name)))]
		pub fn set_clinic_name(origin: OriginFor<T>, name: Vec<u8>) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let (member, jurisdiction) = Self::active_clinic(&clinic)?;
			let name = Self::checked_name(name)?;
			let role = Role::Clinic { jurisdiction, name: name.clone() };
			Members::<T>::insert(&clinic, Membership { role, ..member });
			Self::deposit_event(Event::ClinicRenamed { clinic, name });
			Ok(())
		}

		/// Set (or, with `None`, clear) the caller clinic's worker account.
		///
		/// ## Origin
		///
		/// Signed by an active clinic.
		///
		/// ## Details
		///
		/// The worker account is the key the clinic's node holds (key type `ivfl`): it may
		/// commit and reveal federated-learning updates for the clinic's datasets, and nothing
		/// else, since it is no member. The clinic's own key then stays off the node, and the
		/// clinic's staff and its node never share a nonce. A new worker replaces the old one,
		/// which can act for the clinic no more. The worker pays its transactions' fees: fund
		/// it from the clinic's account. Emits [`Event::WorkerSet`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the call is not signed.
		/// - [`Error::NotMember`], [`Error::Suspended`], [`Error::NotAnActiveClinic`]: the caller is
		///   not an active clinic.
		/// - [`Error::WorkerIsAMember`]: `worker` is a member (or the clinic itself).
		/// - [`Error::WorkerOfAnotherClinic`]: `worker` is another clinic's worker.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_worker())]
		pub fn set_worker(origin: OriginFor<T>, worker: Option<T::AccountId>) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			Self::active_clinic(&clinic)?;
			if let Some(worker) = &worker {
				ensure!(!Members::<T>::contains_key(worker), Error::<T>::WorkerIsAMember);
				ensure!(
					WorkerClinics::<T>::get(worker).is_none_or(|of| of == clinic),
					Error::<T>::WorkerOfAnotherClinic
				);
			}
			Self::clear_worker(&clinic);
			if let Some(worker) = &worker {
				Workers::<T>::insert(&clinic, worker);
				WorkerClinics::<T>::insert(worker, &clinic);
			}
			Self::deposit_event(Event::WorkerSet { clinic, worker });
			Ok(())
		}

		/// Suspend active member `who` at once, for [`Config::EmergencySuspension`] blocks.
		///
		/// ## Origin
		///
		/// [`Config::EmergencyOrigin`]: a simple majority of the council, where a lasting
		/// suspension ([`Pallet::suspend`]) needs two thirds.
		///
		/// ## Details
		///
		/// For a member that must stop acting before the council can gather two thirds, e.g.
		/// a clinic whose keys are compromised. The member is suspended as by
		/// [`Pallet::suspend`] (a clinic leaves the council), and is reinstated by itself at
		/// the returned block unless governance makes the suspension lasting (`suspend`),
		/// lifts it early (`reinstate`) or removes the member. Emits
		/// [`Event::MemberSuspendedForEmergency`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the caller is not a majority of the council.
		/// - [`Error::NotMember`]: `who` is not a member.
		/// - [`Error::AlreadySuspended`]: `who` is already suspended.
		/// - [`Error::TooManyEmergencySuspensions`]: `MAX_EMERGENCY_SUSPENSIONS` are running.
		#[pallet::call_index(6)]
		#[pallet::weight(
			T::WeightInfo::suspend_for_emergency().saturating_add(Pallet::<T>::council_change_weight())
		)]
		pub fn suspend_for_emergency(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::EmergencyOrigin::ensure_origin(origin)?;
			let member = Members::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
			ensure!(member.status == MemberStatus::Active, Error::<T>::AlreadySuspended);
			let until = frame_system::Pallet::<T>::block_number()
				.saturating_add(T::EmergencySuspension::get());
			let mut suspensions = EmergencySuspensions::<T>::get();
			suspensions
				.try_push((who.clone(), until))
				.map_err(|_| Error::<T>::TooManyEmergencySuspensions)?;
			EmergencySuspensions::<T>::put(suspensions);
			Self::set_status(&who, member, MemberStatus::Suspended);
			Self::deposit_event(Event::MemberSuspendedForEmergency { who, until });
			Ok(())
		}

		/// Authorise the runtime whose Wasm code hashes (BLAKE2-256) to `code_hash`.
		///
		/// ## Origin
		///
		/// [`Config::UpgradeOrigin`]: three quarters of the council.
		///
		/// ## Details
		///
		/// The council votes on the hash, not on the code, so that a motion stays small. Once
		/// authorised, anyone may submit the code with `system.applyAuthorizedUpgrade` (which
		/// costs no fee when the hash matches); the chain checks that the new runtime is of
		/// the same `spec_name` and has a higher `spec_version`. A new authorisation replaces
		/// an earlier one. Emits [`Event::UpgradeAuthorized`], and `system.UpgradeAuthorized`.
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the caller is not three quarters of the council.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::authorize_upgrade())]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::UpgradeOrigin::ensure_origin(origin)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Self::deposit_event(Event::UpgradeAuthorized { code_hash });
			Ok(())
		}

		/// List the calling member's node, by its libp2p peer id, on the network's
		/// allow-list, in place of any node it listed before.
		///
		/// ## Origin
		///
		/// Signed by an active member (a clinic, a researcher or an auditor).
		///
		/// ## Details
		///
		/// The consortium's nodes sync the chain only with the nodes of active members:
		/// every `ivf-node` reads the list ([`Pallet::allowed_nodes`]) at each new best block
		/// and lets no other node sync from it. A member lists one node; a suspended or
		/// removed member's node is cut off. `node` is the peer id as bytes: the node prints
		/// its base58 form at start (`Local node identity is: 12D3KooW…`). Emits
		/// [`Event::NodeSet`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the call is not signed.
		/// - [`Error::NotMember`], [`Error::Suspended`]: the caller is not an active member.
		/// - [`Error::InvalidNodeId`]: `node` is not a peer id's bytes.
		/// - [`Error::NodeOfAnotherMember`]: `node` is another member's node.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_node())]
		pub fn set_node(origin: OriginFor<T>, node: Vec<u8>) -> DispatchResult {
			let member = ensure_signed(origin)?;
			let record = Members::<T>::get(&member).ok_or(Error::<T>::NotMember)?;
			ensure!(record.status == MemberStatus::Active, Error::<T>::Suspended);
			let node = Self::checked_node(&member, node)?;
			Self::unlist_node(&member);
			Self::list_node(&member, node.clone());
			Self::deposit_event(Event::NodeSet { member, node });
			Ok(())
		}

		/// Make every session from now on last `length` blocks.
		///
		/// ## Origin
		///
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		///
		/// A session is how often the block authors and GRANDPA voters are brought in line
		/// with the active clinics: a clinic admitted or removed authors and votes, or stops,
		/// within two sessions. Shorter sessions follow membership sooner; each session's end
		/// costs a block. Emits [`Event::SessionLengthSet`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the caller is not governance.
		/// - [`Error::SessionTooShort`]: `length` is below [`Config::MinSessionLength`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_session_length())]
		pub fn set_session_length(
			origin: OriginFor<T>,
			length: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(length >= T::MinSessionLength::get(), Error::<T>::SessionTooShort);
			SessionLength::<T>::put(length);
			Self::deposit_event(Event::SessionLengthSet { length });
			Ok(())
		}
	}
}

impl<T: Config> ConsortiumMembership<T::AccountId> for Pallet<T> {
	fn clinic_jurisdiction(who: &T::AccountId) -> Option<Jurisdiction> {
		match Self::active_role(who)? {
			Role::Clinic { jurisdiction, .. } => Some(jurisdiction),
			Role::Researcher { .. } | Role::Auditor => None,
		}
	}

	fn has_role(who: &T::AccountId, role: RoleKind) -> bool {
		Self::active_role(who).is_some_and(|held| held.kind() == role)
	}

	fn clinic_of_worker(who: &T::AccountId) -> Option<T::AccountId> {
		WorkerClinics::<T>::get(who).filter(Self::is_clinic)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmarks(who: &T::AccountId, role: RoleKind, jurisdiction: Jurisdiction) {
		let name = NameOf::<T>::truncate_from(b"Benchmark member".to_vec());
		let role = match role {
			RoleKind::Clinic => Role::Clinic { jurisdiction, name },
			RoleKind::Researcher => {
				Role::Researcher { affiliation: Affiliation::Institution(name) }
			},
			RoleKind::Auditor => Role::Auditor,
		};
		Members::<T>::insert(who, Membership { role, status: MemberStatus::Active });
	}
}
