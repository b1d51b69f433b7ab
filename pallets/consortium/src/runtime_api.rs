//! The runtime API through which clients ask who is who in the consortium.

use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// Who is who in the IVF consortium, for clients (polkadot-js, researchers' tools,
	/// auditors' scripts).
	///
	/// `Membership` is the pallet's record of a member, [`crate::MembershipOf`]: its role (a
	/// clinic with its jurisdiction and display name, a researcher with its affiliation, or an
	/// auditor) and whether it is active or suspended.
	pub trait ConsortiumApi<AccountId, Membership>
	where
		AccountId: codec::Codec,
		Membership: codec::Codec,
	{
		/// The record of `who`, active or suspended; `None` if `who` is not a member.
		fn member(who: AccountId) -> Option<Membership>;

		/// Every member with its record, at most `MaxMembers` of them.
		fn members() -> Vec<(AccountId, Membership)>;
	}
}

sp_api::decl_runtime_apis! {
	/// The network's allow-list, for the node: `ivf-node` reads it at every new best block
	/// and lets only the listed nodes sync from it.
	pub trait NodeAllowListApi {
		/// The libp2p peer ids (as bytes) of the nodes of active members. Empty when no
		/// member lists a node: the network is then open, as on development chains.
		fn allowed_nodes() -> Vec<Vec<u8>>;
	}
}
